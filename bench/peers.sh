#!/usr/bin/env bash
# Measures awsso against the Go peers, each built unmodified from its module source by
# bench/lib.sh's build_peers (granted 0.38.0, aws-vault 7.2.0, aws-sso-cli 1.17.0; CGO_ENABLED=0,
# kept in $AWSSO_BENCH_CACHE, default $XDG_CACHE_HOME/awsso-bench, so reruns skip the build), beside an empty Go program and
# one that only links the SDK clients awsso uses. Three hyperfine runs:
#   start-up             `awsso version` and each peer's version command
#   warm credentials     each tool hands out credentials from a warm cache in its OWN format
#   listing profiles     a 10,000-profile config, where a peer lists profiles
# None of the peers reads AWS_ENDPOINT_URL_SSO / _SSO_OIDC (they build their SDK clients for
# AWS's own endpoints), so none can sign in to the emulator; each is made warm offline the way
# its own commands allow (see the notes it prints), never through a patched build.
# Start-up and warm credentials are timed in rounds that take every tool in turn (see interleaved).
# Knobs: RUNS (default 200), ROUNDS (default 20, RUNS split among them), PROFILES (default 10000),
# RUNS_PROFILES (default 10), and AWSSO, EMULATOR_ENV, OUT as bench/lib.sh says.
set -euo pipefail
cd "$(dirname "$0")/.."
. bench/lib.sh

runs=${RUNS:-200}
profiles=${PROFILES:-10000}
runs_profiles=${RUNS_PROFILES:-10}
rounds=${ROUNDS:-20}
[ "$rounds" -le "$runs" ] || rounds=$runs # at least one run of each tool a round
runs=$((runs / rounds * rounds))           # what the rounds run in all, as the results say
need hyperfine jq curl go

build_awsso
build_floors
# The peers are stripped as their releases are; awsso is measured both ways.
awsso_stripped=$bench_tmp/awsso-stripped
CGO_ENABLED=0 go build -ldflags "-s -w" -o "$awsso_stripped" ./cmd/awsso
build_peers
isolate
emulator

# The same static key pair goes into each peer's own store; awsso's come from the emulator.
key_id=AKIAIOSFODNN7EXAMPLE
secret=wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY
{
  sso_config "${ACCOUNT:-111122223333}" "${ROLE:-ReadOnly}"
  cat <<EOF

[profile vault]
region = us-east-1

[profile granted]
region = us-east-1
EOF
} > "$AWS_CONFIG_FILE"
"$awsso" credential-process --profile bench --login --use-device-code > /dev/null 2> "$bench_tmp/login.log"

# aws-vault: its encrypted file keyring (~/.awsvault/keys), written by `aws-vault add`.
export AWS_VAULT_BACKEND=file AWS_VAULT_FILE_PASSPHRASE=bench
AWS_ACCESS_KEY_ID=$key_id AWS_SECRET_ACCESS_KEY=$secret "$aws_vault" add vault --env > /dev/null 2>&1
# granted: its encrypted file keyring (~/.granted), written by granted itself: `granted
# credentials import` moves the key pair out of ~/.aws/credentials into it, and the first
# `granted credential-process` stores the profile's session credentials, which every later run
# reads before anything else (its warm path for every kind of profile).
export CF_KEYRING_FILE_PASSWORD=bench
mkdir -p "$HOME/.granted"
printf '[Keyring]\nBackend = "file"\n' > "$HOME/.granted/config"
printf '[granted]\naws_access_key_id = %s\naws_secret_access_key = %s\n' "$key_id" "$secret" > "$AWS_SHARED_CREDENTIALS_FILE"
"$granted" credentials import granted < /dev/null > /dev/null 2>&1
"$granted" credential-process --profile granted > /dev/null 2>&1

