package configure

import (
	"errors"
	"fmt"
	"strings"

	"github.com/awsso/awsso/internal/awsconfig"
)

// validStartURL accepts what the config may hold as a start URL (awsconfig.CheckStartURL: https,
// a host, no user-info), saying why otherwise.
func validStartURL(s string) error {
	if err := awsconfig.CheckStartURL(s); err != nil {
		return fmt.Errorf("the start URL cannot be used: %v; it looks like https://d-1234567890.awsapps.com/start", err)
	}
	return nil
}

func validRegion(s string) error {
	if !awsconfig.ValidRegionName(s) {
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
	if len(awsconfig.SplitScopes(s)) == 0 {
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

// sameStartURL compares start URLs as users write them: a trailing "/" or "#/" does not matter.
func sameStartURL(a, b string) bool {
	norm := func(s string) string { return strings.TrimSuffix(strings.TrimSuffix(s, "#/"), "/") }
	return norm(a) == norm(b)
}
