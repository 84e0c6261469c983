# Shared by the bench scripts (sourced, not run). Each script runs on its own or under
# bench/run, which builds awsso once and starts one emulator for all of them:
#   AWSSO=PATH          use this awsso binary instead of building one (CGO_ENABLED=0, as releases)
#   EMULATOR_ENV=FILE   use the running emulator whose export lines are in FILE instead of starting one
#   OUT=FILE            write the script's markdown section there (default: stdout only)
# Every script works in a temporary home of its own and never reads or writes ~/.aws.

bench_tmp=$(mktemp -d)
bench_pids=()
bench_cleanup() {
  local pid
  for pid in "${bench_pids[@]}"; do
    kill "$pid" 2>/dev/null && wait "$pid" 2>/dev/null
  done
  rm -rf "$bench_tmp"
}
trap bench_cleanup EXIT

# need fails unless every named tool is on PATH (or is an executable path).
need() {
  local tool
  for tool in "$@"; do
    command -v "$tool" >/dev/null || { echo "error: $tool not found" >&2; exit 1; }
  done
}

# build_awsso sets $awsso: $AWSSO, or a static build of this checkout.
build_awsso() {
  if [ -n "${AWSSO:-}" ]; then
    awsso=$AWSSO
  else
    awsso=$bench_tmp/awsso
    CGO_ENABLED=0 go build -o "$awsso" ./cmd/awsso
  fi
}

# The caches are fixed the first time a script sources this file, before isolate changes HOME,
# and exported, so that the area scripts bench/run starts under its isolated HOME build from the
# same Go module and build caches and find the peers built before. AWSSO_BENCH_CACHE holds what
# reruns reuse (the peers' binaries).
export AWSSO_BENCH_CACHE=${AWSSO_BENCH_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/awsso-bench}
GOMODCACHE=${GOMODCACHE:-$(go env GOMODCACHE)} GOCACHE=${GOCACHE:-$(go env GOCACHE)}
export GOMODCACHE GOCACHE
bench_cache=$AWSSO_BENCH_CACHE

# build_peer NAME MODULE VERSION PACKAGE LDFLAGS sets $peer to a binary of the Go peer NAME, built
# unmodified from its module source as its release is (CGO_ENABLED=0, -trimpath, its version
# stamped in with -X), once: the binary is kept in $AWSSO_BENCH_CACHE/peers. `go mod download` fetches the
# module; the read-only module folder is copied to a temporary folder and built there.
build_peer() {
  local name=$1 module=$2 version=$3 pkg=$4 ldflags=$5 dir src
  peer=$bench_cache/peers/$name-$version
  [ -x "$peer" ] && return
  dir=$(go mod download -json "$module@$version" | jq -r .Dir)
  [ -d "$dir" ] || { echo "error: go mod download $module@$version gave no folder" >&2; exit 1; }
  src=$bench_tmp/src/$name
  mkdir -p "$src" "$bench_cache/peers"
  cp -R "$dir/." "$src"
  chmod -R u+w "$src"
  echo "building $name $version from $dir" >&2
  (cd "$src" && GOFLAGS=-mod=mod CGO_ENABLED=0 go build -trimpath -ldflags "-s -w $ldflags" -o "$peer.tmp" "$pkg")
  mv "$peer.tmp" "$peer"
}

# build_peers sets $granted, $aws_vault and $aws_sso to the Go peers, built by build_peer.
build_peers() {
  build_peer granted github.com/common-fate/granted v0.38.0 ./cmd/granted \
    "-X github.com/common-fate/granted/internal/build.Version=0.38.0 -X github.com/common-fate/granted/internal/build.ConfigFolderName=.granted"
  granted=$peer
  build_peer aws-vault github.com/99designs/aws-vault/v7 v7.2.0 . "-X main.Version=v7.2.0"
  aws_vault=$peer
  build_peer aws-sso github.com/synfinatic/aws-sso-cli v1.17.0 ./cmd/aws-sso "-X main.Version=1.17.0 -X main.Tag=v1.17.0"
  aws_sso=$peer
}

# build_floors sets $empty_go to an empty Go program, $sdk_go to one that only links the SDK
# clients awsso uses (SSO, SSO OIDC, STS) and does nothing, and $sdk_used_go to bench/floor/sdk.go,
# which links the operations awsso calls as well and returns at once: with every package's
# initialisation and the size of the code that calls AWS, the least a Go tool on the SDK starts in.
build_floors() {
  mkdir -p "$bench_tmp/empty" "$bench_tmp/sdk" "$bench_tmp/sdk-used"
  printf 'package main\n\nfunc main() {}\n' > "$bench_tmp/empty/main.go"
  (cd "$bench_tmp/empty" && GOFLAGS= GO111MODULE=off CGO_ENABLED=0 go build -o "$bench_tmp/empty-go" main.go)
  empty_go=$bench_tmp/empty-go
  for d in sdk sdk-used; do
    sed 's|^module .*|module sdkfloor|' go.mod > "$bench_tmp/$d/go.mod"
    cp go.sum "$bench_tmp/$d/"
  done
  printf 'package main\n\nimport (\n\t_ "github.com/aws/aws-sdk-go-v2/service/sso"\n\t_ "github.com/aws/aws-sdk-go-v2/service/ssooidc"\n\t_ "github.com/aws/aws-sdk-go-v2/service/sts"\n)\n\nfunc main() {}\n' > "$bench_tmp/sdk/main.go"
  (cd "$bench_tmp/sdk" && GOFLAGS=-mod=mod CGO_ENABLED=0 go build -o "$bench_tmp/sdk-go" .)
  sdk_go=$bench_tmp/sdk-go
  sed '/^\/\/go:build ignore$/d' bench/floor/sdk.go > "$bench_tmp/sdk-used/main.go"
  (cd "$bench_tmp/sdk-used" && GOFLAGS=-mod=mod CGO_ENABLED=0 go build -o "$bench_tmp/sdk-used-go" .)
  sdk_used_go=$bench_tmp/sdk-used-go
}

