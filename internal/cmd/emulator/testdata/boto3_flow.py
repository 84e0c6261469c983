"""Drive `awsso emulator` with boto3 as a user's tooling would.

The endpoints come from AWS_ENDPOINT_URL_SSO, AWS_ENDPOINT_URL_SSO_OIDC and
AWS_ENDPOINT_URL_STS, exactly as `awsso emulator` prints them. Run by
internal/cmd/emulator's TestBoto3 against the real binary; prints one JSON summary.
"""
import base64
import hashlib
import json
import os
import re
import time
import urllib.error
import urllib.parse
import urllib.request

import boto3
from botocore.exceptions import ClientError

REGION = os.environ["AWSSO_EMULATOR_REGION"]
START_URL = os.environ["AWSSO_EMULATOR_START_URL"]
BASE = os.environ["AWSSO_EMULATOR_URL"]
USER = os.environ["EMU_USER"]
PASSWORD = os.environ["EMU_PASSWORD"]
DEVICE_GRANT = "urn:ietf:params:oauth:grant-type:device_code"

oidc = boto3.client("sso-oidc", region_name=REGION)
sso = boto3.client("sso", region_name=REGION)


def expect(exc, fn, **kwargs):
    try:
        fn(**kwargs)
    except exc as e:
        return e
    raise AssertionError(f"{fn.__name__} succeeded, want {exc}")


def expect_code(code, fn, **kwargs):
    e = expect(ClientError, fn, **kwargs)
    got = e.response["Error"]["Code"]
    assert got == code, f"{fn.__name__}: error {got}, want {code}"


def admin(path, body):
    req = urllib.request.Request(BASE + path, data=json.dumps(body).encode(), method="POST",
                                 headers={"Content-Type": "application/json"})
    urllib.request.urlopen(req).read()


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


browser = urllib.request.build_opener(NoRedirect)


def form(url, fields):
    """POST a form like a browser; returns the page, or the Location of a redirect."""
    try:
        return browser.open(url, urllib.parse.urlencode(fields).encode()).read().decode()
    except urllib.error.HTTPError as e:
        if e.code in (302, 303):
            return e.headers["Location"]
        raise


def ticket(page):
    return re.search(r'name="ticket" value="([^"]+)"', page).group(1)


def device_flow():
    reg = oidc.register_client(clientName="botocore-client-boto3", clientType="public",
                               scopes=["sso:account:access"])
    assert reg["clientSecretExpiresAt"] - reg["clientIdIssuedAt"] == 90 * 24 * 3600
    auth = oidc.start_device_authorization(clientId=reg["clientId"], clientSecret=reg["clientSecret"],
                                           startUrl=START_URL)

    def poll():
        return oidc.create_token(grantType=DEVICE_GRANT, clientId=reg["clientId"],
                                 clientSecret=reg["clientSecret"], deviceCode=auth["deviceCode"])

    expect(oidc.exceptions.AuthorizationPendingException, poll)
    expect(oidc.exceptions.SlowDownException, poll)
    admin("/_emulator/approve", {"userCode": auth["userCode"]})
    token = poll()
    assert token["tokenType"] == "Bearer" and token["refreshToken"], token
    expect(oidc.exceptions.InvalidGrantException, poll)

    denied = oidc.start_device_authorization(clientId=reg["clientId"], clientSecret=reg["clientSecret"],
                                             startUrl=START_URL)
    admin("/_emulator/deny", {"userCode": denied["userCode"]})
    expect(oidc.exceptions.AccessDeniedException, oidc.create_token, grantType=DEVICE_GRANT,
           clientId=reg["clientId"], clientSecret=reg["clientSecret"], deviceCode=denied["deviceCode"])
    expect(oidc.exceptions.InvalidClientException, oidc.create_token, grantType=DEVICE_GRANT,
           clientId=reg["clientId"], clientSecret="forged", deviceCode=denied["deviceCode"])
    return token


