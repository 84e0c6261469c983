package populate

import (
	"fmt"
	"io"
	"strings"
	"unicode"

	"github.com/awsso/awsso/internal/awsconfig"
	"github.com/awsso/awsso/internal/iostreams"
	"github.com/awsso/awsso/internal/portal"
	"github.com/awsso/awsso/internal/textsafe"
)

// skipped is an account, or a role of one, that populate leaves out because what the portal
// sent cannot make a profile: the rest of the run goes on without it.
type skipped struct {
	Account portal.Account
	Role    string // "" when the whole account is left out
	Reason  string
	Hint    string
}

// checkAccount reports why an account from the portal cannot get profiles: an id that is not
// an AWS account id (the portal's answer is then not to be trusted, and the id would have to
// go into the file), or, when the template names profiles by the account's name alone, a name
// without a letter or digit to name them with.
func checkAccount(a portal.Account, tmpl *Template) (skipped, bool) {
	switch {
	case !awsconfig.ValidAccountID(a.ID):
		return skipped{Account: a, Reason: "its id is not 12 digits",
			Hint: "the access portal sent an invalid account id: ask your IAM Identity Center administrator to check the account"}, true
	case tmpl.Uses("account_name") && !tmpl.Uses("account_id") && !hasLetterOrDigit(a.Name):
		return skipped{Account: a, Reason: "its name has no letter or digit to name a profile with",
			Hint: "name profiles by account id instead, with --name-template '{account_id}.{role_name}'"}, true
	}
	return skipped{}, false
}

// checkRole reports why a role from the portal cannot go into a profile: a name that is not
// an IAM role name (1 to 64 letters, digits and + = , . @ _ -) could not be written as
// sso_role_name, or would be read back as something else.
func checkRole(a portal.Account, role string) (skipped, bool) {
	if validRoleName(role) {
		return skipped{}, false
	}
	return skipped{Account: a, Role: role, Reason: "its name is not a role name",
		Hint: "the access portal sent an invalid role name: ask your IAM Identity Center administrator to check the permission set"}, true
}

func validRoleName(s string) bool {
	if s == "" || len(s) > 64 {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		if !(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || strings.IndexByte("+=,.@_-", c) >= 0) {
			return false
		}
	}
	return true
}

func hasLetterOrDigit(s string) bool {
	return strings.IndexFunc(s, func(r rune) bool { return unicode.IsLetter(r) || unicode.IsDigit(r) }) >= 0
}

// what names a skipped account or role for the report: the account's name and id as the
// portal sent them, quoted and cut, since they may be anything.
func (s skipped) what() string {
	account := fmt.Sprintf("account %s (%s)", textsafe.Quote(s.Account.Name), textsafe.Quote(s.Account.ID))
	if s.Role == "" {
		return account
	}
	return fmt.Sprintf("role %s of %s", textsafe.Quote(s.Role), account)
}

// reportSkipped says on stderr, for each account or role left out, what it is, why, and what
// to do.
func reportSkipped(w io.Writer, cs iostreams.ColorScheme, list []skipped) {
	for _, s := range list {
		fmt.Fprintf(w, "%s skipped %s: %s\n", cs.Yellow("warning:"), s.what(), s.Reason)
		fmt.Fprintf(w, "%s %s\n", cs.Yellow("hint:"), s.Hint)
	}
}
