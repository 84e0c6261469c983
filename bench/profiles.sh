#!/usr/bin/env bash
# Compares `awsso profiles` with `aws configure list-profiles` (Debian's AWS CLI v2) on a
# generated config with 10,000 profiles, in one hyperfine run, and prints a markdown table of
# medians and ratios. Knobs: PROFILES (default 10000), AWS (default /usr/bin/aws), RUNS (default 10).
set -euo pipefail
cd "$(dirname "$0")/.."

profiles=${PROFILES:-10000}
aws=${AWS:-/usr/bin/aws}
runs=${RUNS:-10}
for tool in hyperfine jq "$aws"; do
  command -v "$tool" >/dev/null || { echo "error: $tool not found" >&2; exit 1; }
done

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
go build -o "$tmp/awsso" ./cmd/awsso

# One sso-session per 50 profiles, as a large organisation has them.
awk -v n="$profiles" 'BEGIN {
  printf "[default]\nregion = us-east-1\n"
  for (s = 0; s * 50 < n; s++)
    printf "\n[sso-session org%d]\nsso_start_url = https://d-%010d.awsapps.com/start\nsso_region = us-east-1\n", s, s
  for (i = 0; i < n; i++)
    printf "\n[profile acct-%05d-admin]\nsso_session = org%d\nsso_account_id = %012d\nsso_role_name = AdministratorAccess\nregion = eu-west-2\n", i, int(i / 50), 100000000000 + i
}' > "$tmp/config"
: > "$tmp/credentials"

export HOME="$tmp" AWS_CONFIG_FILE="$tmp/config" AWS_SHARED_CREDENTIALS_FILE="$tmp/credentials"
unset AWS_PROFILE AWS_DEFAULT_PROFILE AWS_DEFAULT_OUTPUT

# Same output before timing: the names must match the AWS CLI's.
if ! cmp -s <("$tmp/awsso" profiles --names) <("$aws" configure list-profiles); then
  echo "error: awsso profiles --names differs from aws configure list-profiles" >&2
  exit 1
fi

hyperfine --style none --warmup 2 --min-runs "$runs" --export-json "$tmp/results.json" \
  --command-name "awsso profiles --names" "$tmp/awsso profiles --names" \
  --command-name "awsso profiles --output json" "$tmp/awsso profiles --output json" \
  --command-name "aws configure list-profiles" "$aws configure list-profiles" >&2

echo "$profiles profiles, $(wc -c < "$tmp/config") bytes; $(nproc) CPUs; $("$aws" --version 2>&1 | cut -d' ' -f1)"
echo
jq -r '
  (.results[] | select(.command == "aws configure list-profiles") | .median) as $aws
  | "| command | median | vs aws configure list-profiles |",
    "|---|---:|---:|",
    (.results[] | "| `\(.command)` | \(.median * 1000 * 10 | round / 10) ms | \(if .command == "aws configure list-profiles" then "1x" else "\($aws / .median * 10 | round / 10)x faster" end) |")
' "$tmp/results.json"
