package resolver

import (
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"net/http/httputil"
	"net/url"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"
)

// fakeSTS answers STS AssumeRole and AssumeRoleWithWebIdentity in STS's wire format and sends
// every other request to next (the emulator), so a chain from IAM Identity Center runs over
// real HTTP with the SDK's own STS client. It records each call.
type fakeSTS struct {
	URL  string
	mu   sync.Mutex
	n    int
	arns map[string]string // the caller ARN of each access key it issued or knows
	Seen []url.Values      // the form of each AssumeRole*, with "SignedBy" added (the access key, or "")
	// Fail, when set, answers AssumeRole* with this error code (403).
	Fail string
}

func newFakeSTS(t testing.TB, next string) *fakeSTS {
	f := &fakeSTS{arns: map[string]string{staticKey: "arn:aws:iam::111122223333:user/interop"}}
	var proxy http.Handler = http.NotFoundHandler()
	if next != "" {
		u, _ := url.Parse(next)
		proxy = httputil.NewSingleHostReverseProxy(u)
	}
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(r.Body)
		form, _ := url.ParseQuery(string(body))
		action := form.Get("Action")
		if action == "GetCallerIdentity" && f.identify(w, r) {
			return
		}
		if r.Method != http.MethodPost || (action != "AssumeRole" && action != "AssumeRoleWithWebIdentity") {
			r.Body = io.NopCloser(strings.NewReader(string(body)))
			proxy.ServeHTTP(w, r)
			return
		}
		f.answer(w, r, action, form)
	}))
	t.Cleanup(srv.Close)
	f.URL = srv.URL
	return f
}

func (f *fakeSTS) answer(w http.ResponseWriter, r *http.Request, action string, form url.Values) {
	f.mu.Lock()
	f.n++
	n := f.n
	form.Set("SignedBy", signer(r.Header.Get("Authorization")))
	f.Seen = append(f.Seen, form)
	fail := f.Fail
	f.mu.Unlock()
	w.Header().Set("x-amzn-RequestId", "req-"+strconv.Itoa(n))
	w.Header().Set("Content-Type", "text/xml")
	if fail != "" || form.Get("WebIdentityToken") == "expired" {
		if fail == "" {
			fail = "ExpiredTokenException"
		}
		w.WriteHeader(http.StatusForbidden)
		fmt.Fprintf(w, `<ErrorResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/"><Error><Type>Sender</Type><Code>%s</Code><Message>refused by the fake</Message></Error><RequestId>req-%d</RequestId></ErrorResponse>`, fail, n)
		return
	}
	duration := 3600
	if v := form.Get("DurationSeconds"); v != "" {
		duration, _ = strconv.Atoi(v)
	}
	arn := form.Get("RoleArn")
	parts := strings.SplitN(arn, ":", 6)
	role := strings.TrimPrefix(parts[5], "role/")
	session := form.Get("RoleSessionName")
	expires := time.Now().Add(time.Duration(duration) * time.Second).UTC().Format(time.RFC3339)
	f.mu.Lock()
	f.arns[fmt.Sprintf("ASIAFAKE%04d", n)] = "arn:aws:sts::" + parts[4] + ":assumed-role/" + role + "/" + session
	f.mu.Unlock()
	fmt.Fprintf(w, `<%[1]sResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/"><%[1]sResult>`+
		`<Credentials><AccessKeyId>ASIAFAKE%04[2]d</AccessKeyId><SecretAccessKey>secret-%[2]d</SecretAccessKey><SessionToken>token-%[2]d</SessionToken><Expiration>%[3]s</Expiration></Credentials>`+
		`<AssumedRoleUser><AssumedRoleId>AROAFAKE:%[4]s</AssumedRoleId><Arn>arn:aws:sts::%[5]s:assumed-role/%[6]s/%[4]s</Arn></AssumedRoleUser>`+
		`</%[1]sResult><ResponseMetadata><RequestId>req-%[2]d</RequestId></ResponseMetadata></%[1]sResponse>`,
		action, n, expires, session, parts[4], role)
}

// staticKey is the long-term key the fake knows as an IAM user's.
const staticKey = "AKIAINTEROPSTATIC"

// identify answers GetCallerIdentity for the keys the fake knows, and reports whether it did
// (the emulator answers for its own role credentials).
func (f *fakeSTS) identify(w http.ResponseWriter, r *http.Request) bool {
	f.mu.Lock()
	arn, ok := f.arns[signer(r.Header.Get("Authorization"))]
	f.mu.Unlock()
	if !ok {
		return false
	}
	parts := strings.SplitN(arn, ":", 6)
	w.Header().Set("Content-Type", "text/xml")
	fmt.Fprintf(w, `<GetCallerIdentityResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/"><GetCallerIdentityResult>`+
		`<Arn>%s</Arn><UserId>AIDAFAKE</UserId><Account>%s</Account></GetCallerIdentityResult>`+
		`<ResponseMetadata><RequestId>gci</RequestId></ResponseMetadata></GetCallerIdentityResponse>`, arn, parts[4])
	return true
}

// calls returns what was asked so far.
func (f *fakeSTS) calls() []url.Values {
	f.mu.Lock()
	defer f.mu.Unlock()
	return append([]url.Values(nil), f.Seen...)
}

// signer is the access key of a SigV4 Authorization header, or "".
func signer(auth string) string {
	_, rest, ok := strings.Cut(auth, "Credential=")
	if !ok {
		return ""
	}
	key, _, _ := strings.Cut(rest, "/")
	return key
}
