package credentialprocess_test

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"strings"
	"testing"

	"github.com/awsso/awsso/internal/app"
	"github.com/awsso/awsso/internal/testsupport/cmdtest"
)

// TestInvalidPortalCredentialsAreARemoteError: a portal (or a proxy) that answers with
// credentials expiring in 1970 gets exit code 3 with a hint, and nothing reaches stdout or
// ~/.aws/cli/cache. The emulator is faithful and never answers so: a fake portal does.
func TestInvalidPortalCredentialsAreARemoteError(t *testing.T) {
	fake := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		fmt.Fprint(w, `{"roleCredentials": {"accessKeyId": "ASIAFAKE", "secretAccessKey": "s", "sessionToken": "t", "expiration": 1000}}`)
	}))
	defer fake.Close()
	w := cmdtest.New(t)
	w.SignIn(t)
	f, s := w.Factory(map[string]string{"AWS_ENDPOINT_URL_SSO": fake.URL})
	code := app.Run(context.Background(), f, []string{"credential-process", "--profile", "dev"})
	want := "error: the access portal's credentials for role " + cmdtest.RoleName + " in " + cmdtest.AccountID +
		" cannot be used: they expire at 1970-01-01T00:00:01Z, which is not after this machine's time ("
	if code != 3 || s.Out.Len() != 0 || !strings.HasPrefix(s.Err.String(), want) || !strings.Contains(s.Err.String(), "\nhint: check this machine's clock") {
		t.Fatalf("exit %d\nstdout %q\nstderr %s", code, s.Out, s.Err)
	}
	if entries, _ := os.ReadDir(w.CredsCache().Dir); len(entries) != 0 {
		t.Errorf("the credential cache holds %v", entries)
	}
}
