// Package oidc signs a user in to IAM Identity Center through the SSO OIDC API: client
// registration (cached and reused as the AWS CLI v2 does), the device code flow (RFC 8628),
// the authorization code flow with PKCE on a loopback listener (RFC 7636, RFC 8252), and the
// refresh of an access token. It returns tokens; saving them and deciding when to sign in is
// the session package's job.
package oidc
