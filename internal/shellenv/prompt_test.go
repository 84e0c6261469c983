package shellenv

import (
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/awsso/awsso/internal/session"
	"github.com/awsso/awsso/internal/testsupport/testenv"
)

// wantPrompt is what awsso_prompt must print for env at now: the segment of the profile the
// shell uses, with the time left (a clock, in bash and zsh) or the end time (fish).
func wantPrompt(env map[string]string, now time.Time, clock bool) string {
	p, mine := InUse(lookup(env))
	if p == "" {
		return ""
	}
	s := Segment{Profile: p, Region: env["AWS_REGION"]}
	if s.Region == "" {
		s.Region = env["AWS_DEFAULT_REGION"]
	}
	if !mine {
		return s.String()
	}
	if s.Region == "" {
		s.Region = env["AWSSO_REGION"]
	}
	s.Account, s.Role = env["AWSSO_ACCOUNT"], env["AWSSO_ROLE"]
	exp, err := strconv.ParseInt(env["AWSSO_EXPIRES"], 10, 64)
	switch {
	case err != nil || strings.ContainsAny(env["AWSSO_EXPIRES"], "+-"):
	case !clock:
		s.Left = "until " + env["AWSSO_EXPIRES_AT"]
	case time.Unix(exp, 0).After(now):
		s.Left = session.Left(time.Unix(exp, 0).Sub(now))
	case env["AWSSO_REFRESHABLE"] == "":
		s.Left = "expired"
	}
	return s.String()
}

// promptEnvs are the shells' situations: every case of the segment.
func promptEnvs(now time.Time) map[string]map[string]string {
	at := func(d time.Duration) string { return strconv.FormatInt(now.Add(d).Unix(), 10) }
	full := map[string]string{"AWS_PROFILE": "dev", "AWS_DEFAULT_PROFILE": "dev", "AWSSO_PROFILE": "dev", "AWSSO_ACCOUNT": "111122223333",
		"AWSSO_ROLE": "ReadOnly", "AWSSO_REGION": "eu-west-1", "AWSSO_EXPIRES": at(42*time.Minute + 30*time.Second), "AWSSO_EXPIRES_AT": "17:42"}
	return map[string]map[string]string{
		"no profile":                {},
		"default profile only":      {"AWSSO_REGION": "eu-west-1"},
		"profile set by hand":       {"AWS_PROFILE": "other", "AWS_REGION": "us-east-1"},
		"use":                       full,
		"hours":                     with(full, "AWSSO_EXPIRES", at(7*time.Hour+30*time.Second)),
		"hours and minutes":         with(full, "AWSSO_EXPIRES", at(6*time.Hour+5*time.Minute+30*time.Second)),
		"days":                      with(full, "AWSSO_EXPIRES", at(50*time.Hour+30*time.Second)),
		"seconds":                   with(full, "AWSSO_EXPIRES", at(40*time.Second)),
		"expired":                   with(full, "AWSSO_EXPIRES", at(-time.Hour)),
		"expired but refreshable":   with(full, "AWSSO_EXPIRES", at(-time.Hour), "AWSSO_REFRESHABLE", "1"),
		"region from the shell":     with(full, "AWS_REGION", "ap-south-1"),
		"changed by hand since use": with(full, "AWS_PROFILE", "other", "AWS_DEFAULT_REGION", "us-east-2"),
		"default profile variable":  with(full, "AWS_PROFILE", ""),
		"exported keys":             with(full, "AWS_PROFILE", "", "AWS_DEFAULT_PROFILE", "", "AWS_ACCESS_KEY_ID", "ASIA"),
		"keys of another tool":      {"AWS_ACCESS_KEY_ID": "AKIA"},
		"no account":                with(full, "AWSSO_ACCOUNT", "", "AWSSO_EXPIRES", ""),
		"hostile name":              with(full, "AWS_PROFILE", "x$(touch${IFS}f)|y>z&w", "AWSSO_PROFILE", "x$(touch${IFS}f)|y>z&w"),
		"hostile expiry":            with(full, "AWSSO_EXPIRES", "a[$(touch f)]+1"),
		"hostile region":            with(full, "AWS_REGION", "`touch f`", "AWSSO_ROLE", "%F{red}$x"),
	}
}

