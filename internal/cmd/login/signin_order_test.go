package login_test

import (
	"context"
	"os/exec"
	"strings"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/ssooidc"

	"github.com/awsso/awsso/internal/testsupport/emutest"
	"github.com/awsso/awsso/internal/testsupport/testenv"
	"github.com/awsso/awsso/internal/tokencache"
)

// These tests run every order of sign-ins by awsso and by Debian's AWS CLI v2 (2.9.19, which
// knows only the device code flow) on one sso-session, against an emulator that holds each
// client registration to its grant types as Identity Center does. Each sign-in must work with
// no cleanup in between, its token must serve the other tool, and no flow may register a client
// while a usable registration for it is cached.

// awsCLISignIn runs `aws sso login --profile dev` of the AWS CLI v2, approving its device code
// through the emulator's hook as a user at the device page would, and returns its output and
// error.
func (w *world) awsCLISignIn(t *testing.T, aws string) (string, error) {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	go approveEveryCode(ctx, w)
	cmd := exec.Command(aws, "sso", "login", "--profile", "dev", "--no-browser")
	cmd.Env = w.awsCLIv2Env(t)
	out, err := cmd.CombinedOutput()
	return string(out), err
}

// mustAWSCLISignIn is awsCLISignIn that fails the test when the AWS CLI fails, and checks that
// awsso then works with the token the AWS CLI wrote.
func (w *world) mustAWSCLISignIn(t *testing.T, aws string) {
	t.Helper()
	if out, err := w.awsCLISignIn(t, aws); err != nil {
		t.Fatalf("aws sso login: %v\n%s", err, out)
	}
	w.accountsWork(t, "after aws sso login")
}

// accountsWork checks that awsso lists the accounts with the cached token.
func (w *world) accountsWork(t *testing.T, when string) {
	t.Helper()
	if out := w.mustRun("accounts", "--profile", "dev", "--output", "text"); !strings.Contains(out, "111122223333") {
		t.Fatalf("awsso accounts %s:\n%s", when, out)
	}
}

// awsCLIWorks checks that the AWS CLI gets role credentials with the cached token.
func (w *world) awsCLIWorks(t *testing.T, aws, when string) {
	t.Helper()
	out := testenv.Run(t, w.awsCLIv2Env(t), aws, "sts", "get-caller-identity", "--profile", "dev", "--query", "Account", "--output", "text")
	if strings.TrimSpace(out) != "111122223333" {
		t.Fatalf("aws sts get-caller-identity %s: %q", when, out)
	}
}

// registrations is how many clients the emulator has registered so far.
func (w *world) registrations() int { return w.env.Server.Stats()["RegisterClient"] }

// wantRegistrations fails the test unless the emulator registered want clients in all.
func (w *world) wantRegistrations(t *testing.T, want int, after string) {
	t.Helper()
	if got := w.registrations(); got != want {
		t.Fatalf("after %s: %d client registrations, want %d", after, got, want)
	}
}

// TestSignInAwssoPKCEThenAWSCLI: `awsso login` (PKCE, Chromium clicking the consent page), then
// `aws sso login`, each twice in turn.
func TestSignInAwssoPKCEThenAWSCLI(t *testing.T) {
	aws := testenv.AWSCLIv2(t)
	w := newWorld(t)
	b := emutest.NewBrowser(t)
	user := w.env.Server.DefaultUser()
	w.stub.OnOpen = func(u string) error {
		go b.Authorize(u, user, true)
		return nil
	}
	for round := 1; round <= 2; round++ {
		w.mustRun("login", "--sso-session", "corp")
		w.awsCLIWorks(t, aws, "after awsso login")
		w.mustAWSCLISignIn(t, aws)
		w.awsCLIWorks(t, aws, "after aws sso login")
		w.wantRegistrations(t, 2, "each tool's sign-in") // one PKCE client, one device client, once
	}
	if st := w.env.Server.Stats(); st["CreateToken:authorization_code"] != 2 || st["StartDeviceAuthorization"] != 2 {
		t.Errorf("stats %v, want two sign-ins of each flow", st)
	}
}

