package tokencache

import (
	"encoding/json"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/awsso/awsso/internal/cachefile"
	"github.com/awsso/awsso/internal/testsupport/testenv"
)

var (
	expires = time.Date(2026, 11, 23, 18, 0, 0, 0, time.UTC)
	regExp  = time.Date(2027, 2, 21, 10, 0, 0, 0, time.UTC)
)

func sampleToken() *Token {
	return &Token{
		StartURL: "https://d-1234567890.awsapps.com/start", Region: "us-east-1",
		AccessToken: "aoaAAAAAGaccess", ExpiresAt: expires,
		ClientID: "client-1", ClientSecret: "secret-1", RegistrationExpiresAt: regExp,
		RefreshToken: "aorAAAAAGrefresh",
	}
}

func TestTokenPathVectors(t *testing.T) {
	c := Cache{Dir: "/c"}
	tests := []struct {
		session, startURL, want string
	}{
		{"admin", "https://ignored", "/c/d033e22ae348aeb5660fc2140aec35850c4da997.json"},
		{"my-sso", "", "/c/0ad374308c5a4e22f723adf10145eafad7c4031c.json"},
		{"", "https://d-abc123.awsapps.com/start", "/c/40a89917e3175433e361b710a9d43528d7f1890a.json"},
	}
	for _, tt := range tests {
		if got := c.TokenPath(tt.session, tt.startURL); got != tt.want {
			t.Errorf("TokenPath(%q, %q) = %s, want %s", tt.session, tt.startURL, got, tt.want)
		}
	}
}

func TestRegistrationKeyVectors(t *testing.T) {
	args := RegistrationArgs{StartURL: "https://d-1234567890.awsapps.com/start", Region: "us-east-1", Scopes: []string{"sso:account:access"}, Session: "my-sso"}
	if got := RegistrationKey(args); got != "a8343d65418848d0bc13a5f25cbb32508ceec5d1" {
		t.Errorf("RegistrationKey = %s", got)
	}
	// sha1 of {"grantTypes": ["authorization_code", "refresh_token"], "region": "us-east-1", "scopes":
	// ["sso:account:access"], "session_name": "my-sso", "startUrl": "https://d-1234567890.awsapps.com/start", "tool": "awsso"}
	if got := PKCERegistrationKey(args); got != "ea0a736d2ce69f1e8a23f2a3249544ddd7b7240f" {
		t.Errorf("PKCERegistrationKey = %s", got)
	}
}

// TestRegistrationKeysMatchPython computes both keys as the package doc defines them, with
// Python's json.dumps(sort_keys=True), for sessions and legacy start URLs with and without scopes.
func TestRegistrationKeysMatchPython(t *testing.T) {
	python := testenv.LookPath(t, "python3")
	script := `import hashlib, json, sys
start, region, session, scopes = sys.argv[1], sys.argv[2], sys.argv[3] or None, json.loads(sys.argv[4])
args = {"tool": "botocore", "startUrl": start, "region": region, "scopes": scopes, "session_name": session}
print(hashlib.sha1(json.dumps(args, sort_keys=True).encode()).hexdigest())
args.update(tool="awsso", grantTypes=["authorization_code", "refresh_token"])
print(hashlib.sha1(json.dumps(args, sort_keys=True).encode()).hexdigest())`
	for _, a := range []RegistrationArgs{
		{StartURL: "https://d-1234567890.awsapps.com/start", Region: "eu-west-1", Scopes: []string{"sso:account:access", "codewhisperer:completions"}, Session: "corp"},
		{StartURL: "https://d-1234567890.awsapps.com/start", Region: "us-east-1", Session: "my sso"},
		{StartURL: "https://d-abc123.awsapps.com/start#/", Region: "us-east-1"},
	} {
		scopes, _ := json.Marshal(a.Scopes)
		out, err := exec.Command(python, "-c", script, a.StartURL, a.Region, a.Session, string(scopes)).Output()
		if err != nil {
			t.Fatal(err)
		}
		want := strings.Fields(string(out))
		if got := []string{RegistrationKey(a), PKCERegistrationKey(a)}; !slices.Equal(got, want) {
			t.Errorf("%+v: keys %v, Python computes %v", a, got, want)
		}
	}
}

