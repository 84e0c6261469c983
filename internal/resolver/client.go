package resolver

import (
	"strconv"
	"strings"

	"github.com/awsso/awsso/internal/awsclient"
	"github.com/awsso/awsso/internal/awsconfig"
)

// Client holds a profile's settings for the AWS clients awsso builds: where each service
// is, whom to trust, how often to try. The environment (AWS_ENDPOINT_URL_*, AWS_CA_BUNDLE,
// AWS_MAX_ATTEMPTS) is applied when a client is built, by awsclient.
type Client struct {
	// EndpointURL is the profile's endpoint_url.
	EndpointURL string
	// ServiceEndpoints are the endpoint_url values of the profile's services section, by
	// service as awsclient names them (awsclient.ServiceSTS...).
	ServiceEndpoints map[string]string
	// IgnoreConfiguredEndpoints is ignore_configured_endpoint_urls = true.
	IgnoreConfiguredEndpoints bool
	// CABundle is the profile's ca_bundle.
	CABundle string
	// MaxAttempts is max_attempts (0 when not set).
	MaxAttempts int
}

// Options returns the awsclient options of service in region under these settings.
func (c Client) Options(service, region string) awsclient.Options {
	return awsclient.Options{
		Service: service,
		Region:  region,
		ConfigEndpoint: func(service string) (string, string) {
			return c.ServiceEndpoints[service], c.EndpointURL
		},
		IgnoreConfiguredEndpoints: c.IgnoreConfiguredEndpoints,
		CABundle:                  c.CABundle,
		MaxAttempts:               c.MaxAttempts,
	}
}

// ClientOf reads the client settings of profile name alone ("" or a missing profile has
// none), for commands that sign in or list rather than resolve credentials.
func ClientOf(cfg *awsconfig.Config, name string) (Client, error) {
	prof, ok := cfg.Profile(name)
	if name == "" || !ok {
		return Client{}, nil
	}
	return clientSettings(cfg, prof)
}

// clientSettings reads the client settings of prof.
func clientSettings(cfg *awsconfig.Config, prof *awsconfig.Profile) (Client, error) {
	var c Client
	c.EndpointURL = get(prof, "endpoint_url")
	c.IgnoreConfiguredEndpoints = strings.EqualFold(get(prof, "ignore_configured_endpoint_urls"), "true")
	c.CABundle = get(prof, "ca_bundle")
	if p := prof.Lookup("max_attempts"); p != nil {
		n, err := strconv.Atoi(strings.TrimSpace(p.Value))
		if err != nil || n < 1 {
			return c, &InvalidValueError{Key: "max_attempts", Value: p.Value, Where: location(cfg, p.Loc()), Want: "a whole number of attempts, 1 or more"}
		}
		c.MaxAttempts = n
	}
	return c, nil
}
