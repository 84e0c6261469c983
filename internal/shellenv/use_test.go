package shellenv

import (
	"maps"
	"reflect"
	"slices"
	"testing"
	"time"
)

// apply is what a shell does with changes: the environment after them.
func apply(env map[string]string, changes []Change) map[string]string {
	out := maps.Clone(env)
	if out == nil {
		out = map[string]string{}
	}
	for _, c := range changes {
		if c.Unset {
			delete(out, c.Name)
		} else {
			out[c.Name] = c.Value
		}
	}
	return out
}

func lookup(env map[string]string) func(string) (string, bool) {
	return func(k string) (string, bool) { v, ok := env[k]; return v, ok }
}

var (
	now    = time.Date(2026, 11, 23, 17, 0, 0, 0, time.UTC)
	expiry = now.Add(42*time.Minute + 30*time.Second)
	keys   = &Credentials{AccessKeyID: "ASIANEW", SecretAccessKey: "secret", SessionToken: "token", Expiration: "2026-11-23T17:42:30+00:00"}
	dev    = Use{Profile: "dev", AccountID: "111122223333", RoleName: "ReadOnly", Region: "eu-west-1", Expires: expiry, Refreshable: true}
)

// devVars are what use sets for dev in a fresh shell.
var devVars = map[string]string{
	"AWS_PROFILE": "dev", "AWS_DEFAULT_PROFILE": "dev",
	"AWSSO_PROFILE": "dev", "AWSSO_ACCOUNT": "111122223333", "AWSSO_ROLE": "ReadOnly", "AWSSO_REGION": "eu-west-1",
	"AWSSO_EXPIRES": "1795455750", "AWSSO_EXPIRES_AT": "17:42", "AWSSO_REFRESHABLE": "1",
	"AWSSO_VARS": "AWS_PROFILE AWS_DEFAULT_PROFILE",
}

func with(base map[string]string, kv ...string) map[string]string {
	out := maps.Clone(base)
	if out == nil {
		out = map[string]string{}
	}
	for i := 0; i < len(kv); i += 2 {
		if kv[i+1] == "" {
			delete(out, kv[i])
		} else {
			out[kv[i]] = kv[i+1]
		}
	}
	return out
}

func TestUseChanges(t *testing.T) {
	exported := func(u Use) Use { u.Credentials = keys; u.Expires, u.Refreshable = expiry, false; return u }
	regionFlag := func(u Use, r string) Use { u.Region, u.RegionFlag = r, true; return u }
	user := map[string]string{"HOME": "/home/me", "AWS_CONFIG_FILE": "/home/me/.aws/config"}
	for _, tt := range []struct {
		name   string
		before map[string]string
		uses   []Use
		want   map[string]string
	}{
		{"fresh shell", user, []Use{dev}, with(devVars, "HOME", "/home/me", "AWS_CONFIG_FILE", "/home/me/.aws/config")},
		{"stale keys of another tool go", with(user, "AWS_ACCESS_KEY_ID", "AKIAOLD", "AWS_SECRET_ACCESS_KEY", "x", "AWS_SECURITY_TOKEN", "y",
			"AWS_SESSION_EXPIRATION", "z", "AWS_CREDENTIAL_EXPIRATION", "w"), []Use{dev},
			with(devVars, "HOME", "/home/me", "AWS_CONFIG_FILE", "/home/me/.aws/config")},
		{"export puts keys instead of the profile", with(nil, "AWS_PROFILE", "mine"), []Use{exported(dev)}, map[string]string{
			"AWS_ACCESS_KEY_ID": "ASIANEW", "AWS_SECRET_ACCESS_KEY": "secret", "AWS_SESSION_TOKEN": "token",
			"AWS_CREDENTIAL_EXPIRATION": "2026-11-23T17:42:30+00:00", "AWS_REGION": "eu-west-1", "AWS_DEFAULT_REGION": "eu-west-1",
			"AWSSO_PROFILE": "dev", "AWSSO_ACCOUNT": "111122223333", "AWSSO_ROLE": "ReadOnly", "AWSSO_REGION": "eu-west-1",
			"AWSSO_EXPIRES": "1795455750", "AWSSO_EXPIRES_AT": "17:42",
			"AWSSO_VARS": "AWS_ACCESS_KEY_ID AWS_SECRET_ACCESS_KEY AWS_SESSION_TOKEN AWS_CREDENTIAL_EXPIRATION AWS_REGION AWS_DEFAULT_REGION"}},
		{"from exported keys to a profile: no key and no region left", nil, []Use{exported(dev), dev}, devVars},
		{"a region from --region goes with the next use", nil, []Use{regionFlag(dev, "us-west-2"), dev}, devVars},
		{"--region", nil, []Use{regionFlag(dev, "us-west-2")}, with(devVars, "AWS_REGION", "us-west-2", "AWS_DEFAULT_REGION", "us-west-2",
			"AWSSO_REGION", "us-west-2", "AWSSO_VARS", "AWS_PROFILE AWS_DEFAULT_PROFILE AWS_REGION AWS_DEFAULT_REGION")},
		{"the user's own region stays with export", with(nil, "AWS_REGION", "ap-south-1"), []Use{exported(dev)}, map[string]string{
			"AWS_ACCESS_KEY_ID": "ASIANEW", "AWS_SECRET_ACCESS_KEY": "secret", "AWS_SESSION_TOKEN": "token",
			"AWS_CREDENTIAL_EXPIRATION": "2026-11-23T17:42:30+00:00", "AWS_REGION": "ap-south-1",
			"AWSSO_PROFILE": "dev", "AWSSO_ACCOUNT": "111122223333", "AWSSO_ROLE": "ReadOnly", "AWSSO_REGION": "eu-west-1",
			"AWSSO_EXPIRES": "1795455750", "AWSSO_EXPIRES_AT": "17:42",
			"AWSSO_VARS": "AWS_ACCESS_KEY_ID AWS_SECRET_ACCESS_KEY AWS_SESSION_TOKEN AWS_CREDENTIAL_EXPIRATION"}},
		{"the user's own region stays with a profile", with(nil, "AWS_REGION", "ap-south-1"), []Use{dev}, with(devVars, "AWS_REGION", "ap-south-1")},
		{"long-term keys have no token or expiry", nil, []Use{{Profile: "static", Credentials: &Credentials{AccessKeyID: "AKIA", SecretAccessKey: "s"}}},
			map[string]string{"AWS_ACCESS_KEY_ID": "AKIA", "AWS_SECRET_ACCESS_KEY": "s", "AWSSO_PROFILE": "static",
				"AWSSO_VARS": "AWS_ACCESS_KEY_ID AWS_SECRET_ACCESS_KEY"}},
		{"unknown parts are left unset", with(devVars), []Use{{Profile: "static"}}, map[string]string{"AWS_PROFILE": "static",
			"AWS_DEFAULT_PROFILE": "static", "AWSSO_PROFILE": "static", "AWSSO_VARS": "AWS_PROFILE AWS_DEFAULT_PROFILE"}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			env := tt.before
			for _, u := range tt.uses {
				env = apply(env, u.Changes(lookup(env), now, time.UTC))
			}
			if !reflect.DeepEqual(env, tt.want) {
				t.Errorf("environment after use:\n%v\nwant:\n%v", env, tt.want)
			}
		})
	}
}

