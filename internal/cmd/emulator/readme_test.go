//go:build unix

package emulator_test

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/awsso/awsso/internal/testsupport/testenv"
)

// TestReadmeRecipe runs README's emulator recipe as written, in a POSIX shell, on a fresh home
// with no config at all: the emulator's own config, which its export lines name, serves
// awsso login --profile emulator at once; the home's config is never written; and the
// emulator's config goes when the emulator stops.
func TestReadmeRecipe(t *testing.T) {
	t.Parallel()
	sh := testenv.LookPath(t, "sh")
	home := t.TempDir()
	script := `set -e
eval "$(awsso emulator --auto-approve &)"
awsso login --profile emulator
awsso whoami --profile emulator --output json
echo "AWS_CONFIG_FILE=$AWS_CONFIG_FILE"
`
	stderr, err := os.Create(filepath.Join(t.TempDir(), "stderr")) // a file: the emulator keeps it open
	if err != nil {
		t.Fatal(err)
	}
	defer stderr.Close()
	cmd := exec.Command(sh, "-c", script)
	cmd.Dir = home
	cmd.Env = append(testenv.CleanEnv(), "HOME="+home, "PATH="+filepath.Dir(awsso)+string(os.PathListSeparator)+os.Getenv("PATH"))
	cmd.Stderr = stderr
	out, runErr := cmd.Output()
	errText, _ := os.ReadFile(stderr.Name())
	pid := 0
	if _, after, ok := strings.Cut(string(errText), "Stop it with Ctrl-C, or: kill "); ok {
		fmt.Sscan(after, &pid)
	}
	if pid == 0 {
		t.Fatalf("no emulator pid in stderr:\n%s", errText)
	}
	defer syscall.Kill(pid, syscall.SIGKILL)
	if runErr != nil || !strings.Contains(string(out), `"Account": "111122223333"`) {
		t.Fatalf("the recipe failed (%v):\nstdout:\n%s\nstderr:\n%s", runErr, out, errText)
	}
	_, config, _ := strings.Cut(strings.TrimSpace(string(out)), "AWS_CONFIG_FILE=")
	if _, err := os.Stat(config); err != nil || !strings.HasPrefix(filepath.Base(filepath.Dir(config)), "awsso-emulator-") {
		t.Errorf("AWS_CONFIG_FILE %q: %v", config, err)
	}
	if _, err := os.Stat(filepath.Join(home, ".aws", "config")); err == nil {
		t.Error("the recipe wrote the home's ~/.aws/config")
	}
	if err := syscall.Kill(pid, syscall.SIGTERM); err != nil {
		t.Fatal(err)
	}
	for i := 0; i < 100 && syscall.Kill(pid, 0) == nil; i++ {
		time.Sleep(50 * time.Millisecond)
	}
	if _, err := os.Stat(filepath.Dir(config)); err == nil {
		t.Errorf("the emulator's config folder %s outlived it", filepath.Dir(config))
	}
}
