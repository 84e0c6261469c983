package app

import (
	"context"
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
