package resolver

import (
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/awsso/awsso/internal/awsconfig"
)

// assumeRole resolves a profile with role_arn (botocore's AssumeRoleProvider): the role, and
// its source_profile or credential_source, of which it must have exactly one.
func (w *walker) assumeRole(prof *awsconfig.Profile) (*Profile, error) {
	p, err := w.base(prof, KindAssumeRole)
	if err != nil {
		return nil, err
	}
	if p.Role, err = w.role(prof); err != nil {
		return nil, err
	}
	src, cs := prof.Lookup(keySourceProfile), prof.Lookup(keyCredentialSource)
	switch {
	case src != nil && cs != nil:
		return nil, &ConflictingSourceError{Profile: prof.Name, SourceAt: w.at(src), CredentialSourceAt: w.at(cs)}
	case src == nil && cs == nil:
		return nil, &MissingSourceError{Profile: prof.Name, Where: p.Role.Where}
	case cs != nil:
		if !slices.Contains(CredentialSources, cs.Value) {
			return nil, &UnknownCredentialSourceError{Profile: prof.Name, Value: cs.Value, Where: w.at(cs)}
		}
		p.CredentialSource = cs.Value
		return p, nil
	}
	name := strings.TrimSpace(src.Value)
	source, ok := w.cfg.Profile(name)
	if !ok {
		return nil, &SourceNotFoundError{Profile: prof.Name, Source: name, Where: w.at(src), Similar: similarNames(w.cfg, name)}
	}
	// botocore's _validate_source_profile: a profile may name itself only to take its own
	// static keys; any other return to a profile already on the way is a loop.
	if slices.Contains(w.visited, name) && (name != prof.Name || !hasStatic(source)) {
		return nil, &LoopError{Chain: append(slices.Clone(w.visited), name), Where: w.at(src)}
	}
	w.visited = append(w.visited, name)
	if p.Source, err = w.source(source); err != nil {
		return nil, err
	}
	return p, nil
}

// source resolves a source_profile (botocore's _resolve_credentials_from_profile): its own
// role when it has role_arn and no static keys, else the first of its own providers, with
// the environment left out.
func (w *walker) source(prof *awsconfig.Profile) (*Profile, error) {
	if hasAssumeRole(prof) && !hasStatic(prof) {
		return w.assumeRole(prof)
	}
	p, err := w.providers(prof, false)
	if err == nil && p == nil {
		err = &SourceWithoutCredentialsError{Profile: prof.Name, Where: location(w.cfg, prof.Location)}
	}
	return p, err
}

// providers tries, in botocore's order (ProfileProviderBuilder), the providers that read one
// profile: web identity, IAM Identity Center, static keys of the credentials file,
// credential_process, static keys of the config file. It returns nil when none applies.
// useEnv lets AWS_WEB_IDENTITY_TOKEN_FILE, AWS_ROLE_ARN and AWS_ROLE_SESSION_NAME win over
// the profile, as they do for a profile that was not named explicitly.
func (w *walker) providers(prof *awsconfig.Profile, useEnv bool) (*Profile, error) {
	if p, err := w.webIdentity(prof, useEnv); p != nil || err != nil {
		return p, err
	}
	if hasSSORole(prof) {
		return w.sso(prof)
	}
	if p, err := w.static(prof, true); p != nil || err != nil {
		return p, err
	}
	if cp := prof.Lookup(keyProcess); cp != nil {
		return w.process(prof, cp)
	}
	return w.static(prof, false)
}

// sso resolves an IAM Identity Center profile.
func (w *walker) sso(prof *awsconfig.Profile) (*Profile, error) {
	s, err := w.cfg.ResolveSSO(prof.Name)
	if err != nil {
		return nil, err
	}
	if err := s.RequireRole(); err != nil {
		return nil, err
	}
	p, err := w.base(prof, KindSSO)
	p.SSO = s
	return p, err
}

// process resolves a credential_process profile.
func (w *walker) process(prof *awsconfig.Profile, cp *awsconfig.Property) (*Profile, error) {
	if strings.TrimSpace(cp.Value) == "" {
		return nil, &InvalidValueError{Key: keyProcess, Where: w.at(cp), Want: "a command line that prints credentials as JSON"}
	}
	p, err := w.base(prof, KindProcess)
	if err != nil {
		return nil, err
	}
	p.Process = &Process{Command: cp.Value, Where: w.at(cp)}
	if err := selfReference(p, envProfile(w.env)); err != nil {
		return nil, err
	}
	return p, nil
}

