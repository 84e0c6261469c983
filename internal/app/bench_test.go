package app

import (
	"context"
	"testing"

	"github.com/awsso/awsso/internal/cmdtest"
)

// BenchmarkCredentialProcessWarm is the in-process cost of `awsso credential-process` with a
// warm cache, through the command tree.
func BenchmarkCredentialProcessWarm(b *testing.B) {
	w := cmdtest.New(b)
	w.SignIn(b)
	args := []string{"credential-process", "--profile", "dev"}
	f, s := w.Factory(nil)
	if code := Run(context.Background(), f, args); code != 0 {
		b.Fatal(s.Err)
	}
	w.Env.Server.ResetStats()
	b.ReportAllocs()
	for b.Loop() {
		f, s := w.Factory(nil)
		if code := Run(context.Background(), f, args); code != 0 {
			b.Fatal(s.Err)
		}
	}
	if calls := w.Env.Server.Stats(); len(calls) != 0 {
		b.Fatalf("warm runs called %v", calls)
	}
}

func BenchmarkRootCmd(b *testing.B) {
	w := cmdtest.New(b)
	b.ReportAllocs()
	for b.Loop() {
		f, _ := w.Factory(nil)
		NewRootCmd(f)
	}
}