# Every tool answers from its cache before timing, and none of them calls anything while timed.
want=$("$awsso" credential-process --profile bench | jq -r .AccessKeyId)
[ -n "$want" ] && [ "$want" != null ] || { echo "error: awsso gives no credentials" >&2; exit 1; }
[ "$("$aws_vault" export --no-session --format=json vault | jq -r .AccessKeyId)" = "$key_id" ] ||
  { echo "error: aws-vault does not read its file keyring" >&2; exit 1; }
[ "$("$granted" credential-process --profile granted 2> /dev/null | jq -r .AccessKeyId)" = "$key_id" ] ||
  { echo "error: granted does not read its file keyring" >&2; exit 1; }
[ -n "$(ls "$HOME/.granted/secure-storage-aws-session-credentials" 2> /dev/null)" ] ||
  { echo "error: granted wrote no session credentials to its cache" >&2; exit 1; }
stats_reset

# interleaved FILE HYPERFINE-ARGS... runs hyperfine $rounds times, $runs / $rounds runs of every command
# each time, and writes to FILE hyperfine's JSON for all the runs of each command together. On a
# machine whose speed drifts (a shared VM), one block of runs per command hands each tool a different
# slice of the drift, enough to swap tools a few per cent apart; rounds hand each the same.
interleaved() {
  local file=$1 round
  shift
  for round in $(seq "$rounds"); do
    hyperfine -N --style none --warmup 3 --runs "$((runs / rounds))" --export-json "$bench_tmp/round-$round.json" "$@" > /dev/null
  done
  jq -s '
    def median: sort | if length % 2 == 1 then .[length / 2 | floor] else (.[length / 2 - 1] + .[length / 2]) / 2 end;
    def mean: add / length;
    def stddev: mean as $m | (map((. - $m) * (. - $m)) | add / (length - 1)) | sqrt;
    (map(.results) | add) as $all
    | {results: [.[0].results[].command as $c | [$all[] | select(.command == $c) | .times[]]
        | {command: $c, times: ., median: median, mean: mean, stddev: stddev}]}
  ' "$bench_tmp"/round-*.json > "$file"
  rm -f "$bench_tmp"/round-*.json
}

echo "peers: start-up" >&2
interleaved "$bench_tmp/start.json" \
  --command-name "empty Go binary" "$empty_go" \
  --command-name "Go binary linking only the SDK clients (SSO, SSO OIDC, STS)" "$sdk_go" \
  --command-name "Go binary linking the SDK operations awsso calls (bench/floor/sdk.go)" "$sdk_used_go" \
  --command-name "awsso version" "$awsso version" \
  --command-name "awsso version, stripped as the peers are (-s -w)" "$awsso_stripped version" \
  --command-name "aws-vault --version" "$aws_vault --version" \
  --command-name "granted --version" "$granted --version" \
  --command-name "aws-sso version (aws-sso-cli)" "$aws_sso version"

echo "peers: warm credentials" >&2
interleaved "$bench_tmp/warm.json" \
  --command-name "empty Go binary" "$empty_go" \
  --command-name "awsso credential-process" "$awsso credential-process --profile bench" \
  --command-name "aws-vault export --no-session --format=json" "$aws_vault export --no-session --format=json vault" \
  --command-name "granted credential-process" "$granted credential-process --profile granted"
calls=$(stats)
[ "$calls" = "{}" ] || { echo "error: the timed runs called the emulator: $calls" >&2; exit 1; }

echo "peers: listing profiles" >&2
big_config "$profiles" > "$bench_tmp/big"
AWS_CONFIG_FILE=$bench_tmp/big hyperfine -N --style none --warmup 2 --runs "$runs_profiles" --export-json "$bench_tmp/list.json" \
  --command-name "awsso profiles --names" "$awsso profiles --names" \
  --command-name "awsso profiles" "$awsso profiles" \
  --command-name "aws-vault list --profiles" "$aws_vault list --profiles" >&2

