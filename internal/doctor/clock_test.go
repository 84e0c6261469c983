package doctor

import (
	"context"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"
)

func TestClock(t *testing.T) {
	local := time.Date(2026, 11, 23, 10, 0, 0, 0, time.UTC)
	tests := []struct {
		name   string
		offset time.Duration // server's Date minus this machine's clock
		noDate bool
		want   string // "" for no finding, else "severity: problem prefix"
	}{
		{name: "in sync", offset: 0},
		{name: "a minute is tolerated", offset: 55 * time.Second},
		{name: "three minutes behind", offset: 3 * time.Minute, want: "warning: this machine's clock is 3m0s behind the server's"},
		{name: "ten minutes ahead", offset: -10 * time.Minute, want: "error: this machine's clock is 10m0s ahead of the server's"},
		{name: "no Date header", noDate: true, want: "warning: could not check the clock against"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				if r.Method != http.MethodHead {
					t.Errorf("method %s, want HEAD", r.Method)
				}
				w.Header()["Date"] = nil // net/http adds the real time unless told not to
				if !tt.noDate {
					w.Header().Set("Date", local.Add(tt.offset).Format(http.TimeFormat))
				}
			}))
			defer srv.Close()
			// Each server's own client: closing a server closes http.DefaultTransport's idle
			// connections, which would break a parallel case's request on the default client.
			fs, err := Clock{Endpoints: []string{srv.URL}, Client: srv.Client(), Now: func() time.Time { return local }}.Check(context.Background())
			if err != nil {
				t.Fatal(err)
			}
			switch {
			case tt.want == "" && len(fs) != 0:
				t.Errorf("findings %+v, want none", fs)
			case tt.want != "" && (len(fs) != 1 || !strings.HasPrefix(fs[0].Severity.String()+": "+fs[0].Problem, tt.want) || fs[0].Fix == ""):
				t.Errorf("findings %+v, want %q", fs, tt.want)
			}
		})
	}
}

// TestClockBounded: a server that never answers costs the timeout, not a hang.
func TestClockBounded(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { <-r.Context().Done() }))
	defer srv.Close()
	done := make(chan []Finding, 1)
	go func() {
		fs, _ := Clock{Endpoints: []string{srv.URL, srv.URL + "/other"}, Client: srv.Client(), Now: time.Now, Timeout: 100 * time.Millisecond}.Check(context.Background())
		done <- fs
	}()
	select {
	case fs := <-done:
		if len(fs) != 2 || fs[0].Severity != SeverityWarning || !strings.Contains(fs[0].Fix, "--offline") {
			t.Errorf("findings %+v", fs)
		}
	case <-time.After(time.Minute):
		t.Fatal("the clock check hangs on a server that never answers")
	}
}
