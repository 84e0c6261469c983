package exec

import (
	"context"
	"fmt"
	"time"

	"github.com/awsso/awsso/internal/awsconfig"
	"github.com/awsso/awsso/internal/cmdutil"
	"github.com/awsso/awsso/internal/credserver"
	"github.com/awsso/awsso/internal/resolver"
)

// startServer starts a credential server for profile p alone on a free loopback port and
// returns the command's environment, what it gets (for --debug) and a function that stops the
// server. The profile's credentials are fetched first: a sign-in to run is said before the
// command starts.
func startServer(ctx context.Context, opts *ExecOptions, p *resolver.Profile) (env []string, with string, stop func(), err error) {
	cfg, err := opts.Config()
	if err != nil {
		return nil, "", nil, err
	}
	if err := checkDefaultProfile(cfg, p.Name); err != nil {
		return nil, "", nil, err
	}
	errOut := opts.IO.ErrOut
	source := credserver.ProfileSource(p, opts.Credentials, resolver.Fetch{MFACode: opts.MFACode})
	srv := credserver.New(source, func(o *credserver.Options) {
		o.Profiles = []string{p.Name}
		o.Logf = func(format string, args ...any) { fmt.Fprintf(errOut, "awsso exec: "+format+"\n", args...) }
		o.Debugf = func(format string, args ...any) {
			fmt.Fprintf(opts.Debug, "debug: credential server: "+format+"\n", args...)
		}
	})
	if err := srv.Prefetch(ctx, p.Name); err != nil {
		srv.Close()
		return nil, "", nil, err
	}
	base, err := srv.Start("127.0.0.1:0")
	if err != nil {
		srv.Close()
		return nil, "", nil, fmt.Errorf("start the credential server: %w", err)
	}
	url := credserver.ProfileURL(base, p.Name)
	with = fmt.Sprintf("a credential server for %s at %s, token <redacted>", p, url)
	// The server outlives a Ctrl-C, which ends the command's context: the command may still
	// need credentials while it stops. It ends when the command has.
	stop = func() {
		shutdown, cancel := context.WithTimeout(context.Background(), 2*time.Second)
		defer cancel()
		srv.Shutdown(shutdown)
	}
	return ServerEnv(opts.Environ(), url, srv.Token(), p.Region, p.Name), with, stop, nil
}

// checkDefaultProfile refuses a default profile that has credentials of its own, unless it is
// the profile served: with AWS_PROFILE removed, the SDKs would use those before the server,
// and the command would act with another role than the user asked for.
func checkDefaultProfile(cfg *awsconfig.Config, profile string) error {
	key, at, ok := credserver.DefaultProfileFirst(cfg)
	if !ok || profile == "default" {
		return nil
	}
	return cmdutil.WithHint(fmt.Errorf("the default profile has credentials of its own (%s at %s), which the AWS SDKs use before a credential server", key, at),
		cmdutil.ExitError,
		"run without --server to give the command profile "+profile+"'s keys in its environment (they last until the role session ends)",
		"or move the default profile's credential settings into a named profile")
}
