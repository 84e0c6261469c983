#!/usr/bin/env bash
# Times the hot path of awsso: credential-process and export-credentials with a warm cache, in
# one hyperfine run beside `aws configure export-credentials` (Debian's AWS CLI v2), a boto3
# one-liner that resolves the same profile, boto3 going through `credential_process = awsso`,
# and an empty Go binary (the floor of any Go program). Everything runs against the emulator in
# a temporary home: awsso signs in and caches the role credentials in ~/.aws/cli/cache, where
# the AWS CLI v2 and the boto3 one-liner find them warm. It checks that every tool sees the same
# credentials and that the timed runs make no call at all, then writes a markdown table of
# medians and ratios to bench/results/credential-process.md.
# Knobs: AWS (default /usr/bin/aws), PYTHON (default python3), RUNS (default 200), OUT.
set -euo pipefail
cd "$(dirname "$0")/.."

aws=${AWS:-/usr/bin/aws}
python=${PYTHON:-python3}
runs=${RUNS:-200}
out=${OUT:-bench/results/credential-process.md}
for tool in hyperfine jq curl go "$aws" "$python"; do
  command -v "$tool" >/dev/null || { echo "error: $tool not found" >&2; exit 1; }
done

tmp=$(mktemp -d)
emulator_pid=
cleanup() {
  [ -n "$emulator_pid" ] && kill "$emulator_pid" 2>/dev/null && wait "$emulator_pid" 2>/dev/null
  rm -rf "$tmp"
}
trap cleanup EXIT

# Release builds are static (CGO_ENABLED=0): no dynamic loader and libc at each start. A plain
# `go build` links libc through net's cgo resolver; it is timed too.
CGO_ENABLED=0 go build -o "$tmp/awsso" ./cmd/awsso
CGO_ENABLED=1 go build -o "$tmp/awsso-cgo" ./cmd/awsso
mkdir -p "$tmp/empty"
printf 'package main\n\nfunc main() {}\n' > "$tmp/empty/main.go"
(cd "$tmp/empty" && GOFLAGS= GO111MODULE=off go build -o "$tmp/empty-go" main.go)

# A home of its own, and nothing from this shell that would change what the tools do.
mkdir -p "$tmp/home/.aws"
unset AWS_PROFILE AWS_DEFAULT_PROFILE AWS_REGION AWS_DEFAULT_REGION AWS_ACCESS_KEY_ID AWS_SECRET_ACCESS_KEY \
  AWS_SESSION_TOKEN AWS_ENDPOINT_URL AWS_CA_BUNDLE AWSSO_PROFILE_CHAIN AWSSO_PROFILE BROWSER AWSSO_BROWSER
export HOME="$tmp/home" AWS_CONFIG_FILE="$tmp/home/.aws/config" AWS_SHARED_CREDENTIALS_FILE="$tmp/home/.aws/credentials"

# The emulator prints its export lines on stdout (the last one is AWSSO_EMULATOR_REGION).
"$tmp/awsso" emulator --auto-approve --aws-data-path "$tmp/data" > "$tmp/emulator.env" 2> "$tmp/emulator.log" &
emulator_pid=$!
for _ in $(seq 100); do grep -q AWSSO_EMULATOR_REGION "$tmp/emulator.env" && break; sleep 0.05; done
# shellcheck disable=SC1091
. "$tmp/emulator.env"

cat > "$AWS_CONFIG_FILE" <<EOF
[sso-session bench]
sso_start_url = $AWSSO_EMULATOR_START_URL
sso_region = $AWSSO_EMULATOR_REGION
sso_registration_scopes = sso:account:access

[profile bench]
sso_session = bench
sso_account_id = 111122223333
sso_role_name = ReadOnly
region = us-east-1

[profile bench-process]
credential_process = $tmp/awsso credential-process --profile bench
region = us-east-1
EOF
: > "$AWS_SHARED_CREDENTIALS_FILE"

# Sign in (the emulator approves the device code at once) and cache the role credentials.
"$tmp/awsso" credential-process --profile bench --login --use-device-code > /dev/null 2> "$tmp/login.log"

stats() { curl -fsS "$AWSSO_EMULATOR_URL/_emulator/stats" | jq -c '.calls'; }
signin=$(stats)
curl -fsS -X POST "$AWSSO_EMULATOR_URL/_emulator/stats/reset" > /dev/null