// TestSaveTokenBytesMatchAWSCLI writes a token and compares the bytes with what the AWS CLI
// v2's _sso_json_dumps writes for the same dict (json.dumps, "%Y-%m-%dT%H:%M:%SZ").
func TestSaveTokenBytesMatchAWSCLI(t *testing.T) {
	python := testenv.LookPath(t, "python3")
	c := Cache{Dir: filepath.Join(t.TempDir(), "sso", "cache")}
	if err := c.SaveToken("my-sso", "", sampleToken()); err != nil {
		t.Fatal(err)
	}
	got, err := os.ReadFile(filepath.Join(c.Dir, "0ad374308c5a4e22f723adf10145eafad7c4031c.json"))
	if err != nil {
		t.Fatal(err)
	}
	script := `import datetime, json, sys
def ser(o):
    return o.strftime('%Y-%m-%dT%H:%M:%SZ') if isinstance(o, datetime.datetime) else o
utc = datetime.timezone.utc
token = {
    'startUrl': 'https://d-1234567890.awsapps.com/start', 'region': 'us-east-1',
    'accessToken': 'aoaAAAAAGaccess', 'expiresAt': datetime.datetime(2026, 11, 23, 18, 0, 0, tzinfo=utc),
    'clientId': 'client-1', 'clientSecret': 'secret-1',
    'registrationExpiresAt': datetime.datetime(2027, 2, 21, 10, 0, 0, tzinfo=utc),
}
token['refreshToken'] = 'aorAAAAAGrefresh'
sys.stdout.write(json.dumps(token, default=ser))`
	want, err := exec.Command(python, "-c", script).Output()
	if err != nil {
		t.Fatal(err)
	}
	if string(got) != string(want) {
		t.Errorf("token file:\n%s\nAWS CLI v2 writes:\n%s", got, want)
	}
	for _, p := range []string{filepath.Join(c.Dir, "0ad374308c5a4e22f723adf10145eafad7c4031c.json"), c.Dir} {
		st, _ := os.Stat(p)
		want := os.FileMode(0o600)
		if st.IsDir() {
			want = 0o700
		}
		if st.Mode().Perm() != want {
			t.Errorf("%s mode %o, want %o", p, st.Mode().Perm(), want)
		}
	}
}

func TestLoadTokenFromOtherToolKeepsExtraFields(t *testing.T) {
	c := Cache{Dir: t.TempDir()}
	raw, _ := os.ReadFile("testdata/other-tool-token.json")
	os.WriteFile(c.TokenPath("", "https://d-abc123.awsapps.com/start"), raw, 0o600)
	tok, err := c.LoadToken("", "https://d-abc123.awsapps.com/start")
	if err != nil {
		t.Fatal(err)
	}
	if want := time.Date(2026, 11, 23, 10, 30, 0, 123456000, time.UTC); !tok.ExpiresAt.Equal(want) {
		t.Errorf("ExpiresAt = %v, want %v", tok.ExpiresAt, want)
	}
	if want := time.Date(2027, 2, 21, 10, 0, 0, 0, time.UTC); !tok.RegistrationExpiresAt.Equal(want) {
		t.Errorf("RegistrationExpiresAt = %v", tok.RegistrationExpiresAt)
	}
	tok.AccessToken = "aoaAAAAAGnew"
	if err := c.SaveToken("", "https://d-abc123.awsapps.com/start", tok); err != nil {
		t.Fatal(err)
	}
	out, _ := os.ReadFile(c.TokenPath("", "https://d-abc123.awsapps.com/start"))
	want := `{"startUrl": "https://d-abc123.awsapps.com/start", "region": "eu-west-1", "accessToken": "aoaAAAAAGnew", "expiresAt": "2026-11-23T10:30:00Z", "clientId": "cid", "clientSecret": "csecret", "registrationExpiresAt": "2027-02-21T10:00:00Z", "refreshToken": "aorAAAAAGother", "x-tool": {"name": "granted", "v": [1, 2]}}`
	if string(out) != want {
		t.Errorf("rewrite:\n%s\nwant\n%s", out, want)
	}
}

