package configure

import (
	"context"
	"fmt"

	"github.com/awsso/awsso/internal/awsconfig"
	"github.com/awsso/awsso/internal/cmdutil"
)

// profileName settles the profile to write: --profile, else asked with the AWS CLI's default
// ROLE-ACCOUNTID. An existing profile is overwritten only after a yes on the terminal, or with
// --force when nothing may be asked; --profile on a terminal updates it in place.
func (w *wizard) profileName() error {
	if w.profile != "" {
		if w.existing != nil && w.ask == nil && !w.opts.Force && w.changes(w.existing) {
			return w.existsError()
		}
		return nil
	}
	for {
		name, err := w.answer(question{flag: flagProfile, text: "Profile name", def: w.defaultProfile(), required: true, validate: w.validProfileName})
		if err != nil {
			return err
		}
		w.profile = name
		p, exists := w.cfg.Profile(name)
		if !exists || !w.changes(p) || w.opts.Force {
			return nil
		}
		if w.ask == nil {
			return w.existsError()
		}
		ok, err := w.ask.Confirm(fmt.Sprintf("Profile %s already exists: overwrite its settings?", name), false)
		if err != nil {
			return err
		}
		if ok {
			return nil
		}
	}
}

// checkOverwrite refuses, before the sign-in, to change an existing profile without --force
// when nothing may be asked: every answer is then a flag or the profile's own value, so what
// the run would write is known already (for a profile not named with --profile, once the
// account and role flags give its default name).
func (w *wizard) checkOverwrite() error {
	if w.ask != nil || w.opts.Force {
		return nil
	}
	next := *w
	next.sso.AccountID = w.flagOr(flagAccountID, awsconfig.KeyAccountID)
	next.sso.RoleName = w.flagOr(flagRoleName, awsconfig.KeyRoleName)
	next.region = w.flagOr(flagRegion, awsconfig.KeyRegion)
	next.output = w.flagOr(flagOutput, "output")
	if next.profile == "" && next.sso.AccountID != "" && next.sso.RoleName != "" {
		next.profile = next.defaultProfile()
	}
	if p, ok := w.cfg.Profile(next.profile); ok && next.changes(p) {
		return next.existsError()
	}
	return nil
}

// flagOr returns the flag's value when it was given, else the existing profile's key.
func (w *wizard) flagOr(flag, key string) string {
	if w.opts.Given[flag] {
		return w.flagValue(flag)
	}
	return w.current(key)
}

// defaultProfile is the AWS CLI's default profile name, ROLE-ACCOUNTID.
func (w *wizard) defaultProfile() string { return w.sso.RoleName + "-" + w.sso.AccountID }

func (w *wizard) existsError() error {
	return cmdutil.WithHint(fmt.Errorf("profile %s already exists with other settings", w.profile), cmdutil.ExitError,
		"add --force to overwrite them, or choose another name with --profile")
}

// profileKeys are the keys the profile gets, in the order the AWS CLI writes them.
func (w *wizard) profileKeys() [][2]string {
	var kv [][2]string
	if w.sso.Session != "" {
		kv = append(kv, [2]string{awsconfig.KeySSOSession, w.sso.Session})
	} else {
		kv = append(kv, [2]string{awsconfig.KeyStartURL, w.sso.StartURL}, [2]string{awsconfig.KeySSORegion, w.sso.Region})
	}
	kv = append(kv, [2]string{awsconfig.KeyAccountID, w.sso.AccountID}, [2]string{awsconfig.KeyRoleName, w.sso.RoleName})
	if w.region != "" {
		kv = append(kv, [2]string{awsconfig.KeyRegion, w.region})
	}
	if w.output != "" {
		kv = append(kv, [2]string{"output", w.output})
	}
	return kv
}

// staleKeys are keys the profile must lose: a profile that now names an sso-session takes the
// start URL and region from it (a different value in the profile is an error for every SDK),
// and a legacy profile names no session.
func (w *wizard) staleKeys() []string {
	if w.sso.Session != "" {
		return []string{awsconfig.KeyStartURL, awsconfig.KeySSORegion}
	}
	return []string{awsconfig.KeySSOSession}
}

// changes reports whether writing would change any setting of profile p.
func (w *wizard) changes(p *awsconfig.Profile) bool {
	for _, kv := range w.profileKeys() {
		if v, ok := p.Get(kv[0]); !ok || v != kv[1] {
			return true
		}
	}
	for _, k := range w.staleKeys() {
		if _, ok := p.Get(k); ok {
			return true
		}
	}
	return false
}

// write edits the config file: the profile's section, then the keys of a new or incomplete
// session. Nothing else in the file changes.
func (w *wizard) write(ctx context.Context) error {
	return awsconfig.Update(ctx, w.cfg.Paths().Config, func(d *awsconfig.Document) error {
		ref := awsconfig.ProfileRef(w.profile)
		if err := setAll(d, ref, w.profileKeys()); err != nil {
			return err
		}
		for _, k := range w.staleKeys() {
			d.Delete(ref, k)
		}
		return setAll(d, awsconfig.SSOSessionRef(w.sso.Session), w.sessionEdits)
	})
}

// setAll sets each key to its value in ref's section.
func setAll(d *awsconfig.Document, ref awsconfig.SectionRef, kv [][2]string) error {
	for _, kv := range kv {
		if err := d.Set(ref, kv[0], kv[1]); err != nil {
			return err
		}
	}
	return nil
}

// conclude says how to use the profile and how to check it.
func (w *wizard) conclude() {
	cs := w.opts.IO.ColorSchemeErr()
	w.say("")
	if w.profile == "default" {
		w.say("Profile default is ready: commands use it when no --profile or AWS_PROFILE names another.")
	} else {
		w.say("Profile %s is ready. To use it, add %s", w.profile, cs.Cyan("--profile "+w.profile))
	}
	w.say("Check it with: %s", cs.Cyan("awsso whoami --profile "+w.profile))
}
