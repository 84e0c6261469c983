// Package configure implements `awsso configure` (also `awsso configure sso`): the wizard that
// asks the questions of `aws configure sso`, in the same order and with the same defaults, signs
// in, lets the user pick an account and a role, and writes the profile and its sso-session
// through the surgical config editor. Every question has a flag, and --non-interactive (or
// a standard input that is not a terminal) never asks: a missing answer names its flag.
//
// `awsso configure sso-session` (the AWS CLI's aws configure sso-session) asks the wizard's
// sso-session questions alone and writes only the [sso-session NAME] section, without signing in.
package configure
