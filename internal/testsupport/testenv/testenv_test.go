package testenv

import (
	"os"
	"strings"
	"testing"
)

func TestNewHomeIsolatesAWSFiles(t *testing.T) {
	t.Setenv("AWS_PROFILE", "someone-elses")
	h := NewHome(t)
	if os.Getenv("HOME") != h.Dir || os.Getenv("AWS_CONFIG_FILE") != h.Config {
		t.Fatalf("environment not pointed at the temp home")
	}
	if v, ok := os.LookupEnv("AWS_PROFILE"); ok {
		t.Fatalf("AWS_PROFILE still set to %q", v)
	}
	if !strings.HasPrefix(h.Config, h.Dir) || !strings.HasPrefix(h.Credentials, h.AWSDir()) {
		t.Fatalf("files outside the home: %+v", h)
	}
	if v, _ := h.Lookup(map[string]string{"X": "1"})("X"); v != "1" {
		t.Fatalf("Lookup extra = %q", v)
	}
	if v, _ := h.Lookup(nil)("AWS_CONFIG_FILE"); v != h.Config {
		t.Fatalf("Lookup(AWS_CONFIG_FILE) = %q", v)
	}
}

func TestCleanEnvDropsAWSSettings(t *testing.T) {
	t.Setenv("AWS_PROFILE", "x")
	t.Setenv("AWS_ENDPOINT_URL_STS", "http://evil")
	for _, kv := range CleanEnv() {
		if strings.HasPrefix(kv, "AWS_PROFILE=") || strings.HasPrefix(kv, "AWS_ENDPOINT_URL_STS=") || strings.HasPrefix(kv, "HOME=") {
			t.Errorf("CleanEnv kept %s", kv)
		}
	}
}
