package shell_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/awsso/awsso/internal/testsupport/cmdtest"
)

var awsso string // the binary TestMain built

func TestMain(m *testing.M) {
	os.Exit(cmdtest.RunWithBinary(m, &awsso))
}

// hostileNames are profile names the config file may hold (the SDKs read them) that a shell
// would act on unquoted: each must come back from every shell exactly, and run nothing.
var hostileNames = []string{
	"x$(touch${IFS}f)|y>z&w",
	"`touch${IFS}g`|h&&i",
	"$((6*7))*?{a,b}~!$HOME",
	"%F{red}é☁<>=",
}

// world is a signed-in emulator world whose config also holds a profile for each hostile name,
// and the environment of a shell in it: awsso on PATH, stale keys from another tool in the
// environment (use must remove them).
func world(t *testing.T) (*cmdtest.World, []string) {
	t.Helper()
	w := cmdtest.New(t)
	w.SignIn(t)
	var extra strings.Builder
	for _, n := range hostileNames {
		extra.WriteString("[profile " + n + "]\nregion = us-east-2\n\n")
	}
	cmdtest.AppendConfig(t, w, extra.String())
	env := w.ProcessEnv("AWS_ACCESS_KEY_ID=AKIASTALE", "AWS_SECRET_ACCESS_KEY=stale", "AWS_SESSION_TOKEN=stale", "AWS_SECURITY_TOKEN=stale",
		"AWS_EC2_METADATA_DISABLED=true", "AWS_PAGER=")
	for i, kv := range env {
		if strings.HasPrefix(kv, "PATH=") {
			env[i] = "PATH=" + filepath.Dir(awsso) + string(os.PathListSeparator) + kv[len("PATH="):]
		}
	}
	return w, env
}

// parseEnv reads the output of `env -0`.
func parseEnv(b []byte) map[string]string {
	env := map[string]string{}
	for _, kv := range strings.Split(strings.TrimSuffix(string(b), "\x00"), "\x00") {
		if k, v, ok := strings.Cut(kv, "="); ok {
			env[k] = v
		}
	}
	return env
}
