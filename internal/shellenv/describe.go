package shellenv

import (
	"errors"
	"strings"

	"github.com/awsso/awsso/internal/awsconfig"
)

// Describe returns what the config says of profile for use and the prompt (its account, role
// and region), and its IAM Identity Center settings when it has them (nil for keys, a
// credential_process and the like). An unknown profile is an error that names the close
// matches.
func Describe(cfg *awsconfig.Config, profile string) (Use, *awsconfig.SSO, error) {
	u := Use{Profile: profile}
	s, err := cfg.ResolveSSO(profile)
	var notSSO *awsconfig.NotSSOError
	switch {
	case errors.As(err, &notSSO):
		p, _ := cfg.Profile(profile)
		u.Region, _ = p.Get(awsconfig.KeyRegion)
		if arn, ok := p.Get("role_arn"); ok {
			u.AccountID, u.RoleName = roleARN(arn)
		}
		return u, nil, nil
	case err != nil:
		return u, nil, err
	}
	u.AccountID, u.RoleName, u.Region = s.AccountID, s.RoleName, s.ClientRegion
	return u, s, nil
}

// roleARN returns the account and role name of arn:aws:iam::111122223333:role/path/Name.
func roleARN(arn string) (account, role string) {
	parts := strings.SplitN(arn, ":", 6)
	if len(parts) != 6 || parts[0] != "arn" || !strings.HasPrefix(parts[5], "role/") {
		return "", ""
	}
	path := parts[5]
	return parts[4], path[strings.LastIndexByte(path, '/')+1:]
}
