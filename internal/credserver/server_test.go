package credserver

import (
	"bufio"
	"context"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"
)

func TestAddressChecks(t *testing.T) {
	tests := []struct {
		addr             string
		loopback, bridge bool
	}{
		{addr: "127.0.0.1:0", loopback: true},
		{addr: "127.1.2.3:8080", loopback: true},
		{addr: "localhost:0", loopback: true},
		{addr: "[::1]:0", loopback: true},
		{addr: "169.254.170.2:0", bridge: true},
		{addr: "169.254.170.23:80", bridge: true},
		{addr: "[fd00:ec2::23]:0", bridge: true},
		{addr: "[fd00:ec2:0::0023]:0", bridge: true},
		{addr: "0.0.0.0:0"},
		{addr: "[::]:0"},
		{addr: ":0"},
		{addr: "172.17.0.1:0"},
		{addr: "192.168.1.10:0"},
		{addr: "host.docker.internal:0"},
		{addr: "169.254.170.3:0"},
		{addr: "127.0.0.1"},
		{addr: "localhost.evil.example:0"},
	}
	for _, tt := range tests {
		t.Run(tt.addr, func(t *testing.T) {
			if err := CheckLoopback(tt.addr); (err == nil) != tt.loopback {
				t.Errorf("CheckLoopback = %v, want loopback %v", err, tt.loopback)
			}
			if err := CheckBridge(tt.addr); (err == nil) != tt.bridge {
				t.Errorf("CheckBridge = %v, want bridge %v", err, tt.bridge)
			}
			if !tt.loopback && !tt.bridge {
				if _, err := New(nil).Start(tt.addr); err == nil {
					t.Errorf("Start(%q) listened", tt.addr)
				}
			}
		})
	}
}

// TestOverLoopback runs the server on a port: the credentials come over HTTP, and malformed
// requests (a huge header, garbage, a wrong method) get a 4xx while the server goes on.
func TestOverLoopback(t *testing.T) {
	src := &fakeSource{clock: newClock(), life: time.Hour, profiles: []string{"dev"}}
	s, _ := testServer(t, src)
	base, err := s.Start("127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	u := ProfileURL(base, "dev")
	fetch := func(header string) int {
		t.Helper()
		req, _ := http.NewRequest(http.MethodGet, u, nil)
		req.Header.Set("Authorization", "the-token")
		if header != "" {
			req.Header.Set("X-Big", header)
		}
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		io.Copy(io.Discard, resp.Body)
		return resp.StatusCode
	}
	if code := fetch(""); code != 200 {
		t.Fatalf("status %d", code)
	}
	if code := fetch(strings.Repeat("x", 64<<10)); code != http.StatusRequestHeaderFieldsTooLarge {
		t.Errorf("a 64 KiB header: %d, want 431", code)
	}
	host := strings.TrimPrefix(base, "http://")
	for _, raw := range []string{"GARBAGE\r\n\r\n", "GET /profiles/dev HTTP/1.1\r\nHost: " + host + "\r\nAuthorization: the-token\r\n" + strings.Repeat("X-A: b\r\n", 5000) + "\r\n",
		"DELETE /profiles/dev HTTP/1.1\r\nHost: " + host + "\r\n\r\n"} {
		if code := rawStatus(t, host, raw); code < 400 || code > 499 {
			t.Errorf("%.40q: status %d, want a 4xx", raw, code)
		}
	}
	if code := fetch(""); code != 200 {
		t.Errorf("after the bad requests: status %d", code)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	if err := s.Shutdown(ctx); err != nil {
		t.Fatal(err)
	}
	if _, err := http.Get(u); err == nil {
		t.Error("the server still answers after Shutdown")
	}
}

// rawStatus sends raw bytes and returns the status of the answer.
func rawStatus(t *testing.T, host, raw string) int {
	t.Helper()
	c, err := net.Dial("tcp", host)
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	c.SetDeadline(time.Now().Add(10 * time.Second))
	fmt.Fprint(c, raw)
	resp, err := http.ReadResponse(bufio.NewReader(c), nil)
	if err != nil {
		t.Fatalf("%.40q: %v", raw, err)
	}
	resp.Body.Close()
	return resp.StatusCode
}

// FuzzProfileURL: the path of ProfileURL names the profile it was made for, whatever the name.
func FuzzProfileURL(f *testing.F) {
	for _, name := range []string{"dev", "my team/dev", "a%2Fb", "..", "prod?x=1#y", "é", " "} {
		f.Add(name)
	}
	f.Fuzz(func(t *testing.T, name string) {
		if name == "" {
			return
		}
		u, err := url.Parse(ProfileURL("http://127.0.0.1:1", name))
		if err != nil {
			t.Fatalf("ProfileURL(%q) does not parse: %v", name, err)
		}
		if got, ok := profileOf(u); !ok || got != name {
			t.Errorf("ProfileURL(%q) names %q (%v)", name, got, ok)
		}
	})
}
