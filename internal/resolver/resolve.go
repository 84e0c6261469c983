package resolver

import (
	"errors"
	"strconv"
	"strings"
	"time"

	"github.com/awsso/awsso/internal/awsconfig"
)

// Options say how Resolve reads the environment.
type Options struct {
	// Explicit is true when the profile was named on purpose (--profile, or a server asked
	// for it by name). As in botocore, environment keys (AWS_ACCESS_KEY_ID...) and the web
	// identity variables (AWS_WEB_IDENTITY_TOKEN_FILE...) then do not take its place; without
	// it they come first, as for the AWS CLI without --profile.
	Explicit bool
	// LookupEnv reads the environment; nil reads nothing.
	LookupEnv func(string) (string, bool)
	// NoEndpoints leaves Client.Endpoints nil, for callers that only describe profiles (a
	// listing of 10,000 of them): choosing four services' endpoints is most of the cost of a
	// resolution, and an endpoint's error never fails one. Every other setting is still read
	// and checked, so a profile resolves or fails as it does without it.
	NoEndpoints bool
}

// The config keys Resolve reads, besides awsconfig's SSO keys.
const (
	keyRoleARN          = "role_arn"
	keySourceProfile    = "source_profile"
	keyCredentialSource = "credential_source"
	keyExternalID       = "external_id"
	keySessionName      = "role_session_name"
	keyDuration         = "duration_seconds"
	keyMFASerial        = "mfa_serial"
	keyWebIdentityFile  = "web_identity_token_file"
	keyProcess          = "credential_process"
	keyAccessKeyID      = "aws_access_key_id"
	keySecretKey        = "aws_secret_access_key"
	keySessionToken     = "aws_session_token"
	keySecurityToken    = "aws_security_token"
)

// Resolve resolves profile name of cfg into a Profile, following botocore's credential chain
// (see the package documentation for the order). Errors are typed, name the file and line at
// fault and say how to fix it; all exit 1.
func Resolve(cfg *awsconfig.Config, name string, o Options) (*Profile, error) {
	if o.LookupEnv == nil {
		o.LookupEnv = func(string) (string, bool) { return "", false }
	}
	w := &walker{cfg: cfg, env: o.LookupEnv, visited: []string{name}, noEndpoints: o.NoEndpoints}
	if !o.Explicit {
		if p, err := w.environment(name); p != nil || err != nil {
			return p, err
		}
	}
	prof, ok := cfg.Profile(name)
	if !ok {
		// Without a profile, a web identity in the environment still works (a pod with no
		// config file).
		if !o.Explicit {
			if p, err := w.webIdentity(nil, true); p != nil || err != nil {
				if p != nil {
					p.Name = name
				}
				return p, err
			}
		}
		return nil, notFound(cfg, name)
	}
	var (
		p   *Profile
		err error
	)
	if hasAssumeRole(prof) {
		p, err = w.assumeRole(prof)
	} else {
		p, err = w.providers(prof, !o.Explicit)
		if err == nil && p == nil {
			err = w.noCredentials(prof)
		}
	}
	if err != nil {
		return nil, err
	}
	return p, nil
}

// notFound is awsconfig's error for a profile neither file defines, with similar names.
func notFound(cfg *awsconfig.Config, name string) error {
	_, err := cfg.ResolveSignIn(name)
	var nf *awsconfig.ProfileNotFoundError
	if errors.As(err, &nf) {
		return nf
	}
	return &awsconfig.ProfileNotFoundError{Name: name, Files: "the config or credentials file"}
}

// walker resolves one chain, remembering the profiles it went through (botocore's
// _visited_profiles) to find loops.
type walker struct {
	cfg         *awsconfig.Config
	env         func(string) (string, bool)
	visited     []string
	noEndpoints bool
}

func (w *walker) getenv(key string) string {
	v, _ := w.env(key)
	return v
}

// at is where a property is written.
func (w *walker) at(p *awsconfig.Property) Where {
	if p == nil {
		return Where{}
	}
	return location(w.cfg, p.Loc())
}

// Where is where a setting is written: as messages show it, and as a file and line.
type Where struct {
	At  string             // "~/.aws/config:12"; "" when unknown
	Loc awsconfig.Location // the file as read and the line, for doctor
}

// Location returns the file and line.
func (w Where) Location() awsconfig.Location { return w.Loc }

func location(cfg *awsconfig.Config, l awsconfig.Location) Where {
	f := cfg.Paths().Display(l.File)
	if l.Line != 0 {
		f += ":" + strconv.Itoa(l.Line)
	}
	return Where{At: f, Loc: l}
}

// environment returns KindEnvironment when AWS_ACCESS_KEY_ID is set (botocore's EnvProvider),
// with the named profile's settings when it exists.
func (w *walker) environment(name string) (*Profile, error) {
	id := w.getenv("AWS_ACCESS_KEY_ID")
	if id == "" {
		return nil, nil
	}
	secret := w.getenv("AWS_SECRET_ACCESS_KEY")
	if secret == "" {
		return nil, &PartialKeysError{Missing: "AWS_SECRET_ACCESS_KEY", Have: "AWS_ACCESS_KEY_ID"}
	}
	keys := &StaticKeys{AccessKeyID: id, SecretAccessKey: secret, SessionToken: w.getenv("AWS_SESSION_TOKEN")}
	if keys.SessionToken == "" {
		keys.SessionToken = w.getenv("AWS_SECURITY_TOKEN")
	}
	if v := w.getenv("AWS_CREDENTIAL_EXPIRATION"); v != "" {
		t, err := time.Parse(time.RFC3339, v)
		if err != nil {
			return nil, &InvalidValueError{Key: "AWS_CREDENTIAL_EXPIRATION", Value: v, Want: "an RFC 3339 time such as 2026-01-02T15:04:05Z"}
		}
		keys.Expiration = t
	}
	p := &Profile{Name: name, Kind: KindEnvironment, Static: keys}
	if prof, ok := w.cfg.Profile(name); ok {
		if err := w.settings(p, prof); err != nil {
			return nil, err
		}
	}
	return p, nil
}

// hasAssumeRole is botocore's _has_assume_role_config_vars: role_arn without a web identity
// token file (which the web identity provider takes instead).
func hasAssumeRole(p *awsconfig.Profile) bool {
	return p.Lookup(keyRoleARN) != nil && p.Lookup(keyWebIdentityFile) == nil
}

// hasStatic is botocore's _has_static_credentials: either key is written.
func hasStatic(p *awsconfig.Profile) bool {
	return p.Lookup(keyAccessKeyID) != nil || p.Lookup(keySecretKey) != nil
}

// base returns a Profile of kind for prof, with its location and settings.
func (w *walker) base(prof *awsconfig.Profile, kind Kind) (*Profile, error) {
	p := &Profile{Name: prof.Name, Kind: kind, Where: location(w.cfg, prof.Location)}
	return p, w.settings(p, prof)
}

// settings fills the region, output and client settings of prof into p.
func (w *walker) settings(p *Profile, prof *awsconfig.Profile) error {
	p.Region, _ = prof.Get(awsconfig.KeyRegion)
	p.Output, _ = prof.Get("output")
	c, err := clientSettings(w.cfg, prof, w.env, !w.noEndpoints)
	p.Client = c
	return err
}

// get returns the value of key in prof, trimmed.
func get(prof *awsconfig.Profile, key string) string {
	v, _ := prof.Get(key)
	return strings.TrimSpace(v)
}
