package populate

import (
	"strings"
	"testing"

	"github.com/awsso/awsso/internal/awsconfig"
)

func TestTemplate(t *testing.T) {
	f := Fields{AccountName: "Shared Services (EU)", AccountID: "123456789012", RoleName: "ReadOnly", Session: "corp"}
	tests := []struct{ tmpl, want, err string }{
		{tmpl: DefaultTemplate, want: "Shared-Services-EU.ReadOnly"},
		{tmpl: "{session}-{account_id}-{role_name}", want: "corp-123456789012-ReadOnly"},
		{tmpl: "{{{account_id}}}", want: "123456789012"},
		{tmpl: "  {role_name} @ {account_name} ", want: "ReadOnly-Shared-Services-EU"},
		{tmpl: "{account}", err: "unknown field {account}: use {account_name}, {account_id}, {role_name}, {session}"},
		{tmpl: "{role_name", err: "never closed"},
		{tmpl: "role_name}", err: "closes nothing"},
		{tmpl: "prod", err: "uses no field"},
	}
	for _, tt := range tests {
		t.Run(tt.tmpl, func(t *testing.T) {
			tmpl, err := ParseTemplate(tt.tmpl)
			if tt.err != "" {
				if err == nil || !strings.Contains(err.Error(), tt.err) {
					t.Fatalf("ParseTemplate = %v, want error %q", err, tt.err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if got := tmpl.Name(f); got != tt.want {
				t.Errorf("Name = %q, want %q", got, tt.want)
			}
		})
	}
}

func TestSanitize(t *testing.T) {
	for in, want := range map[string]string{
		"Production.AdministratorAccess": "Production.AdministratorAccess",
		"a b\tc":                         "a-b-c",
		"'quoted'#;[x]":                  "quoted-x",
		"--..--":                         "profile",
		"":                               "profile",
		"Produção.Admin":                 "Produção.Admin",
		"x--y":                           "x-y",
	} {
		if got := Sanitize(in); got != want {
			t.Errorf("Sanitize(%q) = %q, want %q", in, got, want)
		}
	}
}

// FuzzTemplate: a template either fails to parse or renders, for any field values, a name
// that every AWS tool reads as written.
func FuzzTemplate(f *testing.F) {
	f.Add(DefaultTemplate, "Prod", "111122223333", "Admin")
	f.Add("{session}{{x}}-{account_id}", "a b", "x", "[y]")
	f.Add("{", "", "", "")
	f.Fuzz(func(t *testing.T, tmpl, account, id, role string) {
		p, err := ParseTemplate(tmpl)
		if err != nil {
			return
		}
		name := p.Name(Fields{AccountName: account, AccountID: id, RoleName: role, Session: "s"})
		if !awsconfig.ValidName(name) {
			t.Fatalf("template %q made the invalid name %q", tmpl, name)
		}
		if Sanitize(name) != name {
			t.Fatalf("Sanitize is not idempotent on %q", name)
		}
	})
}
