package resolver

import (
	"strings"
	"testing"
	"time"

	"github.com/awsso/awsso/internal/awsconfig"
)

// FuzzParseProcessOutput feeds arbitrary bytes as a credential_process's stdout: parsing never
// panics, accepted output always has both keys and a future expiry (or none), and an error
// never repeats the secret key the output may carry.
func FuzzParseProcessOutput(f *testing.F) {
	for _, seed := range []string{
		`{"Version": 1, "AccessKeyId": "AKIDEXAMPLE", "SecretAccessKey": "s3cr3t", "SessionToken": "tok", "Expiration": "2099-01-01T00:00:00Z"}`,
		`{"Version": 1, "AccessKeyId": "A", "SecretAccessKey": "s3cr3t"}`,
		`{"Version": 2, "AccessKeyId": "A", "SecretAccessKey": "s3cr3t"}`,
		`{"Version": 1, "AccessKeyId": "A", "SecretAccessKey": "s3cr3t", "Expiration": "yesterday"}`,
		`{"Version": 1, "AccessKeyId": "A", "SecretAccessKey": "s3cr3t", "Expiration": "2001-01-01T00:00:00Z"}`,
		"", "junk", `[]`, `{"Version": "1"}`,
	} {
		f.Add([]byte(seed))
	}
	now := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	f.Fuzz(func(t *testing.T, out []byte) {
		c, err := parseProcessOutput(out, now)
		if err != nil {
			if strings.Contains(string(out), "s3cr3t") && strings.Contains(err.Error(), "s3cr3t") {
				t.Fatalf("error repeats the secret key: %v", err)
			}
			return
		}
		if c.AccessKeyID == "" || c.SecretAccessKey == "" {
			t.Fatalf("accepted credentials without both keys: %+v", c)
		}
		if !c.Expiration.IsZero() && !c.Expiration.After(now) {
			t.Fatalf("accepted credentials that expired at %s", c.Expiration)
		}
	})
}

// FuzzResolve resolves every profile of an arbitrary config, with the environment empty and
// with environment keys set: it never panics or loops forever, a resolved profile has a kind
// and a chain that ends at a root with no source, and Summarize agrees with Resolve.
func FuzzResolve(f *testing.F) {
	for _, seed := range []string{
		corpSession + "[profile hub]\nsso_session = corp\nsso_account_id = 111122223333\nsso_role_name = Admin\n" +
			"[profile prod]\nrole_arn = arn:aws:iam::444455556666:role/Deploy\nsource_profile = hub\n",
		"[profile a]\nrole_arn = arn:aws:iam::111122223333:role/A\nsource_profile = b\n[profile b]\nrole_arn = arn:aws:iam::111122223333:role/B\nsource_profile = a\n",
		"[profile self]\naws_access_key_id = A\naws_secret_access_key = S\nrole_arn = arn:aws:iam::111122223333:role/S\nsource_profile = self\n",
		"[profile both]\nrole_arn = arn:aws:iam::111122223333:role/B\nsource_profile = x\ncredential_source = Environment\n",
		"[profile ecs]\nrole_arn = arn:aws:iam::111122223333:role/E\ncredential_source = EcsContainer\n",
		"[profile p]\ncredential_process = /bin/echo hi\n[profile w]\nrole_arn = arn:aws:iam::111122223333:role/W\nweb_identity_token_file = /nonexistent\n",
		"[default]\nsso_session = missing\n",
	} {
		f.Add(seed, "[default]\naws_access_key_id = A\naws_secret_access_key = S\n")
	}
	env := envOf(map[string]string{"AWS_ACCESS_KEY_ID": "AKENV", "AWS_SECRET_ACCESS_KEY": "SKENV"})
	f.Fuzz(func(t *testing.T, config, credentials string) {
		c, err := awsconfig.Parse("config", []byte(config))
		if err != nil {
			return
		}
		k, err := awsconfig.Parse("credentials", []byte(credentials))
		if err != nil {
			return
		}
		cfg := awsconfig.FromDocuments(c, k)
		sameAsResolve(t, cfg)
		for _, name := range append(cfg.ProfileNames(), "default", "nosuch") {
			for _, o := range []Options{{Explicit: true}, {LookupEnv: env}} {
				p, err := Resolve(cfg, name, o)
				if err != nil {
					if err.Error() == "" {
						t.Fatalf("%s: empty error", name)
					}
					continue
				}
				chain := p.Chain()
				if len(chain) == 0 || chain[0] != p {
					t.Fatalf("%s: chain %v does not start at the profile", name, chain)
				}
				if len(chain) > len(cfg.ProfileNames())+2 {
					t.Fatalf("%s: chain of %d hops in a config of %d profiles", name, len(chain), len(cfg.ProfileNames()))
				}
				if p.String() == "" {
					t.Fatalf("%s: empty label", name)
				}
			}
		}
	})
}
