#!/usr/bin/env bash
# Compares `awsso profiles` with `aws configure list-profiles` (Debian's AWS CLI v2) and boto3's
# list of profiles on a generated config with 10,000 profiles, in one hyperfine run, after
# checking that awsso and the AWS CLI list the same names, and prints a markdown section with
# medians and ratios. No network is involved.
# Knobs: PROFILES (default 10000), RUNS (default 10), AWS (default /usr/bin/aws), PYTHON
# (default python3), and AWSSO, OUT as bench/lib.sh says.
set -euo pipefail
cd "$(dirname "$0")/.."
. bench/lib.sh

profiles=${PROFILES:-10000}
aws=${AWS:-/usr/bin/aws}
python=${PYTHON:-python3}
runs=${RUNS:-10}
need hyperfine jq go "$aws" "$python"
build_awsso
isolate

big_config "$profiles" > "$AWS_CONFIG_FILE"

# Same names before timing: awsso's must match the AWS CLI's, and boto3 must see them all.
if ! cmp -s <("$awsso" profiles --names) <("$aws" configure list-profiles); then
  echo "error: awsso profiles --names differs from aws configure list-profiles" >&2
  exit 1
fi
# Every profile has an account id of its own: a generator that overflows gives them all one.
ids=$(grep -c '^sso_account_id = 1[0-9]\{11\}$' "$AWS_CONFIG_FILE")
unique=$(grep '^sso_account_id = ' "$AWS_CONFIG_FILE" | sort -u | wc -l)
[ "$ids" = "$profiles" ] && [ "$unique" = "$profiles" ] || { echo "error: the generated config has $unique distinct account ids of 12 digits, not $profiles" >&2; exit 1; }
boto3='import boto3; print(len(boto3.Session().available_profiles))'
[ "$("$python" -c "$boto3")" = "$(( profiles + 1 ))" ] || { echo "error: boto3 does not see $((profiles + 1)) profiles" >&2; exit 1; }

hyperfine -N --style none --warmup 2 --runs "$runs" --export-json "$bench_tmp/results.json" \
  --command-name "awsso profiles --names" "$awsso profiles --names" \
  --command-name "awsso profiles (text, as on a pipe)" "$awsso profiles" \
  --command-name "awsso profiles --output json" "$awsso profiles --output json" \
  --command-name "aws configure list-profiles (AWS CLI v2)" "$aws configure list-profiles" \
  --command-name "boto3 Session().available_profiles" "$python -c '$boto3'" >&2

{
  echo "## Listing profiles: a config of $profiles profiles"
  echo
  echo "\`bench/profiles.sh\`, $runs runs each, on a generated config of $profiles profiles in $(( (profiles + 49) / 50 )) sso-sessions"
  echo "($(( $(wc -c < "$AWS_CONFIG_FILE") / 1024 )) KiB). \`awsso profiles --names\` prints exactly what \`aws configure list-profiles\`"
  echo "prints (checked before timing); plain \`awsso profiles\` on a pipe prints text rows with each profile's"
  echo "kind, account, role, region and sign-in state (each sso-session's token read once); \`--output json\`"
  echo "prints every profile with its properties."
  echo
  jq -r "$jq_defs"'
    (.results[] | select(.command == "awsso profiles --names") | .median) as $awsso
    | "| command | median | mean ± σ | awsso profiles --names is |",
      "|---|---:|---:|---:|",
      (.results[] | "| \(.command) | \(.median | ms) ms | \(.mean | ms) ± \(.stddev | ms) ms | " +
        (if .command == "awsso profiles --names" then "-" else .median | vs($awsso) end) + " |")
  ' "$bench_tmp/results.json"
  echo
} | emit
