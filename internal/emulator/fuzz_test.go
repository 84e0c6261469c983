package emulator

import (
	"encoding/json"
	"encoding/xml"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
	"unicode/utf8"
)

// FuzzServeHTTP sends arbitrary requests to every route and checks that the emulator never
// panics and always answers an API call with an error the SDKs can decode: JSON with __type
// matching x-amzn-ErrorType for OIDC and the portal, the STS XML shape for STS.
func FuzzServeHTTP(f *testing.F) {
	s := New(Options{AutoApprove: true})
	// A registered client and a signed-in session let the fuzzer reach past authentication.
	rec := httptest.NewRecorder()
	s.ServeHTTP(rec, httptest.NewRequest("POST", "/client/register", strings.NewReader(`{"clientName":"f","clientType":"public","scopes":["sso:account:access"]}`)))
	var reg registerClientOutput
	json.Unmarshal(rec.Body.Bytes(), &reg)
	s.ServeHTTP(rec, httptest.NewRequest("POST", "/device_authorization", strings.NewReader(`{"clientId":"`+reg.ClientID+`","clientSecret":"`+reg.ClientSecret+`","startUrl":"`+s.StartURL()+`"}`)))

	webToken, _ := s.WebIdentityToken(WebIdentityClaims{})
	seeds := []struct{ method, target, body, header string }{
		{"POST", "/client/register", `{"clientName":"x","clientType":"public","grantTypes":["authorization_code"],"redirectUris":["http://127.0.0.1/cb"],"issuerUrl":"` + s.StartURL() + `"}`, ""},
		{"POST", "/client/register", `{"clientName":1}`, ""},
		{"POST", "/device_authorization", `{"clientId":"` + reg.ClientID + `","clientSecret":"` + reg.ClientSecret + `","startUrl":"x"}`, ""},
		{"POST", "/token", `{"clientId":"` + reg.ClientID + `","clientSecret":"` + reg.ClientSecret + `","grantType":"refresh_token","refreshToken":"aor"}`, ""},
		{"POST", "/token", `{"clientId":"` + reg.ClientID + `","clientSecret":"` + reg.ClientSecret + `","grantType":"authorization_code","code":"c","redirectUri":"http://127.0.0.1/cb","codeVerifier":"v"}`, ""},
		{"POST", "/token", `[]`, ""},
		{"GET", "/assignment/accounts?max_result=2&next_token=YWNjb3VudHMjMQ", "", "aoa"},
		{"GET", "/assignment/roles?account_id=111122223333&max_result=0", "", ""},
		{"GET", "/federation/credentials?account_id=111122223333&role_name=ReadOnly", "", "x"},
		{"POST", "/logout", "", ""},
		{"POST", "/", "Action=GetCallerIdentity&Version=2011-06-15", "AWS4-HMAC-SHA256 Credential=ASIA/20240101/us-east-1/sts/aws4_request, SignedHeaders=host;x-amz-date, Signature=00"},
		{"GET", "/?Action=AssumeRole", "", ""},
		{"POST", "/", "Action=AssumeRole&RoleArn=arn:aws:iam::111122223333:role/R&RoleSessionName=s&DurationSeconds=x&TokenCode=12", "AWS4-HMAC-SHA256 Credential=" + DefaultAccessKeyID + "/20240101/us-east-1/sts/aws4_request, SignedHeaders=host, Signature=00"},
		{"POST", "/", "Action=AssumeRoleWithWebIdentity&RoleArn=arn:aws:iam::111122223333:role/R&RoleSessionName=web&WebIdentityToken=" + webToken, ""},
		{"POST", "/", "Action=AssumeRoleWithWebIdentity&RoleArn=arn:aws:iam::111122223333:role/R&RoleSessionName=web&WebIdentityToken=e30.e30.", ""},
		{"GET", "/authorize?response_type=code&client_id=" + reg.ClientID + "&redirect_uri=http://127.0.0.1:1/cb&code_challenge=x&code_challenge_method=S256", "", ""},
		{"POST", "/device", "user_code=ABCD-EFGH&username=alice&password=x", ""},
		{"POST", "/device/consent", "ticket=x&decision=allow", ""},
		{"GET", "/federation?Action=getSigninToken&Session=%7B%7D", "", ""},
		{"GET", "/federation?Action=login&SigninToken=x", "", ""},
		{"POST", "/_emulator/faults", `{"errorRate":2}`, ""},
		{"POST", "/_emulator/approve", `{"userCode":1}`, ""},
		{"DELETE", "/nowhere", "", ""},
	}
	for _, sd := range seeds {
		f.Add(sd.method, sd.target, sd.body, sd.header)
	}
	f.Fuzz(func(t *testing.T, method, target, body, header string) {
		if method != "GET" && method != "POST" && method != "PUT" && method != "DELETE" {
			method = "POST"
		}
		u, err := url.ParseRequestURI(target)
		if err != nil || !strings.HasPrefix(target, "/") || strings.ContainsAny(target, " \t\r\n") || strings.HasPrefix(u.Path, "/_emulator/") && method == "POST" && u.Path != "/_emulator/faults" {
			return // not a request line a client can send; /_emulator actions would only reset state
		}
		req := httptest.NewRequest(method, target, strings.NewReader(body))
		req.Header.Set("x-amz-sso_bearer_token", header)
		req.Header.Set("Authorization", header)
		rec := httptest.NewRecorder()
		s.ServeHTTP(rec, req)
		if u.Path == "/_emulator/faults" {
			s.SetFaults(Faults{}) // keep later inputs free of injected faults
		}
		checkResponse(t, s, req, rec)
	})
}

