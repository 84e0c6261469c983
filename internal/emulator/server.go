package emulator

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"strconv"
	"sync"
	"time"
)

// Options configure a Server. The zero value is a working emulator with the default
// organisation, in us-east-1, with AWS's lifetimes.
type Options struct {
	// Org is the organisation to serve; nil means DefaultOrg().
	Org *Org
	// Region is the Identity Center region (default: Org.Region, else us-east-1).
	Region string
	// AutoApprove approves every device code for the default user as soon as it is issued,
	// and makes GET /authorize redirect straight to the callback, for scripts and tests.
	AutoApprove bool

	// AccessTokenTTL is the lifetime of refreshable access tokens (default 1h). Tokens of
	// legacy registrations (no scopes, no refresh token) last the session, as with AWS.
	AccessTokenTTL time.Duration
	SessionTTL     time.Duration // sign-in session and refresh token lifetime (default 8h)
	CredentialsTTL time.Duration // role credentials lifetime (default 1h)
	DeviceCodeTTL  time.Duration // device and user code lifetime (default 10m)
	// Interval is the device-code polling interval (default 1s with AutoApprove, else 5s).
	Interval time.Duration

	// Latency is added to every API call, ErrorRate is the fraction of API calls that fail
	// with a retryable 500, and Throttle is the requests per second the portal APIs accept
	// before answering 429 TooManyRequestsException (0: no limit). SetFaults changes them
	// while the server runs.
	Latency   time.Duration
	ErrorRate float64
	Throttle  float64

	// Now is the clock (default time.Now). Tests move it to expire codes and tokens.
	Now func() time.Time
	// Logf, when set, receives one line per request: method, path, operation, status. It
	// never sees a body, a query string or a header, so no secret reaches it.
	Logf func(format string, args ...any)
}

// Server is an in-memory IAM Identity Center. It is an http.Handler; Start also serves it on
// a loopback port. All methods are safe for concurrent use.
type Server struct {
	opts     Options
	org      *Org
	ix       *index
	startURL string
	region   string

	mu       sync.Mutex
	st       state
	stats    map[string]int
	faults   Faults
	failNext []int
	bucket   tokenBucket
	lastGC   time.Time

	srvMu sync.Mutex
	hs    *http.Server
	ln    net.Listener
	url   string
	done  chan struct{}
}

// New returns a Server for opts, filling in the defaults. An invalid Org or Region panics:
// validate files with LoadOrg or Org.Validate, and regions with ValidRegion, first.
func New(opts Options) *Server {
	if opts.Org == nil {
		opts.Org = DefaultOrg()
	}
	if err := opts.Org.Validate(); err != nil {
		panic("emulator: invalid organisation: " + err.Error())
	}
	if opts.Region != "" && !ValidRegion(opts.Region) {
		panic("emulator: invalid region " + strconv.Quote(opts.Region))
	}
	if opts.Region == "" {
		opts.Region = opts.Org.Region
	}
	if opts.Region == "" {
		opts.Region = "us-east-1"
	}
	setDefault(&opts.AccessTokenTTL, time.Hour)
	setDefault(&opts.SessionTTL, 8*time.Hour)
	setDefault(&opts.CredentialsTTL, time.Hour)
	setDefault(&opts.DeviceCodeTTL, 10*time.Minute)
	if opts.AutoApprove {
		setDefault(&opts.Interval, time.Second)
	}
	setDefault(&opts.Interval, 5*time.Second)
	if opts.Now == nil {
		opts.Now = time.Now
	}
	s := &Server{
		opts:   opts,
		org:    opts.Org,
		ix:     newIndex(opts.Org),
		region: opts.Region,
		st:     newState(),
		stats:  map[string]int{},
		faults: Faults{Latency: opts.Latency, ErrorRate: opts.ErrorRate, Throttle: opts.Throttle},
	}
	s.seedIAMUsers()
	s.startURL = opts.Org.StartURL
	if s.startURL == "" {
		s.startURL = opts.Org.defaultStartURL()
	}
	return s
}

