package configure

import (
	"errors"
	"fmt"
	"slices"
	"strings"
	"unicode"

	"github.com/awsso/awsso/internal/awsconfig"
	"github.com/awsso/awsso/internal/cmdutil"
	"github.com/awsso/awsso/internal/region"
)

// validStartURL accepts what the config may hold as a start URL (awsconfig.CheckStartURL: https,
// a host, no user-info), saying why otherwise.
func validStartURL(s string) error {
	if err := awsconfig.CheckStartURL(s); err != nil {
		return fmt.Errorf("the start URL cannot be used: %v; it looks like https://d-1234567890.awsapps.com/start", err)
	}
	return nil
}

func validRegion(s string) error {
	if !region.ValidName(s) {
		return fmt.Errorf("%q is not a region name: use one such as us-east-1 or eu-west-2", s)
	}
	return nil
}

func validScopes(s string) error {
	for _, scope := range strings.Split(s, ",") {
		if strings.ContainsAny(strings.TrimSpace(scope), " \t") {
			return errors.New("scopes must be separated by commas")
		}
	}
	if len(awsconfig.SplitScopes(s)) == 0 {
		return errors.New("give at least one scope, such as sso:account:access")
	}
	return nil
}

func validName(s string) error {
	if !awsconfig.ValidName(s) {
		return errors.New("use letters, digits and - _ . / @ : + % without blanks, quotes, '#' or ';'")
	}
	return nil
}

// validNewName accepts the name of a profile or sso-session that configure creates: a name
// every AWS tool reads the same way, that a shell takes as one plain word in the commands awsso
// prints (awsso login --profile NAME), and that never reads as a path or a flag: letters,
// digits and . _ - @ + = , : %, starting with a letter, digit or '_'. Names that exist already
// are used as they are (validName).
func validNewName(s string) error {
	for i, r := range s {
		plain := unicode.IsLetter(r) || unicode.IsDigit(r) || r == '_'
		if i == 0 && !plain || !plain && !strings.ContainsRune(".-@+=,:%", r) {
			return errors.New("use letters, digits and . _ - @ + = , : % (no blanks, slashes or shell characters; a letter or digit first)")
		}
	}
	if s == "" {
		return errors.New("a name is required")
	}
	return nil
}

// validSessionName accepts an existing sso-session's name as it is, and a new one by validNewName.
func (w *wizard) validSessionName(s string) error {
	if _, ok := w.cfg.SSOSession(s); ok {
		return validName(s)
	}
	return validNewName(s)
}

// validProfileName accepts an existing profile's name as it is, and a new one by validNewName.
func (w *wizard) validProfileName(s string) error {
	if _, ok := w.cfg.Profile(s); ok {
		return validName(s)
	}
	return validNewName(s)
}

// checkFlags validates every answer given as a flag, and the --profile name, before anything
// is signed in, fetched or written: a bad value never costs a sign-in.
func (w *wizard) checkFlags() error {
	checks := []struct {
		flag  string
		valid func(string) error
	}{
		{flagSession, w.validSessionName}, {flagStartURL, validStartURL}, {flagSSORegion, validRegion}, {flagScopes, validScopes},
		{flagAccountID, validAccountID}, {flagRegion, validRegion}, {flagOutput, validOutput},
	}
	for _, c := range checks {
		v := w.flagValue(c.flag)
		if !w.opts.Given[c.flag] || v == "" && c.flag == flagSession { // an empty --sso-session: a legacy profile
			continue
		}
		if err := c.valid(v); err != nil {
			return cmdutil.FlagErrorf("invalid --%s %q: %v", c.flag, awsconfig.RedactURL(v), err)
		}
	}
	if w.profile != "" {
		if err := w.validProfileName(w.profile); err != nil {
			return cmdutil.FlagErrorf("invalid profile name %q: %v", w.profile, err)
		}
	}
	return nil
}

func validOutput(s string) error {
	if slices.Contains(awsconfig.OutputFormats, s) {
		return nil
	}
	return fmt.Errorf("%q is not an output format: use %s", s, strings.Join(awsconfig.OutputFormats, ", "))
}

func validAccountID(s string) error {
	if !awsconfig.ValidAccountID(s) {
		return fmt.Errorf("%q is not an account id: an account id is 12 digits", s)
	}
	return nil
}
