package emulator

import "strings"

// Role is an IAM role that STS AssumeRole and AssumeRoleWithWebIdentity may assume, with its
// trust rules. An organisation without roles lets any credentials the emulator issued, and any
// token of its OIDC providers, assume any role arn:aws:iam::ACCOUNT:role/NAME in its accounts
// (an hour at most, no MFA, no external id); one with roles knows only those, and each is
// assumed only as its rules allow, as an IAM trust policy allows only what it names.
type Role struct {
	// ARN is arn:aws:iam::ACCOUNT:role/NAME (a path before NAME is allowed); ACCOUNT must be
	// one of the organisation's accounts.
	ARN string `json:"arn" yaml:"arn"`
	// MaxSessionDuration is the longest DurationSeconds the role grants, 3600 to 43200
	// seconds; 0 means 3600, as for a new IAM role.
	MaxSessionDuration int `json:"maxSessionDuration,omitempty" yaml:"maxSessionDuration,omitempty"`
	// TrustedPrincipals says who may call AssumeRole: "*" (any credentials the emulator
	// issued), an account ("111122223333" or arn:aws:iam::111122223333:root), or an ARN of a
	// role, user or assumed-role session where "*" matches any run of characters (the SSO
	// role of a permission set is arn:aws:iam::ACCOUNT:role/aws-reserved/sso.amazonaws.com/
	// REGION/AWSReservedSSO_NAME_SUFFIX). Empty: nobody.
	TrustedPrincipals []string `json:"trustedPrincipals,omitempty" yaml:"trustedPrincipals,omitempty"`
	// ExternalID, when set, must be sent as ExternalId.
	ExternalID string `json:"externalId,omitempty" yaml:"externalId,omitempty"`
	// MFARequired makes AssumeRole need a valid SerialNumber and TokenCode.
	MFARequired bool `json:"mfaRequired,omitempty" yaml:"mfaRequired,omitempty"`
	// WebIdentity says which web identity tokens may call AssumeRoleWithWebIdentity. Empty:
	// none.
	WebIdentity []WebIdentityTrust `json:"webIdentity,omitempty" yaml:"webIdentity,omitempty"`

	open bool // a role of an organisation without roles: anyone may assume it
}

// WebIdentityTrust admits the web identity tokens of one provider, optionally only those whose
// subject (sub) matches a pattern where "*" matches any run of characters.
type WebIdentityTrust struct {
	Provider string `json:"provider" yaml:"provider"` // the provider's url, its tokens' iss
	Subject  string `json:"subject,omitempty" yaml:"subject,omitempty"`
}

// IAMUser is an IAM user with a long-term access key, for static-key profiles: its
// credentials may call GetCallerIdentity and AssumeRole.
type IAMUser struct {
	Account         string `json:"account" yaml:"account"` // account id or name
	Name            string `json:"name" yaml:"name"`
	AccessKeyID     string `json:"accessKeyId" yaml:"accessKeyId"`
	SecretAccessKey string `json:"secretAccessKey" yaml:"secretAccessKey"`
}

// MFADevice is a virtual MFA device: AssumeRole accepts SerialNumber and TokenCode when the
// code is the RFC 6238 TOTP of Secret (SHA-1, 6 digits, 30-second steps, one step of drift
// either way), each code once.
type MFADevice struct {
	SerialNumber string `json:"serialNumber" yaml:"serialNumber"` // arn:aws:iam::ACCOUNT:mfa/NAME
	Secret       string `json:"secret" yaml:"secret"`             // base32, as in otpauth:// URIs
}

// OIDCProvider is an OpenID Connect identity provider whose tokens AssumeRoleWithWebIdentity
// accepts: JWTs signed with HS256 under Secret, iss equal to URL, aud one of Audiences.
type OIDCProvider struct {
	URL       string   `json:"url" yaml:"url"`                                 // https://...
	Audiences []string `json:"audiences,omitempty" yaml:"audiences,omitempty"` // default [sts.amazonaws.com]
	Secret    string   `json:"secret" yaml:"secret"`                           // the HS256 key, as text
}

// The default organisation's IAM user, MFA device and OIDC provider, documented so tests and
// demos can use them without an organisation file. The key pair is AWS's documentation example.
const (
	DefaultAccessKeyID     = "AKIAIOSFODNN7EXAMPLE"
	DefaultSecretAccessKey = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY"
	DefaultMFASerial       = "arn:aws:iam::111122223333:mfa/alice"
	DefaultMFASecret       = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"
	DefaultOIDCIssuer      = "https://oidc.emulator.awsso.example"
	DefaultOIDCSecret      = "awsso-emulator-web-identity-key"
	defaultAudience        = "sts.amazonaws.com"
)

var (
	iamNameRe   = lazyRE(`^[\w+=,.@-]{1,64}$`)
	accessKeyRe = lazyRE(`^AKIA[A-Z0-9]{16}$`)
	mfaSerialRe = lazyRE(`^arn:aws[a-z-]*:iam::[0-9]{12}:mfa/[\w+=,.@/-]{1,512}$`)
)

// parsedRoleARN is a parsed arn:PARTITION:iam::ACCOUNT:role/PATH/NAME.
type parsedRoleARN struct {
	partition, account, name string
}

