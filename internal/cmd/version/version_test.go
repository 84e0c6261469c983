package version

import (
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"runtime/debug"
	"strings"
	"testing"

	"github.com/awsso/awsso/internal/testsupport/testenv"
)

func TestLine(t *testing.T) {
	vcs := func(modified string) []debug.BuildSetting {
		return []debug.BuildSetting{{Key: "-buildmode", Value: "exe"}, {Key: "vcs", Value: "git"},
			{Key: "vcs.revision", Value: "4db904afdae9d2db1ada72503e59db69469bfa69"}, {Key: "vcs.time", Value: "2026-12-05T09:25:48Z"},
			{Key: "vcs.modified", Value: modified}}
	}
	tests := []struct {
		name, version string
		info          *debug.BuildInfo
		want          string
	}{
		{name: "go install MODULE@VERSION", info: &debug.BuildInfo{GoVersion: "go1.26.8", Main: debug.Module{Version: "v1.2.3"}},
			want: "awsso v1.2.3 (go1.26.8, linux/arm64)"},
		{name: "checkout", info: &debug.BuildInfo{GoVersion: "go1.26.8", Main: debug.Module{Version: "v0.0.0-20261205092548-4db904afdae9"}, Settings: vcs("false")},
			want: "awsso v0.0.0-20261205092548-4db904afdae9 (git commit 4db904afdae9, 2026-12-05 09:25 UTC; go1.26.8, linux/arm64)"},
		{name: "modified checkout", info: &debug.BuildInfo{GoVersion: "go1.26.8", Main: debug.Module{Version: "v0.0.0-20261205092548-4db904afdae9+dirty"}, Settings: vcs("true")},
			want: "awsso v0.0.0-20261205092548-4db904afdae9+dirty (git commit 4db904afdae9, 2026-12-05 09:25 UTC, modified; go1.26.8, linux/arm64)"},
		{name: "no VCS information", info: &debug.BuildInfo{GoVersion: "go1.26.8", Main: debug.Module{Version: "(devel)"}},
			want: "awsso (devel) (go1.26.8, linux/arm64)"},
		{name: "version set at link time", version: "v2.0.0", info: &debug.BuildInfo{GoVersion: "go1.26.8", Main: debug.Module{Version: "(devel)"}, Settings: vcs("false")},
			want: "awsso v2.0.0 (git commit 4db904afdae9, 2026-12-05 09:25 UTC; go1.26.8, linux/arm64)"},
		{name: "no build information", want: "awsso (devel) (" + runtime.Version() + ", linux/arm64)"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := Line(tt.version, tt.info, "linux/arm64"); got != tt.want {
				t.Errorf("Line = %q\nwant   %q", got, tt.want)
			}
		})
	}
}

// TestBuiltFromACheckout builds awsso from a git checkout of this source, as a contributor
// does, and checks that `awsso version` names the commit, its time and, after an edit, the
// changes. (The build asks for -buildvcs=true: a GOFLAGS of -buildvcs=false would hide it.)
func TestBuiltFromACheckout(t *testing.T) {
	if testing.Short() {
		t.Skip("builds awsso twice")
	}
	git := testenv.LookPath(t, "git")
	goTool := testenv.LookPath(t, "go")
	root, err := filepath.Abs("../../..")
	if err != nil {
		t.Fatal(err)
	}
	repo := t.TempDir()
	files, err := exec.Command(git, "-C", root, "ls-files", "-co", "--exclude-standard", "--", "go.mod", "go.sum", "cmd", "internal").Output()
	if err != nil {
		t.Skipf("not a git checkout: %v", err)
	}
	for _, f := range strings.Split(strings.TrimSpace(string(files)), "\n") {
		data, err := os.ReadFile(filepath.Join(root, f))
		if err != nil {
			continue // deleted in the work tree
		}
		os.MkdirAll(filepath.Join(repo, filepath.Dir(f)), 0o755)
		if err := os.WriteFile(filepath.Join(repo, f), data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	env := append(os.Environ(), "GIT_AUTHOR_DATE=2024-01-02T03:04:05Z", "GIT_COMMITTER_DATE=2024-01-02T03:04:05Z",
		"GIT_AUTHOR_NAME=t", "GIT_AUTHOR_EMAIL=t@example.com", "GIT_COMMITTER_NAME=t", "GIT_COMMITTER_EMAIL=t@example.com")
	run := func(name string, args ...string) string {
		t.Helper()
		cmd := exec.Command(name, args...)
		cmd.Dir, cmd.Env = repo, env
		out, err := cmd.CombinedOutput()
		if err != nil {
			t.Fatalf("%s %s: %v\n%s", name, strings.Join(args, " "), err, out)
		}
		return strings.TrimSpace(string(out))
	}
	run(git, "init", "-q")
	run(git, "add", "-A")
	run(git, "commit", "-q", "-m", "build")
	rev := run(git, "rev-parse", "HEAD")[:12]
	bin := filepath.Join(t.TempDir(), "awsso")
	platform := runtime.GOOS + "/" + runtime.GOARCH
	goVersion := run(goTool, "env", "GOVERSION")

	run(goTool, "build", "-buildvcs=true", "-o", bin, "./cmd/awsso")
	want := "awsso v0.0.0-20240102030405-" + rev + " (git commit " + rev + ", 2024-01-02 03:04 UTC; " + goVersion + ", " + platform + ")"
	if got := run(bin, "version"); got != want {
		t.Errorf("clean checkout: %q\nwant %q", got, want)
	}
	if err := os.WriteFile(filepath.Join(repo, "cmd", "awsso", "extra.go"), []byte("package main\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	run(goTool, "build", "-buildvcs=true", "-o", bin, "./cmd/awsso")
	want = "awsso v0.0.0-20240102030405-" + rev + "+dirty (git commit " + rev + ", 2024-01-02 03:04 UTC, modified; " + goVersion + ", " + platform + ")"
	if got := run(bin, "version"); got != want {
		t.Errorf("modified checkout: %q\nwant %q", got, want)
	}
}
