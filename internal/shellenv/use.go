package shellenv

import (
	"slices"
	"strconv"
	"strings"
	"time"
)

// The variables use sets for the prompt, and the record of what it set.
const (
	VarProfile     = "AWSSO_PROFILE"     // the profile in use
	VarAccount     = "AWSSO_ACCOUNT"     // its account id
	VarRole        = "AWSSO_ROLE"        // its role name
	VarRegion      = "AWSSO_REGION"      // its region (--region, else the profile's)
	VarExpires     = "AWSSO_EXPIRES"     // when the sign-in or the exported credentials end, in Unix seconds
	VarExpiresAt   = "AWSSO_EXPIRES_AT"  // the same as a local time ("18:04"), for shells without a clock
	VarRefreshable = "AWSSO_REFRESHABLE" // "1" when awsso refreshes the sign-in by itself at VarExpires
	VarSet         = "AWSSO_VARS"        // the AWS_ variables use set, space-separated, for the next use or unuse
)

// The AWS variables use sets.
const (
	EnvProfile        = "AWS_PROFILE"
	EnvDefaultProfile = "AWS_DEFAULT_PROFILE" // read by older tools
	EnvRegion         = "AWS_REGION"
	EnvDefaultRegion  = "AWS_DEFAULT_REGION"
	EnvAccessKeyID    = "AWS_ACCESS_KEY_ID"
	EnvSecretKey      = "AWS_SECRET_ACCESS_KEY"
	EnvSessionToken   = "AWS_SESSION_TOKEN"
	EnvExpiration     = "AWS_CREDENTIAL_EXPIRATION"
)

// promptVars are the AWSSO_ variables, in the order use writes them.
var promptVars = []string{VarProfile, VarAccount, VarRole, VarRegion, VarExpires, VarExpiresAt, VarRefreshable, VarSet}

// Shadowing are the variables that make the SDKs and the AWS CLI ignore AWS_PROFILE: keys in the
// environment come first in every credential chain, so a key left from an earlier --export (or
// from another tool: AWS_SECURITY_TOKEN is the boto 2 name botocore still reads first) would
// silently win; the expirations would make prompts such as starship's show the old keys' time.
var Shadowing = []string{EnvAccessKeyID, EnvSecretKey, EnvSessionToken, "AWS_SECURITY_TOKEN", EnvExpiration, "AWS_SESSION_EXPIRATION"}

// owned are the AWS variables use may set, and so the only names unuse honours in VarSet.
var owned = []string{EnvProfile, EnvDefaultProfile, EnvRegion, EnvDefaultRegion, EnvAccessKeyID, EnvSecretKey, EnvSessionToken, EnvExpiration}

// Credentials are role credentials that use --export puts in the environment.
type Credentials struct {
	AccessKeyID, SecretAccessKey, SessionToken string
	// Expiration as AWS_CREDENTIAL_EXPIRATION holds it (RFC 3339, as the AWS CLI prints it).
	Expiration string
}

// Use is what `awsso use` switches a shell to.
type Use struct {
	Profile   string
	AccountID string // "" when the profile names none
	RoleName  string
	// Region is the region to show and, with RegionFlag or Credentials, to set: --region, else
	// the profile's ("" when it has none).
	Region     string
	RegionFlag bool // Region came from --region: set AWS_REGION and AWS_DEFAULT_REGION
	// Credentials, when not nil, go into the environment instead of AWS_PROFILE (--export).
	Credentials *Credentials
	// Expires is when the sign-in, or the exported credentials, end; zero when unknown.
	Expires     time.Time
	Refreshable bool // awsso refreshes the sign-in by itself when it ends
}

