package app

import (
	"context"
	"testing"

	"github.com/awsso/awsso/internal/cmdtest"
)

// TestFastPathAgreesWithTheTree runs command lines through the fast path and through the command
// tree and wants the same exit code and the same bytes on stdout and stderr.
func TestFastPathAgreesWithTheTree(t *testing.T) {
	w := cmdtest.New(t)
	w.SignIn(t)
	lines := []struct {
		args []string
		fast bool // whether the fast path takes it
		env  map[string]string
	}{
		{args: []string{"credential-process", "--profile", "dev"}, fast: true},
		{args: []string{"credential-process", "--profile=dev"}, fast: true},
		{args: []string{"credential-process", "--debug", "--profile", "dev"}, fast: true},
		{args: []string{"credential-process", "--profile", "old", "--profile", "dev"}, fast: true},
		{args: []string{"credential-process"}, env: map[string]string{"AWS_PROFILE": "dev"}, fast: true},
		{args: []string{"credential-process", "--profile", "nope"}, fast: true},
		{args: []string{"credential-process", "--profile", "static"}, fast: true},
		{args: []string{"credential-process", "--profile", "loop"}, fast: true},
		{args: []string{"export-credentials", "--profile", "dev"}, fast: true},
		{args: []string{"export-credentials", "--profile", "dev", "--format", "env"}, fast: true},
		{args: []string{"export-credentials", "--format=powershell", "--profile=dev"}, fast: true},
		{args: []string{"export-credentials", "--profile", "dev", "--format", "yaml"}, fast: true},
		{args: []string{"configure", "export-credentials", "--profile", "dev", "--format", "fish"}, fast: true},
		{args: []string{"credential-process", "--profile", "dev", "--format", "env"}},
		{args: []string{"credential-process", "--profile", "dev", "--login"}},
		{args: []string{"credential-process", "--profile"}},
		{args: []string{"credential-process", "--profile", "--debug"}},
		{args: []string{"credential-process", "--profile="}},
		{args: []string{"credential-process", "--debug=true", "--profile", "dev"}},
		{args: []string{"credential-process", "--help"}},
		{args: []string{"credential-process", "extra"}},
		{args: []string{"export-credentials", "-h"}},
		{args: []string{"export-credentials", "--output", "json", "--profile", "dev"}},
		{args: []string{"--profile", "dev", "credential-process"}},
	}
	for _, l := range lines {
		fast, fs := w.Factory(l.env)
		code, ran := runFast(context.Background(), fast, l.args)
		if ran != l.fast {
			t.Errorf("%q: fast path ran = %v, want %v", l.args, ran, l.fast)
		}
		if !ran {
			continue
		}
		tree, ts := w.Factory(l.env)
		treeCode := runTree(context.Background(), tree, l.args)
		if code != treeCode || fs.Out.String() != ts.Out.String() || fs.Err.String() != ts.Err.String() {
			t.Errorf("%q: fast path and tree differ:\nfast %d\n%s%s\ntree %d\n%s%s", l.args, code, fs.Out, fs.Err, treeCode, ts.Out, ts.Err)
		}
	}
}
