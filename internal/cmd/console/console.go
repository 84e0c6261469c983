// Package console implements `awsso console`: sign in to the AWS Management Console with a
// profile's role credentials, through the federation endpoint of the profile's partition.
package console

import (
	"context"
	"errors"
	"fmt"
	"net/url"
	"strings"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/spf13/cobra"

	"github.com/awsso/awsso/internal/awsclient"
	"github.com/awsso/awsso/internal/browser"
	"github.com/awsso/awsso/internal/cmdutil"
	"github.com/awsso/awsso/internal/creds"
	"github.com/awsso/awsso/internal/iostreams"
	"github.com/awsso/awsso/internal/resolver"
	"github.com/awsso/awsso/internal/signin"
)

// ConsoleOptions are the inputs of console.
type ConsoleOptions struct {
	IO *iostreams.IOStreams
	// Print prints the sign-in URL on stdout instead of opening a browser.
	Print bool
	// Destination is the console page to land on (default: the console home of the region).
	Destination string

	Browser browser.Opener
	// MFACode is --mfa-code: the current code of the MFA device a chain asks for.
	MFACode string
	// Profile resolves the profile (--profile, AWS_PROFILE, default).
	Profile func() (*resolver.Profile, error)
	// Credentials returns the profile's credentials (cached while they last, else fetched).
	Credentials func(context.Context, *resolver.Profile, resolver.Fetch) (*creds.Credentials, error)
	// ClientConfig gives the HTTP client and any endpoint override for a service, with the
	// profile's client settings.
	ClientConfig func(p *resolver.Profile, service, region string) (aws.Config, error)
	// HandOffWait bounds the wait for the browser to load the sign-in page
	// (DefaultHandOffWait when zero).
	HandOffWait time.Duration
}

// NewCmdConsole returns the console command; runF replaces the run function in tests.
func NewCmdConsole(f *cmdutil.Factory, runF func(context.Context, *ConsoleOptions) error) *cobra.Command {
	opts := &ConsoleOptions{IO: f.IOStreams, Browser: f.Browser, Profile: f.Profile, Credentials: f.ProfileCredentials,
		ClientConfig: func(p *resolver.Profile, service, region string) (aws.Config, error) {
			r, err := f.Resolver()
			if err != nil {
				return aws.Config{}, err
			}
			return r.ClientConfig(p, service, region)
		}}
	cmd := &cobra.Command{
		Use:   "console [--profile P] [--print] [--destination URL]",
		Short: "Open the AWS console signed in with a profile's role",
		Long: `Open the AWS Management Console in your browser, signed in with the profile's temporary
credentials (an IAM Identity Center role, an assumed role; not long-term keys): awsso trades
them for a sign-in token at the federation endpoint of the profile's partition (aws, aws-cn,
aws-us-gov) and opens the console of the profile's region.

The sign-in URL never goes on the browser's command line, where other users of the machine
could read it: the browser gets a page readable by you alone that sends it on, through a
one-time address on 127.0.0.1, and the page is deleted once the browser has loaded it.

--print prints the sign-in URL on stdout instead. That URL signs whoever opens it in as the
role: paste it only into your own browser.

The federation endpoint can be overridden, as the SDKs' endpoints are, with
AWS_ENDPOINT_URL_SIGNIN (then AWS_ENDPOINT_URL or the profile's endpoint_url); a base URL
gets /federation appended. The emulator serves it, so awsso console works offline too.`,
		Example: `  awsso console --profile dev
  awsso console --profile dev --destination https://console.aws.amazon.com/s3/home
  awsso console --profile dev --print | pbcopy`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			if runF != nil {
				return runF(cmd.Context(), opts)
			}
			return consoleRun(cmd.Context(), opts)
		},
	}
	cmd.Flags().BoolVar(&opts.Print, "print", false, "print the sign-in URL on stdout instead of opening a browser")
	cmd.Flags().StringVar(&opts.Destination, "destination", "", "console `URL` to land on (default: the console home of the profile's region)")
	cmd.Flags().StringVar(&opts.MFACode, "mfa-code", "", "the current `CODE` of the MFA device (mfa_serial) when a role asks for one")
	return cmd
}

