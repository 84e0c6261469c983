#!/usr/bin/env bash
# Times `awsso populate` against the emulator with a large organisation and a rate-limited portal
# (default: --accounts 1000 --throttle 50, as issue 6 asks), paced and concurrent (the default)
# against the sequential baseline (--workers 1 --pace=false: one request at a time, only the
# SDK's retries), in one hyperfine run, and prints each median next to the lower bound the rate
# limit allows: (1 + account pages + accounts) / throttle seconds.
# Knobs: ACCOUNTS (1000), THROTTLE (50), LATENCY (0s; e.g. 100ms for a distant region), RUNS (3).
set -euo pipefail
cd "$(dirname "$0")/.."

accounts=${ACCOUNTS:-1000}
throttle=${THROTTLE:-50}
latency=${LATENCY:-0s}
runs=${RUNS:-3}
for tool in hyperfine jq; do
  command -v "$tool" >/dev/null || { echo "error: $tool not found" >&2; exit 1; }
done

tmp=$(mktemp -d)
emu=
trap '[ -n "$emu" ] && kill "$emu" 2>/dev/null; rm -rf "$tmp"' EXIT
go build -o "$tmp/awsso" ./cmd/awsso

export HOME="$tmp" AWS_CONFIG_FILE="$tmp/.aws/config" AWS_SHARED_CREDENTIALS_FILE="$tmp/.aws/credentials"
unset AWS_PROFILE AWS_DEFAULT_PROFILE AWS_ENDPOINT_URL
mkdir -p "$tmp/.aws"
"$tmp/awsso" emulator --auto-approve --accounts "$accounts" --throttle "$throttle" --latency "$latency" \
  >"$tmp/env" 2>"$tmp/emulator.log" &
emu=$!
for _ in $(seq 100); do
  grep -q AWSSO_EMULATOR_REGION "$tmp/env" 2>/dev/null && break
  sleep 0.1
done
# shellcheck disable=SC1091
. "$tmp/env"

# Sign in and write [sso-session corp] (the device code is approved by the emulator).
"$tmp/awsso" configure --non-interactive --use-device-code --no-browser --sso-session corp \
  --start-url "$AWSSO_EMULATOR_START_URL" --sso-region "$AWSSO_EMULATOR_REGION" \
  --account-id 100000000001 --role-name ReadOnly --profile seed 2>/dev/null

# --dry-run: every run does the same work (nothing is written). The pause lets the portal's
# token bucket fill up again between runs, as it would between two real runs.
hyperfine --runs "$runs" --prepare 'sleep 2' --export-json "$tmp/h.json" \
  -n paced "$tmp/awsso populate --sso-session corp --dry-run" \
  -n sequential "$tmp/awsso populate --sso-session corp --dry-run --workers 1 --pace=false" >&2

pages=$(( (accounts + 99) / 100 ))
jq -r --argjson n "$(( 1 + pages + accounts ))" --argjson rate "$throttle" --arg latency "$latency" '
  ($n / $rate) as $bound |
  "accounts \($n - 1 - ('"$pages"')), \($rate) requests/s, latency \($latency): bound \($bound * 100 | round / 100) s",
  "| run | median s | x bound |", "|---|---|---|",
  (.results[] | "| \(.command) | \(.median * 100 | round / 100) | \(.median / $bound * 100 | round / 100) |"),
  "sequential / paced: \((.results[1].median / .results[0].median) * 100 | round / 100)x"' "$tmp/h.json"
