package resolver

import (
	"errors"
	"fmt"
	"strconv"
	"strings"

	"github.com/awsso/awsso/internal/awsconfig"
)

// exitConfig is the exit code of a configuration error; exitRemote of a remote one.
const (
	exitConfig = 1
	exitRemote = 3
)

// where is " (at)" for a message, or "".
func where(at string) string {
	if at == "" {
		return ""
	}
	return " (" + at + ")"
}

// LoopError is a chain of source_profile settings that comes back to a profile it went
// through.
type LoopError struct {
	Chain []string // the profiles in order, the repeated one last
	Where          // the source_profile line that closes the loop
}

func (e *LoopError) Error() string {
	return "source_profile loop: " + strings.Join(e.Chain, " -> ") + where(e.At)
}

// ExitCode is 1: the configuration must change.
func (e *LoopError) ExitCode() int { return exitConfig }

// Hints says how to break the loop.
func (e *LoopError) Hints() []string {
	last := e.Chain[len(e.Chain)-2]
	return []string{"point source_profile of profile " + last + " at a profile with credentials of its own (IAM Identity Center, static keys, credential_process) that does not lead back to " + e.Chain[len(e.Chain)-1],
		"a profile may name itself as source_profile only when it holds aws_access_key_id and aws_secret_access_key"}
}

// SourceNotFoundError is a source_profile that neither file defines.
type SourceNotFoundError struct {
	Profile, Source string
	Where
	Similar []string
}

func (e *SourceNotFoundError) Error() string {
	return fmt.Sprintf("profile %q names source_profile %q%s, but no such profile exists", e.Profile, e.Source, where(e.At))
}

// ExitCode is 1: the configuration must change.
func (e *SourceNotFoundError) ExitCode() int { return exitConfig }

// Hints suggests close names.
func (e *SourceNotFoundError) Hints() []string {
	var h []string
	if len(e.Similar) > 0 {
		q := make([]string, len(e.Similar))
		for i, s := range e.Similar {
			q[i] = strconv.Quote(s)
		}
		h = append(h, "did you mean "+strings.Join(q, " or ")+"?")
	}
	return append(h, "add [profile "+e.Source+"] with credentials, or set source_profile to a profile 'awsso profiles' lists")
}

// ConflictingSourceError is a profile with both source_profile and credential_source, which
// botocore and the Go SDK refuse.
type ConflictingSourceError struct {
	Profile                      string
	SourceAt, CredentialSourceAt Where
}

func (e *ConflictingSourceError) Error() string {
	return fmt.Sprintf("profile %q has both source_profile (%s) and credential_source (%s)", e.Profile, e.SourceAt.At, e.CredentialSourceAt.At)
}

// ExitCode is 1: the configuration must change.
func (e *ConflictingSourceError) ExitCode() int { return exitConfig }

// Location is the credential_source line.
func (e *ConflictingSourceError) Location() awsconfig.Location { return e.CredentialSourceAt.Loc }

// Hints says which to keep.
func (e *ConflictingSourceError) Hints() []string {
	return []string{"keep one: source_profile to assume the role with another profile's credentials, credential_source to take them from " +
		strings.Join(CredentialSources, ", ")}
}

// MissingSourceError is a profile with role_arn but neither source_profile nor
// credential_source.
type MissingSourceError struct {
	Profile string
	Where   // the role_arn line
}

func (e *MissingSourceError) Error() string {
	return fmt.Sprintf("profile %q has role_arn%s but neither source_profile nor credential_source, so nothing can assume the role", e.Profile, where(e.At))
}

// ExitCode is 1: the configuration must change.
func (e *MissingSourceError) ExitCode() int { return exitConfig }

// Hints says what to add.
func (e *MissingSourceError) Hints() []string {
	return []string{"add source_profile = PROFILE (a profile whose credentials may assume the role) below role_arn, or credential_source = Environment, EcsContainer or Ec2InstanceMetadata"}
}

// UnknownCredentialSourceError is a credential_source value botocore does not know.
type UnknownCredentialSourceError struct {
	Profile, Value string
	Where
}

func (e *UnknownCredentialSourceError) Error() string {
	return fmt.Sprintf("profile %q has credential_source %q%s, which is none of %s", e.Profile, e.Value, where(e.At), strings.Join(CredentialSources, ", "))
}

// ExitCode is 1: the configuration must change.
func (e *UnknownCredentialSourceError) ExitCode() int { return exitConfig }

// Hints gives the valid spellings.
func (e *UnknownCredentialSourceError) Hints() []string {
	for _, s := range CredentialSources {
		if strings.EqualFold(s, e.Value) {
			return []string{"write credential_source = " + s + " (the SDKs compare it case by case)"}
		}
	}
	return []string{"set credential_source to Environment (AWS_ACCESS_KEY_ID...), EcsContainer (the container's role) or Ec2InstanceMetadata (the instance's role), or use source_profile instead"}
}

