#!/usr/bin/env bash
# Times a credential request that `awsso serve` answers from memory against the tools that
# start a process per request, `awsso credential-process` and `aws configure
# export-credentials` (Debian's AWS CLI v2), in one run against the emulator in a temporary
# home, all of them with the same warm credentials:
#   latency     median and p99 of one client asking again and again: wrk on one kept-alive
#               connection for the server, hyperfine for the processes
#   throughput  requests per second with 50 clients at once: wrk with 50 connections for the
#               server, 50 processes at a time (xargs -P 50) for the others
# It checks that every tool hands out the same credentials and that the timed runs make no
# call at all, then prints a markdown section with the numbers and ratios.
# Knobs: DURATION (seconds of each wrk run, default 10), RUNS (hyperfine runs, default 100;
# the AWS CLI gets a fifth), SPAWNS (processes started 50 at a time, default 1000; the AWS CLI
# gets a tenth), ACCOUNT and ROLE (default 111122223333 ReadOnly), AWS (default /usr/bin/aws), and
# AWSSO, EMULATOR_ENV, OUT as bench/lib.sh says.
set -euo pipefail
cd "$(dirname "$0")/.."
. bench/lib.sh

aws=${AWS:-/usr/bin/aws}
duration=${DURATION:-10}
runs=${RUNS:-100}
spawns=${SPAWNS:-1000}
need hyperfine jq curl go wrk "$aws"

build_awsso
isolate
emulator

sso_config "${ACCOUNT:-111122223333}" "${ROLE:-ReadOnly}" > "$AWS_CONFIG_FILE"

# Sign in, cache the role credentials, and start the server on them.
"$awsso" credential-process --profile bench --login --use-device-code > /dev/null 2> "$bench_tmp/login.log" ||
  { echo "error: the sign-in for the server failed:" >&2; cat "$bench_tmp/login.log" >&2; exit 1; }
"$awsso" serve --profile bench > "$bench_tmp/serve.env" 2> "$bench_tmp/serve.log" &
bench_pids+=($!)
for _ in $(seq 200); do grep -q AWS_CONTAINER_AUTHORIZATION_TOKEN "$bench_tmp/serve.env" 2>/dev/null && break; sleep 0.05; done
# shellcheck disable=SC1091
. "$bench_tmp/serve.env"
url=$AWS_CONTAINER_CREDENTIALS_FULL_URI token=$AWS_CONTAINER_AUTHORIZATION_TOKEN
unset AWS_CONTAINER_CREDENTIALS_FULL_URI AWS_CONTAINER_AUTHORIZATION_TOKEN

# The same credentials from every tool before timing.
want=$("$awsso" credential-process --profile bench | jq -r .AccessKeyId)
[ "$(curl -fsS -H "Authorization: $token" "$url" | jq -r .AccessKeyId)" = "$want" ] ||
  { echo "error: awsso serve does not hand out the cached credentials" >&2; exit 1; }
[ "$(AWS_DATA_PATH="$bench_data" "$aws" configure export-credentials --profile bench | jq -r .AccessKeyId)" = "$want" ] ||
  { echo "error: the AWS CLI v2 does not read the credentials awsso cached" >&2; exit 1; }

# wrk prints one JSON line: median and p99 in microseconds, requests per second.
cat > "$bench_tmp/report.lua" <<'EOF'
done = function(summary, latency, requests)
  io.write(string.format('{"p50":%d,"p99":%d,"rps":%.1f,"requests":%d,"errors":%d}\n', latency:percentile(50),
    latency:percentile(99), summary.requests / summary.duration * 1e6, summary.requests,
    summary.errors.status + summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout))
end
EOF
wrk_json() { wrk "$@" -H "Authorization: $token" -s "$bench_tmp/report.lua" "$url" | tail -1; }

# spawn_rate N CMD...: starts CMD N times, 50 at a time, and prints the runs per second.
spawn_rate() {
  local n=$1 start end
  shift
  start=$(date +%s.%N)
  seq "$n" | AWS_DATA_PATH=$bench_data xargs -P 50 -I{} "$@" > /dev/null
  end=$(date +%s.%N)
  awk -v n="$n" -v s="$start" -v e="$end" 'BEGIN { printf "%.1f\n", n / (e - s) }' 
}

