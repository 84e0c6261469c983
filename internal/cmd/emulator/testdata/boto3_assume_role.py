"""Assume roles on `awsso emulator` with boto3: every AssumeRole parameter, the errors as
botocore decodes them, and role_arn profiles (chains and web identity) from ~/.aws/config.

The STS endpoint comes from AWS_ENDPOINT_URL_STS, as `awsso emulator` prints it. Run by
internal/cmd/emulator's TestBoto3AssumeRole against the real binary; prints one JSON summary.
"""
import datetime
import json
import os
import urllib.parse
import urllib.request

import boto3
from botocore.exceptions import ClientError

BASE = os.environ["AWSSO_EMULATOR_URL"]
SERIAL = os.environ["EMU_MFA_SERIAL"]
REGION = os.environ["AWSSO_EMULATOR_REGION"]


def admin(path, body=None):
    data = None if body is None else json.dumps(body).encode()
    req = urllib.request.Request(BASE + path, data=data, headers={"Content-Type": "application/json"})
    return json.load(urllib.request.urlopen(req))


def error_of(fn, **kwargs):
    try:
        fn(**kwargs)
    except ClientError as e:
        return e
    raise AssertionError(f"{fn.__name__} succeeded")


def arn(profile):
    return boto3.Session(profile_name=profile).client("sts").get_caller_identity()["Arn"]


def main():
    sts = boto3.Session(profile_name="static").client("sts")
    code = admin("/_emulator/mfa-code?" + urllib.parse.urlencode({"serialNumber": SERIAL}))
    out = sts.assume_role(RoleArn="arn:aws:iam::444455556666:role/Boto3", RoleSessionName="boto3-all",
                          ExternalId="ext-123", DurationSeconds=900, SerialNumber=SERIAL, TokenCode=code["code"])
    left = (out["Credentials"]["Expiration"] - datetime.datetime.now(datetime.timezone.utc)).total_seconds()
    assert 890 < left <= 905, left
    assumed = out["AssumedRoleUser"]

    errors = {}
    for name, kwargs in {
        "session name": {"RoleSessionName": "boto3 all"},
        "duration": {"RoleSessionName": "boto3-long", "DurationSeconds": 7200},
        "mfa reused": {"RoleSessionName": "boto3-mfa", "SerialNumber": SERIAL, "TokenCode": code["code"]},
        "not trusted": {"RoleSessionName": "boto3-acct", "RoleArn": "arn:aws:iam::000000000000:role/Boto3"},
    }.items():
        args = {"RoleArn": "arn:aws:iam::444455556666:role/Boto3", **kwargs}
        e = error_of(sts.assume_role, **args)
        errors[name] = [e.response["Error"]["Code"], e.response["Error"]["Message"],
                        e.response["ResponseMetadata"]["HTTPStatusCode"]]

    anonymous = boto3.client("sts", region_name=REGION, aws_access_key_id="x", aws_secret_access_key="x")
    expired = admin("/_emulator/web-identity-token", {"expiresIn": -60})["token"]
    try:
        anonymous.assume_role_with_web_identity(RoleArn="arn:aws:iam::444455556666:role/Web",
                                                RoleSessionName="web", WebIdentityToken=expired)
        raise AssertionError("an expired token was accepted")
    except anonymous.exceptions.ExpiredTokenException as e:
        errors["expired token"] = [e.response["Error"]["Code"], e.response["Error"]["Message"],
                                   e.response["ResponseMetadata"]["HTTPStatusCode"]]
    try:
        anonymous.assume_role_with_web_identity(RoleArn="arn:aws:iam::444455556666:role/Web",
                                                RoleSessionName="web", WebIdentityToken="not.a.jwt")
        raise AssertionError("junk was accepted")
    except anonymous.exceptions.InvalidIdentityTokenException as e:
        errors["invalid token"] = [e.response["Error"]["Code"], e.response["Error"]["Message"],
                                   e.response["ResponseMetadata"]["HTTPStatusCode"]]

    print(json.dumps({
        "assumed": assumed,
        "errors": errors,
        "profiles": {p: arn(p) for p in ["static", "chain", "chain2", "web"]},
    }))


main()