// static resolves the keys that one file holds for prof (botocore's SharedCredentialProvider
// for the credentials file, ConfigProvider for the config file): nil when that file has no
// aws_access_key_id for it.
func (w *walker) static(prof *awsconfig.Profile, credentialsFile bool) (*Profile, error) {
	doc, ref := w.cfg.ConfigDocument(), awsconfig.ProfileRef(prof.Name)
	if credentialsFile {
		doc, ref = w.cfg.CredentialsDocument(), awsconfig.CredentialsRef(prof.Name)
	}
	id, ok := doc.Get(ref, keyAccessKeyID)
	if !ok {
		return nil, nil
	}
	at := w.at(prof.Lookup(keyAccessKeyID))
	secret, ok := doc.Get(ref, keySecretKey)
	if !ok {
		return nil, &PartialKeysError{Profile: prof.Name, Missing: keySecretKey, Have: keyAccessKeyID, Where: at}
	}
	keys := &StaticKeys{AccessKeyID: strings.TrimSpace(id), SecretAccessKey: strings.TrimSpace(secret), Where: at}
	for _, key := range []string{keySecurityToken, keySessionToken} { // botocore's order
		if v, ok := doc.Get(ref, key); ok {
			keys.SessionToken = strings.TrimSpace(v)
			break
		}
	}
	p, err := w.base(prof, KindStatic)
	p.Static = keys
	return p, err
}

// webIdentity resolves botocore's AssumeRoleWithWebIdentityProvider: a token file, from the
// environment when useEnv, else from the profile; nil when there is none.
func (w *walker) webIdentity(prof *awsconfig.Profile, useEnv bool) (*Profile, error) {
	value := func(key, env string) (string, Where) {
		if useEnv {
			if v, ok := w.env(env); ok {
				return v, Where{At: "the environment variable " + env}
			}
		}
		if prof == nil {
			return "", Where{}
		}
		p := prof.Lookup(key)
		if p == nil {
			return "", Where{}
		}
		return p.Value, w.at(p)
	}
	file, _ := value(keyWebIdentityFile, "AWS_WEB_IDENTITY_TOKEN_FILE")
	if strings.TrimSpace(file) == "" {
		return nil, nil
	}
	arn, arnAt := value(keyRoleARN, "AWS_ROLE_ARN")
	name := ""
	p := &Profile{Kind: KindWebIdentity, WebIdentityTokenFile: strings.TrimSpace(file)}
	if prof != nil {
		name = prof.Name
		var err error
		if p, err = w.base(prof, KindWebIdentity); err != nil {
			return nil, err
		}
		p.WebIdentityTokenFile = strings.TrimSpace(file)
	}
	if strings.TrimSpace(arn) == "" {
		return nil, &MissingRoleARNError{Profile: name, Where: p.Where}
	}
	if err := checkRoleARN(name, arn, arnAt); err != nil {
		return nil, err
	}
	session, _ := value(keySessionName, "AWS_ROLE_SESSION_NAME")
	p.Role = &Role{ARN: strings.TrimSpace(arn), SessionName: session, Where: arnAt}
	return p, nil
}

// role reads the AssumeRole settings of prof.
func (w *walker) role(prof *awsconfig.Profile) (*Role, error) {
	arnProp := prof.Lookup(keyRoleARN)
	r := &Role{ARN: strings.TrimSpace(arnProp.Value), Where: w.at(arnProp)}
	if err := checkRoleARN(prof.Name, r.ARN, r.Where); err != nil {
		return nil, err
	}
	r.SessionName, _ = prof.Get(keySessionName)
	r.ExternalID, _ = prof.Get(keyExternalID)
	r.MFASerial, _ = prof.Get(keyMFASerial)
	// botocore drops a duration_seconds that is not a whole number (doctor says so; the Go SDK
	// refuses the file).
	if v, ok := prof.Get(keyDuration); ok {
		if n, err := strconv.Atoi(strings.TrimSpace(v)); err == nil {
			r.Duration = time.Duration(n) * time.Second
		}
	}
	return r, nil
}

// noCredentials explains a profile from which no provider gets credentials.
func (w *walker) noCredentials(prof *awsconfig.Profile) error {
	// A sign-in-only IAM Identity Center profile: say which keys it lacks.
	if s, err := w.cfg.ResolveSignIn(prof.Name); err == nil {
		return s.RequireRole()
	}
	return &NoCredentialsError{Profile: prof.Name, Where: location(w.cfg, prof.Location)}
}

// checkRoleARN refuses a role_arn that is not an IAM role ARN
// (arn:PARTITION:iam::ACCOUNT:role/NAME), which STS would refuse after a round trip.
func checkRoleARN(profile, arn string, at Where) error {
	if ValidRoleARN(arn) {
		return nil
	}
	return &InvalidRoleARNError{Profile: profile, Value: arn, Where: at}
}

// ValidRoleARN reports whether arn names an IAM role: arn:PARTITION:iam::ACCOUNT:role/NAME,
// with a 12-digit account and an optional path before the name.
func ValidRoleARN(arn string) bool {
	parts := strings.SplitN(strings.TrimSpace(arn), ":", 6)
	if len(parts) != 6 || parts[0] != "arn" || parts[1] == "" || parts[2] != "iam" || parts[3] != "" {
		return false
	}
	if len(parts[4]) != 12 || strings.Trim(parts[4], "0123456789") != "" {
		return false
	}
	name, ok := strings.CutPrefix(parts[5], "role/")
	return ok && name != "" && !strings.HasSuffix(name, "/") && !strings.ContainsAny(name, " \t")
}
