package emulator

import (
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"

	"github.com/awsso/awsso/internal/awsconfig"
	emu "github.com/awsso/awsso/internal/emulator"
)

// The names of the sso-session and profile the emulator's config holds.
const (
	sessionName = "emulator"
	profileName = "emulator"
)

// emulatorConfig is the config file of a running emulator: [sso-session emulator] and
// [profile emulator], in a folder of its own that the export lines point AWS_CONFIG_FILE at.
//
// The emulator writes a config of its own rather than adding to the user's (a flag could do
// that, atomically through the config editor): README's recipe then works on a fresh home as
// written, with nothing to paste and no flag to know, and the user's ~/.aws/config is never
// read or changed. A shell that evaluates the export lines talks to the emulator for IAM
// Identity Center and STS anyway, so its other profiles would not work there; and the
// emulator's start URL and port are gone when it stops, as is this file.
type emulatorConfig struct {
	dir  string
	path string
}

// writeConfig writes the emulator's config into a new private folder (0700; the file is 0600).
func writeConfig(ctx context.Context, srv *emu.Server) (*emulatorConfig, error) {
	dir, err := os.MkdirTemp("", "awsso-emulator-")
	if err != nil {
		return nil, fmt.Errorf("write the emulator's config: %w", err)
	}
	c := &emulatorConfig{dir: dir, path: filepath.Join(dir, "config")}
	account, role := defaultRole(srv)
	err = awsconfig.Update(ctx, c.path, func(d *awsconfig.Document) error {
		return setAll(d, []setting{
			{awsconfig.SSOSessionRef(sessionName), awsconfig.KeyStartURL, srv.StartURL()},
			{awsconfig.SSOSessionRef(sessionName), awsconfig.KeySSORegion, srv.Region()},
			{awsconfig.SSOSessionRef(sessionName), awsconfig.KeyScopes, "sso:account:access"},
			{awsconfig.ProfileRef(profileName), awsconfig.KeySSOSession, sessionName},
			{awsconfig.ProfileRef(profileName), awsconfig.KeyAccountID, account},
			{awsconfig.ProfileRef(profileName), awsconfig.KeyRoleName, role},
			{awsconfig.ProfileRef(profileName), awsconfig.KeyRegion, srv.Region()},
		})
	})
	if err != nil {
		os.RemoveAll(dir)
		return nil, fmt.Errorf("write the emulator's config: %w", err)
	}
	return c, nil
}

// remove deletes the config and its folder (and the lock file the editor left).
func (c *emulatorConfig) remove() { os.RemoveAll(c.dir) }

type setting struct {
	ref        awsconfig.SectionRef
	key, value string
}

// setAll adds each section the first time it is named and sets its keys, in order.
func setAll(d *awsconfig.Document, settings []setting) error {
	for _, s := range settings {
		if !d.HasSection(s.ref) {
			if err := d.AddSection(s.ref); err != nil {
				return err
			}
		}
		if err := d.Set(s.ref, s.key, s.value); err != nil {
			return err
		}
	}
	return nil
}

// defaultRole is the first account (by id) and role assigned to the default user: the ones the
// emulator's profile uses.
func defaultRole(srv *emu.Server) (account, role string) {
	org := srv.Org()
	u := srv.DefaultUser()
	for _, a := range org.Assignments {
		if a.User == u.Name && len(a.PermissionSets) > 0 {
			account, role = a.Account, a.PermissionSets[0]
			break
		}
	}
	for _, a := range org.Accounts {
		if a.Name == account {
			account = a.ID
		}
	}
	return account, role
}

// writeGuide tells a person how to use the emulator, on stderr. configFile is where its
// profile is ("" when it wrote none); dataPath the --aws-data-path folder ("" without it).
func writeGuide(w io.Writer, srv *emu.Server, url string, autoApprove bool, configFile, dataPath string) {
	org := srv.Org()
	u := srv.DefaultUser()
	account, role := defaultRole(srv)
	approve := "sign in on the page the login opens"
	if autoApprove {
		approve = "auto-approve is on: sign-ins are approved for " + u.Name + " at once"
	}
	fmt.Fprintf(w, "awsso emulator: IAM Identity Center listening on %s (region %s, %d accounts)\n  user %s, password %s; %s\n\n",
		url, srv.Region(), len(org.Accounts), u.Name, u.Password, approve)
	fmt.Fprintf(w, "The export lines point AWS_CONFIG_FILE at %s, which holds profile %s\n"+
		"(your ~/.aws/config is neither read nor changed). In a shell with them:\n"+
		"  awsso login --profile %s       (or: aws sso login --profile %[2]s, boto3)\n\n", configFile, profileName, profileName)
	fmt.Fprintf(w, "To use the emulator from your own config instead, add this to it and unset AWS_CONFIG_FILE:\n\n"+
		"[sso-session %[1]s]\nsso_start_url = %[2]s\nsso_region = %[3]s\nsso_registration_scopes = sso:account:access\n\n"+
		"[profile %[4]s]\nsso_session = %[1]s\nsso_account_id = %[5]s\nsso_role_name = %[6]s\nregion = %[3]s\n\n",
		sessionName, srv.StartURL(), srv.Region(), profileName, account, role)
	if dataPath != "" {
		fmt.Fprintf(w, "AWS_DATA_PATH=%s lets AWS CLI v2 releases before 2.13 (Debian's 2.9.19 among them) reach it too.\n", dataPath)
	} else {
		fmt.Fprintln(w, "The AWS CLI v2 before 2.13 (Debian's 2.9.19 among them) ignores the AWS_ENDPOINT_URL_* lines:\n"+
			"for it, start the emulator with --aws-data-path DIR.")
	}
	fmt.Fprintf(w, "Stop it with Ctrl-C, or: kill %d\n", os.Getpid())
}
