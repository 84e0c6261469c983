package stress_test

import (
	"encoding/json"
	"fmt"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/awsso/awsso/internal/awsconfig"
	"github.com/awsso/awsso/internal/emulator"
	"github.com/awsso/awsso/internal/testsupport/cmdtest"
	"github.com/awsso/awsso/internal/testsupport/emutest"
	"github.com/awsso/awsso/internal/testsupport/testenv"
	"github.com/awsso/awsso/internal/tokencache"
)

// TestFiftyProcessesOneHome starts 50 awsso processes at once on one home and one emulator:
// credential-process with cold role credentials on two sessions whose tokens are due for a
// refresh, populate of both sessions, explicit logins to a third session, and
// credential-process --login on a fourth that is signed out. Every process exits 0, each
// session is refreshed exactly once, the signed-out session signs in once for all its
// processes, and every file is whole with nothing lost.
func TestFiftyProcessesOneHome(t *testing.T) {
	curl := testenv.LookPath(t, "curl")
	org := emulator.GenerateOrg(30)
	w := cmdtest.New(t, func(o *emulator.Options) { o.Org = org })
	ids := func(i int) string { return org.Accounts[i].ID }
	var config strings.Builder
	for _, s := range []string{"ops", "fresh", "lazy"} {
		fmt.Fprintf(&config, "[sso-session %s]\nsso_start_url = %s\nsso_region = %s\nsso_registration_scopes = sso:account:access\n\n", s, w.Env.StartURL, w.Env.Region)
	}
	for i := range 5 {
		for _, s := range []string{"corp", "ops", "lazy"} {
			fmt.Fprintf(&config, "[profile %s-%d]\nsso_session = %s\nsso_account_id = %s\nsso_role_name = ReadOnly\nregion = us-east-1\n\n", s, i, s, ids(i))
		}
	}
	cmdtest.AppendConfig(t, w, config.String()+bystander)
	before := readFile(t, w.Home.Config)

	// corp and ops signed in, both due for a refresh; fresh and lazy signed out.
	cache := tokencache.Cache{Dir: tokencache.DefaultDir(w.Home.Dir)}
	for _, s := range []string{"corp", "ops"} {
		signed := emutest.SignIn(t, w.Env)
		tok := &tokencache.Token{StartURL: w.Env.StartURL, Region: w.Env.Region, AccessToken: signed.AccessToken,
			ExpiresAt: time.Now().Add(5 * time.Minute).UTC().Truncate(time.Second), ClientID: signed.ClientID, ClientSecret: signed.ClientSecret,
			RegistrationExpiresAt: time.Now().Add(24 * time.Hour).UTC().Truncate(time.Second), RefreshToken: signed.RefreshToken}
		if err := cache.SaveToken(s, "", tok); err != nil {
			t.Fatal(err)
		}
	}
	w.Env.Server.ResetStats()

	type job struct {
		args []string
		json bool // stdout is a credential_process document
	}
	var jobs []job
	for i := range 20 {
		jobs = append(jobs, job{[]string{"credential-process", "--profile", fmt.Sprintf("%s-%d", []string{"corp", "ops"}[i%2], i%5)}, true})
	}
	for i := range 10 {
		jobs = append(jobs, job{args: []string{"populate", "--sso-session", []string{"corp", "ops"}[i%2], "--name-template", "{session}-{account_name}.{role_name}", "--duplicates"}})
	}
	for range 10 {
		jobs = append(jobs, job{args: []string{"login", "--sso-session", "fresh"}})
	}
	for i := range 10 {
		jobs = append(jobs, job{[]string{"credential-process", "--profile", fmt.Sprintf("lazy-%d", i%5), "--login", "--use-device-code"}, true})
	}
	env := w.ProcessEnv("AWSSO_BROWSER=" + curl + " -fsSL -o /dev/null {url}")
	results := make([]result, len(jobs))
	var wg sync.WaitGroup
	start := make(chan struct{})
	for i, j := range jobs {
		wg.Add(1)
		go func() {
			defer wg.Done()
			<-start
			results[i] = run(t, env, j.args...)
		}()
	}
	close(start)
	wg.Wait()

	for i, r := range results {
		if r.code != 0 {
			t.Errorf("process %d failed:\n%s", i, r)
			continue
		}
		if jobs[i].json {
			var doc struct {
				Version         int
				AccessKeyId     string
				SecretAccessKey string
			}
			if err := json.Unmarshal([]byte(r.stdout), &doc); err != nil || doc.Version != 1 || doc.AccessKeyId == "" {
				t.Errorf("process %d printed no credentials (%v):\n%s", i, err, r)
			}
		}
	}
	stats := w.Env.Server.Stats()
	if n := stats["CreateToken:refresh_token"]; n != 2 {
		t.Errorf("%d refreshes for 2 sessions due for one (%v)", n, stats)
	}
	if n := stats["StartDeviceAuthorization"]; n != 1 {
		t.Errorf("%d device sign-ins for the signed-out session, want 1 for its 10 processes (%v)", n, stats)
	}
	if n := stats["CreateToken:authorization_code"]; n != 10 {
		t.Errorf("%d browser sign-ins for 10 explicit logins (%v)", n, stats)
	}

	// The files: whole, with nothing lost.
	after := readFile(t, w.Home.Config)
	doc, err := awsconfig.Parse(w.Home.Config, []byte(after))
	if err != nil {
		t.Fatalf("the config no longer parses: %v", err)
	}
	if !strings.HasPrefix(after, before) {
		t.Errorf("the profiles written before the run changed")
	}
	roles := 0
	for _, a := range org.Assignments {
		roles += len(a.PermissionSets)
	}
	for _, s := range []string{"corp", "ops"} {
		n := 0
		for _, ref := range doc.Sections() {
			if strings.HasPrefix(ref.String(), "profile "+s+"-account-") {
				n++
			}
		}
		if n != roles {
			t.Errorf("sso-session %s: %d populated profiles, want %d", s, n, roles)
		}
	}
	for _, s := range []string{"corp", "ops", "fresh", "lazy"} {
		tok, err := cache.LoadToken(s, "")
		if err != nil || !tok.Valid(time.Now(), 15*time.Minute) {
			t.Errorf("sso-session %s: token %v, %v", s, tok, err)
		}
	}
	checkCacheFiles(t, cache.Dir)
	checkCacheFiles(t, w.CredsCache().Dir)
	if files, _ := filepath.Glob(filepath.Join(w.CredsCache().Dir, "*.json")); len(files) != 15 {
		t.Errorf("%d cached role credentials, want 15 (one per profile used)", len(files))
	}
	t.Logf("emulator counted %v", stats)
}
