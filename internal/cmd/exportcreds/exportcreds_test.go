package exportcreds_test

import (
	"bytes"
	"context"
	"strings"
	"testing"

	"github.com/awsso/awsso/internal/app"
	"github.com/awsso/awsso/internal/cmdutil"
	"github.com/awsso/awsso/internal/creds"
	"github.com/awsso/awsso/internal/resolver"
	"github.com/awsso/awsso/internal/testsupport/cmdtest"
)

func run(w *cmdtest.World, extra map[string]string, args ...string) (int, cmdtest.Streams, *cmdutil.Factory) {
	f, s := w.Factory(extra)
	return app.Run(context.Background(), f, args), s, f
}

func TestEveryFormatPrintsTheCachedCredentials(t *testing.T) {
	w := cmdtest.New(t)
	w.SignIn(t)
	if code, s, _ := run(w, nil, "export-credentials", "--profile", "dev"); code != 0 {
		t.Fatalf("cold export exited %d: %s", code, s.Err)
	}
	cached := w.Cached(t)
	w.Env.Server.ResetStats()
	for _, format := range creds.Formats {
		t.Run(string(format), func(t *testing.T) {
			var want bytes.Buffer
			if err := creds.Write(&want, format, cached); err != nil {
				t.Fatal(err)
			}
			for _, args := range [][]string{
				{"export-credentials", "--profile", "dev", "--format", string(format)},
				{"configure", "export-credentials", "--profile", "dev", "--format", string(format)},
			} {
				code, s, _ := run(w, nil, args...)
				if code != 0 || s.Out.String() != want.String() || s.Err.Len() != 0 {
					t.Errorf("%v: exit %d\nstdout %q\nwant   %q\nstderr %q", args, code, s.Out, want.String(), s.Err)
				}
			}
		})
	}
	if calls := w.Env.Server.Stats(); len(calls) != 0 {
		t.Errorf("exports from a warm cache called the emulator: %v", calls)
	}
}

func TestDefaultFormatIsProcessAndProfileComesFromTheEnvironment(t *testing.T) {
	w := cmdtest.New(t)
	w.SignIn(t)
	code, s, _ := run(w, map[string]string{"AWS_PROFILE": "dev"}, "export-credentials")
	if code != 0 || !strings.HasPrefix(s.Out.String(), "{\n  \"Version\": 1,\n  \"AccessKeyId\": ") {
		t.Errorf("exit %d, stdout %q, stderr %q", code, s.Out, s.Err)
	}
}

func TestErrors(t *testing.T) {
	w := cmdtest.New(t)
	tests := []struct {
		name     string
		args     []string
		env      map[string]string
		wantCode int
		wantErr  []string
		wantOut  string
	}{
		{name: "not logged in", args: []string{"--profile", "dev"}, wantCode: 2,
			wantErr: []string{"error: sso-session corp: not logged in", "hint: run: awsso login --sso-session corp"}},
		{name: "legacy not logged in", args: []string{"--profile", "old"}, wantCode: 2,
			wantErr: []string{"hint: run: awsso login --profile old"}},
		{name: "no credentials", args: []string{"--profile", "static"}, wantCode: 1,
			wantErr: []string{`profile "static" (~/.aws/config:`, "has no credentials", "hint: run 'awsso configure --profile static'"}},
		{name: "sign-in settings only", args: []string{"--profile", "signin"}, wantCode: 1,
			wantErr: []string{"is missing sso_account_id", "sso_role_name"}},
		{name: "unknown profile", args: []string{"--profile", "nope"}, wantCode: 1, wantErr: []string{`profile "nope" not found`}},
		{name: "credential_process runs awsso for itself", args: []string{"--profile", "loop"}, wantCode: 1,
			wantErr: []string{`profile "loop" asks awsso for its own credentials (credential_process = awsso credential-process --profile loop, at ~/.aws/config:`,
				"hint: put sso_session, sso_account_id and sso_role_name in a profile of their own (say [profile loop-sso])"}},
		{name: "loop through the environment", args: []string{"--profile", "tool"}, env: map[string]string{resolver.ProfileChainVar: "work,tool"}, wantCode: 1,
			wantErr: []string{"credential resolution loop: work -> tool -> tool"}},
		{name: "bad format", args: []string{"--profile", "dev", "--format", "yaml"}, wantCode: 1,
			wantErr: []string{`invalid --format "yaml": use one of process, env, env-no-export, fish, powershell, windows-cmd, json`}},
		{name: "chain extended for children", args: []string{"--profile", "tool"}, env: map[string]string{resolver.ProfileChainVar: "work"},
			wantOut: `"AccessKeyId": "work,tool"`},
	}
	// A credential_process that shows the chain its child sees.
	cmdtest.AppendConfig(t, w, `[profile tool]
credential_process = sh -c 'echo "{\"Version\": 1, \"AccessKeyId\": \"$AWSSO_PROFILE_CHAIN\", \"SecretAccessKey\": \"s\"}"'
`)
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			code, s, _ := run(w, tt.env, append([]string{"export-credentials"}, tt.args...)...)
			if code != tt.wantCode || !strings.Contains(s.Out.String(), tt.wantOut) || (tt.wantOut == "" && s.Out.Len() != 0) {
				t.Errorf("exit %d (want %d), stdout %q, stderr %q", code, tt.wantCode, s.Out, s.Err)
			}
			for _, want := range tt.wantErr {
				if !strings.Contains(s.Err.String(), want) {
					t.Errorf("stderr lacks %q:\n%s", want, s.Err)
				}
			}
		})
	}
}
