// Package tokencache reads and writes the IAM Identity Center token cache the AWS CLI v2 keeps in
// ~/.aws/sso/cache: one file per sso-session (or per start URL for legacy profiles) holding the
// access token, its refresh token and the client registration, and the client registrations.
// File names, key order, time format and permissions match the AWS CLI v2 byte for byte, so a
// login by either tool serves both.
//
// # Two registration files per sign-in
//
// The AWS CLI keeps one client registration per sign-in, in the file RegistrationKey names; the
// key has no grant type in it. AWS CLI v2 before 2.22 knows only the device code flow and
// reuses any unexpired registration it finds there. From 2.22 on it signs in with the
// authorization code flow (PKCE) by default, reuses the file only when its grantTypes fit the
// flow (grantTypes holding authorization_code for PKCE, anything else for the device code), and
// otherwise registers again and overwrites the file. IAM Identity Center limits a client to the
// grant types it was registered with (none listed: the device code and refresh grants only)
// and refuses a registration that asks for both the device code and the authorization code
// grants, so no single registration serves both flows, and a PKCE registration in the AWS
// CLI's file makes an older AWS CLI's `aws sso login` fail with UnauthorizedClientException.
//
// So awsso keeps two files (Slot): the AWS CLI's file holds only registrations the device flow
// can use, exactly what any AWS CLI's device flow reuses, and awsso's own file
// (PKCERegistrationKey) holds its PKCE registration, where no AWS CLI looks. A sign-in reads
// both before it registers. A PKCE sign-in takes awsso's file, else a PKCE registration found
// in the AWS CLI's file (a newer AWS CLI's, or an older awsso's), which it moves to awsso's file
// so that an older AWS CLI finds none there. A device sign-in takes the AWS CLI's file when the
// device grant fits; when it must replace a PKCE registration there, it keeps that one in
// awsso's file first. Every order of `aws sso login` and `awsso login`, in either flow, then
// works with no cleanup, and switching flows registers no client while both registrations
// last (90 days). The price: a newer AWS CLI whose browser registration awsso moved away
// registers once more at its next browser sign-in, and from then on each tool keeps its own.
package tokencache
