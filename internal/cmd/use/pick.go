package use

import (
	"errors"
	"strings"
	"unicode/utf8"

	"github.com/awsso/awsso/internal/awsconfig"
	"github.com/awsso/awsso/internal/cmdutil"
	"github.com/awsso/awsso/internal/shellenv"
)

// pick asks for a profile on the terminal: one line per profile with its account, role and
// sso-session, filtered as the user types; the profile the shell uses now is highlighted first.
func pick(opts *UseOptions, cfg *awsconfig.Config) (string, error) {
	names := cfg.ProfileNames()
	if len(names) == 0 {
		return "", cmdutil.WithHint(errors.New("there is no profile to use"), cmdutil.ExitError,
			"create one with 'awsso configure', or a profile per account and role with 'awsso populate'")
	}
	ask, err := opts.Prompter()
	if err != nil {
		return "", err
	}
	current, _ := opts.LookupEnv("AWS_PROFILE")
	rows := make([][4]string, len(names))
	def := 0
	for i, name := range names {
		u, s, _ := shellenv.Describe(cfg, name)
		rows[i] = [4]string{name, u.AccountID, u.RoleName, ""}
		if s != nil {
			rows[i][3] = s.Session
		}
		if name == current {
			def = i
		}
	}
	i, err := ask.Select("Profile", columns(rows), def)
	if err != nil {
		return "", err
	}
	return names[i], nil
}

// maxColumn bounds a column's width, so one long name does not push the others off the screen.
const maxColumn = 40

// columns lays rows out as aligned columns, two blanks apart, without trailing blanks.
func columns(rows [][4]string) []string {
	var width [4]int
	for _, r := range rows {
		for c, v := range r {
			width[c] = min(max(width[c], utf8.RuneCountInString(v)), maxColumn)
		}
	}
	lines := make([]string, len(rows))
	for i, r := range rows {
		var b strings.Builder
		for c, v := range r {
			b.WriteString(v)
			if pad := width[c] - utf8.RuneCountInString(v); c < len(r)-1 {
				b.WriteString(strings.Repeat(" ", max(pad, 0)+2))
			}
		}
		lines[i] = strings.TrimRight(b.String(), " ")
	}
	return lines
}
