// Package creds produces role credentials for an SSO profile: from the AWS CLI v2's credential
// cache (~/.aws/cli/cache, byte-compatible) while more than 15 minutes remain, else from the
// portal with the session's token, then cached, with one portal call when many processes ask at
// once. It also prints credentials in the shapes tools want (credential_process JSON,
// environment variables for sh, fish, PowerShell and cmd).
//
// The warm path (cached credentials with more than 15 minutes left) reads one file and takes no
// lock and no network: nothing another process does can make it wait. Credentials due for
// renewal that still work are renewed when that is quick, and otherwise serve as they are: the
// wait for another process's lock and for the portal is bounded (2 s, 5 s). Credentials are
// checked before they are trusted or cached (Check): a service answering with an empty key or
// an absurd expiration is a remote error, not a cache entry SDKs would choke on.
package creds
