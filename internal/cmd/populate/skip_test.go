package populate_test

import (
	"bytes"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"net/http/httputil"
	"net/url"
	"strconv"
	"strings"
	"testing"

	"github.com/awsso/awsso/internal/emulator"
)

// TestSkipsWhatIsServedAlready: an account and role that a profile of the user's already
// serves gets no second profile unless --duplicates asks for one, and the summary says so.
func TestSkipsWhatIsServedAlready(t *testing.T) {
	t.Parallel()
	h := newHarness(t, "\n[profile prod-admin]\nsso_session = corp\nsso_account_id = 111122223333\nsso_role_name = AdministratorAccess\n")
	code, _, stderr := h.run(false, "populate", "--sso-session", "corp")
	want := "sso-session corp: 8 roles in 3 accounts; added 7 profiles, kept 0, left 1 to profiles that serve them already (~/.aws/config)\n" +
		"  AdministratorAccess in Production (111122223333): profile prod-admin serves it\n" +
		"  (--duplicates adds a profile for these too)\n"
	if code != 0 || stderr != want {
		t.Errorf("exit %d, stderr:\n%s\nwant:\n%s", code, stderr, want)
	}
	if strings.Contains(h.config(), "[profile Production.AdministratorAccess]") || !strings.Contains(h.config(), "[profile Production.ReadOnly]") {
		t.Errorf("config:\n%s", h.config())
	}
	_, stderr = h.mustRun("populate", "--sso-session", "corp", "--duplicates")
	if !strings.Contains(stderr, "added 1 profiles, kept 7 (") || !strings.Contains(h.config(), "[profile Production.AdministratorAccess]") {
		t.Errorf("--duplicates did not add the served role:\n%s\n%s", stderr, h.config())
	}
}

// TestSkipsInvalidAccountsAndRoles: an account whose id is not an account id, one whose name
// cannot name a profile, and a role whose name cannot go into the file are each left out and
// reported with a hint; everything else is written. The emulator never sends such answers, so
// a proxy in front of it adds them.
func TestSkipsInvalidAccountsAndRoles(t *testing.T) {
	t.Parallel()
	h := newHarness(t, "")
	h.env.URL = hostileProxy(t, h.env.URL)
	code, _, stderr := h.run(false, "populate", "--sso-session", "corp")
	want := "sso-session corp: 8 roles in 3 accounts; added 8 profiles, kept 0 (~/.aws/config)\n" +
		"warning: skipped account \"!!!\" (\"000011112222\"): its name has no letter or digit to name a profile with\n" +
		"hint: name profiles by account id instead, with --name-template '{account_id}.{role_name}'\n" +
		"warning: skipped account \"Bad id\" (\"1234\\nspans lines\"): its id is not 12 digits\n" +
		"hint: the access portal sent an invalid account id: ask your IAM Identity Center administrator to check the account\n" +
		"warning: skipped role \"Bad\\nRole\" of account \"Production\" (\"111122223333\"): its name is not a role name\n" +
		"hint: the access portal sent an invalid role name: ask your IAM Identity Center administrator to check the permission set\n"
	if code != 0 || stderr != want {
		t.Errorf("exit %d, stderr:\n%s\nwant:\n%s", code, stderr, want)
	}
	got := h.config()
	if strings.Count(got, "[profile ") != 8 || strings.Contains(got, "spans") || strings.Contains(got, "Bad") {
		t.Errorf("config:\n%s", got)
	}
	// Named by id, the account without a usable name is asked for its roles, which the portal
	// refuses (it does not know the account): that account is left out too, not the run.
	_, stderr = h.mustRun("populate", "--sso-session", "corp", "--name-template", "{account_id}.{role_name}", "--dry-run")
	if want := "warning: skipped account \"!!!\" (\"000011112222\"): the access portal refused to list its roles\n" +
		"hint: 'awsso roles --account-id 000011112222' asks again; the other accounts get their profiles\n"; !strings.Contains(stderr, want) {
		t.Errorf("stderr:\n%s\nwant it to hold:\n%s", stderr, want)
	}
}

// hostileProxy serves the emulator at target, adding to ListAccounts an account with an id
// that spans lines and one whose name has no letter or digit, and to the roles of account
// 111122223333 a role whose name spans lines.
func hostileProxy(t *testing.T, target string) string {
	u, err := url.Parse(target)
	if err != nil {
		t.Fatal(err)
	}
	proxy := httputil.NewSingleHostReverseProxy(u)
	proxy.ModifyResponse = func(resp *http.Response) error {
		switch {
		case resp.Request.URL.Path == "/assignment/accounts":
			return rewrite(resp, "accountList", map[string]string{"accountId": "1234\nspans lines", "accountName": "Bad id"},
				map[string]string{"accountId": "000011112222", "accountName": "!!!"})
		case resp.Request.URL.Path == "/assignment/roles" && resp.Request.URL.Query().Get("account_id") == "111122223333":
			return rewrite(resp, "roleList", map[string]string{"accountId": "111122223333", "roleName": "Bad\nRole"})
		}
		return nil
	}
	srv := httptest.NewServer(proxy)
	t.Cleanup(srv.Close)
	return srv.URL
}

// rewrite appends items to the list under key of a successful JSON answer.
func rewrite(resp *http.Response, key string, items ...map[string]string) error {
	if resp.StatusCode != http.StatusOK {
		return nil
	}
	body, err := io.ReadAll(resp.Body)
	resp.Body.Close()
	if err != nil {
		return err
	}
	var doc map[string]any
	if err := json.Unmarshal(body, &doc); err != nil {
		return err
	}
	list, _ := doc[key].([]any)
	for _, it := range items {
		list = append(list, it)
	}
	doc[key] = list
	if body, err = json.Marshal(doc); err != nil {
		return err
	}
	resp.Body = io.NopCloser(bytes.NewReader(body))
	resp.ContentLength = int64(len(body))
	resp.Header.Set("Content-Length", strconv.Itoa(len(body)))
	return nil
}

// TestPruneKeepsSkippedAccounts: an account left out for its name still exists, so --prune
// keeps the profile an earlier run wrote for it under another template.
func TestPruneKeepsSkippedAccounts(t *testing.T) {
	t.Parallel()
	org := emulator.DefaultOrg()
	org.Accounts = append(org.Accounts, emulator.Account{ID: "123456789012", Name: ".."})
	org.Assignments = append(org.Assignments, emulator.Assignment{User: "alice", Account: "123456789012", PermissionSets: []string{"ReadOnly"}})
	h := newHarness(t, "", func(o *emulator.Options) { o.Org = org })
	h.mustRun("populate", "--sso-session", "corp", "--name-template", "{account_id}.{role_name}")
	_, stderr := h.mustRun("populate", "--sso-session", "corp", "--prune")
	if !strings.Contains(stderr, "warning: skipped account \"..\" (\"123456789012\"): its name has no letter or digit") || !strings.Contains(stderr, ", removed 0 (") {
		t.Errorf("stderr:\n%s", stderr)
	}
	if !strings.Contains(h.config(), "[profile 123456789012.ReadOnly]") {
		t.Errorf("--prune removed the profile of an account that still exists:\n%s", h.config())
	}
}
