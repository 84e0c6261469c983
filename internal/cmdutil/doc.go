// Package cmdutil holds what every command shares: the Factory with the process's streams and
// environment, error types that carry hint lines and exit codes, and the --output renderers.
package cmdutil
