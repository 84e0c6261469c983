package demo

import (
	"context"
	"fmt"
	"net/http"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"github.com/awsso/awsso/internal/awsconfig"
	"github.com/awsso/awsso/internal/cmdutil"
	"github.com/awsso/awsso/internal/emulator"
	"github.com/awsso/awsso/internal/iostreams"
)

// The profile the tour configures.
const (
	profile       = "demo"
	profileRegion = "eu-west-1"
)

type tour struct {
	opts          *DemoOptions
	srv           *emulator.Server
	url, home     string
	f             *cmdutil.Factory
	cs            iostreams.ColorScheme
	account, role string
}

func newTour(opts *DemoOptions, srv *emulator.Server, url, home string) *tour {
	f := cmdutil.NewFactory(opts.IO, opts.Version)
	f.IsolateEnv(vars(home, url))
	f.Browser = approver{}
	f.Now = opts.Now
	t := &tour{opts: opts, srv: srv, url: url, home: home, f: f, cs: opts.IO.ColorScheme()}
	t.account, t.role = pickRole(srv)
	return t
}

// pickRole chooses the default user's first account, and its ReadOnly role when it has one.
func pickRole(srv *emulator.Server) (account, role string) {
	user := srv.DefaultUser().Name
	for _, a := range srv.Org().Assignments {
		if a.User != user || len(a.PermissionSets) == 0 {
			continue
		}
		role = a.PermissionSets[0]
		if slices.Contains(a.PermissionSets, "ReadOnly") {
			role = "ReadOnly"
		}
		for _, acc := range srv.Org().Accounts {
			if acc.ID == a.Account || acc.Name == a.Account {
				return acc.ID, role
			}
		}
	}
	return "", ""
}

func (t *tour) intro() {
	w := t.opts.IO.Out
	fmt.Fprintf(w, "%s IAM Identity Center emulator on %s, start URL %s,\n", t.cs.Bold("awsso demo:"), t.url, t.srv.StartURL())
	fmt.Fprintf(w, "approving every sign-in for user %s. Temporary home: %s (your ~/.aws is not touched).\n", t.srv.DefaultUser().Name, t.home)
}

func (t *tour) outro(took time.Duration) {
	fmt.Fprintf(t.opts.IO.Out, "\n%s in %s. With your own IAM Identity Center: awsso configure, then awsso login.\n"+
		"Keep playing offline: eval \"$(awsso emulator --auto-approve &)\" (it prints a config to use).\n",
		t.cs.Green("Done"), took.Round(10*time.Millisecond))
}

// say prints a step's explanation and its command line.
func (t *tour) say(why string, argv ...string) {
	fmt.Fprintf(t.opts.IO.Out, "\n%s\n%s %s\n", t.cs.Gray("# "+why), t.cs.Bold("$"), t.cs.Cyan(strings.Join(argv, " ")))
}

func (t *tour) steps() []func(context.Context) error {
	return []func(context.Context) error{t.configure, t.login, t.accounts, t.whoami, t.export, t.exec}
}

// run runs one awsso command line in-process, as the tour shows it.
func (t *tour) run(ctx context.Context, args ...string) error {
	if code := t.opts.Run(ctx, t.f, args); code != 0 {
		return &cmdutil.SilentError{Code: code} // the command has said why
	}
	return nil
}

func (t *tour) configure(ctx context.Context) error {
	t.say("Describe the sign-in and the role, as `awsso configure` writes them (here without questions):",
		"awsso", "configure", "--profile", profile, "--sso-session", profile, "--start-url", t.srv.StartURL(), "--sso-region", t.srv.Region(),
		"--account-id", t.account, "--role-name", t.role, "--region", profileRegion, "--non-interactive")
	config := filepath.Join(t.home, ".aws", "config")
	err := awsconfig.Update(ctx, config, func(d *awsconfig.Document) error {
		for _, kv := range [][3]string{
			{"profile", awsconfig.KeySSOSession, profile}, {"profile", awsconfig.KeyAccountID, t.account},
			{"profile", awsconfig.KeyRoleName, t.role}, {"profile", awsconfig.KeyRegion, profileRegion},
			{"session", awsconfig.KeyStartURL, t.srv.StartURL()}, {"session", awsconfig.KeySSORegion, t.srv.Region()},
			{"session", awsconfig.KeyScopes, "sso:account:access"},
		} {
			ref := awsconfig.ProfileRef(profile)
			if kv[0] == "session" {
				ref = awsconfig.SSOSessionRef(profile)
			}
			if err := d.Set(ref, kv[1], kv[2]); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return fmt.Errorf("write the demo's config: %w", err)
	}
	data, err := os.ReadFile(config)
	if err != nil {
		return err
	}
	t.say("The result, in the format every AWS tool reads:", "cat", "~/.aws/config")
	_, err = t.opts.IO.Out.Write(data)
	return err
}

func (t *tour) login(ctx context.Context) error {
	t.say("Sign in once for the whole sso-session; the token lands in ~/.aws/sso/cache, shared with the AWS CLI:",
		"awsso", "login", "--profile", profile)
	return t.run(ctx, "login", "--profile", profile)
}

func (t *tour) accounts(ctx context.Context) error {
	t.say("What can you reach?", "awsso", "accounts", "--profile", profile)
	return t.run(ctx, "accounts", "--profile", profile)
}

func (t *tour) whoami(ctx context.Context) error {
	t.say("Role credentials, then STS: who are you with them?", "awsso", "whoami", "--profile", profile)
	return t.run(ctx, "whoami", "--profile", profile)
}

func (t *tour) export(ctx context.Context) error {
	t.say("The same credentials for any tool (cached in ~/.aws/cli/cache, as the AWS CLI v2 does; these are the emulator's):",
		"awsso", "export-credentials", "--profile", profile, "--format", "env")
	return t.run(ctx, "export-credentials", "--profile", profile, "--format", "env")
}

func (t *tour) exec(ctx context.Context) error {
	t.say("Or run a command with them in its environment (here awsso itself, asking STS again):",
		"awsso", "exec", "--profile", profile, "--", "awsso", "whoami", "--output", "text")
	if t.opts.Self == "" {
		fmt.Fprintln(t.opts.IO.Out, "(skipped: cannot find the awsso binary to run)")
		return nil
	}
	return t.run(ctx, "exec", "--profile", profile, "--", t.opts.Self, "whoami", "--output", "text")
}

// approver is the demo's browser: it follows the sign-in URL over HTTP, as a user who
// approves at once would (the emulator auto-approves), and never starts a real browser.
type approver struct{}

// demoClient talks to the emulator on loopback only, whatever proxy the environment names.
var demoClient = &http.Client{Transport: &http.Transport{Proxy: nil}, Timeout: 30 * time.Second}

func (approver) Available() error { return nil }

func (approver) Open(url string) error {
	go func() {
		if resp, err := demoClient.Get(url); err == nil {
			resp.Body.Close()
		}
	}()
	return nil
}
