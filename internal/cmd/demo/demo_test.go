package demo_test

import (
	"bytes"
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/awsso/awsso/internal/app"
	"github.com/awsso/awsso/internal/cmd/demo"
	"github.com/awsso/awsso/internal/cmdutil"
	"github.com/awsso/awsso/internal/iostreams"
	"github.com/awsso/awsso/internal/testsupport/cmdtest"
	"github.com/awsso/awsso/internal/testsupport/testenv"
)

var awsso string

func TestMain(m *testing.M) {
	os.Exit(cmdtest.RunWithBinary(m, &awsso))
}

// steps are the command lines the tour shows, in order.
var steps = []string{
	"$ awsso configure --profile demo --sso-session demo --start-url https://d-",
	"$ cat ~/.aws/config",
	"$ awsso login --profile demo",
	"$ awsso accounts --profile demo",
	"$ awsso whoami --profile demo",
	"$ awsso export-credentials --profile demo --format env",
	"$ awsso exec --profile demo -- awsso whoami --output text",
}

var whoamiLine = regexp.MustCompile(`(?m)^111122223333\tarn:aws:sts::111122223333:assumed-role/AWSReservedSSO_ReadOnly_[0-9a-f]{16}/alice\tAROA[A-Z2-7]{17}:alice$`)

func checkTour(t *testing.T, out string) {
	t.Helper()
	at := 0
	for _, step := range steps {
		i := strings.Index(out[at:], step)
		if i < 0 {
			t.Fatalf("the tour lacks %q after byte %d:\n%s", step, at, out)
		}
		at += i + len(step)
	}
	for _, want := range []string{"[profile demo]\nsso_session = demo\nsso_account_id = 111122223333\nsso_role_name = ReadOnly\nregion = eu-west-1\n",
		"Production", "export AWS_SECRET_ACCESS_KEY=", "\nDone in "} {
		if !strings.Contains(out, want) {
			t.Errorf("the tour lacks %q:\n%s", want, out)
		}
	}
	if n := len(whoamiLine.FindAllString(out, -1)); n != 2 {
		t.Errorf("%d whoami lines (whoami and exec -- awsso whoami), want 2:\n%s", n, out)
	}
}

// TestDemoBinary runs `awsso demo` as a user would, with an environment that points at a home
// and endpoints it must ignore.
func TestDemoBinary(t *testing.T) {
	home := testenv.TempHome(t)
	sentinel := "[profile demo]\nregion = us-west-2\n"
	os.WriteFile(home.Config, []byte(sentinel), 0o600)
	cmd := exec.Command(awsso, "demo")
	cmd.Env = append(testenv.CleanEnv(), append(home.Env(), "AWS_PROFILE=demo", "AWS_ENDPOINT_URL=http://127.0.0.1:1",
		"AWS_ENDPOINT_URL_STS=http://127.0.0.1:1", "AWS_REGION=ap-south-1", "TMPDIR="+t.TempDir())...)
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	start := time.Now()
	if err := cmd.Run(); err != nil {
		t.Fatalf("awsso demo: %v\n%s\n%s", err, stdout.String(), stderr.String())
	}
	t.Logf("awsso demo took %s", time.Since(start))
	checkTour(t, stdout.String())
	if got, _ := os.ReadFile(home.Config); string(got) != sentinel {
		t.Errorf("the demo changed $HOME/.aws/config:\n%s", got)
	}
	entries, _ := os.ReadDir(home.AWSDir())
	if len(entries) != 1 {
		t.Errorf("the demo wrote into $HOME/.aws: %v", entries)
	}
	m := regexp.MustCompile(`Temporary home: (\S+) `).FindStringSubmatch(stdout.String())
	if m == nil {
		t.Fatal("no temporary home in the output")
	}
	if _, err := os.Stat(m[1]); !os.IsNotExist(err) {
		t.Errorf("the temporary home %s is still there (%v)", m[1], err)
	}
}

// TestDemoInProcess runs the tour in this process, under the race detector, with --keep.
func TestDemoInProcess(t *testing.T) {
	ios, _, out, errOut := iostreams.Test()
	f := cmdutil.NewFactory(ios, "test")
	f.IsolateEnv(map[string]string{"HOME": "/nonexistent"})
	cmd := demo.NewCmdDemo(f, app.Run, func(ctx context.Context, o *demo.DemoOptions) error {
		o.Self = awsso
		return demo.Run(ctx, o)
	})
	cmd.SetArgs([]string{"--keep"})
	t.Setenv("TMPDIR", t.TempDir())
	if err := cmd.ExecuteContext(context.Background()); err != nil {
		t.Fatalf("demo: %v\n%s\n%s", err, out, errOut)
	}
	checkTour(t, out.String())
	m := regexp.MustCompile(`kept in (\S+) `).FindStringSubmatch(errOut.String())
	if m == nil {
		t.Fatalf("--keep did not say where the home is:\n%s", errOut)
	}
	if _, err := os.Stat(filepath.Join(m[1], ".aws", "config")); err != nil {
		t.Errorf("--keep: %v", err)
	}
}
