package exec

import (
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"

	"github.com/awsso/awsso/internal/creds"
)

// removed are the variables ChildEnv takes out of the environment: other credentials, and the
// profile variables that would make an SDK resolve the profile again instead of using the
// credentials.
var removed = []string{
	"AWS_PROFILE", "AWS_DEFAULT_PROFILE",
	"AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN", "AWS_SECURITY_TOKEN", "AWS_CREDENTIAL_EXPIRATION",
	NestedVar,
}

// ChildEnv returns base with c's credentials, region (when not "") and NestedVar = profile set,
// and the variables that would compete with them removed.
func ChildEnv(base []string, c *creds.Credentials, region, profile string) []string {
	drop := append([]string(nil), removed...)
	set := c.Vars()
	if region != "" {
		drop = append(drop, "AWS_REGION", "AWS_DEFAULT_REGION")
		set = append(set, [2]string{"AWS_REGION", region}, [2]string{"AWS_DEFAULT_REGION", region})
	}
	set = append(set, [2]string{NestedVar, profile})
	env := make([]string, 0, len(base)+len(set))
	for _, kv := range base {
		name, _, _ := strings.Cut(kv, "=")
		if !contains(drop, name) {
			env = append(env, kv)
		}
	}
	for _, kv := range set {
		env = append(env, kv[0]+"="+kv[1])
	}
	return env
}

// contains reports whether names holds name; names are case-insensitive on Windows.
func contains(names []string, name string) bool {
	for _, n := range names {
		if n == name || runtime.GOOS == "windows" && strings.EqualFold(n, name) {
			return true
		}
	}
	return false
}

// lookPath finds a command as the PATH of env (not this process's) says, so a command runs
// the same whatever environment awsso itself was given.
func lookPath(name string, env []string) (string, error) {
	if runtime.GOOS == "windows" || strings.ContainsRune(name, filepath.Separator) || strings.ContainsRune(name, '/') {
		return exec.LookPath(name)
	}
	path := ""
	for _, kv := range env {
		if v, ok := strings.CutPrefix(kv, "PATH="); ok {
			path = v
		}
	}
	for _, dir := range filepath.SplitList(path) {
		if dir == "" {
			dir = "."
		}
		if p, err := exec.LookPath(filepath.Join(dir, name)); err == nil {
			return p, nil
		}
	}
	return "", exec.ErrNotFound
}