stats_reset
echo "-- wrk: one connection" >&2
one=$(wrk_json -t1 -c1 -d"${duration}s")
echo "-- wrk: 50 connections" >&2
fifty=$(wrk_json -t2 -c50 -d"${duration}s")
echo "-- hyperfine" >&2
AWS_DATA_PATH=$bench_data hyperfine -N --style none --warmup 5 --runs "$runs" --export-json "$bench_tmp/cp.json" \
  --command-name "awsso credential-process" "$awsso credential-process --profile bench" >&2
AWS_DATA_PATH=$bench_data hyperfine -N --style none --warmup 2 --runs "$((runs / 5))" --export-json "$bench_tmp/aws.json" \
  --command-name "aws configure export-credentials (AWS CLI v2)" "$aws configure export-credentials --profile bench" >&2
echo "-- 50 processes at a time" >&2
cp_rate=$(spawn_rate "$spawns" "$awsso" credential-process --profile bench)
aws_rate=$(spawn_rate "$((spawns / 10))" "$aws" configure export-credentials --profile bench)
calls=$(stats)
[ "$calls" = "{}" ] || { echo "error: the timed runs called the emulator: $calls" >&2; exit 1; }
for r in "$one" "$fifty"; do
  [ "$(jq .errors <<< "$r")" = 0 ] || { echo "error: wrk saw failed requests: $r" >&2; exit 1; }
done

# The table: one row per tool, times in ms, ratios against awsso serve.
table=$(jq -rn "$jq_defs"'
  def p($q): sort | .[((length - 1) * $q / 100 | round)];
  def row($name; $p50; $p99; $rps): {name: $name, p50: $p50, p99: $p99, rps: $rps};
  def n: if . >= 100 then round elif . >= 10 then (. * 10 | round / 10) else (. * 100 | round / 100) end;
  [row("awsso serve (HTTP on loopback, from memory)"; $one.p50 / 1e6; $one.p99 / 1e6; $fifty.rps),
   row("awsso credential-process (a process per request)"; ($cp[0].results[0].times | p(50)); ($cp[0].results[0].times | p(99)); $cp_rate),
   row("aws configure export-credentials (AWS CLI v2)"; ($aws[0].results[0].times | p(50)); ($aws[0].results[0].times | p(99)); $aws_rate)]
  | .[0] as $s
  | "| how | median | p99 | requests/s, 50 clients | awsso serve is |",
    "|---|---:|---:|---:|---:|",
    (.[] | "| \(.name) | \(.p50 | ms) ms | \(.p99 | ms) ms | \(.rps | n) | " +
      (if .name == $s.name then "-" else "\(.p50 | vs($s.p50)); \($s.rps / .rps | round)x the requests/s" end) + " |")
' --argjson one "$one" --argjson fifty "$fifty" --slurpfile cp "$bench_tmp/cp.json" --slurpfile aws "$bench_tmp/aws.json" \
  --argjson cp_rate "$cp_rate" --argjson aws_rate "$aws_rate")

{
  echo "## A credential server: \`awsso serve\`"
  echo
  echo "\`bench/serve.sh\`. A request for credentials that \`awsso serve\` holds in memory, over HTTP on loopback"
  echo "(what an SDK with AWS_CONTAINER_CREDENTIALS_FULL_URI does each time it needs credentials), against"
  echo "starting a process per request. Latency: one client asking again and again (wrk on one kept-alive"
  echo "connection for ${duration} s, $(jq .requests <<< "$one") requests; hyperfine, $runs runs of credential-process and"
  echo "$((runs / 5)) of the AWS CLI). Throughput: 50 clients at once (wrk with 50 connections for ${duration} s;"
  echo "$spawns credential-process and $((spawns / 10)) AWS CLI runs, 50 at a time). Every tool handed out the same"
  echo "credentials, and the emulator counted \`$calls\` calls during the runs."
  echo
  echo "$table"
  echo
} | emit
