// Package session answers "give me a valid access token for this sso-session": it reads the
// shared token cache, refreshes the token when less than 15 minutes remain (one process at a
// time, under the token's lock file, at most one attempt a minute), and runs a sign-in under the
// same lock so parallel processes that all need a login open one browser tab, not one each.
package session
