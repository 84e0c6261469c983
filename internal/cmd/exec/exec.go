// Package exec implements `awsso exec`: run a command with a profile's role credentials in its
// environment, so any tool that reads AWS_ACCESS_KEY_ID works without knowing about IAM
// Identity Center. awsso stays the parent: it forwards signals and returns the command's exit
// status.
package exec

import (
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	osexec "os/exec"
	"time"

	"github.com/spf13/cobra"

	"github.com/awsso/awsso/internal/awsconfig"
	"github.com/awsso/awsso/internal/cmdutil"
	"github.com/awsso/awsso/internal/creds"
	"github.com/awsso/awsso/internal/iostreams"
	"github.com/awsso/awsso/internal/resolver"
)

// NestedVar marks the environment of a command run by awsso exec with the profile's name, so a
// nested awsso exec can refuse and prompts can show the profile.
const NestedVar = "AWSSO_PROFILE"

// Exit codes of exec itself, as shells use them, when the command cannot start.
const (
	exitCannotRun = 126 // found but not executable
	exitNotFound  = 127 // not found
)

// ExecOptions are the inputs of exec.
type ExecOptions struct {
	IO *iostreams.IOStreams
	// Command is the command line to run: the program and its arguments.
	Command []string
	// AllowNested runs even inside another awsso exec.
	AllowNested bool
	// Server gives the command a credential server (AWS_CONTAINER_CREDENTIALS_FULL_URI)
	// instead of keys, so that it never holds expired credentials.
	Server bool

	LookupEnv func(string) (string, bool)
	// Environ is the environment the command starts from.
	Environ func() []string
	// MFACode is --mfa-code: the current code of the MFA device a chain asks for.
	MFACode string
	// Profile resolves the profile (--profile, AWS_PROFILE, default).
	Profile func() (*resolver.Profile, error)
	// Credentials returns the profile's credentials (cached while they last, else fetched).
	Credentials func(context.Context, *resolver.Profile, resolver.Fetch) (*creds.Credentials, error)
	// Config loads the config files (for --server).
	Config func() (*awsconfig.Config, error)
	// Debug receives decisions for --debug (never a secret).
	Debug io.Writer
	// HoldSignals, when set, makes SIGINT and SIGTERM the command's while it runs (awsso
	// forwards them) instead of stopping awsso.
	HoldSignals func() (release func())
}

// NewCmdExec returns the exec command; runF replaces the run function in tests.
func NewCmdExec(f *cmdutil.Factory, runF func(context.Context, *ExecOptions) error) *cobra.Command {
	opts := &ExecOptions{
		IO:          f.IOStreams,
		LookupEnv:   f.LookupEnv,
		Environ:     f.Environ,
		Profile:     f.Profile,
		Credentials: f.ProfileCredentials,
		HoldSignals: f.HoldSignals,
		Config:      f.Config,
	}
	cmd := &cobra.Command{
		Use:   "exec [--profile P] [--server] -- CMD [ARGS...]",
		Short: "Run a command with a profile's credentials in its environment",
		Long: `Run CMD with the profile's credentials in AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY,
AWS_SESSION_TOKEN and AWS_CREDENTIAL_EXPIRATION (the last two when the credentials have them),
the profile's region in AWS_REGION and
AWS_DEFAULT_REGION, and AWS_PROFILE and AWS_DEFAULT_PROFILE removed so SDKs do not resolve
the profile again. AWSSO_PROFILE names the profile, for prompts.

awsso waits for CMD, forwards the signals it receives (INT, TERM, HUP, QUIT, USR1, USR2,
WINCH, ALRM), and exits with CMD's exit status, or 128+N when a signal N killed it. A Ctrl-C
typed in the terminal reaches CMD once, from the terminal. 127 means CMD was not found, 126
that it could not run.

Credentials last as long as the role's session (often an hour): a long-running CMD outlives
them. With --server (alias --ecs-server), CMD gets no keys: awsso runs a credential server for
the profile on a free loopback port while CMD runs, and sets AWS_CONTAINER_CREDENTIALS_FULL_URI
and AWS_CONTAINER_AUTHORIZATION_TOKEN instead (and removes the variables the SDKs would read
first), so CMD and its children fetch fresh credentials for as long as CMD runs and the
session lasts. The SDKs use a default profile's own credentials before a server: when
[default] has any, --server is refused.

Running exec inside another awsso exec is refused unless --allow-nested.`,
		Example: `  awsso exec --profile dev -- aws s3 ls
  awsso exec --profile dev -- $SHELL        # a shell with the credentials
  awsso exec --profile dev --server -- terraform apply   # fresh credentials however long it runs`,
		Args: func(cmd *cobra.Command, args []string) error {
			if len(args) == 0 {
				return cmdutil.FlagErrorf("exec needs a command to run: awsso exec [--profile P] -- CMD [ARGS...]")
			}
			return nil
		},
		RunE: func(cmd *cobra.Command, args []string) error {
			opts.Command = args
			opts.Debug = f.DebugWriter()
			if runF != nil {
				return runF(cmd.Context(), opts)
			}
			return execRun(cmd.Context(), opts)
		},
	}
	// Flags after CMD are CMD's: awsso exec --profile dev aws s3 ls --recursive.
	cmd.Flags().SetInterspersed(false)
	cmd.Flags().BoolVar(&opts.AllowNested, "allow-nested", false, "run even inside another awsso exec")
	cmd.Flags().StringVar(&opts.MFACode, "mfa-code", "", "the current `CODE` of the MFA device (mfa_serial) when a role asks for one")
	cmd.Flags().BoolVar(&opts.Server, "server", false, "give CMD a credential server on loopback instead of keys, for commands that outlive the credentials")
	cmd.Flags().BoolVar(&opts.Server, "ecs-server", false, "the same as --server (aws-vault's name)")
	cmd.Flags().MarkHidden("ecs-server")
	return cmd
}

