package emulator_test

import (
	"testing"
)

func TestSmoke(t *testing.T) {
	r := newRig(t)
	_, tok := r.login(t, "sso:account:access")
	c := r.roleCredentials(t, *tok.AccessToken, "111122223333", "AdministratorAccess")
	t.Logf("%+v", *c.AccessKeyId)
}
