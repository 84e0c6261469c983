package emulator

import (
	"bytes"
	"crypto/subtle"
	"embed"
	"net/http"
	"net/url"
	"strconv"
	"sync"
	"text/template"
)

//go:embed templates/*.html
var templateFS embed.FS

// The pages are text/template templates that print only pageData fields, which render
// HTML-escapes first (html/template would escape by context, but its package init, with
// regular expressions compiled, costs every awsso start: every process links the emulator).
// Every value lands in element text or in a double-quoted attribute, where escaping <>&'" is
// all it takes. They are parsed on first use, not at package init.
var (
	pagesOnce sync.Once
	pagesTmpl *template.Template
)

func pages() *template.Template {
	pagesOnce.Do(func() { pagesTmpl = template.Must(template.ParseFS(templateFS, "templates/*.html")) })
	return pagesTmpl
}

// pageData feeds every page template; each page uses the fields it needs.
type pageData struct {
	Title, Heading, Message, Error string
	OK                             bool

	// Sign-in and consent.
	Action, Ticket, UserCode, Username string
	Device                             bool
	ClientName, User                   string
	Scopes                             []string

	// Federation login.
	Account, AccountName, Role, Issuer, Destination string

	// Home.
	StartURL, Region, Endpoint, Password string
}

// escaped returns d with every text HTML-escaped, ready for the templates.
func (d pageData) escaped() pageData {
	h := template.HTMLEscapeString
	e := d
	for _, f := range []*string{&e.Title, &e.Heading, &e.Message, &e.Error, &e.Action, &e.Ticket, &e.UserCode,
		&e.Username, &e.ClientName, &e.User, &e.Account, &e.AccountName, &e.Role, &e.Issuer, &e.Destination,
		&e.StartURL, &e.Region, &e.Endpoint, &e.Password} {
		*f = h(*f)
	}
	e.Scopes = make([]string, len(d.Scopes))
	for i, s := range d.Scopes {
		e.Scopes[i] = h(s)
	}
	return e
}

// render writes a page with headers that keep it self-contained: no external assets, no
// framing, no caching, no referrer.
func (s *Server) render(w http.ResponseWriter, status int, name string, data pageData) {
	var buf bytes.Buffer
	if err := pages().ExecuteTemplate(&buf, name, data.escaped()); err != nil {
		s.logf("render %s: %v", name, err)
		http.Error(w, "emulator: page failed to render", http.StatusInternalServerError)
		return
	}
	h := w.Header()
	h.Set("Content-Type", "text/html; charset=utf-8")
	h.Set("Content-Security-Policy", "default-src 'none'; style-src 'unsafe-inline'; frame-ancestors 'none'; base-uri 'none'")
	h.Set("X-Frame-Options", "DENY")
	h.Set("X-Content-Type-Options", "nosniff")
	h.Set("Referrer-Policy", "no-referrer")
	h.Set("Cache-Control", "no-store")
	h.Set("Content-Length", strconv.Itoa(buf.Len()))
	w.WriteHeader(status)
	w.Write(buf.Bytes())
}

func (s *Server) renderError(w http.ResponseWriter, status int, heading, message string) {
	s.render(w, status, "error", pageData{Title: heading, Heading: heading, Message: message})
}

func (s *Server) handleHome(w http.ResponseWriter, r *http.Request, _ []byte) error {
	u := s.DefaultUser()
	s.render(w, http.StatusOK, "home", pageData{
		Title: "Emulator", StartURL: s.startURL, Region: s.region, Endpoint: s.baseURL(r),
		User: u.Name, Password: u.Password,
	})
	return nil
}

// formValues merges the query string and a urlencoded body, body values first.
func formValues(r *http.Request, body []byte) url.Values {
	v := r.URL.Query()
	if r.Method == http.MethodPost {
		if form, err := url.ParseQuery(string(body)); err == nil {
			for k, vals := range form {
				v[k] = append(vals, v[k]...)
			}
		}
	}
	return v
}

// checkPassword reports whether name and password sign in a user of the organisation.
func (s *Server) checkPassword(name, password string) bool {
	u := s.ix.users[name]
	if u == nil {
		// Compare anyway so a wrong user name takes as long as a wrong password.
		subtle.ConstantTimeCompare([]byte(password), []byte(password))
		return false
	}
	return subtle.ConstantTimeCompare([]byte(password), []byte(u.Password)) == 1
}

// newTicketLocked records a signed-in user on the way to a consent form.
func (s *Server) newTicketLocked(t *ticket) string {
	id := randomString(24)
	t.expiresAt = s.now().Add(s.opts.DeviceCodeTTL)
	s.st.tickets[id] = t
	return id
}

// takeTicket returns and forgets a ticket: each consent form can be submitted once.
func (s *Server) takeTicket(id string) *ticket {
	s.mu.Lock()
	defer s.mu.Unlock()
	t := s.st.tickets[id]
	delete(s.st.tickets, id)
	if t == nil || !s.now().Before(t.expiresAt) {
		return nil
	}
	return t
}
