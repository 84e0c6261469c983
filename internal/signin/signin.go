package signin

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strings"
)

// Partition holds the hosts of one AWS partition.
type Partition struct {
	Name       string // aws, aws-cn, aws-us-gov
	Federation string // the federation endpoint
	Console    string // the console home, for the login's Destination
}

// PartitionOf returns the partition of a region.
func PartitionOf(region string) Partition {
	switch {
	case strings.HasPrefix(region, "cn-"):
		return Partition{Name: "aws-cn", Federation: "https://signin.amazonaws.cn/federation", Console: "https://console.amazonaws.cn/"}
	case strings.HasPrefix(region, "us-gov-"):
		return Partition{Name: "aws-us-gov", Federation: "https://signin.amazonaws-us-gov.com/federation", Console: "https://console.amazonaws-us-gov.com/"}
	default:
		p := Partition{Name: "aws", Federation: "https://signin.aws.amazon.com/federation", Console: "https://console.aws.amazon.com/"}
		if region != "" {
			p.Console = "https://" + region + ".console.aws.amazon.com/console/home?region=" + region
		}
		return p
	}
}

// Credentials are the role session credentials to sign in with.
type Credentials struct {
	AccessKeyID, SecretAccessKey, SessionToken string
}

// Request is one console sign-in.
type Request struct {
	// Federation is the federation endpoint (PartitionOf(region).Federation unless overridden).
	Federation string
	// Destination is the console page to land on.
	Destination string
	// Issuer names who sent the user, shown by the console on session expiry.
	Issuer      string
	Credentials Credentials
}

// Doer sends HTTP requests: an *http.Client, or the HTTP client of an aws.Config.
type Doer interface {
	Do(*http.Request) (*http.Response, error)
}

// URL exchanges the credentials for a sign-in token and returns the console login URL. The
// URL grants console access for as long as the session lasts: treat it as a secret.
func URL(ctx context.Context, client Doer, r Request) (string, error) {
	session, _ := json.Marshal(map[string]string{
		"sessionId": r.Credentials.AccessKeyID, "sessionKey": r.Credentials.SecretAccessKey, "sessionToken": r.Credentials.SessionToken,
	})
	q := url.Values{"Action": {"getSigninToken"}, "Session": {string(session)}}
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, r.Federation+"?"+q.Encode(), nil)
	if err != nil {
		return "", fmt.Errorf("federation endpoint %q: %w", r.Federation, err)
	}
	resp, err := client.Do(req)
	if err != nil {
		// The *url.Error names the URL, which holds the credentials: report only its cause.
		var ue *url.Error
		if errors.As(err, &ue) {
			err = ue.Err
		}
		return "", fmt.Errorf("get a console sign-in token: %w", err)
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(io.LimitReader(resp.Body, 1<<20))
	if err != nil {
		return "", fmt.Errorf("get a console sign-in token: %w", err)
	}
	if resp.StatusCode != http.StatusOK {
		return "", fmt.Errorf("get a console sign-in token: the federation endpoint answered %s", resp.Status)
	}
	var out struct{ SigninToken string }
	if err := json.Unmarshal(body, &out); err != nil || out.SigninToken == "" {
		return "", errors.New("get a console sign-in token: the answer holds no SigninToken")
	}
	login := url.Values{"Action": {"login"}, "Destination": {r.Destination}, "SigninToken": {out.SigninToken}}
	if r.Issuer != "" {
		login.Set("Issuer", r.Issuer)
	}
	return r.Federation + "?" + login.Encode(), nil
}
