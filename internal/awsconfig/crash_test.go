package awsconfig

import (
	"context"
	"fmt"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

const crashBase = "# team config\n[profile bystander]\nregion = eu-west-1 # keep me\ns3 =\n  max_concurrent_requests = 20\n\n[profile victim]\nregion = us-east-1\n"

// TestKillDuringWrites kills an editing process with SIGKILL at random moments, many times, and
// checks after each kill that the file parses, the untouched profile is byte for byte intact,
// and the edited profile holds a value that was written whole: the old content or the new,
// never a torn mix.
func TestKillDuringWrites(t *testing.T) {
	if testing.Short() {
		t.Skip("kills processes; slow")
	}
	dir := t.TempDir()
	path := filepath.Join(dir, "config")
	if err := os.WriteFile(path, []byte(crashBase), 0o600); err != nil {
		t.Fatal(err)
	}
	rng := rand.New(rand.NewPCG(1, 2))
	seen := map[string]bool{}
	for round := range 25 {
		cmd := exec.Command(os.Args[0], "-test.run=^TestCrashEditor$", "-test.count=1")
		cmd.Env = append(os.Environ(), "CRASH_CONFIG="+path)
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		time.Sleep(time.Duration(100+rng.IntN(300)) * time.Millisecond)
		cmd.Process.Kill()
		cmd.Wait()
		data, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		doc, err := Parse(path, data)
		if err != nil {
			t.Fatalf("round %d: file no longer parses: %v\n%s", round, err, data)
		}
		if !strings.HasPrefix(string(data), crashBase[:strings.Index(crashBase, "[profile victim]")]) {
			t.Fatalf("round %d: the untouched part changed:\n%s", round, data)
		}
		v, ok := doc.Get(ProfileRef("victim"), "note")
		if ok && !strings.HasPrefix(v, "value-") {
			t.Fatalf("round %d: torn value %q", round, v)
		}
		seen[v] = true
		entries, _ := os.ReadDir(dir)
		for _, e := range entries {
			if strings.Contains(e.Name(), ".tmp-") {
				os.Remove(filepath.Join(dir, e.Name())) // a killed writer may leave its temp file; never the config
			}
		}
	}
	if len(seen) < 10 {
		t.Fatalf("only %d distinct values after 25 kills: the editor was not killed while writing", len(seen))
	}
}

// TestCrashEditor is the process TestKillDuringWrites kills: it edits as fast as it can.
func TestCrashEditor(t *testing.T) {
	path := os.Getenv("CRASH_CONFIG")
	if path == "" {
		t.Skip("helper process for TestKillDuringWrites")
	}
	for i := 0; ; i++ {
		err := Update(context.Background(), path, func(d *Document) error {
			long := strings.Repeat("x", i%4000)
			return d.Set(ProfileRef("victim"), "note", fmt.Sprintf("value-%d-%s", i, long))
		})
		if err != nil {
			t.Fatal(err)
		}
	}
}
