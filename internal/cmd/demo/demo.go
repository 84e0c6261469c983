// Package demo implements `awsso demo`: a tour of awsso that needs nothing but the binary. It
// starts the IAM Identity Center emulator in-process, makes a temporary home, and runs the real
// commands against them (configure, login, accounts, whoami, export-credentials, exec), printing
// each command line and its output. Nothing outside the temporary home is read or written.
package demo

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"time"

	"github.com/spf13/cobra"

	"github.com/awsso/awsso/internal/cmdutil"
	"github.com/awsso/awsso/internal/emulator"
	"github.com/awsso/awsso/internal/iostreams"
)

// Runner runs one awsso command line in-process with f and returns its exit status; it is
// app.Run, handed down because a command package cannot import the command tree.
type Runner func(ctx context.Context, f *cmdutil.Factory, args []string) int

// DemoOptions are the inputs of the demo.
type DemoOptions struct {
	IO      *iostreams.IOStreams
	Version string
	// Run runs a command line in-process.
	Run Runner
	// Self is the awsso binary, the command the exec step runs; "" skips that step.
	Self string
	// Keep keeps the temporary home (and prints where it is) instead of deleting it.
	Keep bool
	Now  func() time.Time
}

// NewCmdDemo returns the demo command; runF replaces Run in tests.
func NewCmdDemo(f *cmdutil.Factory, run Runner, runF func(context.Context, *DemoOptions) error) *cobra.Command {
	opts := &DemoOptions{IO: f.IOStreams, Version: f.Version, Run: run, Now: f.Now}
	cmd := &cobra.Command{
		Use:   "demo",
		Short: "Try awsso against a local IAM Identity Center, with nothing to set up",
		Long: `Start the IAM Identity Center emulator on a free loopback port, make a temporary home
folder, and run awsso's real commands against them, showing each command and its output:
configure a profile, log in (the emulator approves at once), list the accounts, ask STS who
you are, export the credentials and run a command with them.

Your own ~/.aws and environment are never read or written: every path and endpoint the
commands use is set explicitly. The home is deleted at the end unless --keep.`,
		Example: `  awsso demo
  go run github.com/awsso/awsso/cmd/awsso@latest demo`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			if self, err := os.Executable(); err == nil {
				opts.Self = self
			}
			if runF != nil {
				return runF(cmd.Context(), opts)
			}
			return Run(cmd.Context(), opts)
		},
	}
	cmd.Flags().BoolVar(&opts.Keep, "keep", false, "keep the temporary home folder and say where it is")
	return cmd
}

// Run runs the tour.
func Run(ctx context.Context, opts *DemoOptions) error {
	start := opts.Now()
	srv := emulator.New(emulator.Options{AutoApprove: true})
	url, err := srv.Start("127.0.0.1:0")
	if err != nil {
		return cmdutil.WithHint(fmt.Errorf("start the emulator: %w", err), cmdutil.ExitError, "awsso demo needs a free port on 127.0.0.1")
	}
	defer srv.Close()
	home, err := os.MkdirTemp("", "awsso-demo-")
	if err != nil {
		return fmt.Errorf("make a temporary home: %w", err)
	}
	if opts.Keep {
		defer fmt.Fprintf(opts.IO.ErrOut, "The demo's home is kept in %s (HOME=%s awsso ... uses it).\n", home, home)
	} else {
		defer os.RemoveAll(home)
	}
	t := newTour(opts, srv, url, home)
	t.intro()
	for _, step := range t.steps() {
		if err := step(ctx); err != nil {
			return err
		}
	}
	t.outro(opts.Now().Sub(start))
	return nil
}

// vars is the whole environment of the demo's commands: the temporary home, its files, and
// every AWS endpoint at the emulator. PATH lets exec find programs; nothing else comes from
// this process's environment.
func vars(home, url string) map[string]string {
	aws := filepath.Join(home, ".aws")
	return map[string]string{
		"HOME":                        home,
		"USERPROFILE":                 home,
		"AWS_CONFIG_FILE":             filepath.Join(aws, "config"),
		"AWS_SHARED_CREDENTIALS_FILE": filepath.Join(aws, "credentials"),
		"AWS_ENDPOINT_URL":            url,
		"PATH":                        os.Getenv("PATH"),
	}
}
