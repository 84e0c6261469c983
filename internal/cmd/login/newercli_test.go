package login_test

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/json"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"slices"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/ssooidc"

	"github.com/awsso/awsso/internal/testsupport/emutest"
	"github.com/awsso/awsso/internal/tokencache"
)

// newerAWSCLI plays the sign-in of AWS CLI v2 2.22 and later, which is not installed here, as
// its source decides it (botocore's SSOTokenFetcher and SSOTokenFetcherAuth): one registration
// file for both flows, under the key without grant types; a device sign-in reuses an unexpired
// registration whose grantTypes lack authorization_code, a PKCE sign-in one whose grantTypes hold
// it; otherwise it registers (PKCE: grant types authorization_code and refresh_token, the
// loopback redirect, the start URL as issuer, the session's scopes or sso:account:access) and
// overwrites the file. It reads the file as raw JSON, apart from awsso's code.
type newerAWSCLI struct {
	w    *world
	oidc *ssooidc.Client
}

const newerCLIRedirect = "http://127.0.0.1:43210/oauth/callback"

// signIn signs sso-session corp in with the PKCE or the device flow (the emulator approves
// both by itself) and writes the token file as every AWS CLI does.
func (n *newerAWSCLI) signIn(t *testing.T, pkce bool) {
	t.Helper()
	ctx := context.Background()
	reg := n.registration(t, pkce)
	var out *ssooidc.CreateTokenOutput
	var err error
	if pkce {
		out, err = n.authorizationCode(t, reg)
	} else {
		var da *ssooidc.StartDeviceAuthorizationOutput
		da, err = n.oidc.StartDeviceAuthorization(ctx, &ssooidc.StartDeviceAuthorizationInput{
			ClientId: aws.String(reg.ClientID), ClientSecret: aws.String(reg.ClientSecret), StartUrl: aws.String(n.w.env.StartURL)})
		if err == nil {
			out, err = n.oidc.CreateToken(ctx, &ssooidc.CreateTokenInput{ClientId: aws.String(reg.ClientID), ClientSecret: aws.String(reg.ClientSecret),
				GrantType: aws.String(tokencache.GrantDeviceCode), DeviceCode: da.DeviceCode})
		}
	}
	if err != nil {
		t.Fatalf("newer AWS CLI sign-in (pkce %v): %v", pkce, err)
	}
	tok := &tokencache.Token{
		StartURL: n.w.env.StartURL, Region: n.w.env.Region,
		AccessToken: aws.ToString(out.AccessToken), RefreshToken: aws.ToString(out.RefreshToken),
		ExpiresAt: time.Now().Add(time.Duration(out.ExpiresIn) * time.Second).UTC().Truncate(time.Second),
		ClientID:  reg.ClientID, ClientSecret: reg.ClientSecret, RegistrationExpiresAt: reg.ExpiresAt,
	}
	if err := n.w.cache().SaveToken("corp", "", tok); err != nil {
		t.Fatal(err)
	}
}

// newerCLIRegistration is the registration file as the AWS CLI reads it.
type newerCLIRegistration struct {
	ClientID     string    `json:"clientId"`
	ClientSecret string    `json:"clientSecret"`
	ExpiresAt    time.Time `json:"expiresAt"`
	Scopes       []string  `json:"scopes,omitempty"`
	GrantTypes   []string  `json:"grantTypes,omitempty"`
}

// registration reuses the cached registration when it fits the flow, or registers one and
// overwrites the file.
func (n *newerAWSCLI) registration(t *testing.T, pkce bool) newerCLIRegistration {
	t.Helper()
	path := n.w.cache().RegistrationPath(n.w.registrationArgs(), tokencache.SlotAWSCLI)
	var cached newerCLIRegistration
	if raw, err := os.ReadFile(path); err == nil && json.Unmarshal(raw, &cached) == nil &&
		time.Until(cached.ExpiresAt) > 15*time.Minute && slices.Contains(cached.GrantTypes, "authorization_code") == pkce {
		return cached
	}
	in := &ssooidc.RegisterClientInput{ClientName: aws.String("botocore-client-corp"), ClientType: aws.String("public"),
		Scopes: []string{"sso:account:access"}}
	if pkce {
		in.GrantTypes = tokencache.PKCEGrantTypes
		in.RedirectUris = []string{"http://127.0.0.1/oauth/callback"}
		in.IssuerUrl = aws.String(n.w.env.StartURL)
	}
	out, err := n.oidc.RegisterClient(context.Background(), in)
	if err != nil {
		t.Fatalf("newer AWS CLI registration: %v", err)
	}
	reg := newerCLIRegistration{ClientID: aws.ToString(out.ClientId), ClientSecret: aws.ToString(out.ClientSecret),
		ExpiresAt: unixUTC(out.ClientSecretExpiresAt), Scopes: in.Scopes, GrantTypes: in.GrantTypes}
	writeJSON(t, path, reg)
	return reg
}