func consoleRun(ctx context.Context, opts *ConsoleOptions) error {
	if opts.Destination != "" {
		if u, err := url.Parse(opts.Destination); err != nil || u.Scheme != "https" || u.Host == "" {
			return cmdutil.FlagErrorf("--destination must be an https URL of the console, such as https://console.aws.amazon.com/s3/home")
		}
	}
	p, err := opts.Profile()
	if err != nil {
		return err
	}
	c, err := opts.Credentials(ctx, p, resolver.Fetch{MFACode: opts.MFACode})
	if err != nil {
		return err
	}
	if c.SessionToken == "" {
		return &LongTermKeysError{Profile: p.Name}
	}
	region := p.Region
	if root := p.Root(); region == "" && root.SSO != nil {
		region = root.SSO.Region
	}
	if region == "" {
		region = "us-east-1"
	}
	partition := signin.PartitionOf(region)
	cfg, err := opts.ClientConfig(p, awsclient.ServiceSignIn, region)
	if err != nil {
		return err
	}
	federation := partition.Federation
	if cfg.BaseEndpoint != nil {
		federation = FederationURL(*cfg.BaseEndpoint)
	}
	destination := opts.Destination
	if destination == "" {
		destination = partition.Console
	}
	link, err := signin.URL(ctx, cfg.HTTPClient, signin.Request{Federation: federation, Destination: destination, Issuer: "awsso",
		Credentials: signin.Credentials{AccessKeyID: c.AccessKeyID, SecretAccessKey: c.SecretAccessKey, SessionToken: c.SessionToken}})
	if err != nil {
		return cmdutil.WithHint(err, cmdutil.ExitRemote, "check the network, or AWS_ENDPOINT_URL_SIGNIN if you set it")
	}
	who := identity(p, c)
	if opts.Print {
		fmt.Fprintf(opts.IO.ErrOut, "warning: this URL signs whoever opens it in to the AWS console as %s: open it only in your own browser, and share it with no one\n", who)
		_, err := fmt.Fprintln(opts.IO.Out, link)
		return err
	}
	fmt.Fprintf(opts.IO.ErrOut, "Opening the AWS console as %s in your browser (Ctrl-C to cancel)...\n", who)
	return openBrowser(ctx, opts, link)
}

// openBrowser hands link to the browser through a private page and says what to do when that
// cannot work.
func openBrowser(ctx context.Context, opts *ConsoleOptions, link string) error {
	wait := opts.HandOffWait
	if wait <= 0 {
		wait = DefaultHandOffWait
	}
	err := handOff(ctx, opts.Browser.Open, link, wait)
	hint := "run awsso console --print to get the URL, and open it in your own browser (it is a secret)"
	switch {
	case err == nil || errors.Is(err, context.Canceled):
		return err
	case errors.Is(err, browser.ErrNoBrowser):
		return cmdutil.WithHint(errors.New("no browser can be opened here"), cmdutil.ExitError, hint)
	case errors.Is(err, errNotLoaded):
		return cmdutil.WithHint(fmt.Errorf("%w within %s", err, wait), cmdutil.ExitError,
			"a browser confined to its own files (a snap or flatpak) cannot read the page: "+hint)
	}
	return cmdutil.WithHint(fmt.Errorf("open the browser: %w", err), cmdutil.ExitError, hint)
}

// identity names whom the console signs in as: the role and account of the profile.
func identity(p *resolver.Profile, c *creds.Credentials) string {
	switch {
	case p.SSO != nil:
		return fmt.Sprintf("%s in account %s", p.SSO.RoleName, p.SSO.AccountID)
	case p.Role != nil:
		name := p.Role.ARN[strings.LastIndexByte(p.Role.ARN, '/')+1:]
		return fmt.Sprintf("%s in account %s", name, c.AccountID)
	}
	return "profile " + p.Name
}

// LongTermKeysError is a profile whose credentials are long-term keys, which the federation
// endpoint refuses: it signs in only with temporary credentials.
type LongTermKeysError struct{ Profile string }

func (e *LongTermKeysError) Error() string {
	return fmt.Sprintf("profile %s has long-term keys (no session token), and the console signs in only with temporary credentials", e.Profile)
}

// ExitCode is 1: another profile is needed.
func (e *LongTermKeysError) ExitCode() int { return cmdutil.ExitError }

// Hints says how to get temporary credentials from the keys.
func (e *LongTermKeysError) Hints() []string {
	return []string{"add a profile that assumes a role with these keys and open the console with it: [profile " + e.Profile + "-console] role_arn = arn:aws:iam::ACCOUNT:role/NAME, source_profile = " + e.Profile}
}

// FederationURL is the federation endpoint under an endpoint override: the URL itself when it
// has a path, else its /federation.
func FederationURL(endpoint string) string {
	u, err := url.Parse(endpoint)
	if err != nil || strings.Trim(u.Path, "/") != "" {
		return endpoint
	}
	return strings.TrimSuffix(endpoint, "/") + "/federation"
}