// checkResponse asserts that an error answer is well formed for its service.
func checkResponse(t *testing.T, s *Server, req *http.Request, rec *httptest.ResponseRecorder) {
	if rec.Code < 200 || rec.Code > 599 {
		t.Fatalf("status %d", rec.Code)
	}
	if rec.Code < 400 {
		return
	}
	rt, ok := s.route(req)
	switch {
	case ok && rt.kind == kindPage:
		if ct := rec.Header().Get("Content-Type"); !strings.HasPrefix(ct, "text/html") && !strings.HasPrefix(ct, "application/json") {
			t.Fatalf("page error with content type %q", ct)
		}
	case ok && rt.kind == kindSTS:
		var e stsErrorResponse
		if err := xml.Unmarshal(rec.Body.Bytes(), &e); err != nil || e.Code == "" || e.Message == "" {
			t.Fatalf("STS error %d not in the XML shape: %v\n%s", rec.Code, err, rec.Body)
		}
	default:
		var e map[string]string
		if err := json.Unmarshal(rec.Body.Bytes(), &e); err != nil || e["__type"] == "" || e["__type"] != rec.Header().Get("x-amzn-ErrorType") {
			t.Fatalf("error %d not decodable: %v\n%s", rec.Code, err, rec.Body)
		}
		if e["message"] == "" && (e["error"] == "" || e["error_description"] == "") {
			t.Fatalf("error without message or OAuth pair: %s", rec.Body)
		}
	}
}

// FuzzParseOrg checks that organisation files never crash the loader and that what it
// accepts is valid.
func FuzzParseOrg(f *testing.F) {
	for _, name := range []string{"testdata/org.yaml", "testdata/org.json"} {
		if org, err := LoadOrg(name); err == nil {
			data, _ := json.Marshal(org)
			f.Add(data, true)
		}
	}
	f.Add([]byte("users: [{name: a, password: b}]\naccounts: []\npermissionSets: []\nassignments: []\n"), false)
	f.Add([]byte("users: &a [*a]"), false)
	f.Fuzz(func(t *testing.T, data []byte, isJSON bool) {
		org, err := ParseOrg(data, isJSON)
		if err != nil {
			return
		}
		if err := org.Validate(); err != nil {
			t.Fatalf("accepted an invalid organisation: %v", err)
		}
		New(Options{Org: org}) // must not panic
	})
}

// FuzzSTSDecoding feeds AssumeRole and AssumeRoleWithWebIdentity parameters and web identity
// tokens to the decoders: they never panic, what they accept meets STS's constraints, and what
// they refuse is refused with STS's error codes.
func FuzzSTSDecoding(f *testing.F) {
	s := New(Options{})
	good, _ := s.WebIdentityToken(WebIdentityClaims{})
	f.Add("RoleArn=arn:aws:iam::111122223333:role/R&RoleSessionName=ok&DurationSeconds=900&ExternalId=x-1&SerialNumber=arn:aws:iam::111122223333:mfa/alice&TokenCode=123456", good)
	f.Add("RoleSessionName=%C3%A9%C3%A9&DurationSeconds=-1&TokenCode=12345a", "e30.e30.")
	f.Add("DurationSeconds=99999999999999999999&ExternalId=", good[:len(good)-2])
	f.Add("RoleArn=arn%3Aaws&RoleSessionName=a+b", `eyJhbGciOiJIUzI1NiJ9.eyJhdWQiOlsiYSJdfQ.x`)
	f.Fuzz(func(t *testing.T, body, token string) {
		form, err := url.ParseQuery(body)
		if err != nil {
			return
		}
		in, serr := decodeAssumeRole(form)
		if serr != nil {
			if serr.code != "ValidationError" || serr.status != 400 || !strings.Contains(serr.msg, "validation error") {
				t.Fatalf("refused with %v", serr)
			}
		} else {
			n := utf8.RuneCountInString
			if n(in.roleARN) < 20 || n(in.roleARN) > 2048 || n(in.sessionName) < 2 || n(in.sessionName) > 64 || !sessionNameRe.MatchString(in.sessionName) ||
				in.duration != 0 && (in.duration < 900 || in.duration > 43200) || in.tokenCode != "" && (len(in.tokenCode) != 6 || !tokenCodeRe.MatchString(in.tokenCode)) {
				t.Fatalf("accepted %+v", in)
			}
		}
		form.Set("WebIdentityToken", token)
		if _, serr := decodeWebIdentity(form); serr != nil && serr.code != "ValidationError" {
			t.Fatalf("web identity refused with %v", serr)
		}
		claims, serr := s.verifyWebIdentityToken(token)
		switch {
		case serr == nil && (claims.Issuer != DefaultOIDCIssuer || claims.matchedAudience == ""):
			t.Fatalf("accepted %q with claims %+v", token, claims)
		case serr != nil && serr.code != "InvalidIdentityToken" && serr.code != "ExpiredTokenException":
			t.Fatalf("token refused with %v", serr)
		}
	})
}
