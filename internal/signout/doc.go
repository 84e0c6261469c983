// Package signout signs IAM Identity Center sign-ins out, as `aws sso logout` does: it signs
// each token out at the access portal (which revokes it and its refresh token; best effort and
// bounded in time, so a dead network only delays it), deletes the token files, and deletes the
// role credentials the AWS CLI's cache holds from IAM Identity Center. Client registrations
// stay, so the next sign-in is quicker. It decides and does; saying what happened is the
// command's job.
package signout
