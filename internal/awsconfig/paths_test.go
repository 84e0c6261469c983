package awsconfig

import (
	"path/filepath"
	"runtime"
	"testing"
)

func TestPathsFromEnv(t *testing.T) {
	if runtime.GOOS == "windows" {
		t.Skip("HOME-based cases")
	}
	tests := []struct {
		name              string
		env               map[string]string
		config, creds     string
		wantErr           bool
		display, wantDisp string
	}{
		{name: "defaults under HOME", env: map[string]string{"HOME": "/home/u"},
			config: "/home/u/.aws/config", creds: "/home/u/.aws/credentials",
			display: "/home/u/.aws/config", wantDisp: "~/.aws/config"},
		{name: "variables win", env: map[string]string{"HOME": "/home/u", "AWS_CONFIG_FILE": "/etc/aws/cfg", "AWS_SHARED_CREDENTIALS_FILE": "/etc/aws/creds"},
			config: "/etc/aws/cfg", creds: "/etc/aws/creds", display: "/etc/aws/cfg", wantDisp: "/etc/aws/cfg"},
		{name: "tilde expanded", env: map[string]string{"HOME": "/home/u", "AWS_CONFIG_FILE": "~/work/config"},
			config: "/home/u/work/config", creds: "/home/u/.aws/credentials"},
		{name: "variables expanded, unknown kept", env: map[string]string{"HOME": "/home/u", "AWS_CONFIG_FILE": "${HOME}/a/$NOPE/config", "AWS_SHARED_CREDENTIALS_FILE": "$HOME/c"},
			config: "/home/u/a/$NOPE/config", creds: "/home/u/c"},
		{name: "tilde of another user is not expanded", env: map[string]string{"HOME": "/home/u", "AWS_CONFIG_FILE": "~bob/config"},
			config: "~bob/config", creds: "/home/u/.aws/credentials"},
		{name: "no HOME but both variables", env: map[string]string{"AWS_CONFIG_FILE": "/a", "AWS_SHARED_CREDENTIALS_FILE": "/b"},
			config: "/a", creds: "/b"},
		{name: "no HOME", env: map[string]string{"AWS_CONFIG_FILE": "/a"}, wantErr: true},
		{name: "display does not shorten a sibling folder", env: map[string]string{"HOME": "/home/u"},
			config: "/home/u/.aws/config", creds: "/home/u/.aws/credentials", display: "/home/user2/x", wantDisp: "/home/user2/x"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p, err := PathsFromEnv(func(k string) (string, bool) { v, ok := tt.env[k]; return v, ok })
			if tt.wantErr {
				if err == nil {
					t.Fatalf("no error, got %+v", p)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if p.Config != filepath.Clean(tt.config) || p.Credentials != tt.creds {
				t.Errorf("got %q %q", p.Config, p.Credentials)
			}
			if tt.display != "" && p.Display(tt.display) != tt.wantDisp {
				t.Errorf("Display(%q) = %q, want %q", tt.display, p.Display(tt.display), tt.wantDisp)
			}
		})
	}
}
