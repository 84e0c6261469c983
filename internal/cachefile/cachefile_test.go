package cachefile

import (
	"encoding/json"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"testing"
	"time"

	"github.com/awsso/awsso/internal/testsupport/testenv"
)

func TestKeyVectors(t *testing.T) {
	// File names the AWS CLI v2 gives the token caches of these sessions and start URL (the table
	// of docs/design.md that TestDesignKeyVectors in docs holds to the code shows them too).
	tests := map[string]string{
		"admin":                              "d033e22ae348aeb5660fc2140aec35850c4da997",
		"https://d-abc123.awsapps.com/start": "40a89917e3175433e361b710a9d43528d7f1890a",
		"my-sso":                             "0ad374308c5a4e22f723adf10145eafad7c4031c",
	}
	for in, want := range tests {
		if got := Key(in); got != want {
			t.Errorf("Key(%q) = %s, want %s", in, got, want)
		}
	}
}

func TestPythonSortedJSONVectors(t *testing.T) {
	tests := []struct {
		name             string
		obj              Object
		itemSep, keySep  string
		wantJSON, wantID string
	}{
		{
			name: "client registration key",
			obj: Object{
				{"tool", "botocore"}, {"startUrl", "https://d-1234567890.awsapps.com/start"},
				{"region", "us-east-1"}, {"scopes", []string{"sso:account:access"}}, {"session_name", "my-sso"},
			},
			itemSep: ", ", keySep: ": ",
			wantJSON: `{"region": "us-east-1", "scopes": ["sso:account:access"], "session_name": "my-sso", "startUrl": "https://d-1234567890.awsapps.com/start", "tool": "botocore"}`,
			wantID:   "a8343d65418848d0bc13a5f25cbb32508ceec5d1",
		},
		{
			name:    "role credentials key",
			obj:     Object{{"roleName", "Admin"}, {"accountId", "111122223333"}, {"sessionName", "my-sso"}},
			itemSep: ",", keySep: ":",
			wantJSON: `{"accountId":"111122223333","roleName":"Admin","sessionName":"my-sso"}`,
			wantID:   "360f093cdc0bddf23eecc38b9cb6222fca5a195a",
		},
		{
			name:    "legacy registration has nulls",
			obj:     Object{{"tool", "botocore"}, {"startUrl", "https://x"}, {"region", "eu-west-1"}, {"scopes", []string(nil)}, {"session_name", nil}},
			itemSep: ", ", keySep: ": ",
			wantJSON: `{"region": "eu-west-1", "scopes": null, "session_name": null, "startUrl": "https://x", "tool": "botocore"}`,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := PythonSortedJSON(tt.obj, tt.itemSep, tt.keySep)
			if err != nil {
				t.Fatal(err)
			}
			if string(got) != tt.wantJSON {
				t.Errorf("json = %s\nwant  %s", got, tt.wantJSON)
			}
			if tt.wantID != "" && Key(string(got)) != tt.wantID {
				t.Errorf("sha1 = %s, want %s", Key(string(got)), tt.wantID)
			}
		})
	}
}

// TestMarshalMatchesPython compares Marshal with the machine's python3 json.dumps on values
// that exercise every escape rule.
func TestMarshalMatchesPython(t *testing.T) {
	python := testenv.LookPath(t, "python3")
	strs := []string{"plain", "quote\" back\\slash", "tab\tnl\ncr\r", "ctl\x01\x1f del\x7f", "é ü ß", "日本", "emoji 🎉", "</script>&", "/slash"}
	obj := Object{{"startUrl", "https://d-1.awsapps.com/start"}, {"n", 3}, {"b", true}, {"z", nil},
		{"when", time.Date(2026, 1, 2, 3, 4, 5, 999, time.FixedZone("x", 3600))}, {"list", []string{"a", "b"}}}
	for i, s := range strs {
		obj = append(obj, Field{Key: "k" + string(rune('a'+i)), Value: s})
	}
	got, err := Marshal(obj)
	if err != nil {
		t.Fatal(err)
	}
	// Python reads the same data from Go's standard JSON and dumps it with its defaults.
	plain := map[string]any{}
	for _, f := range obj {
		if tm, ok := f.Value.(time.Time); ok {
			plain[f.Key] = tm.UTC().Format(TimeLayout)
		} else {
			plain[f.Key] = f.Value
		}
	}
	keys := make([]string, len(obj))
	for i, f := range obj {
		keys[i] = f.Key
	}
	in, _ := json.Marshal(map[string]any{"keys": keys, "values": plain})
	cmd := exec.Command(python, "-c", `import json,sys
d=json.load(sys.stdin)
sys.stdout.write(json.dumps({k: d["values"][k] for k in d["keys"]}))`)
	cmd.Stdin = bytesReader(in)
	want, err := cmd.Output()
	if err != nil {
		t.Fatal(err)
	}
	if string(got) != string(want) {
		t.Errorf("Marshal:\n%s\npython json.dumps:\n%s", got, want)
	}
}

