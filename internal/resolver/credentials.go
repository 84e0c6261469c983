package resolver

import (
	"context"
	"errors"
	"fmt"
	"io"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"

	"github.com/awsso/awsso/internal/awsclient"
	"github.com/awsso/awsso/internal/awsconfig"
	"github.com/awsso/awsso/internal/creds"
)

// Resolver gets the credentials of resolved profiles. Set its fields once; it keeps no profile
// and no state between calls, so it is safe for concurrent use by any number of goroutines
// asking for any profiles. Processes that ask for the same credentials at once share one
// fetch through the cache files' locks.
type Resolver struct {
	// Config returns the parsed config files, for ProfileCredentials. A long-running caller
	// may return a fresh Config when the files change.
	Config func() (*awsconfig.Config, error)
	// Home is the folder that holds ~/.aws/sso/cache and ~/.aws/cli/cache.
	Home string
	// LookupEnv reads the environment: credentials and endpoints (AWS_*) and AWSSO_PROFILE_CHAIN.
	LookupEnv func(string) (string, bool)
	// Environ is the environment credential_process commands start from ("KEY=value").
	Environ func() []string
	// Now is the clock (time.Now when nil).
	Now func() time.Time
	// Debug receives one line for each decision (cache hit, call); nil for none. Never a
	// secret.
	Debug io.Writer
	// Stderr receives what credential_process commands print on stderr; nil discards it (it
	// still appears in their errors).
	Stderr io.Writer
	// OnRetry hears of each retried AWS call, for a notice on a terminal.
	OnRetry func(awsclient.Retry)
	// AppID is added to the User-Agent of AWS calls.
	AppID string
	// AskMFA asks a person for the current code of the MFA device serial, for an AssumeRole
	// whose profile has mfa_serial; nil when nobody can be asked, which makes such a call an
	// *MFARequiredError unless Fetch.MFACode answers it.
	AskMFA func(ctx context.Context, profile, serial string) (string, error)
	// ProcessTimeout bounds each credential_process (DefaultProcessTimeout when zero).
	ProcessTimeout time.Duration
	// LockWait bounds the wait for another process fetching the same credentials
	// (creds.DefaultLockWait when zero).
	LockWait time.Duration
}

// Fetch tunes one Credentials call.
type Fetch struct {
	// MFACode answers the first MFA question of the chain (--mfa-code).
	MFACode string
	// Margin: the profile's cached credentials are used while more than this remains. Zero
	// means creds.Margin, the AWS CLI's 15 minutes; the sources of a chain always use that.
	Margin time.Duration
	// Refresh fetches the profile's credentials anew, whatever its cache holds (not those of
	// its sources), and caches them: for a server that renews credentials whose lifetime is
	// shorter than the margin.
	Refresh bool
	// NoPrompt never asks for an MFA code, whatever AskMFA could do: for credential-process,
	// whose terminal belongs to the tool that runs it.
	NoPrompt bool
}

// Resolve resolves profile name of cfg with this Resolver's environment (see the package
// function Resolve).
func (r *Resolver) Resolve(cfg *awsconfig.Config, name string, explicit bool) (*Profile, error) {
	return Resolve(cfg, name, Options{Explicit: explicit, LookupEnv: r.LookupEnv})
}

// ProfileCredentials resolves profile name as named explicitly (no environment keys) and
// returns its credentials: what a server that serves several profiles asks for.
func (r *Resolver) ProfileCredentials(ctx context.Context, name string, f Fetch) (*creds.Credentials, error) {
	cfg, err := r.Config()
	if err != nil {
		return nil, err
	}
	p, err := r.Resolve(cfg, name, true)
	if err != nil {
		return nil, err
	}
	return r.Credentials(ctx, p, f)
}

// Credentials returns the credentials of p: cached ones while more than the margin remains,
// else fresh ones, fetched with its chain's credentials and then cached where the AWS CLI v2
// caches them (IAM Identity Center roles and assumed roles; static keys, credential_process
// and credential_source are never cached). A warm chain reads one cache file and nothing of
// its sources. Long-term keys have no Expiration.
func (r *Resolver) Credentials(ctx context.Context, p *Profile, f Fetch) (*creds.Credentials, error) {
	run := &fetch{r: r, top: p, mfaCode: f.MFACode, noPrompt: f.NoPrompt}
	margin := f.Margin
	if margin <= 0 {
		margin = creds.Margin
	}
	return run.get(ctx, p, margin, f.Refresh)
}

// fetch is one Credentials call: the profile asked for, whose client settings serve every
// call of its chain, and the MFA code not yet used.
type fetch struct {
	r        *Resolver
	top      *Profile
	mfaCode  string
	noPrompt bool
}

// get returns the credentials of n, a hop of f.top's chain.
func (f *fetch) get(ctx context.Context, n *Profile, margin time.Duration, refresh bool) (*creds.Credentials, error) {
	switch n.Kind {
	case KindEnvironment, KindStatic:
		k := n.Static
		return &creds.Credentials{AccessKeyID: k.AccessKeyID, SecretAccessKey: k.SecretAccessKey, SessionToken: k.SessionToken, Expiration: k.Expiration}, nil
	case KindSSO:
		return f.sso(ctx, n, margin, refresh)
	case KindProcess:
		return f.process(ctx, n)
	case KindAssumeRole, KindWebIdentity:
		return f.assume(ctx, n, margin, refresh)
	}
	return nil, fmt.Errorf("profile %s: unknown kind %q", n.Name, n.Kind)
}

// debugf writes one --debug line.
func (f *fetch) debugf(format string, args ...any) {
	if f.r.Debug != nil {
		fmt.Fprintf(f.r.Debug, "debug: "+format+"\n", args...)
	}
}

func (r *Resolver) now() time.Time {
	if r.Now != nil {
		return r.Now()
	}
	return time.Now()
}

// ClientConfig builds the SDK configuration of service in region with p's client settings,
// the environment's endpoint, CA bundle and retry variables, --debug tracing and retry
// notices. Credentials are left empty.
func (r *Resolver) ClientConfig(p *Profile, service, region string) (aws.Config, error) {
	return r.clientConfig(p.Client, service, region)
}

func (r *Resolver) clientConfig(c Client, service, region string) (aws.Config, error) {
	o := c.Options(service, region)
	o.LookupEnv, o.Debug, o.OnRetry, o.AppID = r.LookupEnv, r.Debug, r.OnRetry, r.AppID
	cfg, err := awsclient.Config(o)
	var missing *awsconfig.ServicesNotFoundError
	if errors.As(err, &missing) {
		return aws.Config{}, err // it names the line and the fix
	}
	if err != nil {
		return aws.Config{}, &ClientError{Err: err}
	}
	return cfg, nil
}

// ClientError is a client that cannot be built: a bad region, endpoint or CA bundle.
type ClientError struct{ Err error }

func (e *ClientError) Error() string { return e.Err.Error() }
func (e *ClientError) Unwrap() error { return e.Err }

// ExitCode is 1: the configuration must change.
func (e *ClientError) ExitCode() int { return exitConfig }

// Hints names the settings to check.
func (e *ClientError) Hints() []string {
	return []string{"check sso_region, region, endpoint_url and services in your config, and the AWS_ENDPOINT_URL, AWS_MAX_ATTEMPTS and AWSSO_HTTP_TIMEOUT variables"}
}
