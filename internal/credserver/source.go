package credserver

import (
	"context"
	"fmt"
	"sync/atomic"

	"github.com/awsso/awsso/internal/awsconfig"
	"github.com/awsso/awsso/internal/creds"
	"github.com/awsso/awsso/internal/resolver"
)

// FetchMargin is how much time cached credentials must have left for the server to take
// them: the most it serves credentials before they expire (maxLead). Credentials with less
// are fetched anew, so a replacement never gets back the ones it replaces. It is shorter than
// the 15 minutes of the command line, which would make every replacement of credentials that
// live less than that a fetch, whatever another program cached meanwhile.
const FetchMargin = maxLead

// ResolverSource serves every profile of the config, of any kind, through r: each request
// resolves the profile it names (as named explicitly, so the server's environment keys never
// stand in for it) and gets its credentials from the shared caches, else from where the
// profile's chain gets them. first tunes the first fetch that succeeds (--mfa-code, a prompt
// on the terminal before the server listens); every later fetch asks nobody, since no one
// is there to answer a server's question. An unknown profile is an
// *awsconfig.ProfileNotFoundError, which the Server answers with 404.
func ResolverSource(r *resolver.Resolver, first resolver.Fetch) Source {
	fetch := newFetches(first)
	return func(ctx context.Context, profile string) (*creds.Credentials, error) {
		f := fetch.next()
		c, err := r.ProfileCredentials(ctx, profile, f)
		fetch.done(err)
		return c, err
	}
}

// ProfileSource serves the one profile p, resolved already, through get (exec --server):
// first tunes its first successful fetch as for ResolverSource. The Server's Options.Profiles
// must name p alone.
func ProfileSource(p *resolver.Profile, get func(context.Context, *resolver.Profile, resolver.Fetch) (*creds.Credentials, error), first resolver.Fetch) Source {
	fetch := newFetches(first)
	return func(ctx context.Context, profile string) (*creds.Credentials, error) {
		if profile != p.Name {
			return nil, &awsconfig.ProfileNotFoundError{Name: profile, Files: "the profiles this server serves"}
		}
		c, err := get(ctx, p, fetch.next())
		fetch.done(err)
		return c, err
	}
}

// fetches chooses the resolver.Fetch of each call of a Source: first until one succeeds,
// then one that asks nobody.
type fetches struct {
	first  resolver.Fetch
	served atomic.Bool
}

func newFetches(first resolver.Fetch) *fetches {
	first.Margin = FetchMargin
	return &fetches{first: first}
}

func (f *fetches) next() resolver.Fetch {
	if f.served.Load() {
		return resolver.Fetch{Margin: FetchMargin, NoPrompt: true}
	}
	return f.first
}

func (f *fetches) done(err error) {
	if err == nil {
		f.served.Store(true)
	}
}

// precedingKeys are the settings that make the AWS SDKs take a profile's credentials from the
// profile itself: botocore, the AWS CLI, aws-sdk-go-v2, the Java and JavaScript SDKs all try a
// profile before container credentials.
var precedingKeys = []string{
	"aws_access_key_id", "credential_process", "role_arn", "credential_source", "web_identity_token_file",
	"sso_session", "sso_start_url", "sso_account_id", "sso_role_name", "login_session",
}

// DefaultProfileFirst reports which setting of the default profile makes SDKs use that
// profile's credentials rather than a credential server, when AWS_PROFILE is unset: the key
// and where it is ("~/.aws/config:3"). ok is false when the default profile has none.
func DefaultProfileFirst(cfg *awsconfig.Config) (key, at string, ok bool) {
	p, found := cfg.Profile("default")
	if !found {
		return "", "", false
	}
	for _, k := range precedingKeys {
		if prop := p.Lookup(k); prop != nil {
			at := cfg.Paths().Display(prop.File)
			if prop.Line > 0 {
				at = fmt.Sprintf("%s:%d", at, prop.Line)
			}
			return k, at, true
		}
	}
	return "", "", false
}
