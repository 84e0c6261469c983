// Package tokencache reads and writes the IAM Identity Center token cache the AWS CLI v2 keeps in
// ~/.aws/sso/cache: one file per sso-session (or per start URL for legacy profiles) holding the
// access token, its refresh token and the client registration, and one file per client
// registration. File names, key order, time format and permissions match the AWS CLI v2 byte
// for byte, so a login by either tool serves both.
package tokencache
