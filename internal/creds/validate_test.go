package creds

import (
	"errors"
	"strings"
	"testing"
	"time"
)

func TestCheck(t *testing.T) {
	now := time.Date(2026, 11, 23, 10, 0, 0, 0, time.UTC)
	good := Credentials{AccessKeyID: "ASIA", SecretAccessKey: "s", SessionToken: "t", Expiration: now.Add(time.Hour)}
	tests := []struct {
		name    string
		edit    func(c *Credentials)
		problem string // "" for valid
		clock   bool
	}{
		{name: "valid", edit: func(*Credentials) {}},
		{name: "twelve hours", edit: func(c *Credentials) { c.Expiration = now.Add(12 * time.Hour) }},
		{name: "empty access key", edit: func(c *Credentials) { c.AccessKeyID = "" }, problem: "the access key id is empty"},
		{name: "empty secret", edit: func(c *Credentials) { c.SecretAccessKey = "" }, problem: "the secret access key is empty"},
		{name: "empty session token", edit: func(c *Credentials) { c.SessionToken = "" }, problem: "the session token is empty"},
		{name: "epoch 1000 ms", edit: func(c *Credentials) { c.Expiration = time.UnixMilli(1000).UTC() },
			problem: "they expire at 1970-01-01T00:00:01Z, which is not after this machine's time (2026-11-23T10:00:00Z)", clock: true},
		{name: "negative", edit: func(c *Credentials) { c.Expiration = time.UnixMilli(-99999999999999999).UTC() },
			problem: "they expire at year -3166904, which is not after", clock: true},
		{name: "now", edit: func(c *Credentials) { c.Expiration = now }, problem: "they expire at 2026-11-23T10:00:00Z, which is not after", clock: true},
		{name: "zero", edit: func(c *Credentials) { c.Expiration = time.Time{} }, problem: "they expire at 0001-01-01T00:00:00Z, which is not after", clock: true},
		{name: "far future", edit: func(c *Credentials) { c.Expiration = now.Add(37 * time.Hour) },
			problem: "they expire at 2026-11-24T23:00:00Z, more than 36h0m0s from now"},
		{name: "year 30000", edit: func(c *Credentials) { c.Expiration = time.UnixMilli(884541340800000).UTC() }, problem: "they expire at year 30000, more than"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := good
			tt.edit(&c)
			err := Check(&c, "the answer", now)
			if tt.problem == "" {
				if err != nil {
					t.Fatal(err)
				}
				return
			}
			var invalid *InvalidError
			if !errors.As(err, &invalid) || !strings.HasPrefix(invalid.Problem, tt.problem) || invalid.ExitCode() != 3 || invalid.Clock != tt.clock {
				t.Fatalf("err = %#v, want problem %q (clock %v)", err, tt.problem, tt.clock)
			}
			if !strings.HasPrefix(err.Error(), "the answer cannot be used: ") {
				t.Errorf("message %q", err)
			}
		})
	}
}
