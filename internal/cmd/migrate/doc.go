// Package migrate implements `awsso migrate`: it rewrites legacy IAM Identity Center profiles
// (sso_start_url and sso_region in each profile) into the sso-session form, one
// [sso-session NAME] per start URL and region, so one sign-in serves them all and refreshes.
// It shows the change as a unified diff first and applies it only on --yes or after a yes on
// the terminal.
package migrate
