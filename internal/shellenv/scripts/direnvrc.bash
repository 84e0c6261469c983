# awsso for direnv. Install with this line in ~/.config/direnv/direnvrc:
#   eval "$(awsso shell-init direnv)"

# use_awsso PROFILE [--region R] [--export]: in a folder's .envrc, `use awsso PROFILE` switches
# to the profile while you are in the folder (direnv restores the environment when you leave),
# and an edit of the AWS config or credentials file reloads it.
use_awsso() {
  watch_file "${AWS_CONFIG_FILE:-$HOME/.aws/config}" "${AWS_SHARED_CREDENTIALS_FILE:-$HOME/.aws/credentials}"
  local __awsso_code
  __awsso_code="$(command awsso use --shell bash "$@")" || return
  eval "$__awsso_code"
}
