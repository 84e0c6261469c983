package configure

import (
	"errors"
	"fmt"
	"net/url"
	"regexp"
	"strings"

	"github.com/awsso/awsso/internal/awsconfig"
)

// validStartURL accepts an https URL with a host. The access portal is always https; an http
// URL would send the sign-in in clear text to anyone on the network path.
func validStartURL(s string) error {
	u, err := url.Parse(s)
	if err != nil || u.Host == "" || (u.Scheme != "https" && u.Scheme != "http") {
		return errors.New("not a URL: the start URL looks like https://d-1234567890.awsapps.com/start")
	}
	if u.Scheme != "https" {
		return errors.New("the start URL must use https: the sign-in must not travel in clear text, and every AWS access portal URL is https")
	}
	return nil
}

// regionRe is the shape of every AWS region name: us-east-1, us-gov-west-1, eu-isoe-west-1.
var regionRe = regexp.MustCompile(`^[a-z]{2}(-[a-z]+)+-[0-9]{1,2}$`)

func validRegion(s string) error {
	if !regionRe.MatchString(s) {
		return fmt.Errorf("%q is not a region name: use one such as us-east-1 or eu-west-2", s)
	}
	return nil
}

func validScopes(s string) error {
	for _, scope := range strings.Split(s, ",") {
		if strings.ContainsAny(strings.TrimSpace(scope), " \t") {
			return errors.New("scopes must be separated by commas")
		}
	}
	if len(splitScopes(s)) == 0 {
		return errors.New("give at least one scope, such as sso:account:access")
	}
	return nil
}

func validName(s string) error {
	if !awsconfig.ValidName(s) {
		return errors.New("use letters, digits and - _ . / @ : + % without blanks, quotes, '#' or ';'")
	}
	return nil
}

// outputFormats are the AWS CLI's output formats.
var outputFormats = []string{"json", "text", "table", "yaml", "yaml-stream"}

func validOutput(s string) error {
	for _, f := range outputFormats {
		if s == f {
			return nil
		}
	}
	return fmt.Errorf("%q is not an output format: use %s", s, strings.Join(outputFormats, ", "))
}

func validAccountID(s string) error {
	if len(s) != 12 || strings.Trim(s, "0123456789") != "" {
		return fmt.Errorf("%q is not an account id: an account id is 12 digits", s)
	}
	return nil
}

// splitScopes splits a comma-separated scope list, trimming and dropping empty entries.
func splitScopes(s string) []string {
	var out []string
	for _, scope := range strings.Split(s, ",") {
		if scope = strings.TrimSpace(scope); scope != "" {
			out = append(out, scope)
		}
	}
	return out
}

// sameStartURL compares start URLs as users write them: a trailing "/" or "#/" does not matter.
func sameStartURL(a, b string) bool {
	norm := func(s string) string { return strings.TrimSuffix(strings.TrimSuffix(s, "#/"), "/") }
	return norm(a) == norm(b)
}
