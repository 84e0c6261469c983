#!/usr/bin/env bash
# Times a warm role chain: credential-process of a profile that assumes a role with an IAM
# Identity Center profile's credentials, beside credential-process of that profile itself and
# `aws configure export-credentials` (Debian's AWS CLI v2) of the chain, in one hyperfine run
# against the emulator in a temporary home. awsso signs in and assumes the role once (the
# emulator's STS counts one AssumeRole); the AWS CLI v2 then reuses awsso's cache entry (no
# second AssumeRole). Before timing, the sign-in token is deleted: a warm chain reads the
# assumed role's cache file and nothing of its source. It checks that the timed runs make no
# call and prints a markdown section with medians and the chain's ratio to the plain profile
# (the goal: within 1.2 times).
# Knobs: RUNS (default 200), ACCOUNT and ROLE (default 111122223333 ReadOnly), AWS (default
# /usr/bin/aws), and AWSSO, EMULATOR_ENV, OUT as bench/lib.sh says.
set -euo pipefail
cd "$(dirname "$0")/.."
. bench/lib.sh

aws=${AWS:-/usr/bin/aws}
runs=${RUNS:-200}
account=${ACCOUNT:-111122223333}
role=${ROLE:-ReadOnly}
need hyperfine jq curl go "$aws"

build_awsso
isolate
emulator

{
  sso_config "$account" "$role"
  cat <<EOF

[profile bench-chain]
role_arn = arn:aws:iam::$account:role/BenchChain
source_profile = bench
region = us-east-1
EOF
} > "$AWS_CONFIG_FILE"

"$awsso" credential-process --profile bench --login --use-device-code > /dev/null 2> "$bench_tmp/login.log"
stats_reset
want=$("$awsso" export-credentials --profile bench-chain --format json | jq -r .AccessKeyId)
[ "$(stats | jq -r '.AssumeRole // 0')" = 1 ] || { echo "error: the cold chain made $(stats), want one AssumeRole" >&2; exit 1; }
[ "$(AWS_DATA_PATH="$bench_data" "$aws" configure export-credentials --profile bench-chain | jq -r .AccessKeyId)" = "$want" ] ||
  { echo "error: the AWS CLI v2 does not reuse the assumed role awsso cached" >&2; exit 1; }
[ "$(stats | jq -r '.AssumeRole // 0')" = 1 ] || { echo "error: the AWS CLI v2 assumed the role again: $(stats)" >&2; exit 1; }

rm -rf "$HOME/.aws/sso" # nothing of the source may be read on the warm path
stats_reset
AWS_DATA_PATH=$bench_data hyperfine -N --style none --warmup 10 --runs "$runs" --export-json "$bench_tmp/results.json" \
  --command-name "awsso credential-process (IAM Identity Center)" "$awsso credential-process --profile bench" \
  --command-name "awsso credential-process (role chain)" "$awsso credential-process --profile bench-chain" \
  --command-name "aws configure export-credentials (role chain, AWS CLI v2)" "$aws configure export-credentials --profile bench-chain" >&2
calls=$(stats)
[ "$calls" = "{}" ] || { echo "error: the timed runs called the emulator: $calls" >&2; exit 1; }

ratio=$(jq -r '([.results[] | select(.command | test("role chain\\)$")) | .median][0]) / ([.results[] | select(.command | test("Identity Center")) | .median][0]) | . * 100 | round / 100' "$bench_tmp/results.json")
{
  echo "## Warm role chain: credential-process"
  echo
  echo "\`bench/chain.sh\`, $runs runs each. A profile that assumes a role with an IAM Identity Center"
  echo "profile's credentials, both cached (the sign-in token deleted: nothing of the source is read;"
  echo "the emulator counted \`$calls\` calls during the runs). The AWS CLI v2 reads the assumed role awsso"
  echo "cached. The chain costs $ratio times the plain profile (goal: at most 1.2)."
  echo
  jq -r '
    def ms: . * 1000 * 100 | round / 100;
    (.results[] | select(.command == "awsso credential-process (role chain)") | .median) as $chain
    | "| command | median | mean ± σ | time / role chain |",
      "|---|---:|---:|---:|",
      (.results[] |
        "| \(.command) | \(.median | ms) ms | \(.mean | ms) ± \(.stddev | ms) ms | " +
        (if .command == "awsso credential-process (role chain)" then "-"
         else "\(.median / $chain * 100 | round / 100)x" end) + " |")
  ' "$bench_tmp/results.json"
  echo
} | emit
awk -v r="$ratio" 'BEGIN { exit !(r <= 1.2) }' || echo "warning: the warm chain costs $ratio times the plain profile, more than 1.2" >&2