// parseRoleARN parses an IAM role ARN; ok is false for anything else.
func parseRoleARN(s string) (parsedRoleARN, bool) {
	f := strings.SplitN(s, ":", 6)
	if len(f) != 6 || f[0] != "arn" || !strings.HasPrefix(f[1], "aws") || f[2] != "iam" || f[3] != "" || !accountIDRe.MatchString(f[4]) {
		return parsedRoleARN{}, false
	}
	res, ok := strings.CutPrefix(f[5], "role/")
	if !ok {
		return parsedRoleARN{}, false
	}
	segs := strings.Split(res, "/")
	for _, seg := range segs {
		if !iamNameRe.MatchString(seg) {
			return parsedRoleARN{}, false
		}
	}
	return parsedRoleARN{partition: f[1], account: f[4], name: segs[len(segs)-1]}, true
}

// validateIAM checks the OIDC providers and roles, then the keys; accounts holds the
// organisation's account ids and names.
func (o *Org) validateIAM(accounts map[string]bool, bad func(string, ...any)) {
	providers := map[string]bool{}
	for i, p := range o.OIDCProviders {
		switch {
		case !strings.HasPrefix(p.URL, "https://") || len(p.URL) <= len("https://"):
			bad("oidcProviders[%d]: url %q must start with https://", i, p.URL)
		case providers[p.URL]:
			bad("oidcProviders[%d]: url %s appears twice", i, p.URL)
		case p.Secret == "":
			bad("oidcProviders[%d]: %s has no secret (the HS256 key its tokens are signed with)", i, p.URL)
		}
		providers[p.URL] = true
	}
	roles := map[string]bool{}
	for i, r := range o.Roles {
		arn, ok := parseRoleARN(r.ARN)
		switch {
		case !ok:
			bad("roles[%d]: arn %q is not of the form arn:aws:iam::ACCOUNT:role/NAME", i, r.ARN)
		case !accounts[arn.account]:
			bad("roles[%d]: account %s of %s is not under accounts", i, arn.account, r.ARN)
		case roles[r.ARN]:
			bad("roles[%d]: %s appears twice", i, r.ARN)
		case r.MaxSessionDuration != 0 && (r.MaxSessionDuration < defaultRoleDuration || r.MaxSessionDuration > maxRoleDuration):
			bad("roles[%d]: maxSessionDuration %d is not between 3600 and 43200 seconds", i, r.MaxSessionDuration)
		case r.ExternalID != "" && (len(r.ExternalID) < 2 || len(r.ExternalID) > 1224 || !externalIDCharsRe.MatchString(r.ExternalID)):
			bad("roles[%d]: externalId must be 2 to 1224 of A-Z a-z 0-9 _+=,.@:/-", i)
		}
		roles[r.ARN] = true
		for j, w := range r.WebIdentity {
			if !providers[w.Provider] {
				bad("roles[%d].webIdentity[%d]: provider %q is not under oidcProviders", i, j, w.Provider)
			}
		}
	}
	o.validateKeys(accounts, bad)
}

// validateKeys checks the IAM users' access keys and the MFA devices' secrets.
func (o *Org) validateKeys(accounts map[string]bool, bad func(string, ...any)) {
	keys := map[string]bool{}
	for i, u := range o.IAMUsers {
		switch {
		case !accounts[u.Account]:
			bad("iamUsers[%d]: account %q is not under accounts (use its id or name)", i, u.Account)
		case !iamNameRe.MatchString(u.Name):
			bad("iamUsers[%d]: name %q is not a valid IAM user name", i, u.Name)
		case !accessKeyRe.MatchString(u.AccessKeyID):
			bad("iamUsers[%d]: accessKeyId %q is not AKIA and 16 upper-case letters or digits", i, u.AccessKeyID)
		case keys[u.AccessKeyID]:
			bad("iamUsers[%d]: accessKeyId %s appears twice", i, u.AccessKeyID)
		case len(u.SecretAccessKey) < 16:
			bad("iamUsers[%d]: secretAccessKey must be at least 16 characters", i)
		}
		keys[u.AccessKeyID] = true
	}
	serials := map[string]bool{}
	for i, d := range o.MFADevices {
		switch {
		case !mfaSerialRe.MatchString(d.SerialNumber):
			bad("mfaDevices[%d]: serialNumber %q is not of the form arn:aws:iam::ACCOUNT:mfa/NAME", i, d.SerialNumber)
		case serials[d.SerialNumber]:
			bad("mfaDevices[%d]: %s appears twice", i, d.SerialNumber)
		}
		if _, err := totpKey(d.Secret); err != nil {
			bad("mfaDevices[%d]: secret: %v", i, err)
		}
		serials[d.SerialNumber] = true
	}
}

// globMatch reports whether s matches pattern, where "*" matches any run of characters
// (slashes included) and every other byte matches itself.
func globMatch(pattern, s string) bool {
	p, i, star, mark := 0, 0, -1, 0
	for i < len(s) {
		switch {
		case p < len(pattern) && pattern[p] == '*':
			star, mark = p, i
			p++
		case p < len(pattern) && pattern[p] == s[i]:
			p++
			i++
		case star >= 0: // let the last star swallow one more byte and retry
			p, mark = star+1, mark+1
			i = mark
		default:
			return false
		}
	}
	for p < len(pattern) && pattern[p] == '*' {
		p++
	}
	return p == len(pattern)
}
