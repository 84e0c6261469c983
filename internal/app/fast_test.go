package app

import (
	"context"
	"testing"

	"github.com/awsso/awsso/internal/cmdutil"
	"github.com/awsso/awsso/internal/iostreams"
	"github.com/awsso/awsso/internal/testsupport/cmdtest"
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
		{args: []string{"version"}, fast: true},
		{args: []string{"version", "extra"}},
		{args: []string{"version", "--debug"}},
		{args: []string{"--version"}},
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

// FuzzFastFlags checks that whenever the fast path takes a command line, the command tree
// reads it the same way: the same profile, --debug and --format, and nothing else on the line.
// Lines are built from words flags are made of, and two free values.
func FuzzFastFlags(f *testing.F) {
	f.Add(false, []byte{0, 5, 2}, "dev", "env")
	f.Add(true, []byte{1, 3, 6, 5}, "a=b", "-x")
	f.Add(true, []byte{0, 0, 5, 1, 4, 6}, "", "--debug")
	f.Fuzz(func(t *testing.T, export bool, words []byte, v1, v2 string) {
		vocab := []string{"--profile", "--profile=" + v1, "--debug", "--format", "--format=" + v2, v1, v2,
			"--debug=true", "-h", "--", "--login", "--output", "-", "--profile=", "--format="}
		command := "credential-process"
		if export {
			command = "export-credentials"
		}
		args := []string{command}
		for _, w := range words[:min(len(words), 8)] {
			args = append(args, vocab[int(w)%len(vocab)])
		}
		ios, _, _, _ := iostreams.Test()
		fast := cmdutil.NewFactory(ios, "test")
		var format string
		fp := &format
		if !export {
			fp = nil
		}
		if !fastFlags(fast, args[1:], fp) {
			return
		}
		tree := cmdutil.NewFactory(ios, "test")
		cmd, rest, err := NewRootCmd(tree).Find(args)
		if err != nil {
			t.Fatalf("%q: the fast path took a line the tree cannot place: %v", args, err)
		}
		if err := cmd.ParseFlags(rest); err != nil {
			t.Fatalf("%q: the fast path took a line the tree refuses: %v", args, err)
		}
		if n := cmd.Flags().NArg(); n > 0 {
			t.Fatalf("%q: the tree sees %d arguments the fast path ignored", args, n)
		}
		if tree.ProfileFlag != fast.ProfileFlag || tree.Debug != fast.Debug {
			t.Fatalf("%q: fast path profile %q debug %v, tree %q %v", args, fast.ProfileFlag, fast.Debug, tree.ProfileFlag, tree.Debug)
		}
		if got, _ := cmd.Flags().GetString("format"); fp != nil && got != format && format != "" {
			t.Fatalf("%q: fast path format %q, tree %q", args, format, got)
		}
	})
}
