"""What populate does, the way boto3 tools do it: list the accounts and each account's roles
one call at a time (with botocore's default retries, which back off on 429s), then write a
profile per role into a config file with configparser.

Usage: python3 bench/populate_boto3.py SESSION OUTPUT_FILE
The token comes from ~/.aws/sso/cache, as botocore keys it; the endpoint from
AWS_ENDPOINT_URL_SSO (botocore 1.31+).
"""
import configparser
import hashlib
import json
import os
import re
import sys

import boto3

session_name, output = sys.argv[1], sys.argv[2]
config = configparser.RawConfigParser()
config.read(os.environ["AWS_CONFIG_FILE"])
section = config["sso-session " + session_name]
key = hashlib.sha1(session_name.encode()).hexdigest()
with open(os.path.expanduser(f"~/.aws/sso/cache/{key}.json")) as f:
    token = json.load(f)["accessToken"]

sso = boto3.client("sso", region_name=section["sso_region"])
profiles = 0
for page in sso.get_paginator("list_accounts").paginate(accessToken=token):
    for account in page["accountList"]:
        roles = sso.get_paginator("list_account_roles").paginate(accessToken=token, accountId=account["accountId"])
        for roles_page in roles:
            for role in roles_page["roleList"]:
                name = re.sub(r"[^A-Za-z0-9._-]+", "-", f"{account['accountName']}.{role['roleName']}")
                config[f"profile {name}"] = {
                    "sso_session": session_name,
                    "sso_account_id": account["accountId"],
                    "sso_role_name": role["roleName"],
                }
                profiles += 1
with open(output, "w") as f:
    config.write(f)
print(profiles)
