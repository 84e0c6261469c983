package signout_test

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/service/sso"

	"github.com/awsso/awsso/internal/creds"
	"github.com/awsso/awsso/internal/fsutil"
	"github.com/awsso/awsso/internal/portal"
	"github.com/awsso/awsso/internal/session"
	"github.com/awsso/awsso/internal/signout"
	"github.com/awsso/awsso/internal/testsupport/emutest"
	"github.com/awsso/awsso/internal/tokencache"
)

// rig is an emulator, a home's two cache folders, and a Signer on them.
type rig struct {
	env    *emutest.Env
	signer *signout.Signer
}

func newRig(t *testing.T) *rig {
	env := emutest.Start(t, emutest.AutoApprove)
	home := t.TempDir()
	for _, dir := range []string{tokencache.DefaultDir(home), creds.DefaultCacheDir(home)} {
		if err := os.MkdirAll(dir, 0o700); err != nil {
			t.Fatal(err)
		}
	}
	client := sso.NewFromConfig(env.AWSConfig())
	return &rig{env: env, signer: &signout.Signer{
		Tokens: tokencache.Cache{Dir: tokencache.DefaultDir(home)},
		Creds:  creds.Cache{Dir: creds.DefaultCacheDir(home)},
		Portal: func(session.Target) (portal.API, error) { return client, nil },
		Now:    time.Now,
	}}
}

// signIn caches a token of the emulator under session (or, when "", the start URL) and
// returns its access token.
func (r *rig) signIn(t *testing.T, sessionName string, expires time.Time) string {
	t.Helper()
	got := emutest.SignIn(t, r.env)
	tok := &tokencache.Token{StartURL: r.env.StartURL, Region: r.env.Region, AccessToken: got.AccessToken, ExpiresAt: expires}
	if err := r.signer.Tokens.SaveToken(sessionName, r.env.StartURL, tok); err != nil {
		t.Fatal(err)
	}
	return got.AccessToken
}

func TestEveryNamesConfiguredSessions(t *testing.T) {
	r := newRig(t)
	r.signIn(t, "corp", time.Now().Add(time.Hour))
	r.signIn(t, "gone", time.Now().Add(time.Hour))
	os.WriteFile(filepath.Join(r.signer.Tokens.Dir, "junk.json"), []byte("{"), 0o600)
	tokens, err := r.signer.Every([]string{"corp", "other"})
	if err != nil {
		t.Fatal(err)
	}
	labels := map[string]bool{}
	for _, tok := range tokens {
		labels[tok.Label] = true
	}
	if len(tokens) != 2 || !labels["sso-session corp"] || !labels["start URL "+r.env.StartURL] {
		t.Errorf("labels %v, want sso-session corp and the start URL of the token no session names", labels)
	}
}

func TestRunSignsOutAndDeletes(t *testing.T) {
	r := newRig(t)
	live := r.signIn(t, "corp", time.Now().Add(time.Hour))
	r.signIn(t, "", time.Now().Add(-time.Minute)) // expired: nothing to ask the portal
	role := creds.Role{Target: session.Target{Session: "corp"}, AccountID: "111122223333", RoleName: "ReadOnly"}
	if err := r.signer.Creds.Save(role.Key(), &creds.Credentials{AccessKeyID: "A", SecretAccessKey: "S", SessionToken: "T",
		Expiration: time.Now().Add(time.Hour), AccountID: "111122223333"}); err != nil {
		t.Fatal(err)
	}
	tokens := []*signout.Token{
		r.signer.One(session.Target{Session: "corp", StartURL: r.env.StartURL, Region: r.env.Region}, []creds.Role{role}),
		r.signer.One(session.Target{StartURL: r.env.StartURL, Region: r.env.Region}, nil),
		r.signer.One(session.Target{Session: "never", StartURL: r.env.StartURL, Region: r.env.Region}, nil),
	}
	res, err := r.signer.Run(context.Background(), tokens, false)
	if err != nil {
		t.Fatal(err)
	}
	if res.TokenFiles != 2 || res.RoleCredentials != 1 {
		t.Errorf("deleted %+v, want 2 token files and 1 role credential", res)
	}
	if tokens[0].RevokeErr != nil || tokens[0].Skipped != "" || tokens[1].Skipped != "the token had expired" || tokens[2].Entry.Token != nil {
		t.Errorf("outcomes: %+v / %+v / %+v", tokens[0], tokens[1], tokens[2])
	}
	if calls := r.env.Server.Stats()["Logout"]; calls != 1 {
		t.Errorf("%d portal sign-outs, want 1 (the live token only)", calls)
	}
	_, err = sso.NewFromConfig(r.env.AWSConfig()).ListAccounts(context.Background(), &sso.ListAccountsInput{AccessToken: &live})
	if err == nil {
		t.Error("the signed-out token still works at the portal")
	}
	if files, _ := filepath.Glob(filepath.Join(r.signer.Tokens.Dir, "*.json")); len(files) != 0 {
		t.Errorf("token files left: %v", files)
	}
}

// TestRunRefusesForeignFolder: a cache folder anyone may write is refused before anything is
// signed out or deleted.
func TestRunRefusesForeignFolder(t *testing.T) {
	r := newRig(t)
	r.signIn(t, "corp", time.Now().Add(time.Hour))
	tokens, err := r.signer.Every(nil)
	if err != nil {
		t.Fatal(err)
	}
	os.Chmod(r.signer.Creds.Dir, 0o777)
	_, err = r.signer.Run(context.Background(), tokens, true)
	var unsafe *fsutil.UnsafePathError
	if !errors.As(err, &unsafe) {
		t.Fatalf("err = %v, want an *fsutil.UnsafePathError", err)
	}
	if calls := r.env.Server.Stats()["Logout"]; calls != 0 {
		t.Errorf("%d portal sign-outs before the refusal", calls)
	}
	if _, err := r.signer.Tokens.LoadToken("corp", ""); err != nil {
		t.Errorf("the token was deleted: %v", err)
	}
}
