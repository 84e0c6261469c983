package resolver

import (
	"strings"
	"time"

	"github.com/awsso/awsso/internal/awsconfig"
	"github.com/awsso/awsso/internal/creds"
	"github.com/awsso/awsso/internal/session"
)

// Kind is how a profile gets its credentials.
type Kind string

// The kinds of profiles, named as profiles and status show them.
const (
	// KindSSO: IAM Identity Center role credentials (sso_account_id and sso_role_name).
	KindSSO Kind = "sso"
	// KindAssumeRole: STS AssumeRole of role_arn with the credentials of source_profile or
	// credential_source.
	KindAssumeRole Kind = "assume-role"
	// KindWebIdentity: STS AssumeRoleWithWebIdentity of role_arn with the token in
	// web_identity_token_file.
	KindWebIdentity Kind = "web-identity"
	// KindStatic: aws_access_key_id and aws_secret_access_key in the credentials or config file.
	KindStatic Kind = "static"
	// KindProcess: the JSON a credential_process command prints.
	KindProcess Kind = "credential-process"
	// KindEnvironment: AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, used when no profile was
	// named explicitly, as botocore uses them.
	KindEnvironment Kind = "environment"
)

// The credential_source values, as botocore and the Go SDK spell them (case matters).
const (
	SourceEnvironment = "Environment"
	SourceECS         = "EcsContainer"
	SourceIMDS        = "Ec2InstanceMetadata"
)

// CredentialSources lists the credential_source values, in the order messages name them.
var CredentialSources = []string{SourceEnvironment, SourceECS, SourceIMDS}

// Profile is a profile resolved from the config: how it gets credentials, down to the root of
// its chain, and the settings of the clients that fetch them. Resolve builds it; nothing
// changes it afterwards, so one Profile may be shared by goroutines.
//
// Exactly one of the kind's fields is set: SSO for KindSSO; Role with Source or
// CredentialSource for KindAssumeRole; Role with WebIdentityTokenFile for KindWebIdentity;
// Static for KindStatic and KindEnvironment; Process for KindProcess.
type Profile struct {
	// Name is the profile's name ("default" when none was named).
	Name string
	Kind Kind
	// At is where the profile is defined ("~/.aws/config:12"); "" for KindEnvironment.
	Where

	// SSO is the IAM Identity Center sign-in and role.
	SSO *awsconfig.SSO
	// Role is the role that KindAssumeRole and KindWebIdentity assume.
	Role *Role
	// Source is the next hop of a chain: the resolved source_profile.
	Source *Profile
	// CredentialSource is the credential_source that provides the source credentials instead
	// of a source_profile: SourceEnvironment, SourceECS or SourceIMDS.
	CredentialSource string
	// WebIdentityTokenFile is the file that holds the web identity token.
	WebIdentityTokenFile string
	// Static holds the keys of KindStatic and KindEnvironment.
	Static *StaticKeys
	// Process is the credential_process of KindProcess.
	Process *Process

	// Region is the profile's region ("" when it sets none).
	Region string
	// Output is the profile's output format key ("" when it sets none).
	Output string
	// Client holds the settings of the AWS clients that fetch the credentials. In a chain the
	// top profile's settings serve every call, as botocore and the Go SDK use them.
	Client Client
}

// Role is what an AssumeRole or AssumeRoleWithWebIdentity call asks for.
type Role struct {
	ARN string // role_arn
	// SessionName is role_session_name; "" lets the call generate botocore-session-<seconds>.
	SessionName string
	ExternalID  string // external_id
	MFASerial   string // mfa_serial
	// Duration is duration_seconds; 0 leaves it to STS (one hour).
	Duration time.Duration
	// At is where role_arn is written, for messages.
	Where
}

// StaticKeys are long-term (or environment) keys. Their String never shows the secret.
type StaticKeys struct {
	AccessKeyID     string
	SecretAccessKey string
	SessionToken    string
	// Expiration is AWS_CREDENTIAL_EXPIRATION for environment credentials; zero otherwise.
	Expiration time.Time
	// At is where aws_access_key_id is written ("" for the environment).
	Where
}

// String names the keys without their secret.
func (k *StaticKeys) String() string { return "access key " + k.AccessKeyID }

// GoString is String, so that %#v cannot print the secret either.
func (k *StaticKeys) GoString() string { return k.String() }

// Process is a credential_process command line.
type Process struct {
	Command string
	Where
}

// String describes the profile and its chain to the root, as profiles and status show it:
// "prod-admin -> hub (sso-session corp)", "ci (web identity)", "dev (static keys)".
func (p *Profile) String() string {
	var b strings.Builder
	for n := p; n != nil; n = n.Source {
		if n != p {
			b.WriteString(" -> ")
		}
		if n.Kind == KindEnvironment {
			b.WriteString("environment (AWS_ACCESS_KEY_ID)")
			break
		}
		b.WriteString(n.Name)
		if n.Source == nil {
			b.WriteString(" (" + n.rootLabel() + ")")
		}
	}
	return b.String()
}

// rootLabel says where a chain's root gets its credentials.
func (p *Profile) rootLabel() string {
	switch p.Kind {
	case KindSSO:
		return p.Target().String()
	case KindAssumeRole:
		return "credential_source " + p.CredentialSource
	case KindWebIdentity:
		return "web identity"
	case KindStatic:
		return "static keys"
	case KindProcess:
		return "credential_process"
	}
	return string(p.Kind)
}

// Chain lists the profiles from p to its root: p first, the root last.
func (p *Profile) Chain() []*Profile {
	var out []*Profile
	for n := p; n != nil; n = n.Source {
		out = append(out, n)
	}
	return out
}

// Root is the last profile of p's chain: the one whose credentials start it.
func (p *Profile) Root() *Profile {
	n := p
	for n.Source != nil {
		n = n.Source
	}
	return n
}

// Target is the sign-in of an IAM Identity Center profile (the zero Target for other kinds).
func (p *Profile) Target() session.Target {
	if p.SSO == nil {
		return session.Target{}
	}
	return TargetOf(p.SSO)
}

// TargetOf is the sign-in of IAM Identity Center settings.
func TargetOf(s *awsconfig.SSO) session.Target {
	return session.Target{Session: s.Session, StartURL: s.StartURL, Region: s.Region, Scopes: s.Scopes, Profile: s.Profile}
}

// RoleOf is the role of IAM Identity Center settings, for the role credential cache.
func RoleOf(s *awsconfig.SSO) creds.Role {
	return creds.Role{Target: TargetOf(s), AccountID: s.AccountID, RoleName: s.RoleName}
}

// SSORole is the role of an IAM Identity Center profile, for the role credential cache.
func (p *Profile) SSORole() creds.Role {
	if p.SSO == nil {
		return creds.Role{}
	}
	return RoleOf(p.SSO)
}

// NeedsMFA reports whether fetching p's credentials anew may ask for an MFA code: a hop of
// its chain has mfa_serial.
func (p *Profile) NeedsMFA() bool {
	for _, n := range p.Chain() {
		if n.Role != nil && n.Role.MFASerial != "" {
			return true
		}
	}
	return false
}
