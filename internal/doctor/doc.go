// Package doctor finds problems in a user's AWS setup and says how to fix each one. A check is
// a function that returns Findings; CheckConfig covers the config and credentials files, and
// later checks (token caches, clock skew) are more such functions that Run combines.
package doctor
