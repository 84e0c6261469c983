"""Print, for each profile named, botocore's scoped config as JSON: what boto3 uses.

Usage: botocore_scoped.py PROFILE [PROFILE ...] (files from AWS_CONFIG_FILE and
AWS_SHARED_CREDENTIALS_FILE).
"""
import json
import sys

import botocore.session

out = {}
for name in sys.argv[1:]:
    out[name] = botocore.session.Session(profile=name).get_scoped_config()
print(json.dumps(out))
