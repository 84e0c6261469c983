package credserver

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"errors"
	"fmt"
	"io"
	"log"
	"net"
	"net/http"
	"net/url"
	"sync"
	"time"

	"github.com/awsso/awsso/internal/creds"
)

// Source returns credentials for a profile: fresh from where they come from, or from a cache
// that other programs share. The Server calls it from one goroutine per profile at a time,
// and for several profiles at once.
type Source func(ctx context.Context, profile string) (*creds.Credentials, error)

// Defaults of Options.
const (
	// DefaultReplaceWait stays below botocore's 2-second timeout for container credentials, so
	// a client never times out waiting for a replacement while valid credentials exist.
	DefaultReplaceWait = time.Second
	// DefaultFetchTimeout bounds one call of the Source, retries and lock waits included.
	DefaultFetchTimeout = 2 * time.Minute
)

// Options tune a Server. Every field has a working default.
type Options struct {
	// Token is what clients must send in the Authorization header (default: 256 random bits,
	// base64url-encoded).
	Token string
	// Profiles, when not empty, are the only profiles served: a request for any other is 404.
	Profiles []string
	// Now is the clock (default time.Now).
	Now func() time.Time
	// Logf and Debugf are called one at a time, never at once.
	//
	// Logf receives the lines a person must see (default: none): why a profile's credentials
	// could not be had, with the command that fixes it (such as a sign-in to run), once per
	// distinct failure.
	Logf func(format string, args ...any)
	// Debugf receives one line per request and per fetch, for --debug (default: none). No line
	// holds the token or a credential.
	Debugf func(format string, args ...any)
	// ReplaceWait is how long a request for credentials due for replacement waits for the
	// replacement before it gets the still-valid ones (default DefaultReplaceWait).
	ReplaceWait time.Duration
	// FetchTimeout bounds one call of the Source (default DefaultFetchTimeout).
	FetchTimeout time.Duration
}

// Server serves the credentials of profiles over the container credentials protocol. It is
// an http.Handler; Start also serves it on addresses of its own. All methods are safe for
// concurrent use.
type Server struct {
	source   Source
	opts     Options
	tokenSum [sha256.Size]byte
	only     map[string]bool
	entries  sync.Map // profile name -> *entry

	// base is the context of every fetch: fetches outlive the request that started them
	// (other clients wait for them too) but not the server.
	base   context.Context
	cancel context.CancelFunc

	mu      sync.Mutex
	servers []*http.Server
	done    []chan struct{}

	logMu sync.Mutex // Logf and Debugf are called one at a time
}

// New returns a Server that gets credentials from source, with opts applied to the defaults.
func New(source Source, optFns ...func(*Options)) *Server {
	o := Options{}
	for _, fn := range optFns {
		fn(&o)
	}
	if o.Token == "" {
		o.Token = newToken()
	}
	if o.Now == nil {
		o.Now = time.Now
	}
	if o.ReplaceWait <= 0 {
		o.ReplaceWait = DefaultReplaceWait
	}
	if o.FetchTimeout <= 0 {
		o.FetchTimeout = DefaultFetchTimeout
	}
	s := &Server{source: source, opts: o, tokenSum: sha256.Sum256([]byte(o.Token))}
	if len(o.Profiles) > 0 {
		s.only = map[string]bool{}
		for _, p := range o.Profiles {
			s.only[p] = true
		}
	}
	s.base, s.cancel = context.WithCancel(context.Background())
	return s
}

// newToken returns 256 random bits in base64url: letters, digits, - and _, which need no
// quoting in a shell, an HTTP header or a compose file.
func newToken() string {
	b := make([]byte, 32)
	rand.Read(b) // never fails (crypto/rand panics rather than return an error)
	return base64.RawURLEncoding.EncodeToString(b)
}

// Token is the value clients send in the Authorization header: give it to them as
// AWS_CONTAINER_AUTHORIZATION_TOKEN. It is a secret: never log it.
func (s *Server) Token() string { return s.opts.Token }

// ProfileURL is the URL of a profile's credentials on the server at base: give it to clients
// as AWS_CONTAINER_CREDENTIALS_FULL_URI.
func ProfileURL(base, profile string) string {
	return base + profilesPath + url.PathEscape(profile)
}

// Prefetch gets the credentials of profile now, so the first client is served from memory,
// and returns why they cannot be had (a sign-in to run, an unknown profile).
func (s *Server) Prefetch(ctx context.Context, profile string) error {
	if s.only != nil && !s.only[profile] {
		return fmt.Errorf("profile %q is not served here", profile)
	}
	_, _, err := s.credentials(ctx, profile)
	return err
}

// Start serves on addr, a loopback address or a container bridge address (see CheckBridge),
// port 0 meaning a free one, and returns the base URL, such as http://127.0.0.1:41234. It may
// be called once per address to serve on.
func (s *Server) Start(addr string) (string, error) {
	if CheckLoopback(addr) != nil {
		if err := CheckBridge(addr); err != nil {
			return "", err
		}
	}
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return "", fmt.Errorf("listen on %s: %w", addr, err)
	}
	hs := &http.Server{
		Handler:           s,
		ReadHeaderTimeout: 10 * time.Second,
		ReadTimeout:       30 * time.Second,
		WriteTimeout:      DefaultFetchTimeout + 30*time.Second,
		IdleTimeout:       2 * time.Minute,
		MaxHeaderBytes:    maxHeaderBytes,
		// net/http logs a panicking handler's value and stack, which may hold a secret;
		// ServeHTTP recovers its own panics, and nothing else it logs needs a person.
		ErrorLog: log.New(io.Discard, "", 0),
	}
	done := make(chan struct{})
	s.mu.Lock()
	s.servers = append(s.servers, hs)
	s.done = append(s.done, done)
	s.mu.Unlock()
	go func() {
		defer close(done)
		hs.Serve(ln)
	}()
	return "http://" + ln.Addr().String(), nil
}

// maxHeaderBytes bounds a request's header: an SDK sends a few hundred bytes; a larger one
// gets 431 and the server goes on.
const maxHeaderBytes = 16 << 10

// Shutdown stops serving, waiting until ctx ends for the requests in flight, and ends the
// fetches under way.
func (s *Server) Shutdown(ctx context.Context) error {
	defer s.cancel()
	return s.stop(func(hs *http.Server) error { return hs.Shutdown(ctx) })
}

// Close stops serving at once and ends the fetches under way.
func (s *Server) Close() error {
	s.cancel()
	return s.stop((*http.Server).Close)
}

func (s *Server) stop(fn func(*http.Server) error) error {
	s.mu.Lock()
	servers, done := s.servers, s.done
	s.mu.Unlock()
	var errs []error
	for i, hs := range servers {
		if err := fn(hs); err != nil {
			errs = append(errs, err)
		}
		<-done[i]
	}
	return errors.Join(errs...)
}

func (s *Server) logf(format string, args ...any) {
	if s.opts.Logf != nil {
		s.logMu.Lock()
		defer s.logMu.Unlock()
		s.opts.Logf(format, args...)
	}
}

func (s *Server) debugf(format string, args ...any) {
	if s.opts.Debugf != nil {
		s.logMu.Lock()
		defer s.logMu.Unlock()
		s.opts.Debugf(format, args...)
	}
}