# table FILE BASE prints FILE's results with how each compares with command BASE.
table() {
  jq -r --arg base "$2" "$jq_defs"'
    (.results[] | select(.command == $base) | .median) as $t
    | "| command | median | mean ± σ | \($base) is |",
      "|---|---:|---:|---:|",
      (.results[] | "| \(.command) | \(.median | ms) ms | \(.mean | ms) ± \(.stddev | ms) ms | " +
        (if .command == $base then "-" else .median | vs($t) end) + " |")
  ' "$1"
}
# floor FILE CMD prints how many times the empty Go binary's median CMD's median is.
floor() {
  jq -r --arg c "$2" '(.results[] | select(.command == "empty Go binary") | .median) as $e
    | .results[] | select(.command == $c) | .median / $e * 100 | round / 100' "$1"
}

{
  echo "## The Go peers: start-up, warm credentials, listing profiles"
  echo
  echo "\`bench/peers.sh\`, $runs runs each in $rounds rounds that take every tool in turn, so a drift of the machine's speed"
  echo "hits all alike ($runs_profiles runs for listing). granted 0.38.0, aws-vault 7.2.0 and"
  echo "aws-sso-cli 1.17.0 are built by the script from their module sources (\`go mod download\`), unmodified,"
  echo "with CGO_ENABLED=0, -trimpath and \`-s -w\`; awsso as it is built for release (not stripped), and stripped"
  echo "as well for start-up."
  echo
  echo "### Start-up"
  echo
  echo "Each tool's version command. The two SDK rows are Go programs that do nothing: the first links the SDK"
  echo "clients awsso uses (the linker drops every operation, but each package's initialisation runs); the second"
  echo "links the operations awsso calls as well, the least a Go tool that calls AWS through the SDK starts in."
  echo "awsso version is $(floor "$bench_tmp/start.json" "awsso version") times the empty Go binary; the SDK floor is $(floor "$bench_tmp/start.json" "Go binary linking the SDK operations awsso calls (bench/floor/sdk.go)") times it."
  echo
  table "$bench_tmp/start.json" "awsso version"
  echo
  echo "### Warm credentials"
  echo
  echo "Each tool answers from a warm cache in its own format; the emulator counted \`$calls\` calls during"
  echo "the runs. awsso credential-process is $(floor "$bench_tmp/warm.json" "awsso credential-process") times the empty Go binary."
  echo
  echo "- awsso: an IAM Identity Center profile signed in to the emulator; role credentials in ~/.aws/cli/cache."
  echo "- aws-vault: a key pair in its encrypted file keyring (AWS_VAULT_BACKEND=file), written by \`aws-vault add\`;"
  echo "  \`export --no-session\` decrypts and prints it. Its warm path for an IAM Identity Center profile is the"
  echo "  same: one keyring read of the cached session. It cannot sign in to the emulator to cache one: it builds"
  echo "  its SSO and SSO OIDC clients without AWS_ENDPOINT_URL_*, so they reach AWS."
  echo "- granted: its encrypted file keyring (CF_KEYRING_FILE_PASSWORD), written by granted itself (\`granted"
  echo "  credentials import\`, then one \`granted credential-process\`). Every later run answers from the session"
  echo "  credentials it cached, which it reads first for every kind of profile. It cannot sign in to the"
  echo "  emulator either (same reason)."
  echo "- aws-sso-cli: not measured. \`aws-sso process\` answers only for a role in its own role cache"
  echo "  (~/.aws-sso/cache.json), which it fills by listing accounts and roles from the portal after a sign-in,"
  echo "  and its SSO clients go to AWS's endpoints (no AWS_ENDPOINT_URL_*). Making it warm offline would mean"
  echo "  forging its internal cache and secure store by hand, which would not measure aws-sso-cli as shipped."
  echo
  table "$bench_tmp/warm.json" "awsso credential-process"
  echo
  echo "### Listing profiles"
  echo
  echo "The $profiles-profile config of the listing section. aws-vault lists profile names (\`list --profiles\`); granted has no"
  echo "listing command (its \`assume\` picker is interactive), nor has aws-sso-cli for a config's profiles (\`aws-sso"
  echo "list\` lists the roles of its own cache)."
  echo
  table "$bench_tmp/list.json" "awsso profiles --names"
  echo
} | emit
