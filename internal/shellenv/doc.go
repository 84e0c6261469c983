// Package shellenv is what awsso puts in a user's shell: the code `awsso use` and `awsso unuse`
// print for the shell to evaluate (which variables they set and unset, quoted for each shell),
// the scripts `awsso shell-init` prints (the awsso wrapper function, the awsso_prompt function
// and direnv's use_awsso), and the prompt segment both awsso_prompt and `awsso prompt` show.
//
// The shells keep no state but their environment: use records what it set in AWSSO_VARS so the
// next use or unuse removes exactly that, and the prompt reads the AWSSO_ variables without
// starting a process.
package shellenv