// TestSignInAWSCLIThenAwsso: `aws sso login`, then `awsso login` (PKCE), then `awsso login
// --use-device-code`, which reuses the AWS CLI's registration, then the AWS CLI again.
func TestSignInAWSCLIThenAwsso(t *testing.T) {
	aws := testenv.AWSCLIv2(t)
	w := newWorld(t, emutest.AutoApprove)
	w.mustAWSCLISignIn(t, aws)
	w.wantRegistrations(t, 1, "aws sso login")
	w.mustRun("login", "--sso-session", "corp")
	w.awsCLIWorks(t, aws, "after awsso login")
	w.wantRegistrations(t, 2, "awsso login (PKCE)")
	w.mustRun("login", "--sso-session", "corp", "--use-device-code")
	w.accountsWork(t, "after awsso login --use-device-code")
	w.wantRegistrations(t, 2, "awsso login --use-device-code (the AWS CLI's registration serves it)")
	w.mustAWSCLISignIn(t, aws)
	w.wantRegistrations(t, 2, "aws sso login again")
}

// TestSignInAwssoFlowsBackAndForth: awsso device, PKCE, device, PKCE register one client per
// flow in all; the AWS CLI then reuses awsso's device registration.
func TestSignInAwssoFlowsBackAndForth(t *testing.T) {
	aws := testenv.AWSCLIv2(t)
	w := newWorld(t, emutest.AutoApprove)
	for i, device := range []bool{true, false, true, false} {
		args := []string{"login", "--sso-session", "corp"}
		if device {
			args = append(args, "--use-device-code")
		}
		w.mustRun(args...)
		w.accountsWork(t, strings.Join(args, " "))
		w.wantRegistrations(t, min(i+1, 2), strings.Join(args, " "))
	}
	w.mustAWSCLISignIn(t, aws)
	w.wantRegistrations(t, 2, "aws sso login after awsso's device sign-in")
}

// TestSignInOverOlderRegistration: a PKCE registration in the AWS CLI's file, as awsso before
// this layout (and AWS CLI 2.22+) left it, makes `aws sso login` of AWS CLI 2.9.19 fail with
// UnauthorizedClientException; doctor says so, and the next `awsso login` reuses that client,
// moves it to awsso's file, and the AWS CLI signs in again.
func TestSignInOverOlderRegistration(t *testing.T) {
	aws := testenv.AWSCLIv2(t)
	w := newWorld(t, emutest.AutoApprove)
	w.plantPKCERegistration(t)
	out, err := w.awsCLISignIn(t, aws)
	if err == nil || !strings.Contains(out, "UnauthorizedClientException") {
		t.Fatalf("aws sso login over a PKCE registration: %v\n%s\nwant UnauthorizedClientException (the emulator must hold clients to their grants)", err, out)
	}
	_, doctor, _ := w.run("doctor", "--offline")
	if !strings.Contains(doctor, "`aws sso login` of AWS CLI v2 before 2.22 fails on it with UnauthorizedClientException") ||
		!strings.Contains(doctor, "run: awsso login --sso-session corp (it moves the registration to awsso's own file") {
		t.Errorf("doctor does not explain the registration:\n%s", doctor)
	}
	w.mustRun("login", "--sso-session", "corp")
	w.wantRegistrations(t, 1, "awsso login over a usable PKCE registration")
	w.mustAWSCLISignIn(t, aws)
	w.wantRegistrations(t, 2, "aws sso login")
	if _, doctor, _ := w.run("doctor", "--offline"); strings.Contains(doctor, "UnauthorizedClientException") {
		t.Errorf("doctor still reports the registration:\n%s", doctor)
	}
}

// plantPKCERegistration registers a PKCE client at the emulator and caches it in the AWS
// CLI's file, in the AWS CLI's layout.
func (w *world) plantPKCERegistration(t *testing.T) {
	t.Helper()
	c := ssooidc.NewFromConfig(w.env.AWSConfig())
	scopes := []string{"sso:account:access"}
	out, err := c.RegisterClient(context.Background(), &ssooidc.RegisterClientInput{ClientName: aws.String("botocore-client-corp"),
		ClientType: aws.String("public"), Scopes: scopes, GrantTypes: tokencache.PKCEGrantTypes,
		RedirectUris: []string{"http://127.0.0.1/oauth/callback"}, IssuerUrl: aws.String(w.env.StartURL)})
	if err != nil {
		t.Fatal(err)
	}
	writeJSON(t, w.cache().RegistrationPath(w.registrationArgs(), tokencache.SlotAWSCLI), map[string]any{
		"clientId": aws.ToString(out.ClientId), "clientSecret": aws.ToString(out.ClientSecret),
		"expiresAt": unixUTC(out.ClientSecretExpiresAt), "scopes": scopes, "grantTypes": tokencache.PKCEGrantTypes})
}

// registrationArgs name the registrations of sso-session corp.
func (w *world) registrationArgs() tokencache.RegistrationArgs {
	return tokencache.RegistrationArgs{StartURL: w.env.StartURL, Region: w.env.Region, Scopes: []string{"sso:account:access"}, Session: "corp"}
}
