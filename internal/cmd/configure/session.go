package configure

import (
	"cmp"
	"errors"
	"fmt"
	"strings"

	"github.com/awsso/awsso/internal/awsconfig"
	"github.com/awsso/awsso/internal/cmdutil"
)

// sessionKeys are the settings of an sso-session, in the order the AWS CLI asks for them.
var sessionKeys = []string{awsconfig.KeyStartURL, awsconfig.KeySSORegion, awsconfig.KeyScopes}

// defaultScope is what the AWS CLI registers for a new sso-session.
const defaultScope = "sso:account:access"

// sessionQuestion is the question for one setting of an sso-session, with def as its default
// (the registration scopes default to sso:account:access).
func sessionQuestion(key, def string) question {
	switch key {
	case awsconfig.KeyStartURL:
		return question{flag: flagStartURL, text: "SSO start URL", def: def, required: true,
			what: "the AWS access portal URL (https://...awsapps.com/start)", validate: validStartURL}
	case awsconfig.KeySSORegion:
		return question{flag: flagSSORegion, text: "SSO region", def: def, required: true,
			what: "the region of IAM Identity Center, such as us-east-1", validate: validRegion}
	}
	return question{flag: flagScopes, text: "SSO registration scopes", def: cmp.Or(def, defaultScope), validate: validScopes}
}

// askSession settles the sso-session settings keys, in order: each from its flag, else asked
// with def(key) as the default. It keeps them in w.sso and returns them as they are written.
func (w *wizard) askSession(keys []string, def func(key string) string) ([][2]string, error) {
	kv := make([][2]string, 0, len(keys))
	for _, key := range keys {
		v, err := w.answer(sessionQuestion(key, def(key)))
		if err != nil {
			return nil, err
		}
		kv = append(kv, [2]string{key, w.setSession(key, v)})
	}
	return kv, nil
}

// setSession keeps a setting of the sso-session in w.sso and returns it as it is written
// (scopes trimmed and joined by commas).
func (w *wizard) setSession(key, v string) string {
	switch key {
	case awsconfig.KeyStartURL:
		w.sso.StartURL = v
	case awsconfig.KeySSORegion:
		w.sso.Region = v
	case awsconfig.KeyScopes:
		w.sso.Scopes = awsconfig.SplitScopes(v)
		v = strings.Join(w.sso.Scopes, ",")
	}
	return v
}

// useExistingSession takes the settings of a session already in the config file, refusing
// flags that contradict them. A session that lacks its start URL or SSO region (written by
// hand, or half set up) is completed as a new session is set up: what it lacks is taken from
// the flags or asked for, and added to its section; its registration scopes are added then too,
// or when --scopes names them.
func (w *wizard) useExistingSession(name string) error {
	s, err := w.cfg.ResolveSession(name)
	var miss *awsconfig.MissingKeysError
	if err != nil && !errors.As(err, &miss) {
		return err
	}
	sess, _ := w.cfg.SSOSession(name)
	w.sso = awsconfig.SSO{Session: name}
	if s != nil {
		w.sso = *s
	} else if v, _ := sess.Get(awsconfig.KeyUseDeviceCode); strings.EqualFold(strings.TrimSpace(v), "true") {
		w.sso.UseDeviceCode = true
	}
	var lacks []string
	for _, key := range sessionKeys {
		flag := sessionQuestion(key, "").flag
		have, _ := sess.Get(key)
		if have == "" {
			if key != awsconfig.KeyScopes || len(lacks) > 0 || w.opts.Given[flag] {
				lacks = append(lacks, key)
			}
			continue
		}
		w.setSession(key, have)
		if v := w.flagValue(flag); w.opts.Given[flag] && !sameSetting(key, v, have) {
			return cmdutil.WithHint(fmt.Errorf("--%s %q differs from %s %q of the existing [sso-session %s]", flag, v, key, have, name),
				cmdutil.ExitError, "leave --"+flag+" out to use the session as it is, name a new session with --sso-session, "+
					"or change this one with 'awsso configure sso-session --sso-session "+name+"'")
		}
	}
	if len(lacks) > 0 {
		w.say("The sso-session %s lacks %s: completing it.", name, andList(lacks))
		if w.sessionEdits, err = w.askSession(lacks, w.current); err != nil {
			return err
		}
	}
	w.say("Using the existing sso-session %s (%s, %s).", name, w.sso.StartURL, w.sso.Region)
	return nil
}

// sameSetting reports whether two values of a session's setting mean the same.
func sameSetting(key, a, b string) bool {
	switch key {
	case awsconfig.KeyScopes:
		return strings.Join(awsconfig.SplitScopes(a), ",") == strings.Join(awsconfig.SplitScopes(b), ",")
	case awsconfig.KeyStartURL:
		return awsconfig.SameStartURL(a, b)
	}
	return a == b
}

// andList joins items as "a, b and c".
func andList(items []string) string {
	if n := len(items); n > 1 {
		return strings.Join(items[:n-1], ", ") + " and " + items[n-1]
	}
	return strings.Join(items, "")
}
