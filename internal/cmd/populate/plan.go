package populate

import (
	"strconv"
	"strings"

	"github.com/awsso/awsso/internal/awsconfig"
)

// markerPrefix starts the comment above every profile populate manages; populate changes and
// prunes only profiles that have it.
const markerPrefix = "managed by awsso populate"

func marker(session string) string { return markerPrefix + " --sso-session " + session }

// planner turns the accounts and roles into edits of the config file.
type planner struct {
	session string
	tmpl    *Template
	region  string // "" leaves region out
	prune   bool
	// duplicates adds profiles for what other profiles serve already.
	duplicates bool
	// credentials is the credentials file, whose profiles count as the user's too.
	credentials *awsconfig.Document
	// taken are profile names defined elsewhere (the credentials file).
	taken map[string]bool
	// unknown are the accounts left out of this run (skipped) whose roles it does not know:
	// prune keeps their managed profiles, since the accounts are not gone.
	unknown map[string]bool
}

// result counts what an apply did, with the names of the profiles added and removed, and the
// assignments it left to the profiles that serve them.
type result struct {
	Added, Removed []string
	Kept           int
	Served         []served
}

// served is an assignment that a profile populate does not manage already serves.
type served struct {
	assignment
	Profile string
}

type pairKey struct{ account, role string }

// apply edits d: a new managed profile for every assignment that has none, a region for kept
// managed profiles that lack one (when --region is given), and with prune the removal of
// managed profiles whose account or role is gone. Every other line stays as it is, so a run
// with nothing new leaves the file byte for byte as it was, and keys users add or change in
// managed profiles survive.
func (p *planner) apply(d *awsconfig.Document, as []assignment) (result, error) {
	var res result
	names := make(map[string]bool, len(p.taken)+len(as))
	for n := range p.taken {
		names[n] = true
	}
	managed := map[pairKey]string{}
	var order []pairKey
	for _, ref := range d.Sections() {
		kind, name, _ := awsconfig.Classify(ref, false)
		if kind != awsconfig.KindProfile {
			continue
		}
		names[name] = true
		if !p.manages(d, ref) {
			continue
		}
		acct, _ := d.Get(ref, awsconfig.KeyAccountID)
		role, _ := d.Get(ref, awsconfig.KeyRoleName)
		k := pairKey{acct, role}
		if _, dup := managed[k]; !dup {
			managed[k] = name
			order = append(order, k)
		}
	}
	servedBy := p.servedBy(d, managed)
	want := make(map[pairKey]bool, len(as))
	for _, a := range as {
		k := pairKey{a.Account.ID, a.Role}
		want[k] = true
		if name, ok := managed[k]; ok {
			res.Kept++
			if err := p.keep(d, awsconfig.ProfileRef(name)); err != nil {
				return res, err
			}
			continue
		}
		if name, ok := servedBy[k]; ok && !p.duplicates {
			res.Served = append(res.Served, served{assignment: a, Profile: name})
			continue
		}
		name := p.unique(p.tmpl.Name(Fields{AccountName: a.Account.Name, AccountID: a.Account.ID, RoleName: a.Role, Session: p.session}), a.Account.ID, names)
		names[name] = true
		managed[k] = name
		if err := p.add(d, name, a); err != nil {
			return res, err
		}
		res.Added = append(res.Added, name)
	}
	if p.prune {
		for _, k := range order {
			if !want[k] && !p.unknown[k.account] {
				d.RemoveSection(awsconfig.ProfileRef(managed[k]))
				res.Removed = append(res.Removed, managed[k])
			}
		}
	}
	return res, nil
}

// servedBy maps each account and role that a profile of this sso-session, not managed by
// populate, already serves (one the user wrote, say) to the first such profile, in the files as
// d and the credentials file hold them. Profiles of other sessions do not count: the user chose
// to sign in there separately, and counting them would make what a run writes depend on which
// session was populated first.
func (p *planner) servedBy(d *awsconfig.Document, managed map[pairKey]string) map[pairKey]string {
	ours := make(map[string]bool, len(managed))
	for _, name := range managed {
		ours[name] = true
	}
	cfg := awsconfig.FromDocuments(d, p.credentials)
	out := map[pairKey]string{}
	for _, prof := range cfg.Profiles() {
		if ours[prof.Name] {
			continue
		}
		s, err := cfg.ResolveSSO(prof.Name)
		if err != nil || !s.HasRole() || s.Session != p.session {
			continue
		}
		k := pairKey{s.AccountID, s.RoleName}
		if _, dup := out[k]; !dup {
			out[k] = prof.Name
		}
	}
	return out
}

// manages reports whether the profile at ref is one of this session's managed profiles.
func (p *planner) manages(d *awsconfig.Document, ref awsconfig.SectionRef) bool {
	if s, _ := d.Get(ref, awsconfig.KeySSOSession); s != p.session {
		return false
	}
	for _, c := range d.Comments(ref) {
		if strings.HasPrefix(strings.TrimLeft(c, "#; "), markerPrefix) {
			return true
		}
	}
	return false
}

func (p *planner) keep(d *awsconfig.Document, ref awsconfig.SectionRef) error {
	if _, ok := d.Get(ref, awsconfig.KeyRegion); p.region == "" || ok {
		return nil
	}
	return d.Set(ref, awsconfig.KeyRegion, p.region)
}

func (p *planner) add(d *awsconfig.Document, name string, a assignment) error {
	ref := awsconfig.ProfileRef(name)
	if err := d.AddSection(ref, marker(p.session)); err != nil {
		return err
	}
	kv := [][2]string{{awsconfig.KeySSOSession, p.session}, {awsconfig.KeyAccountID, a.Account.ID}, {awsconfig.KeyRoleName, a.Role}}
	if p.region != "" {
		kv = append(kv, [2]string{awsconfig.KeyRegion, p.region})
	}
	for _, e := range kv {
		if err := d.Set(ref, e[0], e[1]); err != nil {
			return err
		}
	}
	return nil
}

// unique returns base, or when another profile has that name, base with the account id
// (unless the template already holds it), then with a counter.
func (p *planner) unique(base, accountID string, names map[string]bool) string {
	if !names[base] {
		return base
	}
	if !p.tmpl.Uses("account_id") {
		if n := base + "-" + accountID; !names[n] {
			return n
		}
	}
	for i := 2; ; i++ {
		if n := base + "-" + strconv.Itoa(i); !names[n] {
			return n
		}
	}
}