# boto3 keeps role credentials in memory only; this one-liner gives its SSO provider the cache
# the AWS CLI gives it (~/.aws/cli/cache, where awsso wrote them), so it reads them warm.
boto3='import boto3, botocore.session, botocore.credentials as c, os; s = botocore.session.Session(profile="bench"); s.get_component("credential_provider").get_provider("sso").cache = c.JSONFileCache(os.path.expanduser("~/.aws/cli/cache")); boto3.Session(botocore_session=s).get_credentials().get_frozen_credentials()'
boto3_process='import boto3; boto3.Session(profile_name="bench-process").get_credentials().get_frozen_credentials()'

# The same credentials from every tool before timing.
want=$("$tmp/awsso" export-credentials --profile bench --format json | jq -r .AccessKeyId)
[ "$(AWS_DATA_PATH="$tmp/data" "$aws" configure export-credentials --profile bench | jq -r .AccessKeyId)" = "$want" ] ||
  { echo "error: the AWS CLI v2 does not read the credentials awsso cached" >&2; exit 1; }
[ "$("$python" -c "$boto3; print(s.get_credentials().access_key)")" = "$want" ] ||
  { echo "error: boto3 does not read the credentials awsso cached" >&2; exit 1; }
[ "$("$python" -c 'import boto3; print(boto3.Session(profile_name="bench-process").get_credentials().access_key)')" = "$want" ] ||
  { echo "error: boto3 does not get awsso's credentials through credential_process" >&2; exit 1; }
checks=$(stats)

# Warm awsso makes no call at all.
curl -fsS -X POST "$AWSSO_EMULATOR_URL/_emulator/stats/reset" > /dev/null
for _ in $(seq 50); do "$tmp/awsso" credential-process --profile bench > /dev/null; done
warm=$(stats)
[ "$warm" = "{}" ] || { echo "error: 50 warm credential-process runs called the emulator: $warm" >&2; exit 1; }

export AWS_DATA_PATH="$tmp/data"
hyperfine -N --style none --warmup 10 --runs "$runs" --export-json "$tmp/results.json" \
  --command-name "empty Go binary" "$tmp/empty-go" \
  --command-name "awsso credential-process" "$tmp/awsso credential-process --profile bench" \
  --command-name "awsso export-credentials" "$tmp/awsso export-credentials --profile bench" \
  --command-name "awsso credential-process (go build with cgo)" "$tmp/awsso-cgo credential-process --profile bench" \
  --command-name "aws configure export-credentials (AWS CLI v2)" "$aws configure export-credentials --profile bench" \
  --command-name "boto3 (its SSO provider)" "$python -c '$boto3'" \
  --command-name "boto3 (credential_process = awsso)" "$python -c '$boto3_process'" >&2
after=$(stats)
[ "$after" = "{}" ] || { echo "error: the timed runs called the emulator: $after" >&2; exit 1; }

mkdir -p "$(dirname "$out")"
{
  echo "# Warm credentials: awsso against the AWS CLI v2 and boto3"
  echo
  echo "Produced by \`bench/credential-process.sh\` on $(date -u +%Y-%m-%d): $(nproc) CPUs ($(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs)),"
  echo "$(go version | cut -d' ' -f3), $("$aws" --version 2>&1 | cut -d' ' -f1), boto3 $("$python" -c 'import boto3; print(boto3.__version__)'), hyperfine $(hyperfine --version | cut -d' ' -f2), $runs runs each."
  echo "Every tool resolves the same IAM Identity Center profile with a warm cache: no network. awsso is"
  echo "built with CGO_ENABLED=0, as releases are; the cgo row is a plain \`go build\` on a machine with a C compiler."
  echo
  jq -r '
    (.results[] | select(.command == "awsso credential-process") | .median) as $awsso
    | (.results[] | select(.command == "empty Go binary") | .median) as $floor
    | "| command | median | mean ± σ | awsso credential-process is |",
      "|---|---:|---:|---:|",
      (.results[] |
        "| \(.command) | \(.median * 1000 * 100 | round / 100) ms | \(.mean * 1000 * 100 | round / 100) ± \(.stddev * 1000 * 100 | round / 100) ms | " +
        (if .command == "awsso credential-process" then "-"
         elif .command == "empty Go binary" then "\((($awsso - $floor) * 1000 * 100 | round / 100)) ms slower"
         else "\(.median / $awsso * 10 | round / 10)x faster" end) + " |")
  ' "$tmp/results.json"
  echo
  echo "Emulator calls during the timed runs: \`$after\`, and during 50 warm \`awsso credential-process\`"
  echo "runs before them: \`$warm\`, and during the checks that every tool sees the same credentials:"
  echo "\`$checks\` (the sign-in and the first fetch made \`$signin\`). boto3 keeps role"
  echo "credentials in memory only: its one-liner gives the SSO provider the cache the AWS CLI uses"
  echo "(~/.aws/cli/cache), where awsso wrote them."
} > "$out"
cat "$out"