# isolate gives the script a home of its own and clears what would change what the tools do.
isolate() {
  mkdir -p "$bench_tmp/home/.aws"
  unset AWS_PROFILE AWS_DEFAULT_PROFILE AWS_REGION AWS_DEFAULT_REGION AWS_DEFAULT_OUTPUT AWS_ACCESS_KEY_ID \
    AWS_SECRET_ACCESS_KEY AWS_SESSION_TOKEN AWS_ENDPOINT_URL AWS_CA_BUNDLE AWSSO_PROFILE_CHAIN AWSSO_PROFILE \
    BROWSER AWSSO_BROWSER AWS_MAX_ATTEMPTS AWS_RETRY_MODE AWS_DATA_PATH
  export HOME="$bench_tmp/home" AWS_CONFIG_FILE="$bench_tmp/home/.aws/config" \
    AWS_SHARED_CREDENTIALS_FILE="$bench_tmp/home/.aws/credentials"
  : > "$AWS_SHARED_CREDENTIALS_FILE"
}

# emulator sources the export lines of $EMULATOR_ENV, or starts an auto-approving emulator with
# the given flags (and an AWS_DATA_PATH folder for the AWS CLI v2) and sources its lines. Either
# way $bench_data is the AWS_DATA_PATH folder, and the config stays the one isolate chose (the
# emulator's lines point AWS_CONFIG_FILE at a config of its own).
emulator() {
  local config=${AWS_CONFIG_FILE:-}
  if [ -n "${EMULATOR_ENV:-}" ]; then
    # shellcheck disable=SC1090
    . "$EMULATOR_ENV"
  else
    "$awsso" emulator --auto-approve --aws-data-path "$bench_tmp/data" "$@" > "$bench_tmp/emulator.env" 2> "$bench_tmp/emulator.log" &
    bench_pids+=($!)
    for _ in $(seq 200); do grep -q AWSSO_EMULATOR_REGION "$bench_tmp/emulator.env" 2>/dev/null && break; sleep 0.05; done
    # shellcheck disable=SC1091
    . "$bench_tmp/emulator.env"
  fi
  if [ -n "$config" ]; then export AWS_CONFIG_FILE=$config; fi
  bench_data=${AWS_DATA_PATH:-$bench_tmp/data}
  unset AWS_DATA_PATH # only the AWS CLI v2 gets it, per command
}

# big_config prints a config of $1 profiles in sso-sessions of 50 profiles each, as a large
# organisation has them: profile acct-NNNNN-admin (0 to $1-1) uses sso-session orgN (N = NNNNN/50)
# and account 1NNNNNNNNNNN. Account ids are built as strings ("1" and 11 digits): mawk's
# printf %d holds 32-bit integers only and would print 002147483647 for every 12-digit number.
# sso_config ACCOUNT ROLE prints the [sso-session bench] and [profile bench] that every area signs
# in with, against the emulator that `emulator` started.
sso_config() {
  cat <<EOF
[sso-session bench]
sso_start_url = $AWSSO_EMULATOR_START_URL
sso_region = $AWSSO_EMULATOR_REGION
sso_registration_scopes = sso:account:access

[profile bench]
sso_session = bench
sso_account_id = $1
sso_role_name = $2
region = us-east-1
EOF
}

big_config() {
  awk -v n="$1" 'BEGIN {
    printf "[default]\nregion = us-east-1\n"
    for (s = 0; s * 50 < n; s++)
      printf "\n[sso-session org%d]\nsso_start_url = https://d-%010d.awsapps.com/start\nsso_region = us-east-1\n", s, s
    for (i = 0; i < n; i++)
      printf "\n[profile acct-%05d-admin]\nsso_session = org%d\nsso_account_id = 1%011d\nsso_role_name = AdministratorAccess\nregion = eu-west-2\n", i, int(i / 50), i
  }'
}

# stats prints the emulator's call counters; stats_reset zeroes them; faults sets the injected
# faults ({"latencyMillis", "errorRate", "throttle"}).
stats() { curl -fsS "$AWSSO_EMULATOR_URL/_emulator/stats" | jq -c '.calls'; }
stats_reset() { curl -fsS -X POST "$AWSSO_EMULATOR_URL/_emulator/stats/reset" > /dev/null; }
faults() { curl -fsS -X POST -d "$1" "$AWSSO_EMULATOR_URL/_emulator/faults" > /dev/null; }

# emit writes the markdown section on stdin to $OUT (when set) and to stdout.
emit() {
  if [ -n "${OUT:-}" ]; then
    mkdir -p "$(dirname "$OUT")"
    tee "$OUT"
  else
    cat
  fi
}

# jq_defs are the jq functions the tables use: ms (seconds as milliseconds, 3 digits), s
# (seconds, 2 decimals), and vs($t) (how a time compares with $t, the tool the table is about:
# "4.2x faster" when . is the slower, "1.3x slower" when . is the faster, else "about the same").
jq_defs='
def ms: . * 1000 | if . >= 100 then round elif . >= 10 then (. * 10 | round / 10) else (. * 100 | round / 100) end;
def s: . * 100 | round / 100;
def vs($t): if . >= $t * 1.05 then "\(. / $t * 10 | round / 10)x faster"
  elif . <= $t / 1.05 then "\($t / . * 10 | round / 10)x slower" else "about the same" end;
'
