package prompt_test

import (
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/awsso/awsso/internal/app"
	"github.com/awsso/awsso/internal/testsupport/cmdtest"
	"github.com/awsso/awsso/internal/tokencache"
)

var now = time.Now().Truncate(time.Minute).Add(20 * time.Second) // away from minute edges

func run(w *cmdtest.World, env map[string]string, args ...string) (int, string, string) {
	f, s := w.Factory(env)
	f.Now = func() time.Time { return now }
	code := app.Run(context.Background(), f, append([]string{"prompt"}, args...))
	return code, s.Out.String(), s.Err.String()
}

// saveToken replaces corp's token with one that expires at exp, refreshable or not.
func saveToken(t *testing.T, w *cmdtest.World, exp time.Time, refreshable bool) {
	t.Helper()
	tok := &tokencache.Token{StartURL: w.Env.StartURL, Region: w.Env.Region, AccessToken: "a", ExpiresAt: exp}
	if refreshable {
		tok.ClientID, tok.ClientSecret, tok.RefreshToken, tok.RegistrationExpiresAt = "c", "s", "r", now.Add(24*time.Hour)
	}
	if err := (tokencache.Cache{Dir: tokencache.DefaultDir(w.Home.Dir)}).SaveToken("corp", "", tok); err != nil {
		t.Fatal(err)
	}
}

func TestPrompt(t *testing.T) {
	w := cmdtest.New(t)
	dev := map[string]string{"AWS_PROFILE": "dev"}
	for _, tt := range []struct {
		name  string
		token func()
		env   map[string]string
		args  []string
		want  string
	}{
		{"no profile in use", nil, nil, nil, ""},
		{"keys of another tool", nil, map[string]string{"AWS_ACCESS_KEY_ID": "AKIA"}, nil, ""},
		{"not logged in", nil, dev, nil, "dev (111122223333/ReadOnly eu-west-1 not logged in)\n"},
		{"valid", func() { saveToken(t, w, now.Add(6*time.Hour+5*time.Minute), true) }, dev, nil, "dev (111122223333/ReadOnly eu-west-1 6h05m)\n"},
		{"region of the shell", nil, map[string]string{"AWS_PROFILE": "dev", "AWS_REGION": "ap-south-1"}, nil, "dev (111122223333/ReadOnly ap-south-1 6h05m)\n"},
		{"--profile", nil, nil, []string{"--profile", "dev"}, "dev (111122223333/ReadOnly eu-west-1 6h05m)\n"},
		{"refreshable: nothing to say about time", func() { saveToken(t, w, now.Add(-time.Minute), true) }, dev, nil, "dev (111122223333/ReadOnly eu-west-1)\n"},
		{"expired", func() { saveToken(t, w, now.Add(-time.Minute), false) }, dev, nil, "dev (111122223333/ReadOnly eu-west-1 expired)\n"},
		{"exported keys", nil, map[string]string{"AWSSO_PROFILE": "dev", "AWS_ACCESS_KEY_ID": "ASIA", "AWS_REGION": "eu-west-1",
			"AWS_CREDENTIAL_EXPIRATION": now.Add(30 * time.Minute).UTC().Format("2006-01-02T15:04:05+00:00")}, nil, "dev (111122223333/ReadOnly eu-west-1 30m)\n"},
		{"not an SSO profile", nil, map[string]string{"AWS_PROFILE": "static"}, nil, "static (us-east-1)\n"},
		{"unknown profile", nil, map[string]string{"AWS_PROFILE": "gone"}, nil, "gone\n"},
		{"template", func() { saveToken(t, w, now.Add(42*time.Minute), true) }, dev,
			[]string{"--format", "[{profile}|{account}|{role}|{region}|{left}|{session}]"}, "[dev|111122223333|ReadOnly|eu-west-1|42m|corp]\n"},
	} {
		if tt.token != nil {
			tt.token()
		}
		code, out, errOut := run(w, tt.env, tt.args...)
		if code != 0 || out != tt.want || errOut != "" {
			t.Errorf("%s: exit %d, stdout %q, want %q, stderr %q", tt.name, code, out, tt.want, errOut)
		}
	}
	if calls := w.Env.Server.Stats(); len(calls) != 0 {
		t.Errorf("prompt called %v", calls)
	}
}

