package emulator

import (
	"encoding/base64"
	"encoding/json"
	"net/http/httptest"
	"strconv"
	"strings"
	"testing"
)

// signedIn returns a server with n generated accounts and an access token for alice.
func signedIn(b *testing.B, n int) (*Server, string) {
	s := New(Options{Org: GenerateOrg(n), AutoApprove: true})
	do := func(path, body string, out any) {
		rec := httptest.NewRecorder()
		s.ServeHTTP(rec, httptest.NewRequest("POST", path, strings.NewReader(body)))
		if rec.Code != 200 {
			b.Fatalf("%s: %d %s", path, rec.Code, rec.Body)
		}
		json.Unmarshal(rec.Body.Bytes(), out)
	}
	var reg registerClientOutput
	do("/client/register", `{"clientName":"b","clientType":"public","scopes":["sso:account:access"]}`, &reg)
	var da startDeviceAuthorizationOutput
	do("/device_authorization", `{"clientId":"`+reg.ClientID+`","clientSecret":"`+reg.ClientSecret+`","startUrl":"`+s.StartURL()+`"}`, &da)
	var tok createTokenOutput
	do("/token", `{"clientId":"`+reg.ClientID+`","clientSecret":"`+reg.ClientSecret+`","grantType":"`+grantDeviceCode+`","deviceCode":"`+da.DeviceCode+`"}`, &tok)
	return s, tok.AccessToken
}

// BenchmarkListAccounts lists the last page of a large organisation: the cost must follow the
// page size, not the number of accounts.
func BenchmarkListAccounts(b *testing.B) {
	for _, n := range []int{10, 1000, 10000} {
		b.Run(strconv.Itoa(n)+"accounts", func(b *testing.B) {
			s, token := signedIn(b, n)
			next := base64.RawURLEncoding.EncodeToString([]byte("accounts#" + strconv.Itoa(n-5)))
			b.ReportAllocs()
			for b.Loop() {
				req := httptest.NewRequest("GET", "/assignment/accounts?max_result=20&next_token="+next, nil)
				req.Header.Set(bearerHeader, token)
				rec := httptest.NewRecorder()
				s.ServeHTTP(rec, req)
				if rec.Code != 200 {
					b.Fatal(rec.Code)
				}
			}
		})
	}
}

// BenchmarkGetRoleCredentials measures issuing role credentials, the hottest portal call.
func BenchmarkGetRoleCredentials(b *testing.B) {
	s, token := signedIn(b, 3)
	b.ReportAllocs()
	for b.Loop() {
		req := httptest.NewRequest("GET", "/federation/credentials?account_id=100000000001&role_name=ReadOnly", nil)
		req.Header.Set(bearerHeader, token)
		rec := httptest.NewRecorder()
		s.ServeHTTP(rec, req)
		if rec.Code != 200 {
			b.Fatal(rec.Code)
		}
	}
}
