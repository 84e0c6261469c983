package awsconfig

import (
	"path/filepath"
	"runtime"
	"strings"
)

// Paths are the locations of the shared config and credentials files.
type Paths struct {
	Config      string // $AWS_CONFIG_FILE, default ~/.aws/config
	Credentials string // $AWS_SHARED_CREDENTIALS_FILE, default ~/.aws/credentials

	home string // for Display
}

// PathsFromEnv finds the files as the AWS CLI does: AWS_CONFIG_FILE and
// AWS_SHARED_CREDENTIALS_FILE, else ~/.aws/config and ~/.aws/credentials. The home folder is
// HOME (USERPROFILE on Windows). Like botocore, a leading "~" and $VAR or ${VAR} references in
// the variables are expanded (the Go SDK expands neither); unknown variables stay as written.
func PathsFromEnv(lookup func(string) (string, bool)) (Paths, error) {
	home := homeDir(lookup)
	var p Paths
	p.home = home
	for _, f := range []struct {
		env, def string
		dst      *string
	}{
		{"AWS_CONFIG_FILE", "config", &p.Config},
		{"AWS_SHARED_CREDENTIALS_FILE", "credentials", &p.Credentials},
	} {
		v, _ := lookup(f.env)
		if v == "" {
			if home == "" {
				return Paths{}, &pathError{env: f.env}
			}
			*f.dst = filepath.Join(home, ".aws", f.def)
			continue
		}
		v = expandVars(v, lookup)
		if v == "~" || strings.HasPrefix(v, "~/") || (runtime.GOOS == "windows" && strings.HasPrefix(v, `~\`)) {
			if home == "" {
				return Paths{}, &pathError{env: f.env}
			}
			v = home + v[1:]
		}
		*f.dst = filepath.Clean(v)
	}
	return p, nil
}

func homeDir(lookup func(string) (string, bool)) string {
	key := "HOME"
	if runtime.GOOS == "windows" {
		key = "USERPROFILE"
	}
	h, _ := lookup(key)
	return h
}

// expandVars replaces $NAME and ${NAME} with their values, leaving unknown ones as written (as
// Python's os.path.expandvars does).
func expandVars(s string, lookup func(string) (string, bool)) string {
	if !strings.Contains(s, "$") {
		return s
	}
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		if s[i] != '$' {
			b.WriteByte(s[i])
			continue
		}
		name, width := varName(s[i+1:])
		if v, ok := lookup(name); ok && name != "" {
			b.WriteString(v)
			i += width
			continue
		}
		b.WriteByte('$')
	}
	return b.String()
}

// varName reads the name after a '$': "NAME..." or "{NAME}...", and how many bytes it used.
func varName(s string) (string, int) {
	if strings.HasPrefix(s, "{") {
		if end := strings.IndexByte(s, '}'); end > 0 {
			return s[1:end], end + 1
		}
		return "", 0
	}
	n := 0
	for n < len(s) && (s[n] == '_' || ('a' <= s[n] && s[n] <= 'z') || ('A' <= s[n] && s[n] <= 'Z') || ('0' <= s[n] && s[n] <= '9')) {
		n++
	}
	return s[:n], n
}

// Display returns path as messages show it: with the home folder written "~".
func (p Paths) Display(path string) string {
	if p.home == "" || path == "" {
		return path
	}
	h := filepath.Clean(p.home)
	if rest, ok := strings.CutPrefix(path, h); ok && (rest == "" || rest[0] == filepath.Separator) {
		return "~" + filepath.ToSlash(rest)
	}
	return path
}

type pathError struct{ env string }

func (e *pathError) Error() string {
	return "cannot find the AWS config files: HOME is not set"
}
func (e *pathError) ExitCode() int { return exitConfig }
func (e *pathError) Hints() []string {
	return []string{"set HOME, or set " + e.env + " to the file's path"}
}
