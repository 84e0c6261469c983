// Package browser opens URLs in the user's browser without ever hanging or writing to stdout:
// AWSSO_BROWSER or BROWSER when set, the Windows browser from WSL, open on macOS, xdg-open on a
// Linux desktop, and "no browser" over SSH, in containers and on machines without a display,
// where the caller prints the URL instead.
package browser
