package emulator

import (
	"path/filepath"
	"strings"
	"testing"
)

func TestLoadOrgExamples(t *testing.T) {
	t.Parallel()
	org, err := LoadOrg(filepath.Join("testdata", "org.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	if org.StartURL != "https://d-90670ca891.awsapps.com/start" || org.Region != "eu-west-1" || len(org.Users) != 2 {
		t.Errorf("org.yaml: %+v", org)
	}
	if got := strings.Join(newIndex(org).rolesOf("alice", "111122223333"), ","); got != "AdministratorAccess,ReadOnly" {
		t.Errorf("alice's roles in Production: %s", got)
	}
	if got := newIndex(org).accountsOf("bob"); len(got) != 1 || got[0].ID != "012345678901" {
		t.Errorf("bob's accounts: %v", got)
	}
	if _, err := LoadOrg(filepath.Join("testdata", "org.json")); err != nil {
		t.Errorf("org.json: %v", err)
	}
}

func TestParseOrgErrors(t *testing.T) {
	t.Parallel()
	const base = `
users: [{name: alice, password: pw}]
accounts: [{id: "111122223333", name: Prod}]
permissionSets: [{name: Admin}]
assignments: [{user: alice, account: Prod, permissionSets: [Admin]}]
`
	tests := []struct {
		name, yaml, want string
	}{
		{"unknown key", base + "groups: []\n", "field groups not found"},
		{"no users", strings.Replace(base, "users: [{name: alice, password: pw}]", "users: []", 1), "no users"},
		{"no password", strings.Replace(base, "password: pw", "password: ''", 1), `user "alice" has no password`},
		{"short id", strings.Replace(base, `"111122223333"`, "12345", 1), `id "12345" is not 12 digits`},
		{"unknown user", strings.Replace(base, "user: alice", "user: bob", 1), `user "bob" is not under users`},
		{"unknown account", strings.Replace(base, "account: Prod", "account: Dev", 1), `account "Dev" is not under accounts`},
		{"unknown set", strings.Replace(base, "permissionSets: [Admin]", "permissionSets: [Root]", 1), `permission set "Root"`},
		{"bad role name", strings.Replace(base, "[{name: Admin}]", "[{name: 'Admin Access'}]", 1), "not a valid role name"},
		{"bad start URL", base + "startUrl: https://example.com/start\n", "startUrl"},
		{"role not an ARN", base + "roles: [{arn: Admin}]\n", `arn "Admin" is not of the form`},
		{"role of another account", base + "roles: [{arn: 'arn:aws:iam::999999999999:role/R'}]\n", "account 999999999999"},
		{"role session too long", base + "roles: [{arn: 'arn:aws:iam::111122223333:role/R', maxSessionDuration: 86400}]\n", "maxSessionDuration 86400"},
		{"role trusting a missing provider", base + "roles: [{arn: 'arn:aws:iam::111122223333:role/R', webIdentity: [{provider: 'https://x'}]}]\n", `provider "https://x" is not under oidcProviders`},
		{"user of a missing account", base + "iamUsers: [{account: Dev, name: u, accessKeyId: AKIAIOSFODNN7EXAMPLE, secretAccessKey: 0123456789abcdef}]\n", `iamUsers[0]: account "Dev"`},
		{"bad access key", base + "iamUsers: [{account: Prod, name: u, accessKeyId: ASIA1, secretAccessKey: 0123456789abcdef}]\n", `accessKeyId "ASIA1"`},
		{"MFA secret not base32", base + "mfaDevices: [{serialNumber: 'arn:aws:iam::111122223333:mfa/u', secret: 'not base32!'}]\n", "not base32"},
		{"MFA serial not an ARN", base + "mfaDevices: [{serialNumber: GAHT12345678, secret: JBSWY3DPEHPK3PXP}]\n", `serialNumber "GAHT12345678"`},
		{"provider without TLS", base + "oidcProviders: [{url: 'http://idp', secret: s}]\n", "must start with https://"},
		{"provider without secret", base + "oidcProviders: [{url: 'https://idp'}]\n", "has no secret"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := ParseOrg([]byte(tt.yaml), false)
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("error = %v, want it to mention %q", err, tt.want)
			}
		})
	}
	if _, err := ParseOrg([]byte(base), false); err != nil {
		t.Errorf("base: %v", err)
	}
	// Unquoted 12-digit ids are numbers in YAML; they still read as the digits.
	if _, err := ParseOrg([]byte(strings.Replace(base, `"111122223333"`, "111122223333", 1)), false); err != nil {
		t.Errorf("unquoted id: %v", err)
	}
}

func TestGenerateOrg(t *testing.T) {
	t.Parallel()
	org := GenerateOrg(1000)
	if err := org.Validate(); err != nil {
		t.Fatal(err)
	}
	if len(newIndex(org).accountsOf("alice")) != 1000 {
		t.Errorf("%d accounts", len(newIndex(org).accountsOf("alice")))
	}
	for _, a := range org.Accounts[:10] {
		if n := len(newIndex(org).rolesOf("alice", a.ID)); n < 2 || n > 3 {
			t.Errorf("%s has %d roles", a.ID, n)
		}
	}
}

func TestDefaultOrg(t *testing.T) {
	t.Parallel()
	org := DefaultOrg()
	if err := org.Validate(); err != nil {
		t.Fatal(err)
	}
	if len(org.Users) != 1 || len(newIndex(org).accountsOf("alice")) < 3 {
		t.Errorf("default org: %d users, %d accounts", len(org.Users), len(newIndex(org).accountsOf("alice")))
	}
	url := org.defaultStartURL()
	if !startURLRe.MatchString(url) || url != DefaultOrg().defaultStartURL() {
		t.Errorf("start URL %s is not stable or not d-XXXXXXXXXX.awsapps.com", url)
	}
}
