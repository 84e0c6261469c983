package stress_test

import (
	"bufio"
	"bytes"
	"crypto/sha256"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"os/exec"
	"runtime"
	"runtime/debug"
	"strings"
	"testing"
	"time"

	"github.com/awsso/awsso/internal/awsconfig"
	"github.com/awsso/awsso/internal/testsupport/cmdtest"
)

// TestHugeConfig grows the config file to just under awsso's limit: the commands that read
// the whole file finish within bounds of time and memory; past the limit (50 MB) every
// command refuses at once with one line, and nothing is written.
func TestHugeConfig(t *testing.T) {
	w := cmdtest.New(t)
	w.SignIn(t)
	env := w.ProcessEnv()
	mustRun(t, env, "credential-process", "--profile", "dev") // warm
	base := readFile(t, w.Home.Config)
	// grow streams the file, so that this process never holds it: a child's peak memory, as
	// the kernel reports it, starts from the peak of the process that started it.
	grow := func(size int) {
		f, err := os.Create(w.Home.Config)
		if err != nil {
			t.Fatal(err)
		}
		b := bufio.NewWriter(f)
		n, _ := b.WriteString(base)
		for i := 0; n < size-200; i++ {
			m, _ := fmt.Fprintf(b, "\n[profile p%07d]\nsso_session = corp\nsso_account_id = %012d\nsso_role_name = AdministratorAccess\nregion = eu-west-2\n", i, i)
			n += m
		}
		if err := b.Flush(); err != nil {
			t.Fatal(err)
		}
		f.Close()
	}
	runtime.GC()
	debug.FreeOSMemory()

	grow(awsconfig.MaxFileSize - 1024)
	for _, c := range []struct {
		args   []string
		maxMiB int64
	}{
		{[]string{"profiles", "--names"}, 300},
		{[]string{"credential-process", "--profile", "dev"}, 300},
		{[]string{"status"}, 400},
		{[]string{"doctor", "--offline"}, 1024},
	} {
		r, rss := runMeasured(t, env, c.args...)
		if r.code != 0 && !(c.args[0] == "doctor" && r.code == 1) { // doctor: exit 1 on findings
			t.Errorf("%s", r)
		}
		t.Logf("awsso %s on a %d MB config: %s, %d MiB", strings.Join(c.args, " "), awsconfig.MaxFileSize>>20, r.took.Round(time.Millisecond), rss>>20)
		if rss > c.maxMiB<<20 || r.took > time.Minute {
			t.Errorf("awsso %s: %s and %d MiB, beyond %d MiB or a minute", strings.Join(c.args, " "), r.took, rss>>20, c.maxMiB)
		}
	}

	grow(50 << 20)
	before := fileSum(t, w.Home.Config)
	for _, args := range [][]string{
		{"profiles"}, {"credential-process", "--profile", "dev"}, {"export-credentials", "--profile", "dev"}, {"status"}, {"doctor"},
		{"login", "--sso-session", "corp"}, {"populate", "--sso-session", "corp"}, {"migrate", "--yes"},
		{"configure", "--non-interactive", "--profile", "x", "--sso-session", "corp", "--account-id", cmdtest.AccountID, "--role-name", "ReadOnly"},
	} {
		r, rss := runMeasured(t, env, args...)
		wantFailure(t, r, 1, "is 50.0 MB, more than awsso reads (16 MB)")
		t.Logf("awsso %s refused a 50 MB config in %s with %d MiB", args[0], r.took.Round(time.Millisecond), rss>>20)
		if rss > 48<<20 {
			t.Errorf("awsso %s used %d MiB to refuse", args[0], rss>>20)
		}
	}
	if fileSum(t, w.Home.Config) != before {
		t.Error("the refused file was changed")
	}
}

// runMeasured runs the binary and returns what it did and its peak memory in bytes. The
// kernel counts in a child's peak the peak of the process that started it, and this test
// process holds far more than awsso; so a small helper process (TestMeasureHelper) starts
// awsso and reports the peak.
func runMeasured(t *testing.T, env []string, args ...string) (result, int64) {
	t.Helper()
	spec, _ := json.Marshal(measureSpec{Binary: awsso, Args: args, Env: env})
	cmd := exec.Command(os.Args[0], "-test.run=^TestMeasureHelper$", "-test.count=1")
	cmd.Env = append(os.Environ(), "AWSSO_MEASURE="+string(spec))
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("measure awsso %s: %v\n%s", strings.Join(args, " "), err, out)
	}
	var m measured
	line := string(out)
	if i := strings.Index(line, "{"); i >= 0 {
		line = line[i:]
	}
	if err := json.NewDecoder(strings.NewReader(line)).Decode(&m); err != nil {
		t.Fatalf("measure awsso %s: %v\n%s", strings.Join(args, " "), err, out)
	}
	return result{args: args, code: m.Code, stdout: m.Stdout, stderr: m.Stderr, took: m.Took}, m.MaxRSS
}

type measureSpec struct {
	Binary string
	Args   []string
	Env    []string
}

type measured struct {
	Code           int
	Stdout, Stderr string
	Took           time.Duration
	MaxRSS         int64
}

// TestMeasureHelper is the small process runMeasured starts: it runs awsso as AWSSO_MEASURE
// says and prints what it did, peak memory included, as JSON.
func TestMeasureHelper(t *testing.T) {
	raw := os.Getenv("AWSSO_MEASURE")
	if raw == "" {
		t.Skip("helper process for runMeasured")
	}
	var spec measureSpec
	if err := json.Unmarshal([]byte(raw), &spec); err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(spec.Binary, spec.Args...)
	cmd.Env = spec.Env
	var out, errOut bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errOut
	start := time.Now()
	err := cmd.Run()
	m := measured{Stdout: out.String(), Stderr: errOut.String(), Took: time.Since(start)}
	if ee, ok := err.(*exec.ExitError); ok {
		m.Code = ee.ExitCode()
	} else if err != nil {
		t.Fatal(err)
	}
	m.MaxRSS = maxRSS(cmd.ProcessState)
	json.NewEncoder(os.Stdout).Encode(m)
}

// fileSum is the SHA-256 of a file, read in pieces.
func fileSum(t *testing.T, path string) string {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	h := sha256.New()
	if _, err := io.Copy(h, f); err != nil {
		t.Fatal(err)
	}
	return fmt.Sprintf("%x", h.Sum(nil))
}