func execRun(ctx context.Context, opts *ExecOptions) error {
	if outer, ok := opts.LookupEnv(NestedVar); ok && outer != "" && !opts.AllowNested {
		return cmdutil.WithHint(fmt.Errorf("already inside awsso exec (with the credentials of profile %s)", outer), cmdutil.ExitError,
			"leave that shell first, or add --allow-nested to run with this profile's credentials inside it")
	}
	p, err := opts.Profile()
	if err != nil {
		return err
	}
	var env []string
	var with string // what the command gets, for --debug
	if opts.Server {
		var stop func()
		if env, with, stop, err = startServer(ctx, opts, p); err != nil {
			return err
		}
		defer stop()
	} else {
		c, err := opts.Credentials(ctx, p, resolver.Fetch{MFACode: opts.MFACode})
		if err != nil {
			return err
		}
		env = ChildEnv(opts.Environ(), c, p.Region, p.Name)
		until := "long-term keys"
		if !c.Expiration.IsZero() {
			until = "until " + c.Expiration.UTC().Format(time.RFC3339)
		}
		with = fmt.Sprintf("the credentials of %s (%s)", p, until)
	}
	path, err := lookPath(opts.Command[0], env)
	if err != nil {
		return notRunnable(opts.Command[0], err)
	}
	fmt.Fprintf(opts.Debug, "debug: exec %s with %s\n", path, with)
	cmd := osexec.Command(path, opts.Command[1:]...)
	cmd.Args[0] = opts.Command[0]
	cmd.Env = env
	cmd.Stdin, cmd.Stdout, cmd.Stderr = opts.IO.In, opts.IO.Out, opts.IO.ErrOut
	if opts.HoldSignals != nil {
		defer opts.HoldSignals()()
	}
	if err := ctx.Err(); err != nil { // interrupted before the command started
		return err
	}
	code, err := runForwarding(cmd)
	if err != nil {
		return notRunnable(opts.Command[0], err)
	}
	if code != 0 {
		return &cmdutil.SilentError{Code: code}
	}
	return nil
}

// notRunnable turns a failure to start the command into its shell exit code and a hint.
func notRunnable(name string, err error) error {
	if errors.Is(err, osexec.ErrNotFound) || errors.Is(err, fs.ErrNotExist) {
		return cmdutil.WithHint(fmt.Errorf("%s: command not found", name), exitNotFound,
			"check the name, or give the command's path; put -- before the command: awsso exec --profile P -- CMD")
	}
	return cmdutil.WithHint(fmt.Errorf("run %s: %w", name, err), exitCannotRun, "check that the file is a program you may execute")
}
