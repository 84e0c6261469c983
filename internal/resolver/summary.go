package resolver

import (
	"strings"

	"github.com/awsso/awsso/internal/awsconfig"
)

// Summary is a profile as a listing shows it: what Resolve finds, without building a Profile
// for the commonest kind. Resolve returns a Profile ready to fetch credentials, a few hundred
// bytes on the heap; a listing of 10,000 profiles needs only each one's kind and sign-in, so
// Summarize reads a plain IAM Identity Center profile into the Summary itself and leaves every
// other kind to Resolve.
type Summary struct {
	Kind Kind
	// Profile is the resolved profile of every kind but a plain IAM Identity Center profile,
	// which SSO holds instead; nil then.
	Profile *Profile
	// SSO is the sign-in and role of a plain IAM Identity Center profile (Profile nil).
	SSO awsconfig.SSO
}

// Root is the IAM Identity Center sign-in at the root of the profile's chain, nil when there is
// none. It points into s.
func (s *Summary) Root() *awsconfig.SSO {
	if s.Profile == nil {
		return &s.SSO
	}
	return s.Profile.Root().SSO
}

// Summarize is Resolve(cfg, prof.Name, Options{Explicit: true, NoEndpoints: true}) for a
// listing: the same kind, or the same error. A profile Resolve would read as IAM Identity
// Center settings alone (walker.sso) is read into the Summary; any other goes through
// Resolve. FuzzResolve holds the two to the same answers.
func Summarize(cfg *awsconfig.Config, prof *awsconfig.Profile) (Summary, error) {
	if !plainSSO(prof) {
		p, err := Resolve(cfg, prof.Name, Options{Explicit: true, NoEndpoints: true})
		if err != nil {
			return Summary{}, err
		}
		return Summary{Kind: p.Kind, Profile: p}, nil
	}
	s := Summary{Kind: KindSSO}
	if err := cfg.ReadSSO(prof.Name, &s.SSO); err != nil {
		return Summary{}, err
	}
	if err := s.SSO.RequireRole(); err != nil {
		return Summary{}, err
	}
	if _, err := clientSettings(cfg, prof, nil, false); err != nil {
		return Summary{}, err
	}
	return s, nil
}

// plainSSO reports whether Resolve, asked for prof explicitly, goes straight to its IAM
// Identity Center settings: no role_arn to assume, no web identity token file, and an account
// or a role.
func plainSSO(prof *awsconfig.Profile) bool {
	return !hasAssumeRole(prof) && !hasWebIdentity(prof) && hasSSORole(prof)
}

// hasWebIdentity is botocore's test for a web identity profile: web_identity_token_file is set.
func hasWebIdentity(prof *awsconfig.Profile) bool {
	file, _ := prof.Get(keyWebIdentityFile)
	return strings.TrimSpace(file) != ""
}

// hasSSORole reports whether prof names an account or a role of IAM Identity Center, which
// makes it an IAM Identity Center profile (botocore's SSOProvider).
func hasSSORole(prof *awsconfig.Profile) bool {
	return prof.Lookup(awsconfig.KeyAccountID) != nil || prof.Lookup(awsconfig.KeyRoleName) != nil
}
