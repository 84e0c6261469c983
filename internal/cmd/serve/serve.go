// Package serve implements `awsso serve`: a local credential server that speaks the container
// credentials protocol of the AWS SDKs, so long-running commands and containers fetch fresh
// role credentials as they need them, without keys in their environment.
package serve

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"time"

	"github.com/spf13/cobra"

	"github.com/awsso/awsso/internal/awsconfig"
	"github.com/awsso/awsso/internal/cmdutil"
	"github.com/awsso/awsso/internal/credserver"
	"github.com/awsso/awsso/internal/iostreams"
	"github.com/awsso/awsso/internal/resolver"
	"github.com/awsso/awsso/internal/shellquote"
)

// ServeOptions are the inputs of serve.
type ServeOptions struct {
	IO    *iostreams.IOStreams
	Debug bool
	// Addr is the loopback address to listen on; BridgeAddr, when set, a container bridge
	// address to listen on too.
	Addr       string
	BridgeAddr string

	// Profile is the profile whose URL is printed (--profile, AWS_PROFILE, default).
	Profile func() string
	// Config loads the config files.
	Config func() (*awsconfig.Config, error)
	// Resolver gets the credentials of every kind of profile.
	Resolver func() (*resolver.Resolver, error)
	// MFACode is --mfa-code: the current code of the MFA device that the printed profile's
	// chain asks for, used by the first fetch.
	MFACode string
	// Started, when set, is called with the URL and token once the server listens (tests).
	Started func(url, token string)
}

// NewCmdServe returns the serve command; runF replaces the run function in tests.
func NewCmdServe(f *cmdutil.Factory, runF func(context.Context, *ServeOptions) error) *cobra.Command {
	opts := &ServeOptions{IO: f.IOStreams, Profile: f.ProfileName, Config: f.Config, Resolver: f.Resolver}
	cmd := &cobra.Command{
		Use:   "serve [--profile P] [--addr 127.0.0.1:0]",
		Short: "Serve credentials to SDKs and containers over the container credentials protocol",
		Long: `Serve the credentials of profiles on a loopback port over the container credentials protocol, which
botocore, boto3, the AWS CLI and the Go, Java and JavaScript SDKs speak, until interrupted
(Ctrl-C or SIGTERM).

Once it listens it prints, on stdout, export lines for AWS_CONTAINER_CREDENTIALS_FULL_URI (the
URL of the profile's credentials) and AWS_CONTAINER_AUTHORIZATION_TOKEN (a random token), and
closes stdout when that is not a terminal, so that a shell can evaluate them. A tool started
with these two variables, and no AWS_PROFILE or keys, gets its credentials from the server
and fetches fresh ones before they expire, for as long as the session lasts.

Every profile of the config is served at /profiles/NAME, with the same token; --profile
chooses the URL printed. Profiles of every kind are served: IAM Identity Center, role chains
(role_arn with source_profile or credential_source), web identity, credential_process and
static keys. Credentials come from the cache the AWS CLI v2 shares (~/.aws/cli/cache) while
they have more than five minutes left, else from where the profile gets them (the access
portal, STS), and stay in memory until five minutes before they expire (half their life
when they live less than ten minutes); however many clients ask at once, one call serves
them. A role that asks for an MFA code gets it from --mfa-code or the terminal when the
server starts; when its credentials expire, run serve again. Requests
without the token, from a web page, or to a host name other than localhost are refused.`,
		Example: `  eval "$(awsso serve --profile dev &)"      # start it in the background and export the variables
  aws s3 ls                                  # any tool in this shell, for as long as it runs

  # A container on this machine's network (Linux, or Docker Desktop with host networking on)
  docker run --rm --network host -e AWS_CONTAINER_CREDENTIALS_FULL_URI \
    -e AWS_CONTAINER_AUTHORIZATION_TOKEN -e AWS_REGION=eu-west-1 amazon/aws-cli sts get-caller-identity`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			opts.Debug = f.Debug
			if runF != nil {
				return runF(cmd.Context(), opts)
			}
			return serveRun(cmd.Context(), opts)
		},
	}
	fl := cmd.Flags()
	fl.StringVar(&opts.MFACode, "mfa-code", "", "the current `CODE` of the MFA device (mfa_serial) when the profile's role asks for one")
	fl.StringVar(&opts.Addr, "addr", "127.0.0.1:0", "loopback `ADDR` to listen on (port 0: a free port)")
	fl.StringVar(&opts.BridgeAddr, "bridge-addr", "",
		"also listen on `ADDR`, a container bridge address the SDKs accept over http (169.254.170.2:PORT, put on the host's docker0 first), "+
			"and print its URL. This exposes the server to every container on that bridge: any of them with the token gets the credentials of every profile")
	return cmd
}

