# awsso shell integration for fish. Install with this line in ~/.config/fish/config.fish:
#   awsso shell-init fish | source

# awsso runs the awsso command, except that `awsso use` and `awsso unuse` change this shell:
# their output is code, evaluated here, and only when they succeed. Global flags may come first
# (awsso --debug use dev).
function awsso --description 'awsso; `awsso use` and `awsso unuse` change this shell'
    set -l __awsso_skip
    for __awsso_a in $argv
        if test -n "$__awsso_skip"
            set __awsso_skip
            continue
        end
        switch $__awsso_a
            case --profile --output
                set __awsso_skip 1
            case '-*'
            case use unuse
                set -l __awsso_code (command awsso $argv --shell fish)
                or return
                printf '%s\n' $__awsso_code | source
                return 0
            case '*'
                break
        end
    end
    command awsso $argv
end

# awsso_prompt [BEFORE [AFTER]] prints the profile this shell uses for a prompt:
# "dev (111122223333/ReadOnly eu-west-1 until 18:04)", between BEFORE and AFTER; nothing when no
# profile is in use. It reads variables only and starts no process. fish has no clock, so it
# shows when the sign-in ends rather than the time left.
function awsso_prompt --description 'Print the AWS profile this shell uses, for a prompt'
    set -l p $AWS_PROFILE
    test -n "$p"; or set p $AWS_DEFAULT_PROFILE
    set -l mine
    if test -n "$p"
        test "$p" = "$AWSSO_PROFILE"; and set mine 1
    else if test -n "$AWS_ACCESS_KEY_ID"; and test -n "$AWSSO_PROFILE"
        set p $AWSSO_PROFILE
        set mine 1
    end
    test -n "$p"; or return 0
    set -l region $AWS_REGION
    test -n "$region"; or set region $AWS_DEFAULT_REGION
    set -l parts
    if test -n "$mine"
        test -n "$region"; or set region $AWSSO_REGION
        set -l role $AWSSO_ACCOUNT
        if test -n "$AWSSO_ROLE"
            if test -n "$role"
                set role "$role/$AWSSO_ROLE"
            else
                set role $AWSSO_ROLE
            end
        end
        test -n "$role"; and set -a parts $role
    end
    test -n "$region"; and set -a parts $region
    if test -n "$mine"; and string match -qr '^[0-9]+$' -- "$AWSSO_EXPIRES"
        set -a parts "until $AWSSO_EXPIRES_AT"
    end
    set -l s $p
    set -q parts[1]; and set s "$p ("(string join ' ' -- $parts)")"
    printf '%s' "$argv[1]$s$argv[2]"
end
