package emulator

import (
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"strings"
)

// Org is the organisation the emulator serves: who can sign in, which accounts exist, which
// permission sets (roles) there are, and who may use which role in which account. Load one
// with LoadOrg or ParseOrg, or use DefaultOrg or GenerateOrg.
type Org struct {
	// StartURL is the AWS access portal URL, https://d-XXXXXXXXXX.awsapps.com/start. Empty
	// means one derived from the organisation's contents, stable across runs.
	StartURL string `json:"startUrl,omitempty" yaml:"startUrl,omitempty"`
	// Region is the Identity Center region; Options.Region overrides it; default us-east-1.
	Region         string          `json:"region,omitempty" yaml:"region,omitempty"`
	Users          []User          `json:"users" yaml:"users"`
	Accounts       []Account       `json:"accounts" yaml:"accounts"`
	PermissionSets []PermissionSet `json:"permissionSets" yaml:"permissionSets"`
	Assignments    []Assignment    `json:"assignments" yaml:"assignments"`

	// Roles are the IAM roles STS may assume and who may assume them; without any, every
	// role in the accounts is open to any credentials the emulator issued.
	Roles []Role `json:"roles,omitempty" yaml:"roles,omitempty"`
	// IAMUsers have long-term access keys, for static-key profiles.
	IAMUsers []IAMUser `json:"iamUsers,omitempty" yaml:"iamUsers,omitempty"`
	// MFADevices are the virtual MFA devices AssumeRole's SerialNumber may name.
	MFADevices []MFADevice `json:"mfaDevices,omitempty" yaml:"mfaDevices,omitempty"`
	// OIDCProviders sign the tokens AssumeRoleWithWebIdentity accepts.
	OIDCProviders []OIDCProvider `json:"oidcProviders,omitempty" yaml:"oidcProviders,omitempty"`
}

// User is a person who signs in on the emulator's pages. The first user is the default one,
// who approves device codes under AutoApprove.
type User struct {
	Name     string `json:"name" yaml:"name"`
	Password string `json:"password" yaml:"password"`
	Email    string `json:"email,omitempty" yaml:"email,omitempty"`
}

// Account is an AWS account: a 12-digit id, a name and an email address.
type Account struct {
	ID    string `json:"id" yaml:"id"`
	Name  string `json:"name" yaml:"name"`
	Email string `json:"email,omitempty" yaml:"email,omitempty"`
}

// PermissionSet is what the portal calls a role: its name is the role name.
type PermissionSet struct {
	Name string `json:"name" yaml:"name"`
}

// Assignment lets a user use permission sets in an account (given by id or name).
type Assignment struct {
	User           string   `json:"user" yaml:"user"`
	Account        string   `json:"account" yaml:"account"`
	PermissionSets []string `json:"permissionSets" yaml:"permissionSets"`
}

// DefaultOrg is the built-in organisation: one user (alice) and three accounts with several
// roles each, every role open to AssumeRole, and alice as an IAM user in Production
// (DefaultAccessKeyID) with a virtual MFA device (DefaultMFASerial, DefaultMFASecret); web
// identity tokens come from DefaultOIDCIssuer, signed with DefaultOIDCSecret.
func DefaultOrg() *Org {
	return &Org{
		Users: []User{{Name: "alice", Password: "correct-horse-battery-staple", Email: "alice@example.com"}},
		Accounts: []Account{
			{ID: "111122223333", Name: "Production", Email: "aws-production@example.com"},
			{ID: "444455556666", Name: "Staging", Email: "aws-staging@example.com"},
			{ID: "777788889999", Name: "Sandbox", Email: "aws-sandbox@example.com"},
		},
		PermissionSets: []PermissionSet{
			{Name: "AdministratorAccess"}, {Name: "ReadOnly"}, {Name: "PowerUserAccess"}, {Name: "DataScientist"},
		},
		Assignments: []Assignment{
			{User: "alice", Account: "111122223333", PermissionSets: []string{"AdministratorAccess", "ReadOnly"}},
			{User: "alice", Account: "444455556666", PermissionSets: []string{"AdministratorAccess", "ReadOnly", "DataScientist"}},
			{User: "alice", Account: "777788889999", PermissionSets: []string{"AdministratorAccess", "PowerUserAccess", "DataScientist"}},
		},
		IAMUsers:      []IAMUser{{Account: "111122223333", Name: "alice", AccessKeyID: DefaultAccessKeyID, SecretAccessKey: DefaultSecretAccessKey}},
		MFADevices:    []MFADevice{{SerialNumber: DefaultMFASerial, Secret: DefaultMFASecret}},
		OIDCProviders: []OIDCProvider{{URL: DefaultOIDCIssuer, Secret: DefaultOIDCSecret}},
	}
}