func setDefault(d *time.Duration, v time.Duration) {
	if *d <= 0 {
		*d = v
	}
}

func (s *Server) now() time.Time { return s.opts.Now() }

func (s *Server) logf(format string, args ...any) {
	if s.opts.Logf != nil {
		s.opts.Logf(format, args...)
	}
}

// Start serves the emulator on addr, which must be a loopback address ("" means
// 127.0.0.1:0, a free port), and returns its base URL, e.g. http://127.0.0.1:41234.
func (s *Server) Start(addr string) (string, error) {
	if addr == "" {
		addr = "127.0.0.1:0"
	}
	if err := checkLoopback(addr); err != nil {
		return "", err
	}
	s.srvMu.Lock()
	defer s.srvMu.Unlock()
	if s.hs != nil {
		return "", errors.New("emulator: already started")
	}
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return "", fmt.Errorf("listen on %s: %w", addr, err)
	}
	s.ln = ln
	s.url = "http://" + ln.Addr().String()
	s.hs = &http.Server{Handler: s, ReadHeaderTimeout: 10 * time.Second}
	s.done = make(chan struct{})
	go func() {
		defer close(s.done)
		if err := s.hs.Serve(ln); err != nil && !errors.Is(err, http.ErrServerClosed) {
			s.logf("serve: %v", err)
		}
	}()
	return s.url, nil
}

// checkLoopback refuses any address that is not on the loopback interface: the emulator
// hands out credentials to whoever asks, so it must never face a network.
func checkLoopback(addr string) error {
	host, _, err := net.SplitHostPort(addr)
	if err != nil {
		return fmt.Errorf("emulator address %q: %w", addr, err)
	}
	if host == "localhost" {
		return nil
	}
	if ip := net.ParseIP(host); ip != nil && ip.IsLoopback() {
		return nil
	}
	return fmt.Errorf("emulator address %q is not a loopback address: use 127.0.0.1:PORT", addr)
}

// Shutdown stops a started server gracefully, waiting for requests in flight until ctx ends.
func (s *Server) Shutdown(ctx context.Context) error {
	s.srvMu.Lock()
	hs, done := s.hs, s.done
	s.srvMu.Unlock()
	if hs == nil {
		return nil
	}
	err := hs.Shutdown(ctx)
	<-done
	return err
}

// Close stops a started server at once. It is a no-op for a server never started.
func (s *Server) Close() error {
	s.srvMu.Lock()
	hs, done := s.hs, s.done
	s.srvMu.Unlock()
	if hs == nil {
		return nil
	}
	err := hs.Close()
	<-done
	return err
}

// URL is the base URL Start listens on ("" before Start). It serves every API: use it as
// AWS_ENDPOINT_URL_SSO, AWS_ENDPOINT_URL_SSO_OIDC and AWS_ENDPOINT_URL_STS.
func (s *Server) URL() string {
	s.srvMu.Lock()
	defer s.srvMu.Unlock()
	return s.url
}

// StartURL is the organisation's AWS access portal URL (https://d-XXXXXXXXXX.awsapps.com/start),
// which clients put in sso_start_url. It is never contacted.
func (s *Server) StartURL() string { return s.startURL }

// Region is the Identity Center region clients put in sso_region.
func (s *Server) Region() string { return s.region }

// DefaultUser is the user AutoApprove signs in as: the organisation's first user.
func (s *Server) DefaultUser() User { return s.org.Users[0] }

// Org is the organisation served. Callers must not modify it.
func (s *Server) Org() *Org { return s.org }

// baseURL is the emulator's own URL for links and redirects: the started URL, else the Host
// the request came to (when the Server runs under another http.Server, e.g. httptest).
func (s *Server) baseURL(r *http.Request) string {
	if u := s.URL(); u != "" {
		return u
	}
	scheme := "http"
	if r.TLS != nil {
		scheme = "https"
	}
	return scheme + "://" + r.Host
}
