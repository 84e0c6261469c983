// Package portal talks to the AWS access portal (the SSO API) with an access token: the
// accounts and roles a user can reach, short-term role credentials, and sign-out.
package portal