// authorizationCode opens the authorize URL (the emulator approves at once and redirects to the
// loopback callback) and exchanges the code.
func (n *newerAWSCLI) authorizationCode(t *testing.T, reg newerCLIRegistration) (*ssooidc.CreateTokenOutput, error) {
	t.Helper()
	buf := make([]byte, 48)
	rand.Read(buf)
	verifier := base64.RawURLEncoding.EncodeToString(buf)
	sum := sha256.Sum256([]byte(verifier))
	q := url.Values{"response_type": {"code"}, "client_id": {reg.ClientID}, "redirect_uri": {newerCLIRedirect}, "state": {"st"},
		"code_challenge_method": {"S256"}, "scopes": {"sso:account:access"}, "code_challenge": {base64.RawURLEncoding.EncodeToString(sum[:])}}
	noFollow := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	resp, err := noFollow.Get(n.w.env.URL + "/authorize?" + q.Encode())
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	loc, err := url.Parse(resp.Header.Get("Location"))
	if err != nil || loc.Query().Get("code") == "" {
		t.Fatalf("authorize answered %s, Location %q", resp.Status, resp.Header.Get("Location"))
	}
	return n.oidc.CreateToken(context.Background(), &ssooidc.CreateTokenInput{ClientId: aws.String(reg.ClientID), ClientSecret: aws.String(reg.ClientSecret),
		GrantType: aws.String("authorization_code"), Code: aws.String(loc.Query().Get("code")),
		RedirectUri: aws.String(newerCLIRedirect), CodeVerifier: aws.String(verifier)})
}

// TestSignInWithNewerAWSCLI runs awsso's sign-ins in turn with those of a newer AWS CLI, which
// signs in with PKCE by default and keeps its registration under the same key as the older
// ones. Every sign-in works and serves awsso; awsso registers only when neither file holds a
// registration its flow can use.
func TestSignInWithNewerAWSCLI(t *testing.T) {
	type step struct {
		newerCLI, pkce bool
		registrations  int // in all, after the step
	}
	tests := []struct {
		name  string
		steps []step
	}{
		{"newer AWS CLI first", []step{
			{newerCLI: true, pkce: true, registrations: 1},
			{pkce: true, registrations: 1}, // awsso takes the AWS CLI's PKCE registration
			{registrations: 2},             // awsso's device sign-in registers a device client
			{newerCLI: true, registrations: 2},
			{newerCLI: true, pkce: true, registrations: 3}, // the AWS CLI's own switch of flows
			{pkce: true, registrations: 3},
			{registrations: 4},
		}},
		{"awsso first", []step{
			{pkce: true, registrations: 1},
			{newerCLI: true, pkce: true, registrations: 2},
			{pkce: true, registrations: 2},
			{newerCLI: true, pkce: true, registrations: 2},
			{registrations: 3},
			{newerCLI: true, registrations: 3},
			{pkce: true, registrations: 3},
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			w := newWorld(t, emutest.AutoApprove)
			cli := &newerAWSCLI{w: w, oidc: ssooidc.NewFromConfig(w.env.AWSConfig())}
			for i, s := range tt.steps {
				switch {
				case s.newerCLI:
					cli.signIn(t, s.pkce)
				case s.pkce:
					w.mustRun("login", "--sso-session", "corp")
				default:
					w.mustRun("login", "--sso-session", "corp", "--use-device-code")
				}
				w.accountsWork(t, "after each sign-in")
				if got := w.registrations(); got != s.registrations {
					t.Fatalf("step %d (%+v): %d registrations, want %d", i+1, s, got, s.registrations)
				}
			}
		})
	}
}

// writeJSON writes v as JSON to path, 0600, as another tool would.
func writeJSON(t *testing.T, path string, v any) {
	t.Helper()
	raw, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.MkdirAll(filepath.Dir(path), 0o700); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, raw, 0o600); err != nil {
		t.Fatal(err)
	}
}

// unixUTC is a Unix time as the AWS CLI writes it: UTC, whole seconds.
func unixUTC(sec int64) time.Time { return time.Unix(sec, 0).UTC() }
