package exec_test

import (
	"context"
	"os"
	"path/filepath"
	"runtime"
	"sort"
	"strings"
	"testing"

	"github.com/awsso/awsso/internal/app"
	"github.com/awsso/awsso/internal/cmd/exec"
	"github.com/awsso/awsso/internal/creds"
	"github.com/awsso/awsso/internal/testsupport/cmdtest"
	"github.com/awsso/awsso/internal/testsupport/testenv"
)

func run(w *cmdtest.World, env map[string]string, stdin string, args ...string) (int, cmdtest.Streams) {
	f, s := w.Factory(env)
	s.In.WriteString(stdin)
	return app.Run(context.Background(), f, args), s
}

func skipWithoutSh(t *testing.T) {
	if runtime.GOOS == "windows" {
		t.Skip("the commands of these tests are POSIX ones")
	}
	testenv.LookPath(t, "sh")
}

func TestChildEnvironment(t *testing.T) {
	skipWithoutSh(t)
	w := cmdtest.New(t)
	w.SignIn(t)
	env := map[string]string{"AWS_PROFILE": "dev", "AWS_DEFAULT_PROFILE": "dev", "AWS_SECURITY_TOKEN": "stale",
		"AWS_ACCESS_KEY_ID": "AKIASTALE", "AWS_REGION": "us-west-2", "KEEP": "me"}
	// --profile: without it the stale AWS_ACCESS_KEY_ID would be the credentials, and half of
	// them an error, as for the AWS CLI.
	code, s := run(w, env, "", "exec", "--profile", "dev", "--", "env")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, s.Err)
	}
	got := map[string]string{}
	for _, line := range strings.Split(strings.TrimSpace(s.Out.String()), "\n") {
		k, v, _ := strings.Cut(line, "=")
		got[k] = v
	}
	c := w.Cached(t)
	want := map[string]string{
		"AWS_ACCESS_KEY_ID": c.AccessKeyID, "AWS_SECRET_ACCESS_KEY": c.SecretAccessKey, "AWS_SESSION_TOKEN": c.SessionToken,
		"AWS_CREDENTIAL_EXPIRATION": c.ExpirationString(), "AWS_REGION": cmdtest.Region, "AWS_DEFAULT_REGION": cmdtest.Region,
		exec.NestedVar: "dev", "KEEP": "me",
	}
	for k, v := range want {
		if got[k] != v {
			t.Errorf("%s = %q, want %q", k, got[k], v)
		}
	}
	for _, k := range []string{"AWS_PROFILE", "AWS_DEFAULT_PROFILE", "AWS_SECURITY_TOKEN"} {
		if v, ok := got[k]; ok {
			t.Errorf("%s = %q survived", k, v)
		}
	}
	if s.Err.Len() != 0 {
		t.Errorf("stderr %q", s.Err)
	}
}

// TestChildEnvKeepsRegionWhenProfileHasNone also shows long-term keys: no session token or
// expiry variable.
func TestChildEnvKeepsRegionWhenProfileHasNone(t *testing.T) {
	c := &creds.Credentials{AccessKeyID: "A", SecretAccessKey: "S"}
	env := exec.ChildEnv([]string{"AWS_REGION=us-west-2", "AWS_PROFILE=x", "AWS_SESSION_TOKEN=old", "PATH=/bin"}, c, "", "old")
	sort.Strings(env)
	want := "AWSSO_PROFILE=old AWS_ACCESS_KEY_ID=A AWS_REGION=us-west-2 AWS_SECRET_ACCESS_KEY=S PATH=/bin"
	if strings.Join(env, " ") != want {
		t.Errorf("ChildEnv =\n%s\nwant\n%s", strings.Join(env, " "), want)
	}
}

func TestExitCodesAndArguments(t *testing.T) {
	skipWithoutSh(t)
	w := cmdtest.New(t)
	w.SignIn(t)
	script := filepath.Join(t.TempDir(), "not-executable")
	os.WriteFile(script, []byte("#!/bin/sh\n"), 0o600)
	tests := []struct {
		name     string
		env      map[string]string
		stdin    string
		args     []string
		wantCode int
		wantOut  string
		wantErr  string
	}{
		{name: "exit code passes through", args: []string{"--", "sh", "-c", "exit 7"}, wantCode: 7},
		{name: "killed by a signal", args: []string{"--", "sh", "-c", "kill -TERM $$"}, wantCode: 128 + 15},
		{name: "flags after the command are the command's", args: []string{"echo", "--profile", "x"}, wantOut: "--profile x\n"},
		{name: "stdin reaches the command", stdin: "hello\n", args: []string{"--", "cat"}, wantOut: "hello\n"},
		{name: "stderr passes through", args: []string{"--", "sh", "-c", "echo oops >&2; exit 1"}, wantCode: 1, wantErr: "oops\n"},
		{name: "not found", args: []string{"--", "no-such-command-awsso"}, wantCode: 127,
			wantErr: "error: no-such-command-awsso: command not found\nhint: check the name"},
		{name: "not executable", args: []string{"--", script}, wantCode: 126, wantErr: "error: run " + script + ": "},
		{name: "no command", args: []string{}, wantCode: 1, wantErr: "error: exec needs a command to run"},
		{name: "nested", env: map[string]string{exec.NestedVar: "prod"}, args: []string{"--", "true"}, wantCode: 1,
			wantErr: "error: already inside awsso exec (with the credentials of profile prod)\nhint: leave that shell first, or add --allow-nested"},
		{name: "nested on request", env: map[string]string{exec.NestedVar: "prod"}, args: []string{"--allow-nested", "--", "sh", "-c", "echo $AWSSO_PROFILE"}, wantOut: "dev\n"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			env := map[string]string{"AWS_PROFILE": "dev"}
			for k, v := range tt.env {
				env[k] = v
			}
			code, s := run(w, env, tt.stdin, append([]string{"exec"}, tt.args...)...)
			if code != tt.wantCode || s.Out.String() != tt.wantOut || !strings.HasPrefix(s.Err.String(), tt.wantErr) {
				t.Errorf("exit %d (want %d)\nstdout %q (want %q)\nstderr %q (want prefix %q)", code, tt.wantCode, s.Out, tt.wantOut, s.Err, tt.wantErr)
			}
		})
	}
}

func TestNotLoggedInRunsNothing(t *testing.T) {
	skipWithoutSh(t)
	w := cmdtest.New(t)
	marker := filepath.Join(t.TempDir(), "ran")
	code, s := run(w, nil, "", "exec", "--profile", "old", "--", "touch", marker)
	if code != 2 || !strings.Contains(s.Err.String(), "hint: run: awsso login --profile old") {
		t.Errorf("exit %d, stderr %q", code, s.Err)
	}
	if _, err := os.Stat(marker); err == nil {
		t.Error("the command ran without credentials")
	}
}
