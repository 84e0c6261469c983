#!/usr/bin/env bash
# Times writing a profile for every account and role of an organisation (default 1,000
# accounts) against the emulator, with the portal rate-limited (default 50 requests/s) and not:
# `awsso populate` (12 workers paced to the limit it learns), awsso one request at a time
# (--workers 1 --pace=false: only the retries), and the way boto3 tools do it
# (bench/populate_boto3.py: sequential paginators, botocore's default retries, configparser).
# The AWS CLI v2 has no such command (it would be one process per call). Every run lists the
# same roles and none is written to the real config (awsso --dry-run; boto3 writes a copy).
# Prints a markdown section with medians, ratios and the lower bound the rate limit allows:
# (1 + account pages + accounts) / limit.
# A third case adds LATENCY (100 ms) to every call without a rate limit, as a portal far from
# the user answers: there the workers, not the limit, set the time.
# Knobs: ACCOUNTS (1000; fixed by the emulator under bench/run), THROTTLE (50), RUNS (3),
# LATENCY (100, in ms), LATENCY_RUNS (1: one request at a time takes minutes), PYTHON (python3),
# and AWSSO, EMULATOR_ENV, OUT as bench/lib.sh says.
set -euo pipefail
cd "$(dirname "$0")/.."
. bench/lib.sh

accounts=${ACCOUNTS:-1000}
throttle=${THROTTLE:-50}
runs=${RUNS:-3}
latency=${LATENCY:-100}
latency_runs=${LATENCY_RUNS:-1}
python=${PYTHON:-python3}
need hyperfine jq curl go "$python"
build_awsso
isolate
emulator --accounts "$accounts"

cat > "$AWS_CONFIG_FILE" <<EOF
[sso-session corp]
sso_start_url = $AWSSO_EMULATOR_START_URL
sso_region = $AWSSO_EMULATOR_REGION
sso_registration_scopes = sso:account:access
EOF
"$awsso" login --sso-session corp --use-device-code --no-browser 2> "$bench_tmp/login.log"

# Every tool sees the same roles.
want=$("$awsso" populate --sso-session corp --dry-run 2>/dev/null | grep -c '^+sso_role_name' || true)
got=$("$python" bench/populate_boto3.py corp "$bench_tmp/boto3-config")
[ "$want" = "$got" ] && [ "$want" -gt 0 ] || { echo "error: awsso lists $want roles, boto3 $got" >&2; exit 1; }
accounts=$("$awsso" accounts --sso-session corp --output json | jq '.accountList | length')

# time_all runs the three under the current faults. The pause lets the portal's token bucket
# fill up again between runs, as it would between two real runs.
time_all() {
  hyperfine --style none --runs "${2:-$runs}" --prepare 'sleep 2' --export-json "$1" \
    -n "awsso populate" "$awsso populate --sso-session corp --dry-run" \
    -n "awsso, one request at a time" "$awsso populate --sso-session corp --dry-run --workers 1 --pace=false" \
    -n "boto3, one request at a time" "$python bench/populate_boto3.py corp $bench_tmp/boto3-config" >&2
}
faults '{"throttle": 0}'
time_all "$bench_tmp/free.json"
faults "{\"throttle\": $throttle}"
stats_reset
time_all "$bench_tmp/throttled.json"
throttled=$(stats)
faults "{\"throttle\": 0, \"latencyMillis\": $latency}"
time_all "$bench_tmp/latency.json" "$latency_runs"
faults '{"throttle": 0, "latencyMillis": 0}'

pages=$(( (accounts + 99) / 100 ))
requests=$(( 1 + pages + accounts ))
{
  echo "## Populate: a profile for every role of $accounts accounts"
  echo
  echo "\`bench/populate.sh\`, $runs runs each (medians), against the emulator: $requests requests ($pages account pages, then"
  echo "the roles of each account), $want profiles. In parentheses: how \`awsso populate\` compares."
  echo "Under the rate limit, whose bucket holds one second of requests and is full at the start, the least"
  echo "possible time is ($requests - $throttle) / $throttle = $(jq -n "([$requests - $throttle, 0] | max) / $throttle * 100 | round / 100") s."
  echo
  echo "| portal | awsso populate | awsso, one request at a time | boto3, one request at a time |"
  echo "|---|---:|---:|---:|"
  jq -r "$jq_defs"'
    (.results[0].median) as $awsso
    | "| no rate limit | " + ([.results[] | "\(.median | s) s" + (if .command == "awsso populate" then "" else " (awsso \(.median | vs($awsso)))" end)] | join(" | ")) + " |"
  ' "$bench_tmp/free.json"
  jq -r --arg rate "$throttle" "$jq_defs"'
    (.results[0].median) as $awsso
    | "| \($rate) requests/s | " + ([.results[] | "\(.median | s) s" + (if .command == "awsso populate" then "" else " (awsso \(.median | vs($awsso)))" end)] | join(" | ")) + " |"
  ' "$bench_tmp/throttled.json"
  jq -r --arg ms "$latency" --arg n "$latency_runs" "$jq_defs"'
    (.results[0].median) as $awsso
    | "| \($ms) ms per call, no rate limit (\($n) run each) | " + ([.results[] | "\(.median | s) s" + (if .command == "awsso populate" then "" else " (awsso \(.median | vs($awsso)))" end)] | join(" | ")) + " |"
  ' "$bench_tmp/latency.json"
  echo
  echo "The rate-limited runs drew \`$(echo "$throttled" | jq -c 'with_entries(select(.key | startswith("Throttled")))')\` 429 answers in all; boto3 runs with"
  echo "botocore's default retries. Under a rate limit every tool that retries ends near the bound: the"
  echo "limit, not the tool, sets the time. Where each call takes time instead, awsso's concurrent"
  echo "workers set it."
  echo
} | emit
