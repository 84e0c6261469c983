// Package awsclient is the one place that builds an aws.Config for the SDK clients awsso uses
// (SSO OIDC, the SSO portal, STS): the region, the endpoint as the AWS_ENDPOINT_URL variables
// and endpoint_url keys choose it, a retryer with jittered backoff that keeps trying through
// throttling and server faults (and gives up sooner on an endpoint it cannot reach), a hook
// that hears of each retry so a terminal can say what awsso waits for, an HTTP client with
// sane timeouts and AWS_CA_BUNDLE, and a --debug trace that never shows a secret.
package awsclient
