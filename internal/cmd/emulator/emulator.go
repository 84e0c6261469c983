// Package emulator implements `awsso emulator`: a local IAM Identity Center on a loopback
// port, for tests, demos and trying tools offline.
package emulator

import (
	"context"
	"errors"
	"fmt"
	"io"
	"path/filepath"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"github.com/awsso/awsso/internal/cmdutil"
	emu "github.com/awsso/awsso/internal/emulator"
	"github.com/awsso/awsso/internal/iostreams"
	"github.com/awsso/awsso/internal/shellquote"
)

// EmulatorOptions are the inputs of `awsso emulator`.
type EmulatorOptions struct {
	IO    *iostreams.IOStreams
	Debug bool

	Addr           string
	OrgFile        string
	Accounts       int
	Region         string
	AutoApprove    bool
	TokenTTL       time.Duration
	SessionTTL     time.Duration
	CredentialsTTL time.Duration
	Latency        time.Duration
	ErrorRate      float64
	Throttle       float64
	AWSDataPath    string
	accountsGiven  bool // --accounts was on the command line (0 is then refused)

	// Started, when set, is called with the server once it listens (tests use it).
	Started func(*emu.Server)
}

// NewCmdEmulator returns the emulator command. runF replaces emulatorRun in tests.
func NewCmdEmulator(f *cmdutil.Factory, runF func(context.Context, *EmulatorOptions) error) *cobra.Command {
	opts := &EmulatorOptions{IO: f.IOStreams}
	cmd := &cobra.Command{
		Use:   "emulator [flags]",
		Short: "Run a local IAM Identity Center for tests, demos and offline use",
		Long: `Run a local IAM Identity Center (SSO OIDC, the access portal, console federation, and
STS GetCallerIdentity, AssumeRole and AssumeRoleWithWebIdentity for role chains) on one
loopback port, until interrupted.

Once it listens, it prints shell export lines on stdout (the endpoint variables for
awsso, boto3 and the AWS CLI, the start URL and region, and AWS_CONFIG_FILE) and closes
stdout when that is not a terminal, so a shell can evaluate them; the sign-in user,
password and a ready ~/.aws/config snippet go to stderr.

AWS_CONFIG_FILE names a config file of the emulator's own, in a private temporary folder
removed when it stops, with [sso-session emulator] and [profile emulator]: in a shell with
the export lines, awsso login --profile emulator works at once, and your ~/.aws/config is
neither read nor changed. The AWS CLI v2 before 2.13 (Debian's 2.9.19 among them) ignores
the AWS_ENDPOINT_URL_* variables: give it --aws-data-path.`,
		Example: `  # Start it in the background and point this shell at it
  eval "$(awsso emulator --auto-approve &)"
  awsso login --profile emulator

  # A large organisation, with slow, flaky, throttled APIs
  awsso emulator --accounts 500 --latency 200ms --error-rate 0.1 --throttle 5

  # Debian's AWS CLI v2 2.9.19 predates AWS_ENDPOINT_URL_*: give it endpoint rule files
  awsso emulator --auto-approve --aws-data-path ~/.cache/awsso-emulator`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			opts.Debug = f.Debug
			opts.accountsGiven = cmd.Flags().Changed("accounts")
			if opts.AWSDataPath != "" {
				// The printed AWS_DATA_PATH must work from any folder.
				abs, err := filepath.Abs(opts.AWSDataPath)
				if err != nil {
					return err
				}
				opts.AWSDataPath = abs
			}
			if err := opts.validate(); err != nil {
				return err
			}
			if runF != nil {
				return runF(cmd.Context(), opts)
			}
			return emulatorRun(cmd.Context(), opts)
		},
	}
	fl := cmd.Flags()
	fl.StringVar(&opts.Addr, "addr", "127.0.0.1:0", "loopback `ADDR` to listen on (port 0: a free port)")
	fl.StringVar(&opts.OrgFile, "org", "", "organisation `FILE`, YAML or JSON (users, accounts, permission sets, assignments; roles, IAM users, MFA devices, OIDC providers for STS)")
	fl.IntVar(&opts.Accounts, "accounts", 0, "generate an organisation with `N` accounts of 2-3 roles each")
	fl.StringVar(&opts.Region, "region", "", "Identity Center `REGION` (default: the organisation's, else us-east-1)")
	fl.BoolVar(&opts.AutoApprove, "auto-approve", false, "approve every sign-in for the default user at once (for scripts)")
	fl.DurationVar(&opts.TokenTTL, "token-ttl", time.Hour, "access token lifetime (a legacy sign-in, registered without scopes, gets no refresh token and lasts --session-ttl, as at AWS)")
	fl.DurationVar(&opts.SessionTTL, "session-ttl", 8*time.Hour, "sign-in session (refresh token) lifetime")
	fl.DurationVar(&opts.CredentialsTTL, "credentials-ttl", time.Hour, "role credentials lifetime")
	fl.DurationVar(&opts.Latency, "latency", 0, "delay added to every API call")
	fl.Float64Var(&opts.ErrorRate, "error-rate", 0, "`FRACTION` of API calls, 0 to 1, that fail with a retryable 500")
	fl.Float64Var(&opts.Throttle, "throttle", 0, "portal requests per second (`RPS`) beyond which calls get 429 TooManyRequestsException (0: no limit)")
	fl.StringVar(&opts.AWSDataPath, "aws-data-path", "", "write endpoint rule files for the AWS CLI v2 into `DIR` and print AWS_DATA_PATH")
	cmd.MarkFlagsMutuallyExclusive("org", "accounts")
	return cmd
}