func TestLoadTokenBadFilesReadAsNotFound(t *testing.T) {
	tests := map[string]string{
		"empty":            ``,
		"partial":          `{"startUrl": "https://x", "accessToken": "ab`,
		"no access token":  `{"startUrl": "https://x", "expiresAt": "2026-01-01T00:00:00Z"}`,
		"no expiry":        `{"accessToken": "x"}`,
		"bad expiry":       `{"accessToken": "x", "expiresAt": "soon"}`,
		"wrong types":      `{"accessToken": 5, "expiresAt": "2026-01-01T00:00:00Z"}`,
		"bad registration": `{"accessToken": "x", "expiresAt": "2026-01-01T00:00:00Z", "registrationExpiresAt": 7}`,
	}
	for name, content := range tests {
		t.Run(name, func(t *testing.T) {
			c := Cache{Dir: t.TempDir()}
			os.WriteFile(c.TokenPath("s", ""), []byte(content), 0o600)
			_, err := c.LoadToken("s", "")
			if !errors.Is(err, ErrNotFound) {
				t.Fatalf("err = %v, want ErrNotFound", err)
			}
			var corrupt *cachefile.CorruptError
			if !errors.As(err, &corrupt) {
				t.Errorf("err = %v, want it to carry the corrupt file", err)
			}
			if strings.Contains(err.Error(), "aoa") {
				t.Errorf("error leaks token material: %v", err)
			}
		})
	}
	c := Cache{Dir: t.TempDir()}
	if _, err := c.LoadToken("missing", ""); err != ErrNotFound {
		t.Errorf("missing: err = %v", err)
	}
}

func TestTokenValidAndRefreshable(t *testing.T) {
	tok := sampleToken()
	now := expires.Add(-20 * time.Minute)
	if !tok.Valid(now, 15*time.Minute) || tok.Valid(now, 25*time.Minute) {
		t.Error("Valid does not honour the margin")
	}
	if !tok.Refreshable(now) || tok.Refreshable(regExp.Add(time.Second)) {
		t.Error("Refreshable does not honour the registration expiry")
	}
	tok.RefreshToken = ""
	if tok.Refreshable(now) {
		t.Error("a token without a refresh token is refreshable")
	}
}

func TestRegistrationRoundTripAndUsable(t *testing.T) {
	c := Cache{Dir: t.TempDir()}
	args := RegistrationArgs{StartURL: "https://d-1234567890.awsapps.com/start", Region: "us-east-1", Scopes: []string{"sso:account:access"}, Session: "my-sso"}
	reg := &Registration{ClientID: "id", ClientSecret: "sec", ExpiresAt: regExp, Scopes: args.Scopes, GrantTypes: PKCEGrantTypes}
	if err := c.SaveRegistration(args, SlotPKCE, reg); err != nil {
		t.Fatal(err)
	}
	raw, _ := os.ReadFile(filepath.Join(c.Dir, "ea0a736d2ce69f1e8a23f2a3249544ddd7b7240f.json"))
	want := `{"clientId": "id", "clientSecret": "sec", "expiresAt": "2027-02-21T10:00:00Z", "scopes": ["sso:account:access"], "grantTypes": ["authorization_code", "refresh_token"]}`
	if string(raw) != want {
		t.Errorf("registration file:\n%s\nwant\n%s", raw, want)
	}
	if _, err := c.LoadRegistration(args, SlotAWSCLI); err != ErrNotFound {
		t.Errorf("the PKCE registration is in the AWS CLI's file too: %v", err)
	}
	got, err := c.LoadRegistration(args, SlotPKCE)
	if err != nil {
		t.Fatal(err)
	}
	device := &Registration{ExpiresAt: regExp}
	tests := []struct {
		name string
		reg  *Registration
		now  time.Time
		need []string
		want bool
	}{
		{"fresh pkce", got, regExp.Add(-time.Hour), PKCEGrantTypes, true},
		{"pkce for the device flow", got, regExp.Add(-time.Hour), []string{GrantDeviceCode}, false},
		{"pkce, time only", got, regExp.Add(-time.Hour), nil, true},
		{"within 15 minutes", got, regExp.Add(-10 * time.Minute), nil, false},
		{"device registration", device, regExp.Add(-time.Hour), []string{GrantDeviceCode, GrantRefreshToken}, true},
		{"device registration for pkce", device, regExp.Add(-time.Hour), []string{GrantAuthorizationCode}, false},
		{"device grant listed", &Registration{ExpiresAt: regExp, GrantTypes: []string{GrantDeviceCode}}, regExp.Add(-time.Hour), []string{GrantDeviceCode}, true},
		{"device grant listed, no refresh", &Registration{ExpiresAt: regExp, GrantTypes: []string{GrantDeviceCode}}, regExp.Add(-time.Hour), []string{GrantRefreshToken}, false},
	}
	for _, tt := range tests {
		if g := tt.reg.Usable(tt.now, 15*time.Minute, tt.need...); g != tt.want {
			t.Errorf("%s: Usable = %v, want %v", tt.name, g, tt.want)
		}
	}
	os.WriteFile(c.RegistrationPath(args, SlotAWSCLI), []byte(`{"clientId": "x"}`), 0o600)
	if _, err := c.LoadRegistration(args, SlotAWSCLI); !errors.Is(err, ErrNotFound) {
		t.Errorf("partial registration: err = %v", err)
	}
}

