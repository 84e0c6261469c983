package doctor

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"sync"
	"time"

	"github.com/awsso/awsso/internal/crash"
)

// Clock skew thresholds: AWS refuses signed requests more than 5 minutes off; a minute off
// already misjudges token expiry.
const (
	SkewError   = 5 * time.Minute
	SkewWarning = time.Minute
)

// DefaultClockTimeout bounds each server's answer to the clock check.
const DefaultClockTimeout = 3 * time.Second

// Clock compares this machine's clock with the Date header of servers.
type Clock struct {
	// Endpoints are the base URLs to ask (the OIDC endpoint of each configured region).
	Endpoints []string
	// Client sends the requests (http.DefaultClient when nil).
	Client *http.Client
	// Now is this machine's clock.
	Now func() time.Time
	// Timeout bounds each request (DefaultClockTimeout when zero).
	Timeout time.Duration
	// Explain says in a few words why a request failed, as every command says it (the
	// error's own text when nil).
	Explain func(error) string
}

// Check sends one HEAD request to each endpoint at once and reports a clock off by more than
// SkewWarning from the server's Date, or a server that could not be asked.
func (c Clock) Check(ctx context.Context) ([]Finding, error) {
	out := make([][]Finding, len(c.Endpoints))
	errs := make([]error, len(c.Endpoints))
	var wg sync.WaitGroup
	for i, endpoint := range c.Endpoints {
		wg.Add(1)
		go func() {
			defer wg.Done()
			out[i], errs[i] = c.checkOneSafely(ctx, endpoint)
		}()
	}
	wg.Wait()
	if err := errors.Join(errs...); err != nil {
		return nil, err
	}
	var all []Finding
	for _, fs := range out {
		all = append(all, fs...)
	}
	return all, nil
}

// checkOneSafely is checkOne for a goroutine: a panic becomes an error (see package crash).
func (c Clock) checkOneSafely(ctx context.Context, endpoint string) (fs []Finding, err error) {
	defer crash.Recover(&err)
	return c.checkOne(ctx, endpoint), nil
}

func (c Clock) checkOne(ctx context.Context, endpoint string) []Finding {
	timeout := c.Timeout
	if timeout <= 0 {
		timeout = DefaultClockTimeout
	}
	client := c.Client
	if client == nil {
		client = http.DefaultClient
	}
	ctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()
	unreachable := func(why string) []Finding {
		return []Finding{{File: endpoint, Severity: SeverityWarning,
			Problem: "could not check the clock against " + endpoint + ": " + why,
			Fix:     "check the network connection, or run 'awsso doctor --offline' to skip this check"}}
	}
	explain := c.Explain
	if explain == nil {
		explain = error.Error
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodHead, endpoint, nil)
	if err != nil {
		return unreachable(explain(err))
	}
	sent := c.Now()
	resp, err := client.Do(req)
	if err != nil {
		return unreachable(explain(err))
	}
	resp.Body.Close()
	received := c.Now()
	date, err := http.ParseTime(resp.Header.Get("Date"))
	if err != nil {
		return unreachable("the answer has no Date header")
	}
	// The server stamped its Date somewhere between sending and receiving; its resolution is a
	// second.
	local := sent.Add(received.Sub(sent) / 2)
	skew := local.Sub(date)
	if skew < 0 {
		skew = -skew
	}
	sev := SeverityWarning
	switch {
	case skew <= SkewWarning+time.Second:
		return nil
	case skew > SkewError:
		sev = SeverityError
	}
	direction := "ahead of"
	if local.Before(date) {
		direction = "behind"
	}
	return []Finding{{File: endpoint, Severity: sev,
		Problem: fmt.Sprintf("this machine's clock is %s %s the server's: AWS refuses requests signed more than 5 minutes off, and token expiry is misjudged",
			skew.Round(time.Second), direction),
		Fix: "turn on network time (timedatectl set-ntp true; on macOS and Windows: set time automatically)"}}
}