// TestPromptFunction runs awsso_prompt in each shell in every situation, with PATH pointing
// nowhere (it needs no program, awsso included), and compares with the segment.
func TestPromptFunction(t *testing.T) {
	for _, sh := range shells {
		t.Run(sh.name, func(t *testing.T) {
			t.Parallel()
			init := sh.initFile(t)
			now := time.Now()
			for name, env := range promptEnvs(now) {
				env = with(env, "PATH", "/nonexistent")
				got := sh.run(t, sh.source+" "+init+"\nawsso_prompt", env)
				if want := wantPrompt(env, now, sh.name != "fish"); got != want {
					t.Errorf("%s: awsso_prompt printed %q, want %q", name, got, want)
				}
			}
		})
	}
}

// TestPromptFunctionArguments: BEFORE and AFTER surround a segment and vanish without one; -v
// sets a variable (bash and zsh) and clears it when there is nothing to show.
func TestPromptFunctionArguments(t *testing.T) {
	env := map[string]string{"AWS_PROFILE": "dev", "PATH": "/nonexistent"}
	for _, sh := range shells {
		init := sh.initFile(t)
		if got := sh.run(t, sh.source+" "+init+"\nawsso_prompt '[' '] '", env); got != "[dev] " {
			t.Errorf("%s: %q", sh.name, got)
		}
		if got := sh.run(t, sh.source+" "+init+"\nawsso_prompt '[' '] '", nil); got != "" {
			t.Errorf("%s without a profile: %q", sh.name, got)
		}
		if sh.name == "fish" {
			continue
		}
		script := sh.source + " " + init + "\nawsso_prompt -v seg '<' '>'; printf '%s|' \"$seg\"; unset AWS_PROFILE; seg=stale; awsso_prompt -v seg; printf '%s|' \"$seg\""
		if got := sh.run(t, script, env); got != "<dev>||" {
			t.Errorf("%s -v: %q", sh.name, got)
		}
	}
}

// TestPromptFunctionStartsNoProcess traces every process each shell starts (strace -f) while it
// runs awsso_prompt three times, and compares with the same shell that does not call it: the
// prompt function must add no fork, exec or clone of a process (not even a subshell).
func TestPromptFunctionStartsNoProcess(t *testing.T) {
	strace := testenv.LookPath(t, "strace")
	env := promptEnvs(time.Now())["use"]
	for _, sh := range shells {
		t.Run(sh.name, func(t *testing.T) {
			t.Parallel()
			path := testenv.LookPath(t, sh.name)
			init := sh.initFile(t)
			count := func(script string) int {
				trace := filepath.Join(t.TempDir(), "trace")
				sh := shell{name: strace, argv: append([]string{"-f", "-qq", "-e", "trace=execve,execveat,clone,clone3,fork,vfork", "-o", trace, path}, sh.argv...)}
				sh.run(t, script, with(env, "PATH", "/nonexistent"))
				b, err := os.ReadFile(trace)
				if err != nil {
					t.Fatal(err)
				}
				n := 0
				for _, line := range strings.Split(string(b), "\n") {
					// A clone with CLONE_THREAD is a thread of the shell (fish has a pool), not a process.
					if strings.Contains(line, "exec") || strings.Contains(line, "fork(") || strings.Contains(line, "clone") && !strings.Contains(line, "CLONE_THREAD") {
						n++
					}
				}
				return n
			}
			base := count(sh.source + " " + init + "\necho >/dev/null")
			with := count(sh.source + " " + init + "\nawsso_prompt >/dev/null; awsso_prompt >/dev/null; awsso_prompt >/dev/null")
			if base == 0 || with != base {
				t.Errorf("the shell alone made %d process calls, with awsso_prompt three times %d", base, with)
			}
		})
	}
}