def pkce_flow():
    reg = oidc.register_client(clientName="botocore-client-pkce", clientType="public",
                               scopes=["sso:account:access"], grantTypes=["authorization_code", "refresh_token"],
                               redirectUris=["http://127.0.0.1/oauth/callback"], issuerUrl=START_URL)
    verifier = base64.urlsafe_b64encode(os.urandom(48)).rstrip(b"=").decode()
    challenge = base64.urlsafe_b64encode(hashlib.sha256(verifier.encode()).digest()).rstrip(b"=").decode()
    redirect = "http://127.0.0.1:53682/oauth/callback"
    query = urllib.parse.urlencode({
        "response_type": "code", "client_id": reg["clientId"], "redirect_uri": redirect, "state": "st4te",
        "code_challenge_method": "S256", "scopes": "sso:account:access", "code_challenge": challenge,
    })
    page = browser.open(f"{BASE}/authorize?{query}").read().decode()
    page = form(f"{BASE}/authorize", {"ticket": ticket(page), "username": USER, "password": PASSWORD})
    location = form(f"{BASE}/authorize/consent", {"ticket": ticket(page), "decision": "allow"})
    params = urllib.parse.parse_qs(urllib.parse.urlparse(location).query)
    assert location.startswith(redirect) and params["state"] == ["st4te"], location

    def exchange(v):
        return oidc.create_token(grantType="authorization_code", clientId=reg["clientId"],
                                 clientSecret=reg["clientSecret"], code=params["code"][0],
                                 redirectUri=redirect, codeVerifier=v)

    expect(oidc.exceptions.InvalidGrantException, exchange, v="x" * 43)
    token = exchange(verifier)
    refreshed = oidc.create_token(grantType="refresh_token", clientId=reg["clientId"],
                                  clientSecret=reg["clientSecret"], refreshToken=token["refreshToken"])
    assert refreshed["refreshToken"] != token["refreshToken"]
    expect(oidc.exceptions.InvalidGrantException, oidc.create_token, grantType="refresh_token",
           clientId=reg["clientId"], clientSecret=reg["clientSecret"], refreshToken=token["refreshToken"])
    return reg, refreshed


def main():
    device_token = device_flow()
    reg, token = pkce_flow()
    at = token["accessToken"]

    pages = list(sso.get_paginator("list_accounts").paginate(accessToken=at, PaginationConfig={"PageSize": 2}))
    accounts = [a for p in pages for a in p["accountList"]]
    account = accounts[0]["accountId"]
    roles = [r["roleName"] for p in sso.get_paginator("list_account_roles").paginate(
        accessToken=at, accountId=account, PaginationConfig={"PageSize": 1}) for r in p["roleList"]]

    creds = sso.get_role_credentials(accessToken=at, accountId=account, roleName=roles[0])["roleCredentials"]
    left_ms = creds["expiration"] - time.time() * 1000
    assert 3500_000 < left_ms <= 3605_000, left_ms
    expect_code("ForbiddenException", sso.get_role_credentials, accessToken=at, accountId="000000000000",
                roleName=roles[0])

    sts = boto3.client("sts", region_name=REGION, aws_access_key_id=creds["accessKeyId"],
                       aws_secret_access_key=creds["secretAccessKey"], aws_session_token=creds["sessionToken"])
    ident = sts.get_caller_identity()
    forged = boto3.client("sts", region_name=REGION, aws_access_key_id=creds["accessKeyId"],
                          aws_secret_access_key="A" * 40, aws_session_token=creds["sessionToken"])
    expect_code("SignatureDoesNotMatch", forged.get_caller_identity)

    sso.logout(accessToken=at)
    expect(sso.exceptions.UnauthorizedException, sso.list_accounts, accessToken=at)
    expect(oidc.exceptions.InvalidGrantException, oidc.create_token, grantType="refresh_token",
           clientId=reg["clientId"], clientSecret=reg["clientSecret"], refreshToken=token["refreshToken"])
    sso.list_accounts(accessToken=device_token["accessToken"])  # other sessions live on

    print(json.dumps({"pages": len(pages), "accounts": len(accounts), "roles": roles,
                      "account": ident["Account"], "arn": ident["Arn"], "userId": ident["UserId"]}))


main()