// Changes returns the changes that switch a shell whose environment env reads to u: first the
// removal of what an earlier use set and of every shadowing key, then the new values. Region
// variables the user set (not an earlier use) stay, as they beat a profile's region for every
// tool anyway, unless --region replaces them. now and loc format VarExpiresAt.
func (u Use) Changes(env func(string) (string, bool), now time.Time, loc *time.Location) []Change {
	prev := previous(env)
	sets := u.sets(u.awsVars(env, prev), now, loc)
	var changes []Change
	removed := map[string]bool{}
	remove := func(names ...string) {
		for _, n := range names {
			if !slices.ContainsFunc(sets, func(c Change) bool { return c.Name == n }) && !removed[n] {
				removed[n] = true
				changes = append(changes, Unset(n))
			}
		}
	}
	remove(prev...)
	remove(Shadowing...)
	if u.Credentials != nil {
		remove(EnvProfile, EnvDefaultProfile) // --export puts keys instead of a profile
	}
	remove(promptVars...)
	return append(changes, sets...)
}

// awsVars are the AWS variables use sets: the profile, or the exported keys; and the region.
func (u Use) awsVars(env func(string) (string, bool), prev []string) []Change {
	var vars []Change
	if c := u.Credentials; c != nil {
		vars = append(vars, Set(EnvAccessKeyID, c.AccessKeyID), Set(EnvSecretKey, c.SecretAccessKey))
		if c.SessionToken != "" { // long-term keys have neither
			vars = append(vars, Set(EnvSessionToken, c.SessionToken))
		}
		if c.Expiration != "" {
			vars = append(vars, Set(EnvExpiration, c.Expiration))
		}
	} else {
		vars = append(vars, Set(EnvProfile, u.Profile), Set(EnvDefaultProfile, u.Profile))
	}
	if u.Region != "" && (u.RegionFlag || u.Credentials != nil && !userRegion(env, prev)) {
		// Exported keys leave no profile to read a region from, so the profile's goes with them.
		vars = append(vars, Set(EnvRegion, u.Region), Set(EnvDefaultRegion, u.Region))
	}
	return vars
}

// sets adds to the AWS variables the AWSSO_ variables of the prompt (those it knows) and the
// record of what use set.
func (u Use) sets(aws []Change, now time.Time, loc *time.Location) []Change {
	sets := slices.Clone(aws)
	for _, kv := range [][2]string{{VarProfile, u.Profile}, {VarAccount, u.AccountID}, {VarRole, u.RoleName}, {VarRegion, u.Region}} {
		if kv[1] != "" {
			sets = append(sets, Set(kv[0], kv[1]))
		}
	}
	if !u.Expires.IsZero() {
		sets = append(sets, Set(VarExpires, strconv.FormatInt(u.Expires.Unix(), 10)), Set(VarExpiresAt, Clock(u.Expires, now, loc)))
		if u.Refreshable {
			sets = append(sets, Set(VarRefreshable, "1"))
		}
	}
	names := make([]string, len(aws))
	for i, c := range aws {
		names[i] = c.Name
	}
	return append(sets, Set(VarSet, strings.Join(names, " ")))
}

// Unuse returns the changes that remove what use set in a shell whose environment env reads:
// the AWS variables VarSet names (only those use sets: the record lives in the environment,
// where anything can change it) and every AWSSO_ variable. Variables use did not set stay.
func Unuse(env func(string) (string, bool)) []Change {
	var changes []Change
	for _, n := range append(previous(env), promptVars...) {
		changes = append(changes, Unset(n))
	}
	return changes
}

// previous returns the AWS variables an earlier use set, as VarSet records them.
func previous(env func(string) (string, bool)) []string {
	raw, _ := env(VarSet)
	var names []string
	for _, n := range strings.Fields(raw) {
		if slices.Contains(owned, n) && !slices.Contains(names, n) {
			names = append(names, n)
		}
	}
	return names
}

// userRegion reports whether the user set a region variable themselves (not an earlier use).
func userRegion(env func(string) (string, bool), prev []string) bool {
	for _, n := range []string{EnvRegion, EnvDefaultRegion} {
		if v, _ := env(n); v != "" && !slices.Contains(prev, n) {
			return true
		}
	}
	return false
}

// Clock is t as a prompt shows an end time: "18:04" today, "Nov 24 18:04" on another day,
// in loc.
func Clock(t, now time.Time, loc *time.Location) string {
	t, now = t.In(loc), now.In(loc)
	if y, m, d := t.Date(); y == now.Year() && m == now.Month() && d == now.Day() {
		return t.Format("15:04")
	}
	return t.Format("Jan 2 15:04")
}
