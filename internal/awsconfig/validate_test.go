package awsconfig

import (
	"strings"
	"testing"
)

func TestCheckStartURL(t *testing.T) {
	tests := []struct {
		name, url, wantErr string
	}{
		{"portal", "https://d-1234567890.awsapps.com/start", ""},
		{"custom domain", "https://corp.awsapps.com/start/#/", ""},
		{"plain http", "http://d-1234567890.awsapps.com/start", "not https"},
		{"no scheme", "d-1234567890.awsapps.com/start", "not https"},
		{"no host", "https:///start", "no host"},
		{"password", "https://bob:hunter2@corp.awsapps.com/start", "user name or password"},
		{"user", "https://bob@corp.awsapps.com/start", "user name or password"},
		{"not a url", "https://corp awsapps.com/%zz", "not a URL"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := CheckStartURL(tt.url)
			if tt.wantErr == "" {
				if err != nil {
					t.Fatalf("CheckStartURL(%q) = %v", tt.url, err)
				}
				return
			}
			if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
				t.Fatalf("CheckStartURL(%q) = %v, want an error saying %q", tt.url, err, tt.wantErr)
			}
			if strings.Contains(err.Error(), "hunter2") {
				t.Fatalf("the error shows the password: %v", err)
			}
		})
	}
	if got := RedactURL("https://bob:hunter2@corp.awsapps.com/start"); strings.Contains(got, "hunter2") {
		t.Errorf("RedactURL kept the password: %s", got)
	}
}
