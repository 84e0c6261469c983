# awsso shell integration for zsh. Install with this line in ~/.zshrc:
#   eval "$(awsso shell-init zsh)"

# EPOCHSECONDS, the clock awsso_prompt reads: a module of zsh itself, loaded once.
zmodload -F zsh/datetime p:EPOCHSECONDS 2>/dev/null

# awsso runs the awsso command, except that `awsso use` and `awsso unuse` change this shell:
# their output is code, evaluated here, and only when they succeed. Global flags may come first
# (awsso --debug use dev).
awsso() {
  local __awsso_a __awsso_skip=
  for __awsso_a in "$@"; do
    if [ -n "$__awsso_skip" ]; then
      __awsso_skip=
      continue
    fi
    case $__awsso_a in
    --profile | --output) __awsso_skip=1 ;;
    -*) ;;
    use | unuse)
      local __awsso_code
      __awsso_code="$(command awsso "$@" --shell zsh)" || return
      eval "$__awsso_code"
      return
      ;;
    *) break ;;
    esac
  done
  command awsso "$@"
}

# awsso_prompt [-v VAR] [BEFORE [AFTER]] prints the profile this shell uses for a prompt:
# "dev (111122223333/ReadOnly eu-west-1 42m)", between BEFORE and AFTER; nothing when no
# profile is in use. With -v it sets VAR instead. It reads variables only and starts no process.
awsso_prompt() {
  local __awsso_to=
  if [ "${1-}" = -v ]; then
    __awsso_to=${2-}
    shift
    [ $# -eq 0 ] || shift
  fi
  local __awsso_p=${AWS_PROFILE:-${AWS_DEFAULT_PROFILE-}} __awsso_mine= __awsso_s=
  if [ -n "$__awsso_p" ]; then
    [ "$__awsso_p" != "${AWSSO_PROFILE-}" ] || __awsso_mine=1
  elif [ -n "${AWS_ACCESS_KEY_ID-}" ] && [ -n "${AWSSO_PROFILE-}" ]; then
    __awsso_p=$AWSSO_PROFILE
    __awsso_mine=1
  fi
  if [ -n "$__awsso_p" ]; then
    local __awsso_in= __awsso_region=${AWS_REGION:-${AWS_DEFAULT_REGION-}} __awsso_left=
    if [ -n "$__awsso_mine" ]; then
      __awsso_region=${__awsso_region:-${AWSSO_REGION-}}
      __awsso_in=${AWSSO_ACCOUNT-}
      if [ -n "${AWSSO_ROLE-}" ]; then
        __awsso_in=${__awsso_in:+$__awsso_in/}$AWSSO_ROLE
      fi
      case ${AWSSO_EXPIRES-} in
      '' | *[!0-9]*) ;;
      *)
        local __awsso_now=${EPOCHSECONDS-}
        if [ -z "$__awsso_now" ]; then
          printf -v __awsso_now '%(%s)T' -1 2>/dev/null || __awsso_now=
        fi
        case $__awsso_now in
        '' | *[!0-9]*) __awsso_left="until ${AWSSO_EXPIRES_AT-}" ;; # bash before 4.2 has no clock
        *)
          local __awsso_d=$((AWSSO_EXPIRES - __awsso_now))
          local __awsso_h=$((__awsso_d / 3600)) __awsso_m=$((__awsso_d % 3600 / 60))
          if ((__awsso_d <= 0)); then
            [ -n "${AWSSO_REFRESHABLE-}" ] || __awsso_left=expired
          elif ((__awsso_d < 60)); then
            __awsso_left='<1m'
          elif ((__awsso_h == 0)); then
            __awsso_left=${__awsso_m}m
          elif ((__awsso_h >= 48)); then
            __awsso_left=$((__awsso_h / 24))d
          elif ((__awsso_m == 0)); then
            __awsso_left=${__awsso_h}h
          else
            printf -v __awsso_left '%dh%02dm' "$__awsso_h" "$__awsso_m"
          fi
          ;;
        esac
        ;;
      esac
    fi
    if [ -n "$__awsso_region" ]; then
      __awsso_in=${__awsso_in:+$__awsso_in }$__awsso_region
    fi
    if [ -n "$__awsso_left" ]; then
      __awsso_in=${__awsso_in:+$__awsso_in }$__awsso_left
    fi
    __awsso_s=$__awsso_p
    if [ -n "$__awsso_in" ]; then
      __awsso_s="$__awsso_s ($__awsso_in)"
    fi
    __awsso_s=${1-}$__awsso_s${2-}
  fi
  if [ -n "$__awsso_to" ]; then
    printf -v "$__awsso_to" '%s' "$__awsso_s"
  else
    printf '%s' "$__awsso_s"
  fi
}
