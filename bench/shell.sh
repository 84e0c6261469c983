#!/usr/bin/env bash
# Measures what the shell integration costs: `awsso prompt` (which prompts such as starship's
# run at every Enter) against `awsso version`, the cost of starting awsso at all, on a usual
# config; and `awsso use` (the code the shell function evaluates) against `awsso profiles
# --names` on a config of 10,000 profiles. Both run with a signed-in session in the token cache
# and make no network call. Prints a markdown section with medians and ratios.
# Knobs: RUNS (default 50; the 10,000-profile commands run RUNS/5 times), PROFILES (default
# 10000), and AWSSO, OUT as bench/lib.sh says.
set -euo pipefail
cd "$(dirname "$0")/.."
. bench/lib.sh

runs=${RUNS:-50}
profiles=${PROFILES:-10000}
need hyperfine jq go sha1sum
build_awsso
isolate

# sign_in puts a valid token of sso-session $1 in the token cache, as a login leaves it.
sign_in() {
  local dir=$HOME/.aws/sso/cache
  mkdir -p "$dir"
  chmod 700 "$HOME/.aws/sso" "$dir"
  printf '{"startUrl": "https://d-0000000000.awsapps.com/start", "region": "us-east-1", "accessToken": "bench", "expiresAt": "%s"}\n' \
    "$(date -u -d '+8 hours' +%Y-%m-%dT%H:%M:%SZ)" > "$dir/$(printf %s "$1" | sha1sum | cut -d' ' -f1).json"
  chmod 600 "$dir"/*.json
}

# run_pair times two commands with hyperfine and prints the table rows: median wall time, mean
# CPU time (user and system: what a busy machine disturbs least), and the ratio of medians to
# the first command.
run_pair() {
  local runs=$1 base_name=$2 base=$3 name=$4 cmd=$5
  hyperfine -N --style none --warmup 3 --runs "$runs" --export-json "$bench_tmp/pair.json" \
    --command-name "$base_name" "$base" --command-name "$name" "$cmd" >&2
  jq -r "$jq_defs"'
    .results[0].median as $base
    | (.results[] | "| \(.command) | \(.median | ms) ms | \(.mean | ms) ± \(.stddev | ms) ms | \(.user + .system | ms) ms | " +
        (if .median == $base and .command == "'"$base_name"'" then "1" else (.median / $base * 100 | round / 100 | tostring) end) + " |")
  ' "$bench_tmp/pair.json"
}

# A usual config: 20 profiles of one sso-session, signed in.
big_config 20 > "$AWS_CONFIG_FILE"
sign_in org0
export AWS_PROFILE=acct-00005-admin
want="acct-00005-admin (100000000005/AdministratorAccess eu-west-2 7h59m)"
got=$("$awsso" prompt)
[ "${got% *}" = "${want% *}" ] || { echo "error: awsso prompt printed '$got', want '$want'" >&2; exit 1; }
prompt_rows=$(run_pair "$runs" "awsso version" "$awsso version" "awsso prompt" "$awsso prompt")
unset AWS_PROFILE

# 10,000 profiles, the one used signed in: use must print its code and no warning.
big_config "$profiles" > "$AWS_CONFIG_FILE"
sign_in org100
"$awsso" use acct-05000-admin --shell bash 2> "$bench_tmp/use.err" | grep -qx 'export AWS_PROFILE=acct-05000-admin' ||
  { echo "error: awsso use printed no AWS_PROFILE line" >&2; exit 1; }
[ ! -s "$bench_tmp/use.err" ] || { echo "error: awsso use warned: $(cat "$bench_tmp/use.err")" >&2; exit 1; }
big_runs=$(( runs / 5 > 3 ? runs / 5 : 3 ))
use_rows=$(run_pair "$big_runs" "awsso profiles --names" "$awsso profiles --names" "awsso use acct-05000-admin" "$awsso use acct-05000-admin --shell bash")

ratio() { grep -F "| $1 |" <<< "$2" | awk -F'|' '{gsub(/ /, "", $6); print $6}'; }
{
  echo "## Shell integration: the prompt and use"
  echo
  echo "\`bench/shell.sh\`, with a signed-in session in the token cache; no command makes a network call."
  echo "\`awsso prompt\` is what prompts that run a command (starship, powerlevel10k, tmux) pay at every"
  echo "Enter; \`awsso version\` is the cost of starting awsso at all. The shell function \`awsso_prompt\`"
  echo "starts no process and costs neither. $runs runs each on a config of 20 profiles:"
  echo
  echo "| command | median | mean ± σ | CPU | × awsso version |"
  echo "|---|---:|---:|---:|---:|"
  echo "$prompt_rows"
  echo
  echo "\`awsso use\` (the code the shell function evaluates) against \`awsso profiles --names\`, both"
  echo "reading a config of $profiles profiles, $big_runs runs each:"
  echo
  echo "| command | median | mean ± σ | CPU | × profiles --names |"
  echo "|---|---:|---:|---:|---:|"
  echo "$use_rows"
  echo
  echo "awsso prompt takes $(ratio "awsso prompt" "$prompt_rows") times awsso version; awsso use takes $(ratio "awsso use acct-05000-admin" "$use_rows") times profiles --names."
  echo
} | emit
