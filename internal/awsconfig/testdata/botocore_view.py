"""Print botocore's view of AWS config files, one JSON line per pair of files.

Usage: botocore_view.py CONFIG CREDENTIALS [CONFIG CREDENTIALS ...]

Each line is {"profiles": {...}, "sso_sessions": {...}, "services": {...}, "order": [profile
names]} as
botocore.session.Session().full_config sees the files, or {"error": "ExceptionName"}.
"""
import json
import os
import sys

import botocore.session

args = sys.argv[1:]
for config, credentials in zip(args[0::2], args[1::2]):
    os.environ["AWS_CONFIG_FILE"] = config
    os.environ["AWS_SHARED_CREDENTIALS_FILE"] = credentials
    try:
        full = botocore.session.Session().full_config
        out = {
            "profiles": full["profiles"],
            "sso_sessions": full.get("sso_sessions", {}),
            "services": full.get("services", {}),
            "order": list(full["profiles"]),
        }
    except Exception as e:  # the test compares the exception's name
        out = {"error": type(e).__name__}
    print(json.dumps(out), flush=True)
