// Package signin turns role credentials into an AWS console sign-in URL through the AWS
// federation endpoint: getSigninToken with the session credentials, then the login URL for
// the partition of the profile's region.
package signin
