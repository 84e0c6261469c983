package emutest

import (
	"context"
	"sync/atomic"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"

	"github.com/awsso/awsso/internal/emulator"
)

// Env is a running emulator and how to reach it.
type Env struct {
	Server   *emulator.Server
	URL      string // base URL of every API, e.g. http://127.0.0.1:41234
	StartURL string // https://d-XXXXXXXXXX.awsapps.com/start
	Region   string
}

// Start runs an emulator on a free loopback port for the test's duration. Each opt may
// change the Options (AutoApprove, a clock, an Org...) before the server starts. Requests are
// logged through t.Logf, so a failing test shows what the emulator saw.
func Start(t testing.TB, opts ...func(*emulator.Options)) *Env {
	t.Helper()
	var done atomic.Bool
	o := emulator.Options{Logf: func(format string, args ...any) {
		if !done.Load() {
			t.Logf("emulator: "+format, args...)
		}
	}}
	for _, opt := range opts {
		opt(&o)
	}
	srv := emulator.New(o)
	url, err := srv.Start("127.0.0.1:0")
	if err != nil {
		t.Fatalf("start emulator: %v", err)
	}
	t.Cleanup(func() {
		// Shutdown waits for handlers in flight, so none logs after the test has ended.
		ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		srv.Shutdown(ctx)
		done.Store(true)
		srv.Close()
	})
	return &Env{Server: srv, URL: url, StartURL: srv.StartURL(), Region: srv.Region()}
}

// AutoApprove is an option for Start that approves every sign-in for the default user.
func AutoApprove(o *emulator.Options) { o.AutoApprove = true }

// Vars returns the environment variables that point the AWS CLI, boto3 and awsso at the
// emulator, as `awsso emulator` prints them (without "export ").
func (e *Env) Vars() []string {
	return []string{
		"AWS_ENDPOINT_URL_SSO=" + e.URL,
		"AWS_ENDPOINT_URL_SSO_OIDC=" + e.URL,
		"AWS_ENDPOINT_URL_STS=" + e.URL,
		"AWSSO_EMULATOR_URL=" + e.URL,
		"AWSSO_EMULATOR_START_URL=" + e.StartURL,
		"AWSSO_EMULATOR_REGION=" + e.Region,
	}
}

// AWSConfig returns a configuration for the aws-sdk-go-v2 ssooidc, sso and sts clients that
// sends every call to the emulator: its region, anonymous credentials (give sts its role
// credentials per client) and the emulator as base endpoint. Nothing is read from the
// environment or ~/.aws.
func (e *Env) AWSConfig() aws.Config {
	return aws.Config{
		Region:       e.Region,
		BaseEndpoint: aws.String(e.URL),
		Credentials:  aws.AnonymousCredentials{},
	}
}

// DataPath writes the endpoint rule sets for the AWS CLI v2 into a temporary folder and
// returns it, for AWS_DATA_PATH.
func (e *Env) DataPath(t testing.TB) string {
	t.Helper()
	dir := t.TempDir()
	if err := emulator.WriteDataPath(dir, e.URL); err != nil {
		t.Fatal(err)
	}
	return dir
}
