// Package prompt asks the user questions on a terminal: a line of text with a default and
// validation, a yes/no confirmation, and a choice from a list that filters as the user types and
// moves with the arrow keys. It is the only package that puts the terminal in raw mode.
//
// Prompts are written to stderr so stdout stays data. Commands create a Prompter only when
// stdin and stderr are terminals ([Available]); otherwise they never prompt and fail naming the
// flag that answers the question.
//
// The Prompter is written directly on golang.org/x/term rather than on a TUI framework: the
// questions are single lines and one list, the transcript it leaves reads like the AWS CLI's,
// it honours NO_COLOR through the caller's colour decision, and it sends the terminal nothing
// but cursor movement and SGR colours (no capability queries), so it behaves the same in every
// terminal, in tmux and in a test's pseudo-terminal.
package prompt
