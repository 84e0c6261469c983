package emulator_test

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/xml"
	"io"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	v4 "github.com/aws/aws-sdk-go-v2/aws/signer/v4"

	"github.com/awsso/awsso/internal/emulator"
)

// post sends a query-protocol form to the emulator, signed with creds unless they are nil,
// and returns the status, the x-amzn-RequestId header and the body.
func (r *rig) post(t *testing.T, form url.Values, creds *aws.Credentials) (int, string, []byte) {
	t.Helper()
	body := form.Encode()
	req, err := http.NewRequest(http.MethodPost, r.env.URL+"/", strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded; charset=utf-8")
	if creds != nil {
		sum := sha256.Sum256([]byte(body))
		if err := v4.NewSigner().SignHTTP(ctx, *creds, req, hex.EncodeToString(sum[:]), "sts", r.env.Region, time.Now()); err != nil {
			t.Fatal(err)
		}
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	data, _ := io.ReadAll(resp.Body)
	if ct := resp.Header.Get("Content-Type"); ct != "text/xml" {
		t.Errorf("Content-Type %q", ct)
	}
	return resp.StatusCode, resp.Header.Get("x-amzn-RequestId"), data
}

// elementPaths lists the path of every element of an XML document with its text, in order:
// "AssumeRoleResponse/AssumeRoleResult/Credentials/AccessKeyId=ASIA...".
func elementPaths(t *testing.T, data []byte) []string {
	t.Helper()
	var out, stack []string
	dec := xml.NewDecoder(strings.NewReader(string(data)))
	for {
		tok, err := dec.Token()
		if err == io.EOF {
			return out
		}
		if err != nil {
			t.Fatalf("%v in %s", err, data)
		}
		switch tok := tok.(type) {
		case xml.StartElement:
			stack = append(stack, tok.Name.Local)
			if len(stack) == 1 && tok.Name.Space != "https://sts.amazonaws.com/doc/2011-06-15/" {
				t.Errorf("namespace %q", tok.Name.Space)
			}
			out = append(out, strings.Join(stack, "/"))
		case xml.CharData:
			if text := strings.TrimSpace(string(tok)); text != "" && len(out) > 0 {
				out[len(out)-1] += "=" + text
			}
		case xml.EndElement:
			stack = stack[:len(stack)-1]
		}
	}
}

// TestSTSWire checks AssumeRole and AssumeRoleWithWebIdentity on the wire, element by element:
// the response and error documents as STS writes them, statuses as STS returns them.
func TestSTSWire(t *testing.T) {
	t.Parallel()
	r := newRig(t)
	alice := &aws.Credentials{AccessKeyID: emulator.DefaultAccessKeyID, SecretAccessKey: emulator.DefaultSecretAccessKey}
	form := func(kv ...string) url.Values {
		v := url.Values{"Version": {"2011-06-15"}}
		for i := 0; i < len(kv); i += 2 {
			v.Set(kv[i], kv[i+1])
		}
		return v
	}
	errorDoc := func(code, msg, id string) []string {
		return []string{"ErrorResponse", "ErrorResponse/Error", "ErrorResponse/Error/Type=Sender", "ErrorResponse/Error/Code=" + code,
			"ErrorResponse/Error/Message=" + msg, "ErrorResponse/RequestId=" + id}
	}
	const role = "arn:aws:iam::111122223333:role/Wire"
	token, err := r.env.Server.WebIdentityToken(emulator.WebIdentityClaims{Subject: "wire"})
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name   string
		form   url.Values
		creds  *aws.Credentials
		status int
		want   func(id string) []string // nil: a success document, checked below
	}{
		{"no parameters", form("Action", "AssumeRole"), alice, 400, func(id string) []string {
			return errorDoc("ValidationError", "2 validation errors detected: Value null at 'roleArn' failed to satisfy constraint: Member must not be null; "+
				"Value null at 'roleSessionName' failed to satisfy constraint: Member must not be null", id)
		}},
		{"a session name STS refuses twice", form("Action", "AssumeRole", "RoleArn", role, "RoleSessionName", strings.Repeat("é", 65)), alice, 400, func(id string) []string {
			v := "Value '" + strings.Repeat("é", 65) + "' at 'roleSessionName' failed to satisfy constraint: Member must "
			return errorDoc("ValidationError", "2 validation errors detected: "+v+"satisfy regular expression pattern: [\\w+=,.@-]*; "+v+"have length less than or equal to 64", id)
		}},
		{"unsigned", form("Action", "AssumeRole", "RoleArn", role, "RoleSessionName", "wire"), nil, 403, func(id string) []string {
			return errorDoc("MissingAuthenticationToken", "Request is missing Authentication Token", id)
		}},
		{"denied", form("Action", "AssumeRole", "RoleArn", "arn:aws:iam::000000000000:role/Wire", "RoleSessionName", "wire"), alice, 403, func(id string) []string {
			return errorDoc("AccessDenied", "User: arn:aws:iam::111122223333:user/alice is not authorized to perform: sts:AssumeRole on resource: arn:aws:iam::000000000000:role/Wire", id)
		}},
		{"assumed", form("Action", "AssumeRole", "RoleArn", role, "RoleSessionName", "wire", "Policy", `{"Version":"2012-10-17"}`), alice, 200, nil},
		{"web identity, unsigned", form("Action", "AssumeRoleWithWebIdentity", "RoleArn", role, "RoleSessionName", "wire", "WebIdentityToken", token), nil, 200, nil},
		{"web identity, not a JWT", form("Action", "AssumeRoleWithWebIdentity", "RoleArn", role, "RoleSessionName", "wire", "WebIdentityToken", "opaque"), nil, 400, func(id string) []string {
			return errorDoc("InvalidIdentityToken", "The ID Token provided is not a valid JWT. (You may see this error if you sent an Access Token)", id)
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			status, id, body := r.post(t, tt.form, tt.creds)
			if status != tt.status {
				t.Errorf("status %d, want %d: %s", status, tt.status, body)
			}
			got := elementPaths(t, body)
			if tt.want != nil {
				if want := tt.want(id); strings.Join(got, "\n") != strings.Join(want, "\n") {
					t.Errorf("document:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
				}
				return
			}
			checkSuccess(t, tt.form.Get("Action"), id, got)
		})
	}
}

// checkSuccess checks the elements of an AssumeRole* response, in STS's order.
func checkSuccess(t *testing.T, action, id string, got []string) {
	t.Helper()
	res := action + "Response/" + action + "Result"
	var want []string
	if action == "AssumeRoleWithWebIdentity" {
		want = append(want, res+"/SubjectFromWebIdentityToken=wire", res+"/Audience=sts.amazonaws.com")
	}
	want = append(want, res+"/AssumedRoleUser", res+"/AssumedRoleUser/AssumedRoleId=AROA*:wire",
		res+"/AssumedRoleUser/Arn=arn:aws:sts::111122223333:assumed-role/Wire/wire", res+"/Credentials",
		res+"/Credentials/AccessKeyId=ASIA*", res+"/Credentials/SecretAccessKey=*", res+"/Credentials/SessionToken=*",
		res+"/Credentials/Expiration=*")
	if action == "AssumeRoleWithWebIdentity" {
		want = append(want, res+"/Provider="+emulator.DefaultOIDCIssuer)
	}
	want = append([]string{action + "Response", res}, append(want, action+"Response/ResponseMetadata", action+"Response/ResponseMetadata/RequestId="+id)...)
	if len(got) != len(want) {
		t.Fatalf("document:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	for i := range want {
		pattern := "^" + strings.ReplaceAll(regexp.QuoteMeta(want[i]), `\*`, ".+") + "$"
		if !regexp.MustCompile(pattern).MatchString(got[i]) {
			t.Errorf("element %d = %s, want %s", i, got[i], want[i])
		}
	}
	exp := got[len(got)-3]
	if action == "AssumeRoleWithWebIdentity" {
		exp = got[len(got)-4]
	}
	if !regexp.MustCompile(`Expiration=\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$`).MatchString(exp) {
		t.Errorf("%s: not an ISO 8601 UTC time to the second", exp)
	}
}
