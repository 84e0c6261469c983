package emulator

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"net/http"
	"net/url"
	"sort"
	"strconv"
	"strings"
)

// sigv4Auth is a parsed AWS4-HMAC-SHA256 Authorization header.
type sigv4Auth struct {
	accessKeyID   string
	date          string // yyyymmdd of the credential scope
	region        string
	service       string
	signedHeaders []string
	signature     string
}

func (a *sigv4Auth) scope() string {
	return a.date + "/" + a.region + "/" + a.service + "/aws4_request"
}

const sigv4Algorithm = "AWS4-HMAC-SHA256"

// parseAuthorization parses "AWS4-HMAC-SHA256 Credential=AKID/DATE/REGION/SERVICE/aws4_request,
// SignedHeaders=a;b, Signature=hex".
func parseAuthorization(h string) (*sigv4Auth, error) {
	rest, ok := strings.CutPrefix(h, sigv4Algorithm+" ")
	if !ok {
		return nil, errors.New("Authorization header must use " + sigv4Algorithm)
	}
	a := &sigv4Auth{}
	for _, part := range strings.Split(rest, ",") {
		k, v, ok := strings.Cut(strings.TrimSpace(part), "=")
		if !ok {
			return nil, errors.New("Authorization header component is missing '='")
		}
		switch k {
		case "Credential":
			f := strings.Split(v, "/")
			if len(f) != 5 || f[4] != "aws4_request" || f[0] == "" || len(f[1]) != 8 {
				return nil, errors.New("Credential must be AKID/yyyymmdd/region/service/aws4_request")
			}
			a.accessKeyID, a.date, a.region, a.service = f[0], f[1], f[2], f[3]
		case "SignedHeaders":
			a.signedHeaders = strings.Split(v, ";")
		case "Signature":
			a.signature = v
		}
	}
	if a.accessKeyID == "" || len(a.signedHeaders) == 0 || a.signature == "" {
		return nil, errors.New("Authorization header requires Credential, SignedHeaders and Signature")
	}
	if !containsFold(a.signedHeaders, "host") {
		return nil, errors.New("SignedHeaders must include host")
	}
	return a, nil
}

func containsFold(list []string, s string) bool {
	for _, v := range list {
		if strings.EqualFold(v, s) {
			return true
		}
	}
	return false
}

// sigv4Signature computes the signature of r (with body) for a, amzDate and secret.
func sigv4Signature(r *http.Request, body []byte, a *sigv4Auth, amzDate, secret string) string {
	creq := canonicalRequest(r, body, a.signedHeaders)
	sum := sha256.Sum256([]byte(creq))
	toSign := sigv4Algorithm + "\n" + amzDate + "\n" + a.scope() + "\n" + hex.EncodeToString(sum[:])
	key := hmacSHA256([]byte("AWS4"+secret), a.date)
	for _, part := range []string{a.region, a.service, "aws4_request"} {
		key = hmacSHA256(key, part)
	}
	return hex.EncodeToString(hmacSHA256(key, toSign))
}

func hmacSHA256(key []byte, data string) []byte {
	m := hmac.New(sha256.New, key)
	m.Write([]byte(data))
	return m.Sum(nil)
}

// canonicalRequest builds the SigV4 canonical request of r, as the SDKs do for every service
// but S3: the escaped path escaped once more, the query sorted, the signed headers trimmed.
func canonicalRequest(r *http.Request, body []byte, signed []string) string {
	path := r.URL.EscapedPath()
	if path == "" {
		path = "/"
	}
	var b strings.Builder
	b.WriteString(r.Method + "\n")
	b.WriteString(awsEscape(path, true) + "\n")
	b.WriteString(canonicalQuery(r.URL.RawQuery) + "\n")
	for _, h := range signed {
		b.WriteString(strings.ToLower(h) + ":" + headerValue(r, h) + "\n")
	}
	b.WriteString("\n" + strings.Join(signed, ";") + "\n")
	payload := r.Header.Get("X-Amz-Content-Sha256")
	if payload == "" {
		sum := sha256.Sum256(body)
		payload = hex.EncodeToString(sum[:])
	}
	b.WriteString(payload)
	return b.String()
}

// headerValue is the canonical value of a signed header: values joined by commas, each
// trimmed with inner runs of spaces collapsed. Go moves Host out of the header map.
func headerValue(r *http.Request, name string) string {
	var values []string
	switch strings.ToLower(name) {
	case "host":
		values = []string{r.Host}
	case "content-length":
		values = r.Header.Values("Content-Length")
		if len(values) == 0 && r.ContentLength >= 0 {
			values = []string{strconv.FormatInt(r.ContentLength, 10)}
		}
	default:
		values = r.Header.Values(name)
	}
	for i, v := range values {
		values[i] = strings.Join(strings.Fields(v), " ")
	}
	return strings.Join(values, ",")
}

// canonicalQuery sorts the query parameters by name, then value, each AWS-escaped.
func canonicalQuery(raw string) string {
	if raw == "" {
		return ""
	}
	type pair struct{ k, v string }
	var pairs []pair
	for _, kv := range strings.Split(raw, "&") {
		if kv == "" {
			continue
		}
		k, v, _ := strings.Cut(kv, "=")
		if dk, err := url.QueryUnescape(k); err == nil {
			k = dk
		}
		if dv, err := url.QueryUnescape(v); err == nil {
			v = dv
		}
		pairs = append(pairs, pair{awsEscape(k, false), awsEscape(v, false)})
	}
	sort.Slice(pairs, func(i, j int) bool {
		if pairs[i].k != pairs[j].k {
			return pairs[i].k < pairs[j].k
		}
		return pairs[i].v < pairs[j].v
	})
	out := make([]string, len(pairs))
	for i, p := range pairs {
		out[i] = p.k + "=" + p.v
	}
	return strings.Join(out, "&")
}

// awsEscape percent-encodes every byte but the RFC 3986 unreserved characters (and '/' when
// keepSlash), upper-case hex, as SigV4 wants.
func awsEscape(s string, keepSlash bool) string {
	const hexDigits = "0123456789ABCDEF"
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		c := s[i]
		if 'A' <= c && c <= 'Z' || 'a' <= c && c <= 'z' || '0' <= c && c <= '9' || c == '-' || c == '_' || c == '.' || c == '~' || keepSlash && c == '/' {
			b.WriteByte(c)
			continue
		}
		b.WriteByte('%')
		b.WriteByte(hexDigits[c>>4])
		b.WriteByte(hexDigits[c&15])
	}
	return b.String()
}