func TestDecodeKeepsOrderAndRelayout(t *testing.T) {
	in := `{"z":1,"a":{"y":[1,2.50,"x"],"b":null},"m":"\u00e9"}`
	obj, err := Decode([]byte(in))
	if err != nil {
		t.Fatal(err)
	}
	out, err := Marshal(obj)
	if err != nil {
		t.Fatal(err)
	}
	want := `{"z": 1, "a": {"y": [1, 2.50, "x"], "b": null}, "m": "\u00e9"}`
	if string(out) != want {
		t.Errorf("got  %s\nwant %s", out, want)
	}
}

func TestReadFileErrors(t *testing.T) {
	dir := t.TempDir()
	tests := []struct {
		name    string
		content string
		corrupt bool
	}{
		{"valid", `{"a": "b"}`, false},
		{"empty", ``, true},
		{"truncated", `{"accessToken": "abc`, true},
		{"array", `[1,2]`, true},
		{"trailing data", `{"a": 1} {"b": 2}`, true},
		{"trailing newline ok", "{\"a\": 1}\n", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			path := filepath.Join(dir, tt.name+".json")
			os.WriteFile(path, []byte(tt.content), 0o600)
			_, err := ReadFile(path)
			var corrupt *CorruptError
			if got := errors.As(err, &corrupt); got != tt.corrupt {
				t.Errorf("ReadFile err = %v, corrupt = %v, want %v", err, got, tt.corrupt)
			}
		})
	}
	if _, err := ReadFile(filepath.Join(dir, "missing.json")); !errors.Is(err, ErrNotExist) {
		t.Errorf("missing file: err = %v, want ErrNotExist", err)
	}
}

func TestParseTime(t *testing.T) {
	want := time.Date(2026, 11, 23, 10, 0, 0, 0, time.UTC)
	for _, in := range []string{
		"2026-11-23T10:00:00Z", "2026-11-23T10:00:00UTC", "2026-11-23T10:00:00.000Z",
		"2026-11-23T11:00:00+01:00", "2026-11-23T10:00:00", "2026-11-23 10:00:00+00:00",
		" 2026-11-23T10:00:00Z ",
	} {
		got, err := ParseTime(in)
		if err != nil || !got.Equal(want) || got.Location() != time.UTC {
			t.Errorf("ParseTime(%q) = %v, %v", in, got, err)
		}
	}
	if _, err := ParseTime("tomorrow"); err == nil {
		t.Error("ParseTime(tomorrow) succeeded")
	}
}

func TestWriteFileIsPrivate(t *testing.T) {
	path := filepath.Join(t.TempDir(), "sso", "cache", "x.json")
	if err := WriteFile(path, Object{{"a", "b"}}); err != nil {
		t.Fatal(err)
	}
	got, _ := os.ReadFile(path)
	if string(got) != `{"a": "b"}` {
		t.Errorf("content %q", got)
	}
	if st, _ := os.Stat(path); st.Mode().Perm() != 0o600 {
		t.Errorf("mode %o", st.Mode().Perm())
	}
	if st, _ := os.Stat(filepath.Dir(path)); st.Mode().Perm() != 0o700 {
		t.Errorf("folder mode %o", st.Mode().Perm())
	}
}

func FuzzDecode(f *testing.F) {
	for _, seed := range []string{`{"a": "b"}`, `{"startUrl": "x", "expiresAt": "2026-01-01T00:00:00Z"}`, `{"a":[1,{"b":null}]}`, `[`, `{"a":"\ud83c"}`} {
		f.Add([]byte(seed))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		obj, err := Decode(data)
		if err != nil {
			return
		}
		out, err := Marshal(obj)
		if err != nil {
			t.Fatalf("Marshal of decoded object: %v", err)
		}
		again, err := Decode(out)
		if err != nil {
			t.Fatalf("Decode(Marshal(x)) failed: %v\n%s", err, out)
		}
		out2, _ := Marshal(again)
		if string(out) != string(out2) {
			t.Fatalf("layout not stable:\n%s\n%s", out, out2)
		}
	})
}