// GenerateOrg returns an organisation with n accounts (ids 100000000001, 100000000002...),
// each with two or three roles, all assigned to one user (alice), for scale tests.
func GenerateOrg(n int) *Org {
	org := &Org{
		Users:          []User{{Name: "alice", Password: "correct-horse-battery-staple", Email: "alice@example.com"}},
		PermissionSets: []PermissionSet{{Name: "AdministratorAccess"}, {Name: "ReadOnly"}, {Name: "PowerUserAccess"}, {Name: "DataScientist"}},
	}
	for i := 1; i <= n; i++ {
		id := fmt.Sprintf("%012d", int64(100000000000)+int64(i))
		org.Accounts = append(org.Accounts, Account{ID: id, Name: fmt.Sprintf("account-%04d", i), Email: fmt.Sprintf("aws-%04d@example.com", i)})
		roles := []string{"AdministratorAccess", "ReadOnly"}
		switch i % 3 {
		case 1:
			roles = append(roles, "DataScientist")
		case 2:
			roles = []string{"PowerUserAccess", "ReadOnly"}
		}
		org.Assignments = append(org.Assignments, Assignment{User: "alice", Account: id, PermissionSets: roles})
	}
	return org
}

var (
	accountIDRe = lazyRE(`^[0-9]{12}$`)
	roleNameRe  = lazyRE(`^[A-Za-z0-9+=,.@_-]{1,32}$`)
	startURLRe  = lazyRE(`^https://d-[0-9a-z]{10}\.awsapps\.com/start/?$`)
	// regionRe is the shape of the region names of every AWS partition (us-east-1,
	// us-gov-west-1, eusc-de-east-1): a region goes into the export lines and config snippets
	// the emulator prints, so nothing else may pass.
	regionRe = lazyRE(`^[a-z]{2,4}(-[a-z]+)+-[0-9]+$`)
)

// ValidRegion reports whether r is shaped like an AWS region name.
func ValidRegion(r string) bool { return regionRe.MatchString(r) }

// Validate checks that the organisation is usable: unique users with passwords, 12-digit
// unique account ids, valid role names, and assignments that name what exists.
func (o *Org) Validate() error {
	var errs []error
	bad := func(format string, args ...any) { errs = append(errs, fmt.Errorf(format, args...)) }
	if len(o.Users) == 0 {
		bad("no users: add at least one under users (name, password)")
	}
	if o.Region != "" && !ValidRegion(o.Region) {
		bad("region %q is not an AWS region name such as us-east-1", o.Region)
	}
	if o.StartURL != "" && !startURLRe.MatchString(o.StartURL) {
		bad("startUrl %q is not of the form https://d-XXXXXXXXXX.awsapps.com/start (10 lower-case letters or digits)", o.StartURL)
	}
	users := map[string]bool{}
	for i, u := range o.Users {
		switch {
		case u.Name == "":
			bad("users[%d]: name is empty", i)
		case users[u.Name]:
			bad("users[%d]: user %q appears twice", i, u.Name)
		case u.Password == "":
			bad("users[%d]: user %q has no password", i, u.Name)
		}
		users[u.Name] = true
	}
	accounts := map[string]bool{} // ids and names
	for i, a := range o.Accounts {
		switch {
		case !accountIDRe.MatchString(a.ID):
			bad("accounts[%d]: id %q is not 12 digits (quote it in YAML to keep leading zeros)", i, a.ID)
		case accounts[a.ID]:
			bad("accounts[%d]: id %s appears twice", i, a.ID)
		case a.Name == "":
			bad("accounts[%d]: account %s has no name", i, a.ID)
		}
		accounts[a.ID] = true
		accounts[a.Name] = true
	}
	sets := map[string]bool{}
	for i, p := range o.PermissionSets {
		if !roleNameRe.MatchString(p.Name) {
			bad("permissionSets[%d]: %q is not a valid role name (1-32 of A-Z a-z 0-9 +=,.@_-)", i, p.Name)
		}
		sets[p.Name] = true
	}
	for i, as := range o.Assignments {
		if !users[as.User] {
			bad("assignments[%d]: user %q is not under users", i, as.User)
		}
		if !accounts[as.Account] {
			bad("assignments[%d]: account %q is not under accounts (use its id or name)", i, as.Account)
		}
		for _, ps := range as.PermissionSets {
			if !sets[ps] {
				bad("assignments[%d]: permission set %q is not under permissionSets", i, ps)
			}
		}
	}
	o.validateIAM(accounts, bad)
	return errors.Join(errs...)
}

