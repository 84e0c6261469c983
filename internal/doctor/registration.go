package doctor

import (
	"fmt"
	"strings"
	"time"

	"github.com/awsso/awsso/internal/tokencache"
)

// checkRegistrations reports, for one sign-in, a client registration about to expire and one
// kept where the sign-in flow that reads it cannot use it: a registration without the device
// code grant in the AWS CLI's file (AWS CLI v2 before 2.22 reuses it for `aws sso login` and
// fails), or one without the authorization code grant in awsso's own PKCE file. See package
// tokencache for the two files.
func checkRegistrations(c Caches, s CachedSession) []Finding {
	args := tokencache.RegistrationArgs{StartURL: s.StartURL, Region: s.Region, Scopes: s.Scopes, Session: s.Session}
	shared, _ := c.Tokens.LoadRegistration(args, tokencache.SlotAWSCLI)
	own, _ := c.Tokens.LoadRegistration(args, tokencache.SlotPKCE)
	sharedPath, ownPath := c.Tokens.RegistrationPath(args, tokencache.SlotAWSCLI), c.Tokens.RegistrationPath(args, tokencache.SlotPKCE)
	var out []Finding
	if live(shared, c.Now) && !shared.Allows(tokencache.GrantDeviceCode) {
		out = append(out, Finding{File: sharedPath, Severity: SeverityNote,
			Problem: fmt.Sprintf("the client registration the AWS CLI keeps for %s %s: a device code sign-in cannot use it, "+
				"and `aws sso login` of AWS CLI v2 before 2.22 fails on it with UnauthorizedClientException", s.Name, grantsText(shared)),
			Fix: sharedFix(s, own, c.Now)})
	}
	if live(own, c.Now) && !own.Usable(c.Now, 0, tokencache.PKCEGrantTypes...) {
		out = append(out, Finding{File: ownPath, Severity: SeverityNote,
			Problem: fmt.Sprintf("awsso's browser sign-in registration for %s %s: the browser sign-in cannot use it", s.Name, grantsText(own)),
			Fix:     "nothing to do: the next browser sign-in (" + s.LoginCommand + ") registers a client and replaces it"})
	}
	for _, r := range []struct {
		reg        *tokencache.Registration
		path, what string
	}{{shared, sharedPath, "the client registration"}, {own, ownPath, "the browser sign-in registration"}} {
		if !live(r.reg, c.Now) || r.reg.ExpiresAt.Sub(c.Now) > RegistrationWarning {
			continue
		}
		out = append(out, Finding{File: r.path, Severity: SeverityNote,
			Problem: fmt.Sprintf("%s of %s expires at %s: its tokens stop refreshing then",
				r.what, s.Name, r.reg.ExpiresAt.UTC().Format("2006-01-02 15:04 UTC")),
			Fix: "nothing to do now; after it expires, " + s.LoginCommand + " registers a new client"})
	}
	return out
}

// live reports whether a registration (nil when there is none) has not expired at now.
func live(r *tokencache.Registration, now time.Time) bool { return r != nil && r.ExpiresAt.After(now) }

// sharedFix says how to clear a registration the device code sign-in cannot use out of the AWS
// CLI's file: awsso's next sign-in moves it to its own file, unless awsso's file already holds
// a usable one (then a newer AWS CLI wrote this one, for itself).
func sharedFix(s CachedSession, own *tokencache.Registration, now time.Time) string {
	switch {
	case s.Session == "":
		return "run: " + s.LoginCommand + " (a device code sign-in: it keeps this registration in awsso's own file and registers one the AWS CLI can use)"
	case own == nil || !own.Usable(now, 0, tokencache.PKCEGrantTypes...):
		return "run: " + s.LoginCommand + " (it moves the registration to awsso's own file, where no AWS CLI looks)"
	default:
		return "nothing to do with AWS CLI 2.22 or later, which writes it for its browser sign-in; " +
			"before an older AWS CLI's `aws sso login`, delete the file (it then registers a client of its own)"
	}
}

// grantsText says what a registration is for, by its grant types.
func grantsText(r *tokencache.Registration) string {
	list := "grant types " + strings.Join(r.GrantTypes, ", ")
	switch {
	case len(r.GrantTypes) == 0:
		return "is for the device code sign-in only (it lists no grant types)"
	case r.Allows(tokencache.GrantAuthorizationCode):
		return "is for the browser sign-in only (" + list + ")"
	case r.Allows(tokencache.GrantDeviceCode):
		return "is for the device code sign-in only (" + list + ")"
	}
	return "allows no sign-in flow (" + list + ")"
}
