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

// serverRemoved are the variables ServerEnv takes out besides removed: the ones the SDKs read
// before AWS_CONTAINER_CREDENTIALS_FULL_URI (a relative URI, a token file, web identity) or
// that belong to another server.
var serverRemoved = []string{
	"AWS_CONTAINER_CREDENTIALS_RELATIVE_URI", "AWS_CONTAINER_CREDENTIALS_FULL_URI",
	"AWS_CONTAINER_AUTHORIZATION_TOKEN", "AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE",
	"AWS_WEB_IDENTITY_TOKEN_FILE", "AWS_ROLE_ARN", "AWS_ROLE_SESSION_NAME",
}

// ChildEnv returns base with c's credentials, region (when not "") and NestedVar = profile set,
// and the variables that would compete with them removed.
func ChildEnv(base []string, c *creds.Credentials, region, profile string) []string {
	return childEnv(base, removed, region, profile, c.Vars()...)
}

// ServerEnv returns base with a credential server's URL and token, the region (when not "")
// and NestedVar = profile set, and every variable that the SDKs would use before the server
// removed: no key reaches the command.
func ServerEnv(base []string, url, token, region, profile string) []string {
	return childEnv(base, append(append([]string(nil), removed...), serverRemoved...), region, profile,
		[2]string{"AWS_CONTAINER_CREDENTIALS_FULL_URI", url},
		[2]string{"AWS_CONTAINER_AUTHORIZATION_TOKEN", token})
}

// childEnv returns base without the variables of drop, with set, the region and NestedVar.
func childEnv(base, drop []string, region, profile string, set ...[2]string) []string {
	drop = append([]string(nil), drop...)
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
