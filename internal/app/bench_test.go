package app

import (
	"context"
	"os"
	"path/filepath"
	"testing"

	"github.com/awsso/awsso/internal/cmdutil"
	"github.com/awsso/awsso/internal/testsupport/cmdtest"
)

// BenchmarkWarm is the in-process cost of the hot path with a warm credential cache: a run
// of credential-process or export-credentials, Factory included, as Main runs it (fast) and
// through the command tree, to show what the fast path saves. Every run must make no call.
func BenchmarkWarm(b *testing.B) {
	w := cmdtest.New(b)
	w.SignIn(b)
	benchmarks := []struct {
		name string
		run  func(context.Context, *cmdutil.Factory, []string) int
		args []string
	}{
		{"credential-process", Run, []string{"credential-process", "--profile", "dev"}},
		{"export-credentials", Run, []string{"export-credentials", "--profile", "dev", "--format", "env"}},
		{"credential-process/tree", runTree, []string{"credential-process", "--profile", "dev"}},
	}
	for _, bm := range benchmarks {
		b.Run(bm.name, func(b *testing.B) {
			f, s := w.Factory(nil)
			if code := bm.run(context.Background(), f, bm.args); code != 0 {
				b.Fatal(s.Err)
			}
			w.Env.Server.ResetStats()
			b.ReportAllocs()
			for b.Loop() {
				f, s := w.Factory(nil)
				if code := bm.run(context.Background(), f, bm.args); code != 0 {
					b.Fatal(s.Err)
				}
			}
			if calls := w.Env.Server.Stats(); len(calls) != 0 {
				b.Fatalf("warm runs called %v", calls)
			}
		})
	}
}

// BenchmarkWarmChain compares, in one run, credential-process of a warm IAM Identity Center
// profile and of a warm role chain from it (the assumed roles cached as the AWS CLI v2 caches
// them, after real AssumeRole calls to the emulator): the chain must stay within 1.2 times the
// profile. The sign-in token and the source's role credentials are deleted first, so a chain
// that read its source would fail.
func BenchmarkWarmChain(b *testing.B) {
	w := cmdtest.New(b)
	w.SignIn(b)
	cmdtest.AppendConfig(b, w, "[profile prod]\nrole_arn = arn:aws:iam::444455556666:role/Deploy\nsource_profile = dev\n\n"+
		"[profile leaf]\nrole_arn = arn:aws:iam::777788889999:role/Leaf\nsource_profile = prod\nrole_session_name = bench\n")
	for _, profile := range []string{"dev", "leaf"} { // leaf assumes prod's role, then its own
		f, s := w.Factory(nil)
		if code := Run(context.Background(), f, []string{"credential-process", "--profile", profile}); code != 0 {
			b.Fatal(s.Err)
		}
	}
	if n := w.Env.Server.Stats()["AssumeRole"]; n != 2 {
		b.Fatalf("%d AssumeRole calls to warm the chain, want 2", n)
	}
	for _, bm := range []struct{ name, profile string }{{"sso", "dev"}, {"chain", "prod"}, {"chain-2-hops", "leaf"}} {
		b.Run(bm.name, func(b *testing.B) {
			if bm.name != "sso" { // nothing of the source may be read
				os.RemoveAll(filepath.Join(w.Home.Dir, ".aws", "sso"))
				os.Remove(w.CredsCache().Path(cmdtest.DevKey()))
			}
			w.Env.Server.ResetStats()
			b.ReportAllocs()
			for b.Loop() {
				f, s := w.Factory(nil)
				if code := Run(context.Background(), f, []string{"credential-process", "--profile", bm.profile}); code != 0 {
					b.Fatal(s.Err)
				}
			}
			if calls := w.Env.Server.Stats(); len(calls) != 0 {
				b.Fatalf("warm runs called %v", calls)
			}
		})
	}
}

// BenchmarkRootCmd is the cost of building the command tree, which the fast path skips.
func BenchmarkRootCmd(b *testing.B) {
	w := cmdtest.New(b)
	f, _ := w.Factory(nil)
	b.ReportAllocs()
	for b.Loop() {
		NewRootCmd(f)
	}
}

// BenchmarkShell is the in-process cost of what the shell integration runs: `awsso prompt`,
// which prompts run at every Enter, and `awsso use`, next to `awsso version`. None may call
// the network.
func BenchmarkShell(b *testing.B) {
	w := cmdtest.New(b)
	w.SignIn(b)
	for _, bm := range []struct {
		name string
		args []string
	}{
		{"version", []string{"version"}},
		{"prompt", []string{"prompt"}},
		{"use", []string{"use", "dev", "--shell", "bash"}},
	} {
		b.Run(bm.name, func(b *testing.B) {
			w.Env.Server.ResetStats()
			b.ReportAllocs()
			for b.Loop() {
				f, s := w.Factory(map[string]string{"AWS_PROFILE": "dev"})
				if code := Run(context.Background(), f, bm.args); code != 0 || s.Out.Len() == 0 {
					b.Fatalf("exit %d: %s", code, s.Err)
				}
			}
			if calls := w.Env.Server.Stats(); len(calls) != 0 {
				b.Fatalf("%s called %v", bm.name, calls)
			}
		})
	}
}