func serveRun(ctx context.Context, opts *ServeOptions) error {
	if err := credserver.CheckLoopback(opts.Addr); err != nil {
		return cmdutil.WithHint(err, cmdutil.ExitError, "use --addr 127.0.0.1:PORT (port 0 picks a free one)",
			"for containers on a bridge network, add --bridge-addr 169.254.170.2:PORT (see awsso serve --help)")
	}
	if opts.BridgeAddr != "" {
		if err := credserver.CheckBridge(opts.BridgeAddr); err != nil {
			return cmdutil.WithHint(err, cmdutil.ExitError, bridgeHints...)
		}
	}
	cfg, err := opts.Config()
	if err != nil {
		return err
	}
	r, err := opts.Resolver()
	if err != nil {
		return err
	}
	profile := opts.Profile()
	srv := credserver.New(credserver.ResolverSource(r, resolver.Fetch{MFACode: opts.MFACode}), func(o *credserver.Options) {
		errOut := opts.IO.ErrOut
		o.Logf = func(format string, args ...any) { fmt.Fprintf(errOut, "awsso serve: "+format+"\n", args...) }
		if opts.Debug {
			o.Debugf = func(format string, args ...any) { fmt.Fprintf(errOut, "debug: serve: "+format+"\n", args...) }
		}
	})
	defer srv.Close()
	// The printed profile's credentials first: a sign-in to run is said now, not to the first
	// client, and that client is served from memory.
	if err := srv.Prefetch(ctx, profile); err != nil {
		return err
	}
	base, err := listen(srv, opts)
	if err != nil {
		return err
	}
	url := credserver.ProfileURL(base, profile)
	exports := "export AWS_CONTAINER_CREDENTIALS_FULL_URI=" + shellquote.POSIX(url) + "\n" +
		"export AWS_CONTAINER_AUTHORIZATION_TOKEN=" + shellquote.POSIX(srv.Token()) + "\n"
	if _, err := io.WriteString(opts.IO.Out, exports); err != nil {
		return fmt.Errorf("print the environment: %w", err)
	}
	// Closing a piped stdout ends a $(...) around the command, so `eval "$(awsso serve &)"`
	// returns while the server keeps running.
	if c, ok := opts.IO.Out.(io.Closer); ok && !opts.IO.IsStdoutTTY() {
		c.Close()
	}
	writeGuide(opts.IO.ErrOut, cfg, profile, base)
	if opts.Started != nil {
		opts.Started(url, srv.Token())
	}
	<-ctx.Done()
	shutdown, cancel := context.WithTimeout(context.Background(), shutdownWait)
	defer cancel()
	if err := srv.Shutdown(shutdown); err != nil && !errors.Is(err, context.DeadlineExceeded) {
		return fmt.Errorf("stop the server: %w", err)
	}
	fmt.Fprintln(opts.IO.ErrOut, "awsso serve: stopped")
	return nil
}

// shutdownWait bounds the wait for requests in flight at shutdown; the deferred Close ends the
// rest. A request is served in milliseconds, but net/http counts a connection a client opened
// and never used (an SDK's pool dials ahead under load) as busy for five seconds, and the
// process gives a stopping command two seconds before it exits with the signal's code.
const shutdownWait = time.Second

var bridgeHints = []string{
	"the AWS SDKs accept plain http only from loopback and 169.254.170.2, 169.254.170.23 or [fd00:ec2::23]",
	"on Linux, put one on the bridge first: sudo ip addr add 169.254.170.2/32 dev docker0; then --bridge-addr 169.254.170.2:PORT",
}

// listen starts the server on --addr and, when given, --bridge-addr, and returns the base URL
// to print: the bridge's, which the host reaches too, when there is one.
func listen(srv *credserver.Server, opts *ServeOptions) (string, error) {
	url, err := srv.Start(opts.Addr)
	if err != nil {
		return "", cmdutil.WithHint(err, cmdutil.ExitError, "use --addr 127.0.0.1:PORT with a free port, or 127.0.0.1:0 for any")
	}
	if opts.BridgeAddr == "" {
		return url, nil
	}
	url, err = srv.Start(opts.BridgeAddr)
	if err != nil {
		return "", cmdutil.WithHint(err, cmdutil.ExitError, bridgeHints[1:]...)
	}
	return url, nil
}

// writeGuide tells a person, on stderr, what is served and how to use and stop it.
func writeGuide(w io.Writer, cfg *awsconfig.Config, profile, base string) {
	fmt.Fprintf(w, "awsso serve: the credentials of profile %s at %s\n", profile, credserver.ProfileURL(base, profile))
	fmt.Fprintf(w, "  every profile of the config at %s/profiles/NAME, with the same token\n", base)
	fmt.Fprintf(w, "  tools use it when AWS_PROFILE and AWS_ACCESS_KEY_ID are unset; containers with:\n")
	fmt.Fprintf(w, "  docker run --network host -e AWS_CONTAINER_CREDENTIALS_FULL_URI -e AWS_CONTAINER_AUTHORIZATION_TOKEN ...\n")
	if key, at, ok := credserver.DefaultProfileFirst(cfg); ok && profile != "default" {
		fmt.Fprintf(w, "note: the default profile has credentials of its own (%s at %s), which SDKs reading this config use before the server\n", key, at)
	}
	fmt.Fprintf(w, "Stop it with Ctrl-C, or: kill %d\n", os.Getpid())
}
