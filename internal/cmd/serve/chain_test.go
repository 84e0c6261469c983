package serve_test

import (
	"encoding/json"
	"strings"
	"sync"
	"testing"

	"github.com/awsso/awsso/internal/credserver"
	"github.com/awsso/awsso/internal/testsupport/cmdtest"
	"github.com/awsso/awsso/internal/testsupport/testenv"
)

// chainProfiles are role chains rooted at profile dev (IAM Identity Center): one hop, two
// hops, and one whose credentials live 15 minutes (STS's shortest).
const chainProfiles = `[profile chain]
role_arn = arn:aws:iam::444455556666:role/Deploy
source_profile = dev
role_session_name = serve

[profile chain2]
role_arn = arn:aws:iam::777788889999:role/Leaf
source_profile = chain
role_session_name = serve

[profile short]
role_arn = arn:aws:iam::444455556666:role/Short
source_profile = dev
role_session_name = serve
duration_seconds = 900
`

// TestChainThroughTheServer: boto3, with only the server's two variables, calls STS as the
// role at the end of a chain that starts at IAM Identity Center; requests for every hop at
// once make one AssumeRole per role and one GetRoleCredentials.
func TestChainThroughTheServer(t *testing.T) {
	t.Parallel()
	python := testenv.Python(t, false)
	w := cmdtest.New(t)
	w.SignIn(t)
	cmdtest.AppendConfig(t, w, chainProfiles)
	s := startServe(t, w, "--profile", "chain2")
	got := testenv.Run(t, clientEnv(t, w, s), python, "-c", `import boto3; print(boto3.client("sts").get_caller_identity()["Arn"])`)
	if want := "arn:aws:sts::777788889999:assumed-role/Leaf/serve"; strings.TrimSpace(got) != want {
		t.Errorf("boto3 through the server: %q, want %s", got, want)
	}
	base := strings.TrimSuffix(s.URL, "/profiles/chain2")
	var wg sync.WaitGroup
	for i := range 60 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			profile := []string{"chain", "chain2", "dev"}[i%3]
			if status, c := s.credentials(t, credserver.ProfileURL(base, profile)); status != 200 || c.AccessKeyID == "" {
				t.Errorf("%s: %d %+v", profile, status, c)
			}
		}()
	}
	wg.Wait()
	stats := w.Env.Server.Stats()
	if stats["AssumeRole"] != 2 || stats["GetRoleCredentials"] != 1 {
		t.Errorf("emulator counted %v: want 2 AssumeRole (chain, chain2) and 1 GetRoleCredentials for every request", stats)
	}
}

// TestServerTakesShortLivedCachedCredentials: credentials cached with less than the command
// line's 15 minutes left (a 900-second role session) are still good for the server, which
// serves credentials until five minutes before they expire: it serves what export-credentials
// cached, with no second AssumeRole.
func TestServerTakesShortLivedCachedCredentials(t *testing.T) {
	t.Parallel()
	w := cmdtest.New(t)
	w.SignIn(t)
	cmdtest.AppendConfig(t, w, chainProfiles)
	export := func() string {
		var c struct{ AccessKeyID string }
		out := testenv.Run(t, w.ProcessEnv(), awsso, "export-credentials", "--profile", "short", "--format", "process")
		if err := json.Unmarshal([]byte(out), &c); err != nil || c.AccessKeyID == "" {
			t.Fatalf("export-credentials: %q, %v", out, err)
		}
		return c.AccessKeyID
	}
	// The command line asks STS at every run: 15 minutes are not more than its margin.
	first, cached := export(), export()
	if n := w.Env.Server.Stats()["AssumeRole"]; n != 2 || first == cached {
		t.Fatalf("%d AssumeRole calls for two export-credentials, want 2", n)
	}
	s := startServe(t, w, "--profile", "short")
	status, c := s.credentials(t, s.URL)
	if n := w.Env.Server.Stats()["AssumeRole"]; status != 200 || c.AccessKeyID != cached || n != 2 {
		t.Errorf("the server: %d %+v after %d AssumeRole calls, want %s from the cache and no call", status, c, n, cached)
	}
}
