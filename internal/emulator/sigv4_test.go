package emulator

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"net/http/httptest"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	v4 "github.com/aws/aws-sdk-go-v2/aws/signer/v4"
)

// TestSigV4MatchesSDKSigner checks the verifier against the aws-sdk-go-v2 signer on requests
// with awkward paths, queries and headers.
func TestSigV4MatchesSDKSigner(t *testing.T) {
	t.Parallel()
	creds := aws.Credentials{AccessKeyID: "ASIAEXAMPLE", SecretAccessKey: "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY", SessionToken: "token"}
	tests := []struct {
		name, method, target, body string
		headers                    map[string]string
	}{
		{"sts form", "POST", "http://127.0.0.1:4567/", "Action=GetCallerIdentity&Version=2011-06-15", map[string]string{"Content-Type": "application/x-www-form-urlencoded; charset=utf-8"}},
		{"query", "GET", "http://127.0.0.1:4567/?Action=GetCallerIdentity&Version=2011-06-15&b=2&a=1&a=0", "", nil},
		{"escaped query", "GET", "http://127.0.0.1:4567/?x=a%20b&y=%2F%3D&z=~_-.&a-b=1&a=2", "", nil},
		{"escaped path", "GET", "http://127.0.0.1:4567/some%20path/with:colon", "", nil},
		{"spaced header", "POST", "http://localhost/", "x", map[string]string{"X-Amz-Meta": "  a   b  ", "Content-Type": "text/plain"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			req := httptest.NewRequest(tt.method, tt.target, bytes.NewReader([]byte(tt.body)))
			for k, v := range tt.headers {
				req.Header.Set(k, v)
			}
			sum := sha256.Sum256([]byte(tt.body))
			now := time.Date(2024, 5, 6, 7, 8, 9, 0, time.UTC)
			if err := v4.NewSigner().SignHTTP(context.Background(), creds, req, hex.EncodeToString(sum[:]), "sts", "us-east-1", now); err != nil {
				t.Fatal(err)
			}
			a, err := parseAuthorization(req.Header.Get("Authorization"))
			if err != nil {
				t.Fatal(err)
			}
			got := sigv4Signature(req, []byte(tt.body), a, req.Header.Get("X-Amz-Date"), creds.SecretAccessKey)
			if got != a.signature {
				t.Errorf("signature %s, SDK %s\ncanonical request:\n%s", got, a.signature, canonicalRequest(req, []byte(tt.body), a.signedHeaders))
			}
			if sigv4Signature(req, []byte(tt.body+"!"), a, req.Header.Get("X-Amz-Date"), creds.SecretAccessKey) == a.signature {
				t.Error("a changed body verifies")
			}
		})
	}
}

func TestParseAuthorization(t *testing.T) {
	t.Parallel()
	for _, h := range []string{
		"",
		"AWS4-HMAC-SHA256",
		"AWS4-HMAC-SHA256 Credential=a/b/c/d/aws4_request",
		"AWS4-HMAC-SHA256 Credential=AKID/20240101/us-east-1/sts/aws4_request, SignedHeaders=x-amz-date, Signature=00",
		"AWS4-HMAC-SHA256 Credential=AKID/2024/us-east-1/sts/aws4_request, SignedHeaders=host, Signature=00",
		"AWS4-HMAC-SHA256 Credential=AKID/20240101/us-east-1/sts/other, SignedHeaders=host, Signature=00",
		"AWS4-HMAC-SHA256 garbage",
	} {
		if _, err := parseAuthorization(h); err == nil {
			t.Errorf("parseAuthorization(%q) succeeded", h)
		}
	}
	a, err := parseAuthorization("AWS4-HMAC-SHA256 Credential=AKID/20240101/eu-west-1/sts/aws4_request,SignedHeaders=host;x-amz-date,Signature=abc")
	if err != nil || a.accessKeyID != "AKID" || a.region != "eu-west-1" || a.service != "sts" || len(a.signedHeaders) != 2 || a.signature != "abc" {
		t.Errorf("%+v %v", a, err)
	}
}
