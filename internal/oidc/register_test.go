package oidc

import (
	"context"
	"fmt"
	"slices"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/ssooidc"

	"github.com/awsso/awsso/internal/tokencache"
)

// registrar answers RegisterClient with clients "new1", "new2"... and records the requests.
type registrar struct {
	scriptedAPI
	requests []*ssooidc.RegisterClientInput
}

func (r *registrar) RegisterClient(ctx context.Context, in *ssooidc.RegisterClientInput, _ ...func(*ssooidc.Options)) (*ssooidc.RegisterClientOutput, error) {
	r.requests = append(r.requests, in)
	return &ssooidc.RegisterClientOutput{ClientId: aws.String(fmt.Sprintf("new%d", len(r.requests))), ClientSecret: aws.String("s"),
		ClientSecretExpiresAt: t0.Add(90 * 24 * time.Hour).Unix()}, nil
}

// TestRegisterChoosesFile: each sign-in flow reads both registration files before it registers,
// reuses what it can, keeps only device-flow registrations in the AWS CLI's file, and loses no
// usable registration on the way.
func TestRegisterChoosesFile(t *testing.T) {
	const (
		dev     = "dev"     // a device registration (no grant types), as every AWS CLI writes it
		pkce    = "pkce"    // a PKCE registration, as AWS CLI 2.22+ (and awsso before) write it
		expired = "expired" // a device registration with 10 minutes left
		none    = ""
	)
	tests := []struct {
		name                 string
		shared, own          string // registrations in the AWS CLI's file and awsso's PKCE file
		pkceFlow             bool
		wantClient           string // the client the sign-in uses
		wantShared, wantOwn  string // clients in the files afterwards ("" none)
		wantRegisteredGrants []string
	}{
		{name: "first device sign-in", shared: none, own: none, wantClient: "new1", wantShared: "new1", wantOwn: none, wantRegisteredGrants: []string{}},
		{name: "first pkce sign-in", shared: none, own: none, pkceFlow: true, wantClient: "new1", wantShared: none, wantOwn: "new1", wantRegisteredGrants: tokencache.PKCEGrantTypes},
		{name: "pkce after an AWS CLI device sign-in", shared: dev, own: none, pkceFlow: true, wantClient: "new1", wantShared: dev, wantOwn: "new1", wantRegisteredGrants: tokencache.PKCEGrantTypes},
		{name: "device with both cached", shared: dev, own: pkce, wantClient: dev, wantShared: dev, wantOwn: pkce},
		{name: "pkce with both cached", shared: dev, own: pkce, pkceFlow: true, wantClient: pkce, wantShared: dev, wantOwn: pkce},
		{name: "pkce takes a newer AWS CLI's pkce registration and moves it", shared: pkce, own: none, pkceFlow: true, wantClient: pkce, wantShared: none, wantOwn: pkce},
		{name: "device keeps the pkce registration it replaces", shared: pkce, own: none, wantClient: "new1", wantShared: "new1", wantOwn: pkce, wantRegisteredGrants: []string{}},
		{name: "pkce leaves a newer AWS CLI's registration when it has its own", shared: "pkce2", own: pkce, pkceFlow: true, wantClient: pkce, wantShared: "pkce2", wantOwn: pkce},
		{name: "device replaces a newer AWS CLI's registration, awsso's stays", shared: "pkce2", own: pkce, wantClient: "new1", wantShared: "new1", wantOwn: pkce, wantRegisteredGrants: []string{}},
		{name: "device registration near expiry", shared: expired, own: pkce, wantClient: "new1", wantShared: "new1", wantOwn: pkce, wantRegisteredGrants: []string{}},
		{name: "device registration in awsso's file", shared: dev, own: "dev2", pkceFlow: true, wantClient: "new1", wantShared: dev, wantOwn: "new1", wantRegisteredGrants: tokencache.PKCEGrantTypes},
	}
	p := Params{Session: "corp", StartURL: "https://d-1.awsapps.com/start", Region: "eu-west-1"}
	args := p.registrationArgs()
	cached := func(id string) *tokencache.Registration {
		r := &tokencache.Registration{ClientID: id, ClientSecret: "s", ExpiresAt: t0.Add(80 * 24 * time.Hour)}
		switch {
		case id == expired:
			r.ExpiresAt = t0.Add(10 * time.Minute)
		case id == pkce || id == "pkce2":
			r.GrantTypes, r.Scopes = tokencache.PKCEGrantTypes, DefaultPKCEScopes
		}
		return r
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			api := &registrar{}
			c := &Client{API: api, Cache: tokencache.Cache{Dir: t.TempDir()}, Now: func() time.Time { return t0 }}
			for slot, id := range map[tokencache.Slot]string{tokencache.SlotAWSCLI: tt.shared, tokencache.SlotPKCE: tt.own} {
				if id != none {
					if err := c.Cache.SaveRegistration(args, slot, cached(id)); err != nil {
						t.Fatal(err)
					}
				}
			}
			reg, err := c.register(context.Background(), p, tt.pkceFlow)
			if err != nil {
				t.Fatal(err)
			}
			if reg.ClientID != tt.wantClient {
				t.Errorf("signs in with %s, want %s", reg.ClientID, tt.wantClient)
			}
			for slot, want := range map[tokencache.Slot]string{tokencache.SlotAWSCLI: tt.wantShared, tokencache.SlotPKCE: tt.wantOwn} {
				got, err := c.Cache.LoadRegistration(args, slot)
				switch {
				case want == none && err == nil:
					t.Errorf("slot %d holds %s, want none", slot, got.ClientID)
				case want != none && (err != nil || got.ClientID != want):
					t.Errorf("slot %d holds %+v (%v), want %s", slot, got, err, want)
				case want != none && want != tt.shared && slot == tokencache.SlotAWSCLI && !got.Allows(GrantDeviceCode):
					t.Errorf("awsso wrote a registration the device flow cannot use to the AWS CLI's file: %+v", got)
				}
			}
			if tt.wantRegisteredGrants == nil {
				if len(api.requests) != 0 {
					t.Errorf("registered %d clients, want none", len(api.requests))
				}
				return
			}
			if len(api.requests) != 1 {
				t.Fatalf("registered %d clients, want 1", len(api.requests))
			}
			in := api.requests[0]
			if !slices.Equal(in.GrantTypes, tt.wantRegisteredGrants) && len(in.GrantTypes)+len(tt.wantRegisteredGrants) > 0 {
				t.Errorf("registered grant types %v, want %v", in.GrantTypes, tt.wantRegisteredGrants)
			}
			if tt.pkceFlow && (!slices.Equal(in.Scopes, DefaultPKCEScopes) || len(in.RedirectUris) != 1 || aws.ToString(in.IssuerUrl) != p.StartURL) {
				t.Errorf("PKCE registration %+v: want the default scopes, a redirect URI and the start URL as issuer", in)
			}
			if !tt.pkceFlow && (in.Scopes != nil || in.RedirectUris != nil || in.IssuerUrl != nil) {
				t.Errorf("device registration %+v: want it as the AWS CLI registers it (no scopes here, no redirect)", in)
			}
		})
	}
}