// TestUnuseRemovesWhatUseSet: after any sequence of uses, unuse gives back the environment
// from before them, but for the variables use replaced (which it cannot know).
func TestUnuseRemovesWhatUseSet(t *testing.T) {
	before := map[string]string{"HOME": "/home/me", "AWS_CONFIG_FILE": "/c", "AWS_REGION": "ap-south-1", "PATH": "/bin"}
	exported := dev
	exported.Credentials = keys
	withRegion := dev
	withRegion.Region, withRegion.RegionFlag = "us-west-2", true
	for _, uses := range [][]Use{{dev}, {exported}, {dev, exported}, {exported, withRegion}, {withRegion, dev}} {
		env := before
		for _, u := range uses {
			env = apply(env, u.Changes(lookup(env), now, time.UTC))
		}
		env = apply(env, Unuse(lookup(env)))
		want := before
		if slices.ContainsFunc(uses, func(u Use) bool { return u.RegionFlag }) {
			want = with(before, "AWS_REGION", "") // --region replaced the user's region
		}
		if !reflect.DeepEqual(env, want) {
			t.Errorf("after %d uses and unuse: %v, want %v", len(uses), env, want)
		}
	}
}

// TestUnuseHonoursOnlyItsOwnNames: the record lives in the environment, which anything may
// change; unuse never removes a variable use does not set.
func TestUnuseHonoursOnlyItsOwnNames(t *testing.T) {
	env := map[string]string{"PATH": "/bin", "HOME": "/h", "AWS_PROFILE": "dev", "AWSSO_VARS": "PATH HOME;rm AWS_PROFILE $(x)"}
	var removed []string
	for _, c := range Unuse(lookup(env)) {
		if !c.Unset {
			t.Errorf("unuse sets %s", c.Name)
		}
		removed = append(removed, c.Name)
	}
	if slices.Contains(removed, "PATH") || slices.Contains(removed, "HOME") || !slices.Contains(removed, "AWS_PROFILE") {
		t.Errorf("unuse removes %v", removed)
	}
}

func TestClock(t *testing.T) {
	loc := time.FixedZone("X", 3600)
	if got := Clock(expiry, now, loc); got != "18:42" {
		t.Errorf("same day: %s", got)
	}
	if got := Clock(expiry.Add(24*time.Hour), now, loc); got != "Nov 24 18:42" {
		t.Errorf("next day: %s", got)
	}
}