// index is an organisation prepared for lookups, built once: the portal answers in time
// proportional to the page, not to the size of the organisation.
type index struct {
	users    map[string]*User
	accounts map[string]*Account    // by id
	assigned map[string][]Account   // user -> accounts, in the organisation's order
	roles    map[[2]string][]string // user, account id -> role names, in permission-set order
}

func newIndex(o *Org) *index {
	ix := &index{users: map[string]*User{}, accounts: map[string]*Account{}, assigned: map[string][]Account{}, roles: map[[2]string][]string{}}
	byName := map[string]*Account{}
	for i := range o.Users {
		ix.users[o.Users[i].Name] = &o.Users[i]
	}
	for i := range o.Accounts {
		a := &o.Accounts[i]
		ix.accounts[a.ID] = a
		if _, dup := byName[a.Name]; !dup {
			byName[a.Name] = a
		}
	}
	granted := map[[2]string]map[string]bool{}
	for _, as := range o.Assignments {
		a := ix.accounts[as.Account]
		if a == nil {
			a = byName[as.Account]
		}
		if a == nil {
			continue
		}
		key := [2]string{as.User, a.ID}
		if granted[key] == nil {
			granted[key] = map[string]bool{}
		}
		for _, ps := range as.PermissionSets {
			granted[key][ps] = true
		}
	}
	for key, set := range granted {
		for _, p := range o.PermissionSets {
			if set[p.Name] {
				ix.roles[key] = append(ix.roles[key], p.Name)
			}
		}
	}
	for _, u := range o.Users {
		for _, a := range o.Accounts {
			if len(ix.roles[[2]string{u.Name, a.ID}]) > 0 {
				ix.assigned[u.Name] = append(ix.assigned[u.Name], a)
			}
		}
	}
	return ix
}

// accountsOf lists the accounts assigned to user, in the organisation's account order.
func (ix *index) accountsOf(user string) []Account { return ix.assigned[user] }

// rolesOf lists the role names user may use in accountID, in permission-set order.
func (ix *index) rolesOf(user, accountID string) []string {
	return ix.roles[[2]string{user, accountID}]
}

// defaultStartURL derives a start URL from the organisation's users and accounts, so the same
// organisation gets the same URL on every run (and a saved config keeps working).
func (o *Org) defaultStartURL() string {
	h := sha256.New()
	for _, u := range o.Users {
		fmt.Fprintf(h, "u:%s\n", u.Name)
	}
	for _, a := range o.Accounts {
		fmt.Fprintf(h, "a:%s\n", a.ID)
	}
	return "https://d-" + hex.EncodeToString(h.Sum(nil))[:10] + ".awsapps.com/start"
}

// sameStartURL compares start URLs the way users write them: a trailing slash or "#/" does not
// matter.
func sameStartURL(a, b string) bool {
	norm := func(s string) string {
		s = strings.TrimSuffix(s, "#/")
		return strings.TrimSuffix(s, "/")
	}
	return norm(a) == norm(b)
}