// InvalidRoleARNError is a role_arn that is not the ARN of an IAM role.
type InvalidRoleARNError struct {
	Profile, Value string
	Where
}

func (e *InvalidRoleARNError) Error() string {
	what := "role_arn"
	if e.Profile != "" {
		what = fmt.Sprintf("profile %q has role_arn", e.Profile)
	}
	return fmt.Sprintf("%s %q%s, which is not the ARN of an IAM role", what, e.Value, where(e.At))
}

// ExitCode is 1: the configuration must change.
func (e *InvalidRoleARNError) ExitCode() int { return exitConfig }

// Hints shows the shape of a role ARN.
func (e *InvalidRoleARNError) Hints() []string {
	return []string{"a role ARN reads arn:aws:iam::111122223333:role/NAME (the IAM console shows it on the role's page)"}
}

// MissingRoleARNError is a web identity token file without the role to assume with it.
type MissingRoleARNError struct {
	Profile string
	Where
}

func (e *MissingRoleARNError) Error() string {
	if e.Profile == "" {
		return "AWS_WEB_IDENTITY_TOKEN_FILE is set but AWS_ROLE_ARN is not"
	}
	return fmt.Sprintf("profile %q has web_identity_token_file%s but no role_arn", e.Profile, where(e.At))
}

// ExitCode is 1: the configuration must change.
func (e *MissingRoleARNError) ExitCode() int { return exitConfig }

// Hints says what to add.
func (e *MissingRoleARNError) Hints() []string {
	return []string{"add role_arn = arn:aws:iam::ACCOUNT:role/NAME (the role the token may assume), or set AWS_ROLE_ARN"}
}

// SourceWithoutCredentialsError is a source_profile from which no credentials can be had.
type SourceWithoutCredentialsError struct {
	Profile string
	Where
}

func (e *SourceWithoutCredentialsError) Error() string {
	return fmt.Sprintf("source profile %q%s has no credentials: no IAM Identity Center role, static keys, credential_process, web identity or role_arn", e.Profile, where(e.At))
}

// ExitCode is 1: the configuration must change.
func (e *SourceWithoutCredentialsError) ExitCode() int { return exitConfig }

// Hints says what a source profile needs.
func (e *SourceWithoutCredentialsError) Hints() []string {
	return []string{"give profile " + e.Profile + " sso_session, sso_account_id and sso_role_name (or run 'awsso configure --profile " + e.Profile + "'), or point source_profile at another profile"}
}

// NoCredentialsError is a profile from which no credentials can be had.
type NoCredentialsError struct {
	Profile string
	Where
}

func (e *NoCredentialsError) Error() string {
	return fmt.Sprintf("profile %q%s has no credentials: no IAM Identity Center role, role_arn, static keys, credential_process or web identity", e.Profile, where(e.At))
}

// ExitCode is 1: the configuration must change.
func (e *NoCredentialsError) ExitCode() int { return exitConfig }

// Hints says how to set one up.
func (e *NoCredentialsError) Hints() []string {
	return []string{"run 'awsso configure --profile " + e.Profile + "' to add IAM Identity Center settings, or pick another profile ('awsso profiles' lists them)"}
}

// PartialKeysError is an access key without its secret (or the reverse).
type PartialKeysError struct {
	Profile       string // "" for the environment
	Missing, Have string
	Where
}

func (e *PartialKeysError) Error() string {
	if e.Profile == "" {
		return e.Have + " is set but " + e.Missing + " is not"
	}
	return fmt.Sprintf("profile %q has %s%s but no %s in the same file", e.Profile, e.Have, where(e.At), e.Missing)
}

// ExitCode is 1: the configuration must change.
func (e *PartialKeysError) ExitCode() int { return exitConfig }

// Hints says what to add.
func (e *PartialKeysError) Hints() []string {
	if e.Profile == "" {
		return []string{"set both AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, or unset both to use a profile"}
	}
	return []string{"add " + e.Missing + " next to " + e.Have + ", or delete both"}
}

// InvalidValueError is a setting whose value cannot be used.
type InvalidValueError struct {
	Key, Value, Want string
	Where
}

func (e *InvalidValueError) Error() string {
	if e.Value == "" {
		return fmt.Sprintf("%s%s is empty: it must be %s", e.Key, where(e.At), e.Want)
	}
	return fmt.Sprintf("invalid %s %q%s: it must be %s", e.Key, e.Value, where(e.At), e.Want)
}

// ExitCode is 1: the configuration must change.
func (e *InvalidValueError) ExitCode() int { return exitConfig }

// Hints says what to write.
func (e *InvalidValueError) Hints() []string {
	return []string{"set " + e.Key + " to " + e.Want}
}

// similarNames returns the profile names close to name.
func similarNames(cfg *awsconfig.Config, name string) []string {
	var nf *awsconfig.ProfileNotFoundError
	if _, err := cfg.ResolveSignIn(name); errors.As(err, &nf) {
		return nf.Similar
	}
	return nil
}