// TestDeleteRegistrationOnlyItsOwn: a registration that another tool wrote over the one read
// stays.
func TestDeleteRegistrationOnlyItsOwn(t *testing.T) {
	c := Cache{Dir: t.TempDir()}
	args := RegistrationArgs{StartURL: "https://d-1234567890.awsapps.com/start", Region: "us-east-1", Session: "s"}
	c.SaveRegistration(args, SlotAWSCLI, &Registration{ClientID: "theirs", ClientSecret: "x", ExpiresAt: regExp})
	if err := c.DeleteRegistration(args, SlotAWSCLI, "mine"); err != nil {
		t.Fatal(err)
	}
	if _, err := c.LoadRegistration(args, SlotAWSCLI); err != nil {
		t.Errorf("another client's registration was deleted: %v", err)
	}
	if err := c.DeleteRegistration(args, SlotAWSCLI, "theirs"); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(c.RegistrationPath(args, SlotAWSCLI)); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("registration not deleted: %v", err)
	}
	if err := c.DeleteRegistration(args, SlotAWSCLI, "theirs"); err != nil {
		t.Errorf("deleting a missing registration: %v", err)
	}
}

func TestScanFindsTokensOnly(t *testing.T) {
	c := Cache{Dir: t.TempDir()}
	c.SaveToken("a", "", sampleToken())
	c.SaveRegistration(RegistrationArgs{StartURL: "https://x", Region: "us-east-1"}, SlotAWSCLI, &Registration{ClientID: "i", ClientSecret: "s", ExpiresAt: regExp})
	os.WriteFile(filepath.Join(c.Dir, "broken.json"), []byte("{"), 0o600)
	os.WriteFile(filepath.Join(c.Dir, "notes.txt"), []byte("x"), 0o600)
	entries, err := c.Scan()
	if err != nil {
		t.Fatal(err)
	}
	var tokens, broken int
	for _, e := range entries {
		if e.Token != nil {
			tokens++
		}
		if e.Err != nil {
			broken++
		}
	}
	if tokens != 1 || broken != 1 || len(entries) != 2 {
		t.Errorf("Scan: %d entries, %d tokens, %d broken; want 2, 1, 1", len(entries), tokens, broken)
	}
}

func FuzzLoadToken(f *testing.F) {
	raw, _ := os.ReadFile("testdata/other-tool-token.json")
	f.Add(raw)
	tok, _ := json.Marshal(map[string]string{"accessToken": "x", "expiresAt": "2026-01-01T00:00:00Z"})
	f.Add(tok)
	refused := &Token{AccessToken: "x", ExpiresAt: expires, RefreshRefusedAt: expires}
	f.Add(mustMarshal(f, refused))
	f.Add([]byte(`{"accessToken": "x", "expiresAt": "2026-01-01T00:00:00Z", "awsso": {"refreshRefusedAt": 7, "accessTokenHash": []}}`))
	f.Fuzz(func(t *testing.T, data []byte) {
		c := Cache{Dir: t.TempDir()}
		os.WriteFile(c.TokenPath("s", ""), data, 0o600)
		got, err := c.LoadToken("s", "")
		if err != nil {
			if !errors.Is(err, ErrNotFound) {
				t.Fatalf("unreadable token must read as not found, got %v", err)
			}
			return
		}
		if err := c.SaveToken("s", "", got); err != nil {
			t.Fatal(err)
		}
		again, err := c.LoadToken("s", "")
		if err != nil || again.AccessToken != got.AccessToken || !again.ExpiresAt.Equal(got.ExpiresAt.Truncate(time.Second)) ||
			!again.RefreshRefusedAt.Equal(got.RefreshRefusedAt.Truncate(time.Second)) {
			t.Fatalf("round trip changed the token: %v", err)
		}
	})
}

func mustMarshal(f *testing.F, t *Token) []byte {
	b, err := cachefile.Marshal(t.object())
	if err != nil {
		f.Fatal(err)
	}
	return b
}

