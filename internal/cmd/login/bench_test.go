package login_test

import (
	"maps"
	"testing"

	"github.com/awsso/awsso/internal/emulator"
	"github.com/awsso/awsso/internal/testsupport/emutest"
)

// loginCases are the three ways to log in, each with the only calls a login may make once the
// client registration is cached.
var loginCases = []struct {
	name string
	args []string
	want map[string]int
}{
	{"pkce", []string{"login", "--sso-session", "corp"}, map[string]int{"Authorize": 1, "CreateToken:authorization_code": 1}},
	{"device", []string{"login", "--sso-session", "corp", "--use-device-code"}, map[string]int{"StartDeviceAuthorization": 1, "CreateToken:device_code": 1}},
	{"legacy", []string{"login", "--profile", "old"}, map[string]int{"StartDeviceAuthorization": 1, "CreateToken:device_code": 1}},
}

// TestLoginRoundTripsWithCachedRegistration: with a cached registration a login is the
// authorize page (or StartDeviceAuthorization) and one token exchange, nothing more.
func TestLoginRoundTripsWithCachedRegistration(t *testing.T) {
	for _, tt := range loginCases {
		t.Run(tt.name, func(t *testing.T) {
			w := newWorld(t, emutest.AutoApprove)
			w.mustRun(tt.args...)
			if got := w.env.Server.Stats()["RegisterClient"]; got != 1 {
				t.Errorf("first login registered %d clients, want 1", got)
			}
			w.env.Server.ResetStats()
			w.mustRun(tt.args...)
			if got := w.env.Server.Stats(); !maps.Equal(got, tt.want) {
				t.Errorf("second login made calls %v, want exactly %v", got, tt.want)
			}
		})
	}
}

// BenchmarkLogin measures a whole `awsso login` (in-process, auto-approved by the emulator
// over loopback HTTP) with a cached registration: the floor of awsso's own cost per login.
func BenchmarkLogin(b *testing.B) {
	for _, tt := range loginCases {
		b.Run(tt.name, func(b *testing.B) {
			w := newWorld(b, emutest.AutoApprove, func(o *emulator.Options) { o.Logf = nil })
			w.mustRun(tt.args...)
			for b.Loop() {
				w.mustRun(tt.args...)
			}
		})
	}
}
