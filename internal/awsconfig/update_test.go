package awsconfig

import (
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"sync"
	"testing"

	"github.com/awsso/awsso/internal/testsupport/testenv"
)

func TestUpdateCreatesPrivateFileAndFolder(t *testing.T) {
	t.Parallel()
	h := testenv.TempHome(t)
	path := filepath.Join(h.Dir, "new", "dir", "config")
	err := Update(context.Background(), path, func(d *Document) error { return d.Set(ProfileRef("dev"), "region", "a") })
	if err != nil {
		t.Fatal(err)
	}
	if got, _ := os.ReadFile(path); string(got) != "[profile dev]\nregion = a\n" {
		t.Errorf("content %q", got)
	}
	for p, want := range map[string]os.FileMode{path: 0o600, filepath.Dir(path): 0o700, filepath.Join(h.Dir, "new"): 0o700} {
		if st, err := os.Stat(p); err != nil || st.Mode().Perm() != want {
			t.Errorf("%s: mode %v, want %o (%v)", p, st.Mode().Perm(), want, err)
		}
	}
}

func TestUpdateKeepsModeAndSkipsUnchangedWrites(t *testing.T) {
	t.Parallel()
	h := testenv.TempHome(t)
	in := "[profile dev]\r\nregion = a # c\r\n"
	if err := os.WriteFile(h.Config, []byte(in), 0o640); err != nil {
		t.Fatal(err)
	}
	before, _ := os.Stat(h.Config)
	if err := Update(context.Background(), h.Config, func(d *Document) error { return d.Set(ProfileRef("dev"), "region", "a") }); err != nil {
		t.Fatal(err)
	}
	after, _ := os.Stat(h.Config)
	if !os.SameFile(before, after) {
		t.Error("an edit that changed nothing replaced the file")
	}
	if err := Update(context.Background(), h.Config, func(d *Document) error { return d.Set(ProfileRef("dev"), "region", "b") }); err != nil {
		t.Fatal(err)
	}
	got, _ := os.ReadFile(h.Config)
	if string(got) != "[profile dev]\r\nregion = b # c\r\n" {
		t.Errorf("content %q", got)
	}
	if st, _ := os.Stat(h.Config); st.Mode().Perm() != 0o640 {
		t.Errorf("mode %o, want 0640 kept", st.Mode().Perm())
	}
}

func TestUpdateRefusesSyntaxErrorsAndKeepsFileOnEditError(t *testing.T) {
	t.Parallel()
	h := testenv.TempHome(t)
	os.WriteFile(h.Config, []byte("[profile dev]\nbroken\n"), 0o600)
	err := Update(context.Background(), h.Config, func(d *Document) error { t.Error("edit called"); return nil })
	var se SyntaxErrors
	if !errors.As(err, &se) || se[0].Line != 2 {
		t.Fatalf("err = %v, want a syntax error on line 2", err)
	}
	os.WriteFile(h.Config, []byte("[profile dev]\n"), 0o600)
	boom := errors.New("boom")
	err = Update(context.Background(), h.Config, func(d *Document) error {
		d.Set(ProfileRef("dev"), "x", "1")
		return boom
	})
	if !errors.Is(err, boom) {
		t.Fatalf("err = %v", err)
	}
	if got, _ := os.ReadFile(h.Config); string(got) != "[profile dev]\n" {
		t.Errorf("file changed after a failed edit: %q", got)
	}
}

// TestConcurrentProcessesLoseNothing runs two processes that each set their own keys and a
// shared counter in the same file, many rounds at once; a lost edit shows as a missing key or
// a short count.
func TestConcurrentProcessesLoseNothing(t *testing.T) {
	if os.Getenv("AWSCONFIG_EDITOR") != "" {
		return
	}
	h := testenv.TempHome(t)
	os.WriteFile(h.Config, []byte("# shared by two writers\r\n[profile shared]\r\ncount = 0\r\n"), 0o600)
	const procs, rounds = 2, 40
	var wg sync.WaitGroup
	errs := make(chan error, procs)
	for i := range procs {
		wg.Add(1)
		go func() {
			defer wg.Done()
			cmd := exec.Command(os.Args[0], "-test.run=^TestEditorProcess$", "-test.count=1")
			cmd.Env = append(os.Environ(), "AWSCONFIG_EDITOR="+h.Config, fmt.Sprintf("AWSCONFIG_EDITOR_ID=%d", i), fmt.Sprintf("AWSCONFIG_EDITOR_ROUNDS=%d", rounds))
			if out, err := cmd.CombinedOutput(); err != nil {
				errs <- fmt.Errorf("writer %d: %v\n%s", i, err, out)
			}
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Fatal(err)
	}
	c, err := Load(Paths{Config: h.Config, Credentials: h.Credentials})
	if err != nil {
		t.Fatal(err)
	}
	p, _ := c.Profile("shared")
	if v, _ := p.Get("count"); v != strconv.Itoa(procs*rounds) {
		t.Errorf("count = %s, want %d", v, procs*rounds)
	}
	for i := range procs {
		prof, ok := c.Profile(fmt.Sprintf("writer%d", i))
		if !ok || len(prof.Properties) != rounds {
			t.Fatalf("writer%d has %d keys, want %d", i, len(prof.Properties), rounds)
		}
		for r := range rounds {
			if v, _ := prof.Get(fmt.Sprintf("k%d", r)); v != strconv.Itoa(r) {
				t.Errorf("writer%d k%d = %q", i, r, v)
			}
		}
	}
}

func TestEditorProcess(t *testing.T) {
	path := os.Getenv("AWSCONFIG_EDITOR")
	if path == "" {
		t.Skip("helper process for TestConcurrentProcessesLoseNothing")
	}
	id := os.Getenv("AWSCONFIG_EDITOR_ID")
	rounds, _ := strconv.Atoi(os.Getenv("AWSCONFIG_EDITOR_ROUNDS"))
	for r := range rounds {
		err := Update(context.Background(), path, func(d *Document) error {
			v, _ := d.Get(ProfileRef("shared"), "count")
			n, err := strconv.Atoi(v)
			if err != nil {
				return fmt.Errorf("torn read of count %q", v)
			}
			if err := d.Set(ProfileRef("shared"), "count", strconv.Itoa(n+1)); err != nil {
				return err
			}
			return d.Set(ProfileRef("writer"+id), fmt.Sprintf("k%d", r), strconv.Itoa(r))
		})
		if err != nil {
			t.Fatal(err)
		}
	}
}