func (o *EmulatorOptions) validate() error {
	switch {
	case o.Accounts < 0 || o.Accounts > 100000 || o.accountsGiven && o.Accounts == 0:
		return cmdutil.FlagErrorf("--accounts must be between 1 and 100000")
	case o.Region != "" && !emu.ValidRegion(o.Region):
		return cmdutil.FlagErrorf("invalid --region %q: use a region name such as us-east-1", o.Region)
	case o.ErrorRate < 0 || o.ErrorRate > 1:
		return cmdutil.FlagErrorf("--error-rate must be between 0 and 1, e.g. 0.1 for one call in ten")
	case o.Throttle < 0:
		return cmdutil.FlagErrorf("--throttle must be a number of requests per second, or 0 for no limit")
	case o.TokenTTL <= 0 || o.SessionTTL <= 0 || o.CredentialsTTL <= 0:
		return cmdutil.FlagErrorf("--token-ttl, --session-ttl and --credentials-ttl must be positive durations such as 15m")
	case o.Latency < 0:
		return cmdutil.FlagErrorf("--latency must not be negative")
	}
	return nil
}

// serverOptions turns the flags into emulator options, loading the organisation.
func (o *EmulatorOptions) serverOptions() (emu.Options, error) {
	so := emu.Options{
		Region: o.Region, AutoApprove: o.AutoApprove,
		AccessTokenTTL: o.TokenTTL, SessionTTL: o.SessionTTL, CredentialsTTL: o.CredentialsTTL,
		Latency: o.Latency, ErrorRate: o.ErrorRate, Throttle: o.Throttle,
	}
	switch {
	case o.OrgFile != "":
		org, err := emu.LoadOrg(o.OrgFile)
		if err != nil {
			return so, cmdutil.WithHint(err, cmdutil.ExitError, "check the file given to --org; its format is in the README, under awsso emulator")
		}
		so.Org = org
	case o.Accounts > 0:
		so.Org = emu.GenerateOrg(o.Accounts)
	}
	if o.Debug {
		errOut := o.IO.ErrOut
		so.Logf = func(format string, args ...any) { fmt.Fprintf(errOut, "emulator: "+format+"\n", args...) }
	}
	return so, nil
}

func emulatorRun(ctx context.Context, opts *EmulatorOptions) error {
	so, err := opts.serverOptions()
	if err != nil {
		return err
	}
	srv := emu.New(so)
	url, err := srv.Start(opts.Addr)
	if err != nil {
		return cmdutil.WithHint(err, cmdutil.ExitError, "use --addr 127.0.0.1:PORT with a free port, or 127.0.0.1:0 for any")
	}
	if opts.AWSDataPath != "" {
		if err := emu.WriteDataPath(opts.AWSDataPath, url); err != nil {
			srv.Close()
			return cmdutil.WithHint(err, cmdutil.ExitError, "choose a folder you can write with --aws-data-path")
		}
	}
	config, err := writeConfig(ctx, srv)
	if err != nil {
		srv.Close()
		return cmdutil.WithHint(err, cmdutil.ExitError, "check that TMPDIR (or /tmp) is a folder you can write")
	}
	defer config.remove()
	if _, err := io.WriteString(opts.IO.Out, exportLines(srv, url, config.path, opts.AWSDataPath)); err != nil {
		srv.Close()
		return fmt.Errorf("print the environment: %w", err)
	}
	writeGuide(opts.IO.ErrOut, srv, url, so.AutoApprove, config.path, opts.AWSDataPath)
	// Closing a piped stdout ends a $(...) around the command, so `eval "$(awsso emulator &)"`
	// returns while the emulator keeps running.
	if c, ok := opts.IO.Out.(io.Closer); ok && !opts.IO.IsStdoutTTY() {
		c.Close()
	}
	if opts.Started != nil {
		opts.Started(srv)
	}
	<-ctx.Done()
	shutdown, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	if err := srv.Shutdown(shutdown); err != nil && !errors.Is(err, context.DeadlineExceeded) {
		return fmt.Errorf("stop the emulator: %w", err)
	}
	fmt.Fprintln(opts.IO.ErrOut, "awsso emulator: stopped")
	return nil
}

// exportLines are the stdout lines: the endpoints (AWS_ENDPOINT_URL_SIGNIN for awsso console),
// the emulator's own facts, its config file, and the region line last, once everything
// listens. Every value is quoted for the shell where it needs it, since users eval these lines.
func exportLines(srv *emu.Server, url, configFile, dataPath string) string {
	var b strings.Builder
	export := func(name, value string) { b.WriteString("export " + name + "=" + shellquote.POSIX(value) + "\n") }
	for _, name := range []string{"AWS_ENDPOINT_URL_SSO", "AWS_ENDPOINT_URL_SSO_OIDC", "AWS_ENDPOINT_URL_STS", "AWS_ENDPOINT_URL_SIGNIN", "AWSSO_EMULATOR_URL"} {
		export(name, url)
	}
	export("AWSSO_EMULATOR_START_URL", srv.StartURL())
	export("AWS_CONFIG_FILE", configFile)
	if dataPath != "" {
		export("AWS_DATA_PATH", dataPath)
	}
	export("AWSSO_EMULATOR_REGION", srv.Region())
	return b.String()
}
