package emulator

import (
	"crypto/rand"
	"encoding/base64"
	"fmt"
	"net/http"
	"strconv"
	"strings"
)

// defaultPageSize is how many items a portal list returns when max_result is not given.
const defaultPageSize = 20

type accountInfo struct {
	AccountID    string `json:"accountId"`
	AccountName  string `json:"accountName"`
	EmailAddress string `json:"emailAddress,omitempty"`
}

type listAccountsOutput struct {
	NextToken   string        `json:"nextToken,omitempty"`
	AccountList []accountInfo `json:"accountList"`
}

type roleInfo struct {
	RoleName  string `json:"roleName"`
	AccountID string `json:"accountId"`
}

type listAccountRolesOutput struct {
	NextToken string     `json:"nextToken,omitempty"`
	RoleList  []roleInfo `json:"roleList"`
}

type roleCredentialsJSON struct {
	AccessKeyID     string `json:"accessKeyId"`
	SecretAccessKey string `json:"secretAccessKey"`
	SessionToken    string `json:"sessionToken"`
	Expiration      int64  `json:"expiration"` // epoch milliseconds
}

type getRoleCredentialsOutput struct {
	RoleCredentials roleCredentialsJSON `json:"roleCredentials"`
}

// bearerHeader carries the access token to the portal.
const bearerHeader = "x-amz-sso_bearer_token"

// signedInUser returns the user an access token belongs to, or 401 UnauthorizedException for a
// missing, unknown, expired or revoked token.
func (s *Server) signedInUser(r *http.Request) (string, *accessToken, *wireError) {
	s.mu.Lock()
	defer s.mu.Unlock()
	t := s.st.access[r.Header.Get(bearerHeader)]
	now := s.now()
	if t == nil || !now.Before(t.expiresAt) || !t.sess.alive(now) {
		return "", nil, errUnauthorized()
	}
	return t.sess.user, t, nil
}

// page reads max_result and next_token and returns the slice bounds for n items. Tokens are
// opaque to clients; they carry the list they belong to, so one list's token fails on another.
func page(r *http.Request, list string, n int) (from, to int, next string, err *wireError) {
	q := r.URL.Query()
	size := defaultPageSize
	if v := q.Get("max_result"); v != "" {
		m, perr := strconv.Atoi(v)
		if perr != nil || m < 1 || m > 100 {
			return 0, 0, "", errPortalRequest("max_result must be between 1 and 100")
		}
		size = m
	}
	if t := q.Get("next_token"); t != "" {
		raw, derr := base64.RawURLEncoding.DecodeString(t)
		prefix := list + "#"
		off, perr := strconv.Atoi(strings.TrimPrefix(string(raw), prefix))
		if derr != nil || !strings.HasPrefix(string(raw), prefix) || perr != nil || off <= 0 || off > n {
			return 0, 0, "", errPortalRequest("invalid next_token")
		}
		from = off
	}
	to = min(n, from+size)
	if to < n {
		next = base64.RawURLEncoding.EncodeToString(fmt.Appendf(nil, "%s#%d", list, to))
	}
	return from, to, next, nil
}

func (s *Server) handleListAccounts(w http.ResponseWriter, r *http.Request, _ []byte) error {
	user, _, werr := s.signedInUser(r)
	if werr != nil {
		return werr
	}
	accounts := s.ix.accountsOf(user)
	from, to, next, werr := page(r, "accounts", len(accounts))
	if werr != nil {
		return werr
	}
	out := listAccountsOutput{NextToken: next, AccountList: []accountInfo{}}
	for _, a := range accounts[from:to] {
		out.AccountList = append(out.AccountList, accountInfo{AccountID: a.ID, AccountName: a.Name, EmailAddress: a.Email})
	}
	writeJSON(w, http.StatusOK, out)
	return nil
}

func (s *Server) handleListAccountRoles(w http.ResponseWriter, r *http.Request, _ []byte) error {
	user, _, werr := s.signedInUser(r)
	if werr != nil {
		return werr
	}
	accountID := r.URL.Query().Get("account_id")
	if accountID == "" {
		return errPortalRequest("account_id is required")
	}
	roles := s.ix.rolesOf(user, accountID)
	if len(roles) == 0 {
		return errForbidden()
	}
	from, to, next, werr := page(r, "roles:"+accountID, len(roles))
	if werr != nil {
		return werr
	}
	out := listAccountRolesOutput{NextToken: next, RoleList: []roleInfo{}}
	for _, role := range roles[from:to] {
		out.RoleList = append(out.RoleList, roleInfo{RoleName: role, AccountID: accountID})
	}
	writeJSON(w, http.StatusOK, out)
	return nil
}

func (s *Server) handleGetRoleCredentials(w http.ResponseWriter, r *http.Request, _ []byte) error {
	user, _, werr := s.signedInUser(r)
	if werr != nil {
		return werr
	}
	q := r.URL.Query()
	accountID, role := q.Get("account_id"), q.Get("role_name")
	if accountID == "" || role == "" {
		return errPortalRequest("account_id and role_name are required")
	}
	allowed := false
	for _, name := range s.ix.rolesOf(user, accountID) {
		allowed = allowed || name == role
	}
	if !allowed {
		return errForbidden()
	}
	c := newSessionCredential(s.now().Add(s.opts.CredentialsTTL))
	c.accountID, c.role, c.user = accountID, role, user
	c.identity = s.ssoIdentity(accountID, role, user)
	s.mu.Lock()
	s.st.creds[c.accessKeyID] = c
	s.mu.Unlock()
	writeJSON(w, http.StatusOK, getRoleCredentialsOutput{RoleCredentials: roleCredentialsJSON{
		AccessKeyID: c.accessKeyID, SecretAccessKey: c.secret, SessionToken: c.token, Expiration: c.expiresAt.UnixMilli(),
	}})
	return nil
}

// handleLogout ends the session of the access token: it and its refresh tokens stop working.
func (s *Server) handleLogout(w http.ResponseWriter, r *http.Request, _ []byte) error {
	_, t, werr := s.signedInUser(r)
	if werr != nil {
		return werr
	}
	s.mu.Lock()
	t.sess.revoked = true
	s.mu.Unlock()
	w.Header().Set("Content-Length", "0")
	w.WriteHeader(http.StatusOK)
	return nil
}

// randomStd returns n random bytes in padded standard base64, the alphabet of AWS secrets.
func randomStd(n int) string {
	b := make([]byte, n)
	rand.Read(b)
	return base64.StdEncoding.EncodeToString(b)
}
