#!/usr/bin/env bash
# Times the hot path of awsso: credential-process and export-credentials with a warm cache, in
# one hyperfine run beside `aws configure export-credentials` (Debian's AWS CLI v2), a boto3
# one-liner that resolves the same profile, boto3 going through `credential_process = awsso`,
# and an empty Go binary (the floor of any Go program). Everything runs against the emulator in
# a temporary home: awsso signs in and caches the role credentials in ~/.aws/cli/cache, where
# the AWS CLI v2 and the boto3 one-liner find them warm. It checks that every tool sees the same
# credentials and that the timed runs make no call at all, then prints a markdown section with
# medians and ratios.
# Knobs: RUNS (default 200), ACCOUNT and ROLE (default 111122223333 ReadOnly, of the emulator's
# default organisation), AWS (default /usr/bin/aws), PYTHON (default python3), and AWSSO,
# EMULATOR_ENV, OUT as bench/lib.sh says.
set -euo pipefail
cd "$(dirname "$0")/.."
. bench/lib.sh

aws=${AWS:-/usr/bin/aws}
python=${PYTHON:-python3}
runs=${RUNS:-200}
account=${ACCOUNT:-111122223333}
role=${ROLE:-ReadOnly}
need hyperfine jq curl go "$aws" "$python"

build_awsso
# A plain `go build` links libc through net's cgo resolver; it is timed too.
CGO_ENABLED=1 go build -o "$bench_tmp/awsso-cgo" ./cmd/awsso
mkdir -p "$bench_tmp/empty"
printf 'package main\n\nfunc main() {}\n' > "$bench_tmp/empty/main.go"
(cd "$bench_tmp/empty" && GOFLAGS= GO111MODULE=off go build -o "$bench_tmp/empty-go" main.go)
isolate
emulator

{
  sso_config "$account" "$role"
  cat <<EOF

[profile bench-process]
credential_process = $awsso credential-process --profile bench
region = us-east-1
EOF
} > "$AWS_CONFIG_FILE"

# Sign in (the emulator approves the device code at once) and cache the role credentials.
"$awsso" credential-process --profile bench --login --use-device-code > /dev/null 2> "$bench_tmp/login.log"
stats_reset

# boto3 keeps role credentials in memory only: this one-liner gives its SSO provider the cache
# the AWS CLI gives it (~/.aws/cli/cache, where awsso wrote them), so it reads them warm.
boto3='import boto3, botocore.session, botocore.credentials as c, os; s = botocore.session.Session(profile="bench"); s.get_component("credential_provider").get_provider("sso").cache = c.JSONFileCache(os.path.expanduser("~/.aws/cli/cache")); boto3.Session(botocore_session=s).get_credentials().get_frozen_credentials()'
boto3_process='import boto3; boto3.Session(profile_name="bench-process").get_credentials().get_frozen_credentials()'

# The same credentials from every tool before timing.
want=$("$awsso" export-credentials --profile bench --format json | jq -r .AccessKeyId)
[ "$(AWS_DATA_PATH="$bench_data" "$aws" configure export-credentials --profile bench | jq -r .AccessKeyId)" = "$want" ] ||
  { echo "error: the AWS CLI v2 does not read the credentials awsso cached" >&2; exit 1; }
[ "$("$python" -c "$boto3; print(s.get_credentials().access_key)")" = "$want" ] ||
  { echo "error: boto3 does not read the credentials awsso cached" >&2; exit 1; }
[ "$("$python" -c 'import boto3; print(boto3.Session(profile_name="bench-process").get_credentials().access_key)')" = "$want" ] ||
  { echo "error: boto3 does not get awsso's credentials through credential_process" >&2; exit 1; }

stats_reset
AWS_DATA_PATH=$bench_data hyperfine -N --style none --warmup 10 --runs "$runs" --export-json "$bench_tmp/results.json" \
  --command-name "empty Go binary" "$bench_tmp/empty-go" \
  --command-name "awsso credential-process" "$awsso credential-process --profile bench" \
  --command-name "awsso export-credentials" "$awsso export-credentials --profile bench" \
  --command-name "awsso credential-process (go build with cgo)" "$bench_tmp/awsso-cgo credential-process --profile bench" \
  --command-name "aws configure export-credentials (AWS CLI v2)" "$aws configure export-credentials --profile bench" \
  --command-name "boto3 (its SSO provider)" "$python -c '$boto3'" \
  --command-name "boto3 (credential_process = awsso)" "$python -c '$boto3_process'" >&2
calls=$(stats)
[ "$calls" = "{}" ] || { echo "error: the timed runs called the emulator: $calls" >&2; exit 1; }

{
  echo "## Warm credentials: credential-process and export-credentials"
  echo
  echo "\`bench/credential-process.sh\`, $runs runs each. Every tool resolves the same IAM Identity Center"
  echo "profile from a warm cache (no network: the emulator counted \`$calls\` calls during the runs)."
  echo "boto3 keeps role credentials in memory only: its one-liner gives the SSO provider the cache the"
  echo "AWS CLI uses (~/.aws/cli/cache), where awsso wrote them. awsso is built with CGO_ENABLED=0, as"
  echo "releases are; the cgo row is a plain \`go build\` on a machine with a C compiler."
  echo
  jq -r "$jq_defs"'
    (.results[] | select(.command == "awsso credential-process") | .median) as $awsso
    | (.results[] | select(.command == "empty Go binary") | .median) as $floor
    | "| command | median | mean ± σ | awsso credential-process is |",
      "|---|---:|---:|---:|",
      (.results[] |
        "| \(.command) | \(.median | ms) ms | \(.mean | ms) ± \(.stddev | ms) ms | " +
        (if .command == "awsso credential-process" then "-"
         elif .command == "empty Go binary" then "\(($awsso - $floor) | ms) ms slower"
         else .median | vs($awsso) end) + " |")
  ' "$bench_tmp/results.json"
  echo
} | emit
