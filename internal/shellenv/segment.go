package shellenv

import "strings"

// Segment is what a prompt shows of the profile a shell uses. awsso_prompt builds the same text
// in each shell from the variables alone.
type Segment struct {
	Profile string
	Account string // account id
	Role    string
	Region  string
	// Left is the time the sign-in or the exported credentials have left ("42m", "7h"), or a
	// word for their state ("expired"), or "".
	Left string
}

// String is the segment as prompts show it: "dev (111122223333/ReadOnly eu-west-1 42m)", the
// parts that are known in the parentheses; "" without a profile.
func (s Segment) String() string {
	if s.Profile == "" {
		return ""
	}
	role := s.Account
	switch {
	case s.Account != "" && s.Role != "":
		role = s.Account + "/" + s.Role
	case s.Role != "":
		role = s.Role
	}
	var parts []string
	for _, p := range []string{role, s.Region, s.Left} {
		if p != "" {
			parts = append(parts, p)
		}
	}
	if len(parts) == 0 {
		return s.Profile
	}
	return s.Profile + " (" + strings.Join(parts, " ") + ")"
}

// InUse returns the profile a shell whose environment env reads uses, and whether the AWSSO_
// variables describe it (use set them for this profile): AWS_PROFILE, else AWS_DEFAULT_PROFILE,
// else, when keys are in the environment (use --export, awsso exec), AWSSO_PROFILE. It returns
// "" when the shell uses no named profile.
func InUse(env func(string) (string, bool)) (profile string, described bool) {
	mine, _ := env(VarProfile)
	for _, n := range []string{EnvProfile, EnvDefaultProfile} {
		if v, _ := env(n); v != "" {
			return v, v == mine
		}
	}
	if key, _ := env(EnvAccessKeyID); key != "" && mine != "" {
		return mine, true
	}
	return "", false
}
