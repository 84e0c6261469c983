"""Print the endpoint botocore gives clients, for the endpoint precedence cases.

Reads {"config": PATH, "credentials": PATH, "cases": [{"profile", "service", "env"}]} on stdin
and prints a JSON list: {"url": endpoint_url} or {"error": ExceptionName} per case.
"""
import json
import os
import sys

import botocore.session

spec = json.load(sys.stdin)
base = {k: v for k, v in os.environ.items() if not k.startswith("AWS_")}
out = []
for case in spec["cases"]:
    os.environ.clear()
    os.environ.update(base)
    os.environ.update(case["env"])
    os.environ["AWS_CONFIG_FILE"] = spec["config"]
    os.environ["AWS_SHARED_CREDENTIALS_FILE"] = spec["credentials"]
    try:
        session = botocore.session.Session(profile=case["profile"])
        client = session.create_client(case["service"], region_name="us-east-1",
                                       aws_access_key_id="x", aws_secret_access_key="x")
        out.append({"url": client.meta.endpoint_url})
    except Exception as e:  # the test compares the exception's name
        out.append({"error": type(e).__name__})
print(json.dumps(out))
