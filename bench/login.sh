#!/usr/bin/env bash
# Times a whole sign-in round trip with the device code flow against the emulator, which
# approves at once: `awsso login --use-device-code` against `aws sso login` (Debian's AWS CLI
# v2, which reaches the emulator through AWS_DATA_PATH). Both reuse their cached client
# registration (the first, untimed run registers), start a device authorization, poll for the
# token and write it to ~/.aws/sso/cache. boto3 has no sign-in of its own. Prints a markdown
# section with medians and ratios.
# Knobs: RUNS (default 20), AWS (default /usr/bin/aws), and AWSSO, EMULATOR_ENV, OUT as
# bench/lib.sh says.
set -euo pipefail
cd "$(dirname "$0")/.."
. bench/lib.sh

aws=${AWS:-/usr/bin/aws}
runs=${RUNS:-20}
need hyperfine jq curl go "$aws"
build_awsso
isolate
emulator

sso_config "111122223333" "ReadOnly" > "$AWS_CONFIG_FILE"

# Both sign in before timing (and cache a registration), and each token works for the other.
"$awsso" login --sso-session bench --use-device-code --no-browser 2> "$bench_tmp/awsso-login.log"
AWS_DATA_PATH=$bench_data "$aws" sso login --profile bench --no-browser > "$bench_tmp/aws-login.log" 2>&1 ||
  { cat "$bench_tmp/aws-login.log" >&2; echo "error: aws sso login fails against the emulator" >&2; exit 1; }
"$awsso" status --output json | jq -e '.sessions[] | select(.ssoSession == "bench") | .state == "valid"' > /dev/null ||
  { echo "error: awsso does not see the token aws sso login wrote" >&2; exit 1; }

stats_reset
AWS_DATA_PATH=$bench_data hyperfine -N --style none --warmup 2 --runs "$runs" --export-json "$bench_tmp/results.json" \
  --command-name "awsso login --use-device-code" "$awsso login --sso-session bench --use-device-code --no-browser" \
  --command-name "aws sso login (AWS CLI v2)" "$aws sso login --profile bench --no-browser" >&2
calls=$(stats)

{
  echo "## Sign-in round trip: device code flow"
  echo
  echo "\`bench/login.sh\`, $runs runs each, against the emulator, which approves each code at once (so this"
  echo "measures the tools, not a person). Each run reuses the cached client registration, starts a"
  echo "device authorization, polls for the token and writes it to ~/.aws/sso/cache. The emulator counted"
  echo "\`$calls\` in all."
  echo
  jq -r "$jq_defs"'
    (.results[0].median) as $awsso | (.results[0].command) as $first
    | "| command | median | mean ± σ | awsso login is |",
      "|---|---:|---:|---:|",
      (.results[] | "| \(.command) | \(.median | ms) ms | \(.mean | ms) ± \(.stddev | ms) ms | " +
        (if .command == $first then "-" else .median | vs($awsso) end) + " |")
  ' "$bench_tmp/results.json"
  echo
} | emit
