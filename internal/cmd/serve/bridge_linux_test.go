package serve_test

import (
	"os"
	"os/exec"
	"strings"
	"testing"

	"github.com/awsso/awsso/internal/testsupport/cmdtest"
	"github.com/awsso/awsso/internal/testsupport/testenv"
)

// TestBridgeAddress serves on 169.254.170.2, the ECS address a host gives its container bridge,
// in a network namespace of the test's own where that address is local: an aws-sdk-go-v2
// program accepts the printed URL over plain http and gets the profile's credentials.
func TestBridgeAddress(t *testing.T) {
	t.Parallel()
	unshare := testenv.LookPath(t, "unshare")
	testenv.LookPath(t, "ip")
	if out, err := exec.Command(unshare, "-n", "true").CombinedOutput(); err != nil {
		testenv.Missing(t, "no network namespace for this user (unshare -n: %v %s)", err, out)
	}
	w := cmdtest.New(t)
	w.SignIn(t)
	// Cached credentials: the namespace has no route to the emulator.
	want := testenv.Run(t, w.ProcessEnv(), awsso, "export-credentials", "--profile", "dev", "--format", "env-no-export")
	want = strings.TrimPrefix(strings.Split(want, "\n")[0], "AWS_ACCESS_KEY_ID=")
	script := `ip link set lo up && ip addr add 169.254.170.2/32 dev lo || exit 99
"$AWSSO" serve --profile dev --bridge-addr 169.254.170.2:0 > "$DIR/env" 2> "$DIR/err" &
pid=$!
for _ in $(seq 200); do grep -q TOKEN "$DIR/env" 2>/dev/null && break; sleep 0.05; done
. "$DIR/env"
echo "$AWS_CONTAINER_CREDENTIALS_FULL_URI"
HOME=$DIR AWS_CONFIG_FILE=$DIR/none AWS_SHARED_CREDENTIALS_FILE=$DIR/none "$CLIENT"
code=$?
kill $pid
wait $pid
exit $code`
	dir := t.TempDir()
	out := testenv.Run(t, w.ProcessEnv("AWSSO="+awsso, "DIR="+dir, "CLIENT="+os.Args[0], clientVar+"=retrieve"), unshare, "-n", "sh", "-c", script)
	lines := strings.Split(strings.TrimSpace(out), "\n")
	if len(lines) != 2 || !strings.HasPrefix(lines[0], "http://169.254.170.2:") || lines[1] != want {
		t.Errorf("printed %q, want the bridge URL and access key %s", out, want)
	}
}