// TestPromptFollowsStatus: the prompt says of a session what awsso status says, since both ask
// the same function.
func TestPromptFollowsStatus(t *testing.T) {
	w := cmdtest.New(t)
	for _, tok := range []func(){
		func() {},
		func() { saveToken(t, w, now.Add(-time.Hour), false) },
		func() {
			os.WriteFile((tokencache.Cache{Dir: tokencache.DefaultDir(w.Home.Dir)}).TokenPath("corp", ""), []byte("{"), 0o600)
		},
	} {
		tok()
		f, s := w.Factory(nil)
		f.Now = func() time.Time { return now }
		app.Run(context.Background(), f, []string{"status", "--output", "json"})
		var status struct {
			Sessions []struct{ SSOSession, State string }
		}
		json.Unmarshal(s.Out.Bytes(), &status)
		_, out, _ := run(w, map[string]string{"AWS_PROFILE": "dev"})
		if len(status.Sessions) == 0 || status.Sessions[0].SSOSession != "corp" || !strings.HasSuffix(out, " "+status.Sessions[0].State+")\n") {
			t.Errorf("status says %+v, prompt %q", status.Sessions, out)
		}
	}
}

// TestPromptTakesNoLockAndWritesNothing: the caches and the config are as they were, byte for
// byte and time for time, even when the token is due for a refresh.
func TestPromptTakesNoLockAndWritesNothing(t *testing.T) {
	w := cmdtest.New(t)
	w.SignIn(t)
	saveToken(t, w, now.Add(5*time.Minute), true) // within the refresh window
	before := snapshot(t, w.Home.Dir)
	if code, out, _ := run(w, map[string]string{"AWS_PROFILE": "dev"}); code != 0 || out != "dev (111122223333/ReadOnly eu-west-1 5m)\n" {
		t.Fatalf("exit %d: %q", code, out)
	}
	if after := snapshot(t, w.Home.Dir); after != before {
		t.Errorf("the home changed:\n%s\nwas:\n%s", after, before)
	}
	if calls := w.Env.Server.Stats(); calls["CreateToken:refresh_token"] != 0 {
		t.Errorf("prompt refreshed: %v", calls)
	}
}

func snapshot(t *testing.T, dir string) string {
	var b strings.Builder
	filepath.Walk(dir, func(path string, info os.FileInfo, err error) error {
		if err != nil {
			t.Fatal(err)
		}
		b.WriteString(path + " " + info.ModTime().String() + " " + info.Mode().String() + "\n")
		return nil
	})
	return b.String()
}

func TestPromptErrors(t *testing.T) {
	w := cmdtest.New(t)
	for format, want := range map[string]string{"{profil}": "no field {profil}", "{profile} {region": "opens a field it never closes"} {
		if code, out, errOut := run(w, map[string]string{"AWS_PROFILE": "dev"}, "--format", format); code != 1 || out != "" || !strings.Contains(errOut, want) {
			t.Errorf("--format %q: exit %d, %q, %q", format, code, out, errOut)
		}
	}
	// A broken config must not fill every prompt with errors: the profile alone, and --debug says why.
	os.WriteFile(w.Home.Config, []byte("[profile dev\n"), 0o600)
	if code, out, errOut := run(w, map[string]string{"AWS_PROFILE": "dev"}); code != 0 || out != "dev\n" || errOut != "" {
		t.Errorf("broken config: exit %d, %q, %q", code, out, errOut)
	}
	if _, _, errOut := run(w, map[string]string{"AWS_PROFILE": "dev"}, "--debug"); !strings.Contains(errOut, "debug: prompt: ") {
		t.Errorf("--debug: %q", errOut)
	}
}
