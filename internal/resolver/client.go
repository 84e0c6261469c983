package resolver

import (
	"strconv"
	"strings"

	"github.com/awsso/awsso/internal/awsclient"
	"github.com/awsso/awsso/internal/awsconfig"
)

// Services are the services awsso calls, whose endpoints a Client carries.
var Services = []string{awsclient.ServiceSSO, awsclient.ServiceSSOOIDC, awsclient.ServiceSTS, awsclient.ServiceSignIn}

// Client holds a profile's settings for the AWS clients awsso builds: where each service
// is, whom to trust, how often to try. The zero Client has no profile settings: the
// environment alone (AWS_ENDPOINT_URL_*, AWS_CA_BUNDLE, AWS_MAX_ATTEMPTS) decides when a
// client is built, by awsclient.
type Client struct {
	// Endpoints hold the endpoint of each of Services, chosen as awsconfig.Config.EndpointURL
	// chooses it for the profile (the environment's variables, the profile's services section,
	// its endpoint_url, ignore_configured_endpoint_urls). Nil for the zero Client.
	Endpoints map[string]Endpoint
	// CABundle is the profile's ca_bundle.
	CABundle string
	// MaxAttempts is max_attempts (0 when not set).
	MaxAttempts int
}

// Endpoint is the endpoint of one service and what chose it.
type Endpoint struct {
	URL string // "" for the service's AWS endpoint
	// Source names the variable or the config line that chose it, for --debug ("" when
	// nothing did).
	Source string
	// Err is why no endpoint can be chosen (services = NAME naming no section, an
	// *awsconfig.ServicesNotFoundError): a client of the service fails with it, as botocore's
	// does.
	Err error
}

// Options returns the awsclient options of service in region under these settings.
func (c Client) Options(service, region string) awsclient.Options {
	o := awsclient.Options{Service: service, Region: region, CABundle: c.CABundle, MaxAttempts: c.MaxAttempts}
	if e, ok := c.Endpoints[service]; ok {
		o.EndpointURL = func(string) (string, string, error) { return e.URL, e.Source, e.Err }
	}
	return o
}

// ClientOf reads the client settings of profile name alone, for commands that sign in or
// list rather than resolve credentials. "" or a missing profile has none but the
// environment's.
func ClientOf(cfg *awsconfig.Config, name string, env func(string) (string, bool)) (Client, error) {
	prof, ok := cfg.Profile(name)
	if name == "" || !ok {
		return Client{}, nil
	}
	return clientSettings(cfg, prof, env, true)
}

// clientSettings reads the client settings of prof, with the endpoints env and prof choose
// when endpoints is set (else Endpoints stays nil).
func clientSettings(cfg *awsconfig.Config, prof *awsconfig.Profile, env func(string) (string, bool), endpoints bool) (Client, error) {
	var c Client
	if endpoints {
		c.Endpoints = make(map[string]Endpoint, len(Services))
		for _, service := range Services {
			url, source, err := cfg.EndpointURL(prof.Name, service, env)
			c.Endpoints[service] = Endpoint{URL: url, Source: source, Err: err}
		}
	}
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
