// Package shell proves the shell integration end to end, with the real binary in the real
// shells: bash, zsh and fish on a pseudo-terminal running `awsso shell-init`, use, use
// --export, unuse, the prompt function, the picker and completion; direnv entering and leaving
// a folder; boto3 and the AWS CLI v2 using what use set; and hostile profile names, which must
// come through every shell exactly and run nothing. It holds tests only.
package shell
