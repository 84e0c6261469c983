package cmdutil

import (
	"fmt"
	"io"
	"maps"
	"os"
	"slices"
	"sync"
	"time"

	"github.com/awsso/awsso/internal/awsconfig"
	"github.com/awsso/awsso/internal/browser"
	"github.com/awsso/awsso/internal/iostreams"
	"github.com/awsso/awsso/internal/resolver"
)

// Factory carries what commands need from the process: streams, environment, clock, and the
// values of the global flags. Tests build one with fake parts; nothing here reaches for
// globals.
type Factory struct {
	IOStreams *iostreams.IOStreams
	// LookupEnv reads an environment variable (os.LookupEnv in the binary).
	LookupEnv func(string) (string, bool)
	// Environ is the whole environment, "KEY=value" each, that child processes start from
	// (os.Environ in the binary). It must agree with LookupEnv.
	Environ func() []string
	// Setenv sets a variable for the child processes this one starts, such as the browser
	// (os.Setenv in the binary; tests record it instead).
	Setenv func(key, value string) error
	// Now is the clock.
	Now func() time.Time
	// Version is the build's version string.
	Version string

	// Browser opens URLs (the system browser in the binary, a stub in tests).
	Browser browser.Opener
	// HoldSignals tells the process's handling of SIGINT and SIGTERM that the command now
	// forwards them to a child process it waits for: until release is called, a signal
	// neither cancels the command nor stops the process. Nil when nothing handles signals.
	HoldSignals func() (release func())

	// Global flag values, bound by the root command.
	ProfileFlag string
	OutputFlag  string
	Debug       bool

	config    *awsconfig.Config
	configErr error
	resolver  *resolver.Resolver

	retryMu   sync.Mutex // guards retryLast
	retryLast time.Time  // when a retry was last shown on the terminal
}

// NewFactory returns a Factory for the real process.
func NewFactory(ios *iostreams.IOStreams, version string) *Factory {
	return &Factory{IOStreams: ios, LookupEnv: os.LookupEnv, Environ: os.Environ, Setenv: os.Setenv, Now: time.Now, Version: version,
		Browser: browser.New(os.LookupEnv)}
}

// Getenv returns the value of an environment variable, or "".
func (f *Factory) Getenv(key string) string {
	v, _ := f.LookupEnv(key)
	return v
}

// ProfileName is the profile a command acts on: --profile, else AWS_PROFILE, else
// AWS_DEFAULT_PROFILE, else "default", the order the AWS CLI uses.
func (f *Factory) ProfileName() string {
	if f.ProfileFlag != "" {
		return f.ProfileFlag
	}
	return f.envProfile()
}

// envProfile is the profile the environment names: AWS_PROFILE, else AWS_DEFAULT_PROFILE, else
// "default".
func (f *Factory) envProfile() string {
	for _, key := range []string{"AWS_PROFILE", "AWS_DEFAULT_PROFILE"} {
		if v := f.Getenv(key); v != "" {
			return v
		}
	}
	return "default"
}

// ProfileExplicit reports whether the user named a profile (flag or environment) rather than
// falling back to "default".
func (f *Factory) ProfileExplicit() bool {
	return f.ProfileFlag != "" || f.Getenv("AWS_PROFILE") != "" || f.Getenv("AWS_DEFAULT_PROFILE") != ""
}

// OutputFormat is the --output format: the flag, else AWS_DEFAULT_OUTPUT, else the profile's
// own output key (profileOutput, "" when none), else table on a terminal and text otherwise.
// A profile's "json" is honoured; the AWS CLI's other names map as ParseFormat says.
func (f *Factory) OutputFormat(profileOutput string) (Format, error) {
	if f.OutputFlag != "" {
		return ParseFormat(f.OutputFlag)
	}
	if v := f.Getenv("AWS_DEFAULT_OUTPUT"); v != "" {
		format, ok := formatOf(v)
		if !ok {
			return "", WithHint(fmt.Errorf("invalid AWS_DEFAULT_OUTPUT %q", v), ExitError, "set it to json, table, text or yaml, or unset it")
		}
		return format, nil
	}
	if profileOutput != "" {
		format, ok := formatOf(profileOutput)
		if !ok {
			return "", f.invalidProfileOutput(profileOutput)
		}
		return format, nil
	}
	if f.IOStreams.IsStdoutTTY() {
		return FormatTable, nil
	}
	return FormatText, nil
}

// invalidProfileOutput explains a profile's output value that no format has, naming the line
// that sets it.
func (f *Factory) invalidProfileOutput(value string) error {
	at := "the profile " + f.ProfileName()
	if cfg, err := f.Config(); err == nil {
		if p, ok := cfg.Profile(f.ProfileName()); ok {
			if prop := p.Lookup("output"); prop != nil {
				at = fmt.Sprintf("%s:%d", cfg.Paths().Display(prop.File), prop.Line)
			}
		}
	}
	return WithHint(fmt.Errorf("output %q at %s cannot be used: it is not an output format", value, at), ExitError,
		"set output at "+at+" to json, table, text or yaml, or pass --output")
}

// DebugWriter is where --debug traces go: stderr when --debug is set, io.Discard otherwise.
// Whatever is written there must already be redacted.
func (f *Factory) DebugWriter() io.Writer {
	if f.Debug {
		return f.IOStreams.ErrOut
	}
	return io.Discard
}

// IsolateEnv makes vars the whole environment f sees: LookupEnv reads them, Environ lists them
// and Setenv changes them, while the process's own environment is neither read nor changed.
// Tests and `awsso demo` use it to run commands against a home and endpoints of their own.
func (f *Factory) IsolateEnv(vars map[string]string) {
	env := &isolatedEnv{vars: maps.Clone(vars)}
	if env.vars == nil {
		env.vars = map[string]string{}
	}
	f.LookupEnv, f.Environ, f.Setenv = env.lookup, env.environ, env.set
}

type isolatedEnv struct {
	mu   sync.Mutex
	vars map[string]string
}

func (e *isolatedEnv) lookup(key string) (string, bool) {
	e.mu.Lock()
	defer e.mu.Unlock()
	v, ok := e.vars[key]
	return v, ok
}

func (e *isolatedEnv) environ() []string {
	e.mu.Lock()
	defer e.mu.Unlock()
	out := make([]string, 0, len(e.vars))
	for _, k := range slices.Sorted(maps.Keys(e.vars)) {
		out = append(out, k+"="+e.vars[k])
	}
	return out
}

func (e *isolatedEnv) set(key, value string) error {
	e.mu.Lock()
	defer e.mu.Unlock()
	e.vars[key] = value
	return nil
}