// TestRefusalRecord: the record of a refused refresh survives a save and a load, applies only
// to the access token it was written for, is dropped on the next save once stale, and leaves
// the file one JSON object that Python's json module (botocore's reader) loads with every key
// the AWS CLI reads unchanged.
func TestRefusalRecord(t *testing.T) {
	c := Cache{Dir: t.TempDir()}
	tok := sampleToken()
	tok.RefreshRefusedAt = expires.Add(-10 * time.Minute)
	if err := c.SaveToken("s", "", tok); err != nil {
		t.Fatal(err)
	}
	got, err := c.LoadToken("s", "")
	if err != nil || !got.RefreshRefusedAt.Equal(tok.RefreshRefusedAt) || got.Refreshable(expires.Add(-time.Hour)) {
		t.Fatalf("loaded %+v, %v; want the refusal, and no refresh", got, err)
	}
	raw, _ := os.ReadFile(c.TokenPath("s", ""))
	python := testenv.LookPath(t, "python3")
	cmd := exec.Command(python, "-c", `import json, sys
d = json.load(sys.stdin)
print(d["accessToken"], d["expiresAt"], d["refreshToken"], d["clientId"], d["registrationExpiresAt"], sorted(d["awsso"]))`)
	cmd.Stdin = strings.NewReader(string(raw))
	out, err := cmd.Output()
	if want := "aoaAAAAAGaccess 2026-11-23T18:00:00Z aorAAAAAGrefresh client-1 2027-02-21T10:00:00Z ['accessTokenHash', 'refreshRefusedAt']\n"; err != nil || string(out) != want {
		t.Errorf("python reads %q (%v), want %q", out, err, want)
	}

	// Another tool refreshed the token and kept the unknown key: the record is stale.
	stale := strings.Replace(string(raw), `"accessToken": "aoaAAAAAGaccess"`, `"accessToken": "aoaNEW"`, 1)
	os.WriteFile(c.TokenPath("s", ""), []byte(stale), 0o600)
	got, err = c.LoadToken("s", "")
	if err != nil || !got.RefreshRefusedAt.IsZero() || !got.Refreshable(expires.Add(-time.Hour)) {
		t.Fatalf("stale record read as %+v, %v", got, err)
	}
	c.SaveToken("s", "", got)
	if raw, _ := os.ReadFile(c.TokenPath("s", "")); strings.Contains(string(raw), "awsso") {
		t.Errorf("the stale record survived a save:\n%s", raw)
	}
}

// FuzzLoadRegistration checks that any registration file reads as a registration or as "not
// found" (register again), never a panic, and that what reads back after a save is the same,
// the fields of other tools included.
func FuzzLoadRegistration(f *testing.F) {
	f.Add([]byte(`{"clientId": "c", "clientSecret": "s", "expiresAt": "2027-01-01T00:00:00Z", "scopes": ["sso:account:access"], "grantTypes": ["authorization_code", "refresh_token"]}`))
	f.Add([]byte(`{"clientId": "c", "clientSecret": "s", "expiresAt": "2027-01-01T00:00:00.123+02:00", "other": {"x": [1, null]}}`))
	f.Add([]byte(`{"clientId": 1}`))
	args := RegistrationArgs{StartURL: "https://d-1234567890.awsapps.com/start", Region: "us-east-1", Session: "s"}
	f.Fuzz(func(t *testing.T, data []byte) {
		c := Cache{Dir: t.TempDir()}
		os.WriteFile(c.RegistrationPath(args, SlotAWSCLI), data, 0o600)
		got, err := c.LoadRegistration(args, SlotAWSCLI)
		if err != nil {
			if !errors.Is(err, ErrNotFound) {
				t.Fatalf("an unreadable registration must read as not found, got %v", err)
			}
			return
		}
		if err := c.SaveRegistration(args, SlotAWSCLI, got); err != nil {
			t.Fatal(err)
		}
		again, err := c.LoadRegistration(args, SlotAWSCLI)
		if err != nil || again.ClientID != got.ClientID || again.ClientSecret != got.ClientSecret ||
			!again.ExpiresAt.Equal(got.ExpiresAt.Truncate(time.Second)) || !slices.Equal(again.Scopes, got.Scopes) ||
			!slices.Equal(again.GrantTypes, got.GrantTypes) || len(again.Extra) != len(got.Extra) {
			t.Fatalf("round trip changed the registration: %+v -> %+v, %v", got, again, err)
		}
	})
}
