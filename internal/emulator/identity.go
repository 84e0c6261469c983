package emulator

import (
	"crypto/sha256"
	"strings"
	"time"
)

// identity is who a credential belongs to, as STS reports and trust rules see it.
type identity struct {
	arn         string // the caller ARN of GetCallerIdentity: assumed-role/ROLE/SESSION or user/NAME
	userID      string // AROA...:SESSION or AIDA...
	principal   string // the IAM ARN of the role or user, matched against trusted principals
	roleSession bool   // role credentials: assuming a role with them is role chaining
}

// staticExpiry is when an IAM user's access key expires: never, within any test.
var staticExpiry = time.Date(9999, 12, 31, 0, 0, 0, 0, time.UTC)

// newSessionCredential returns fresh temporary credentials (ASIA key, secret, session token)
// that expire at expiresAt; the caller fills in who they belong to.
func newSessionCredential(expiresAt time.Time) *roleCredential {
	return &roleCredential{
		accessKeyID: "ASIA" + randomFrom(base32Alphabet, 16),
		secret:      randomStd(30),
		token:       "IQoJb3JpZ2luX2VjE" + randomStd(600),
		expiresAt:   expiresAt,
	}
}

const base32Alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567"

// ssoIdentity is the identity of the role credentials a user gets from the portal: a session
// of the IAM role Identity Center made for the permission set, named after the user.
func (s *Server) ssoIdentity(accountID, role, user string) identity {
	roleName := "AWSReservedSSO_" + role + "_" + roleSuffix(accountID, role)
	return identity{
		arn:         assumedRoleARN(accountID, role, user),
		userID:      roleID(accountID, role) + ":" + user,
		principal:   "arn:aws:iam::" + accountID + ":role/aws-reserved/sso.amazonaws.com/" + s.region + "/" + roleName,
		roleSession: true,
	}
}

// roleSessionIdentity is the identity of credentials from AssumeRole or
// AssumeRoleWithWebIdentity: roleARN is the role as the caller named it (with its path).
func roleSessionIdentity(roleARN string, ra parsedRoleARN, session string) identity {
	return identity{
		arn:         "arn:" + ra.partition + ":sts::" + ra.account + ":assumed-role/" + ra.name + "/" + session,
		userID:      roleID(ra.account, ra.name) + ":" + session,
		principal:   roleARN,
		roleSession: true,
	}
}

// seedIAMUsers makes the organisation's IAM user access keys known to SigV4 verification.
func (s *Server) seedIAMUsers() {
	byName := map[string]string{}
	for _, a := range s.org.Accounts {
		byName[a.ID], byName[a.Name] = a.ID, a.ID
	}
	for _, u := range s.org.IAMUsers {
		account := byName[u.Account]
		arn := "arn:aws:iam::" + account + ":user/" + u.Name
		sum := sha256.Sum256([]byte("user:" + arn))
		id := make([]byte, 17)
		for i := range id {
			id[i] = base32Alphabet[sum[i]%32]
		}
		s.st.creds[u.AccessKeyID] = &roleCredential{
			accessKeyID: u.AccessKeyID, secret: u.SecretAccessKey, expiresAt: staticExpiry,
			accountID: account, user: u.Name,
			identity: identity{arn: arn, userID: "AIDA" + string(id), principal: arn},
		}
	}
}

// trusts reports whether principals admit the holder of c: "*", c's account (as an id or
// arn:PARTITION:iam::ACCOUNT:root), or a pattern matching c's principal or caller ARN.
func trusts(principals []string, c *roleCredential) bool {
	for _, p := range principals {
		if p == "*" || p == c.accountID || globMatch(p, c.principal) || globMatch(p, c.arn) {
			return true
		}
		if acct, ok := rootAccount(p); ok && acct == c.accountID {
			return true
		}
	}
	return false
}

// rootAccount returns ACCOUNT of arn:PARTITION:iam::ACCOUNT:root.
func rootAccount(p string) (string, bool) {
	f := strings.Split(p, ":")
	if len(f) != 6 || f[0] != "arn" || f[2] != "iam" || f[3] != "" || f[5] != "root" || !accountIDRe.MatchString(f[4]) {
		return "", false
	}
	return f[4], true
}
