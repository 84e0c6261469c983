// Package creds produces role credentials for an SSO profile: from the AWS CLI v2's credential
// cache (~/.aws/cli/cache, byte-compatible) while more than 15 minutes remain, else from the
// portal with the session's token, then cached, with one portal call when many processes ask at
// once. It also prints credentials in the shapes tools want (credential_process JSON,
// environment variables for sh, fish, PowerShell and cmd).
package creds
