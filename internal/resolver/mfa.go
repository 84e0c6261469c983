package resolver

import (
	"context"
	"fmt"
	"strings"
)

// mfa returns the code for n's MFA device: the caller's --mfa-code the first time, else what
// AskMFA answers; without either it is an *MFARequiredError. botocore asks only when the call
// is made, so cached credentials never need a code.
func (f *fetch) mfa(ctx context.Context, n *Profile) (string, error) {
	if code := f.mfaCode; code != "" {
		f.mfaCode = "" // a code is good for one call
		return code, checkMFACode(code)
	}
	if f.r.AskMFA == nil || f.noPrompt {
		return "", &MFARequiredError{Profile: n.Name, Serial: n.Role.MFASerial, Top: f.top.Name}
	}
	code, err := f.r.AskMFA(ctx, n.Name, n.Role.MFASerial)
	if err != nil {
		return "", err
	}
	code = strings.TrimSpace(code)
	return code, checkMFACode(code)
}

// checkMFACode refuses what cannot be a code of an MFA device before STS sees it: six digits.
func checkMFACode(code string) error {
	if len(code) == 6 && strings.Trim(code, "0123456789") == "" {
		return nil
	}
	return &InvalidValueError{Key: "MFA code", Value: code, Want: "the six digits the MFA device shows"}
}

// MFARequiredError is an AssumeRole that needs an MFA code when nobody can be asked for one
// (no terminal, or credential-process) and none was given.
type MFARequiredError struct {
	Profile, Serial string
	// Top is the profile that was asked for, whose command is to be run again.
	Top string
}

func (e *MFARequiredError) Error() string {
	return fmt.Sprintf("profile %s needs a code of MFA device %s (mfa_serial), and there is no terminal to ask for it", e.Profile, e.Serial)
}

// ExitCode is 1: the command must be run another way.
func (e *MFARequiredError) ExitCode() int { return exitConfig }

// Hints names the flag and the way to cache the credentials.
func (e *MFARequiredError) Hints() []string {
	return []string{
		"pass the current code with --mfa-code CODE",
		"or run 'awsso whoami --profile " + e.Top + "' in a terminal once: it asks for the code and caches the credentials, which every tool then reuses until they expire",
	}
}
