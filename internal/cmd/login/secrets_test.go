package login_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/awsso/awsso/internal/cachefile"
	"github.com/awsso/awsso/internal/resolver"
	"github.com/awsso/awsso/internal/testsupport/emutest"
)

// secrets reads every secret the caches hold: access and refresh tokens, client secrets, and
// role credentials' secret keys and session tokens.
func (w *world) secrets(t *testing.T, into map[string]bool) {
	t.Helper()
	files, _ := filepath.Glob(filepath.Join(w.home.AWSDir(), "*", "cache", "*.json"))
	for _, file := range files {
		obj, err := cachefile.ReadFile(file)
		if err != nil {
			continue
		}
		for _, key := range []string{"accessToken", "refreshToken", "clientSecret"} {
			if v, ok := obj.String(key); ok && v != "" {
				into[v] = true
			}
		}
		if c, ok := obj.Get("Credentials").(cachefile.Object); ok {
			for _, key := range []string{"SecretAccessKey", "SessionToken"} {
				if v, ok := c.String(key); ok && v != "" {
					into[v] = true
				}
			}
		}
	}
}

// TestSecretsNeverPrinted runs every sign-in command with --debug, in every output format, and
// into errors (revoked session, refused refresh), and checks that no access token, refresh
// token, client secret or role secret ever reaches stdout or stderr.
func TestSecretsNeverPrinted(t *testing.T) {
	w := newWorld(t, emutest.AutoApprove)
	secrets := map[string]bool{}
	steps := [][]string{
		{"--debug", "login", "--sso-session", "corp"},
		{"--debug", "login", "--profile", "old", "--no-browser"},
		{"--debug", "accounts", "--profile", "dev"},
		{"--debug", "roles", "--profile", "old", "--output", "json"},
		{"--debug", "sso", "list-accounts", "--profile", "stage", "--output", "text"},
	}
	for _, format := range []string{"json", "yaml", "text", "table"} {
		steps = append(steps, []string{"--debug", "status", "--output", format}, []string{"--debug", "profiles", "--output", format})
	}
	for _, args := range steps {
		w.mustRun(args...)
		w.secrets(t, secrets)
	}
	// Role credentials in the cache, so their secrets are checked too.
	f, _, _ := w.factory()
	r, _ := f.Resolver()
	provider := r.RoleProvider(resolver.Client{})
	cfg, _ := f.Config()
	s, _ := cfg.ResolveSSO("dev")
	if _, err := provider.Get(t.Context(), roleOf(s)); err != nil {
		t.Fatal(err)
	}
	w.secrets(t, secrets)

	// Errors: a refused refresh of an expired token, and a revoked session.
	tok := w.token()
	w.env.Server.Revoke()
	w.run("--debug", "accounts", "--profile", "dev")
	tok.ExpiresAt = tok.ExpiresAt.AddDate(0, 0, -1)
	w.cache().SaveToken("corp", "", tok)
	w.run("--debug", "roles", "--sso-session", "corp", "--account-id", "111122223333")
	w.run("--debug", "status")
	w.run("--debug", "logout")
	w.run("--debug", "accounts", "--profile", "old")

	if len(secrets) < 7 { // 2 access, 1 refresh, 2 client secrets, 1 secret key, 1 session token
		t.Fatalf("found only %d secrets in the caches; the test would prove nothing", len(secrets))
	}
	all := w.all.String()
	if os.Getenv("SHOWALL") != "" {
		t.Log(all)
	}
	for secret := range secrets {
		if strings.Contains(all, secret) {
			t.Errorf("a secret (%d characters) appears in the output", len(secret))
		}
	}
	for _, want := range []string{"debug: POST " + w.env.URL + "/token", "debug: GET " + w.env.URL + "/assignment/accounts", "hint: run: awsso login"} {
		if !strings.Contains(all, want) {
			t.Errorf("the output lacks %q: the trace proves nothing", want)
		}
	}
}
