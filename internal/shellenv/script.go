package shellenv

import (
	"fmt"
	"strings"

	"github.com/awsso/awsso/internal/shellquote"
)

// Dialect is a shell that evaluates the code of use and unuse.
type Dialect string

// The shells awsso writes code for.
const (
	Bash       Dialect = "bash"
	Zsh        Dialect = "zsh"
	Fish       Dialect = "fish"
	PowerShell Dialect = "powershell"
)

// Dialects lists them in the order help text shows them.
var Dialects = []Dialect{Bash, Zsh, Fish, PowerShell}

// ParseDialect checks a --shell value.
func ParseDialect(s string) (Dialect, error) {
	for _, d := range Dialects {
		if string(d) == s {
			return d, nil
		}
	}
	return "", fmt.Errorf("invalid --shell %q: use one of bash, zsh, fish or powershell", s)
}

// Change is one variable that use or unuse sets or removes.
type Change struct {
	Name  string
	Value string
	Unset bool
}

// Set is the change that gives name value.
func Set(name, value string) Change { return Change{Name: name, Value: value} }

// Unset is the change that removes name.
func Unset(name string) Change { return Change{Name: name, Unset: true} }

// Script writes changes as code for d, every value quoted so the shell takes it literally:
// the removals in one statement, then one statement a variable set. A value holding a NUL,
// which no environment variable can hold, is an error.
func Script(d Dialect, changes []Change) (string, error) {
	var unset []string
	var b strings.Builder
	for _, c := range changes {
		if !validName(c.Name) {
			return "", fmt.Errorf("invalid variable name %q", c.Name)
		}
		if strings.IndexByte(c.Value, 0) >= 0 {
			return "", fmt.Errorf("%s holds a NUL byte, which no environment variable can hold", c.Name)
		}
		if c.Unset {
			unset = append(unset, c.Name)
			continue
		}
		switch d {
		case Bash, Zsh:
			b.WriteString("export " + c.Name + "=" + shellquote.POSIX(c.Value) + "\n")
		case Fish:
			b.WriteString("set -gx " + c.Name + " " + shellquote.Fish(c.Value) + "\n")
		case PowerShell:
			b.WriteString("$Env:" + c.Name + " = " + shellquote.PowerShell(c.Value) + "\n")
		default:
			return "", fmt.Errorf("unknown shell %q", d)
		}
	}
	if len(unset) == 0 {
		return b.String(), nil
	}
	var u string
	switch d {
	case Bash, Zsh:
		u = "unset " + strings.Join(unset, " ")
	case Fish:
		u = "set -e -g " + strings.Join(unset, " ") // erases what is set, whatever the status says
	case PowerShell:
		u = "Remove-Item -ErrorAction SilentlyContinue -Path " + strings.Join(prefixed("Env:", unset), ", ")
	default:
		return "", fmt.Errorf("unknown shell %q", d)
	}
	return u + "\n" + b.String(), nil
}

func prefixed(prefix string, names []string) []string {
	out := make([]string, len(names))
	for i, n := range names {
		out[i] = prefix + n
	}
	return out
}

// validName reports whether name is an environment variable name every shell takes bare.
func validName(name string) bool {
	if name == "" || name[0] >= '0' && name[0] <= '9' {
		return false
	}
	for i := 0; i < len(name); i++ {
		c := name[i]
		if !(c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '_') {
			return false
		}
	}
	return true
}
