package cmdutil

import (
	"io"
	"os"
	"time"

	"github.com/awsso/awsso/internal/awsconfig"
	"github.com/awsso/awsso/internal/browser"
	"github.com/awsso/awsso/internal/iostreams"
)

// Factory carries what commands need from the process: streams, environment, clock, and the
// values of the global flags. Tests build one with fake parts; nothing here reaches for
// globals.
type Factory struct {
	IOStreams *iostreams.IOStreams
	// LookupEnv reads an environment variable (os.LookupEnv in the binary).
	LookupEnv func(string) (string, bool)
	// Now is the clock.
	Now func() time.Time
	// Version is the build's version string.
	Version string

	// Browser opens URLs (the system browser in the binary, a stub in tests).
	Browser browser.Opener

	// Global flag values, bound by the root command.
	ProfileFlag string
	OutputFlag  string
	Debug       bool

	config    *awsconfig.Config
	configErr error
}

// NewFactory returns a Factory for the real process.
func NewFactory(ios *iostreams.IOStreams, version string) *Factory {
	return &Factory{IOStreams: ios, LookupEnv: os.LookupEnv, Now: time.Now, Version: version, Browser: browser.New(os.LookupEnv)}
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
	for _, v := range []string{f.OutputFlag, f.Getenv("AWS_DEFAULT_OUTPUT"), profileOutput} {
		if v != "" {
			return ParseFormat(v)
		}
	}
	if f.IOStreams.IsStdoutTTY() {
		return FormatTable, nil
	}
	return FormatText, nil
}

// DebugWriter is where --debug traces go: stderr when --debug is set, io.Discard otherwise.
// Whatever is written there must already be redacted.
func (f *Factory) DebugWriter() io.Writer {
	if f.Debug {
		return f.IOStreams.ErrOut
	}
	return io.Discard
}
