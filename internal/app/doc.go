// Package app builds the root command, binds the global flags, runs the command line, and turns
// the resulting error into "error:" and "hint:" lines and an exit code.
package app
