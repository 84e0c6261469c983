package awsconfig

import (
	"strings"
	"testing"
)

// TestClassify: what the SDKs make of each header shape, and for a skipped section a reason
// whose fix is a header that works, never the problem said again.
func TestClassify(t *testing.T) {
	tests := []struct {
		header      string
		credentials bool
		kind        SectionKind
		name        string
		why         string // a substring of the reason; "" for a section that is read
	}{
		{header: "[default]", kind: KindProfile, name: "default"},
		{header: "[profile dev]", kind: KindProfile, name: "dev"},
		{header: "[sso-session corp]", kind: KindSSOSession, name: "corp"},
		{header: "[plugins]", kind: KindOther, name: "plugins"},
		{header: "[services s3]", kind: KindServices, name: "s3"},
		{header: "[services  \t local ]", kind: KindServices, name: "local"},
		{header: "[services]", kind: KindSkipped, why: "write [services NAME]"},
		{header: "[services 'a b']", kind: KindSkipped, why: "quoted services section names"},
		{header: "[Services local]", kind: KindSkipped, why: "write [services local]"},
		{header: "[dev]", kind: KindSkipped, why: "write [profile dev]"},
		{header: "[DEFAULT]", kind: KindSkipped, why: "rename it [default]"},
		{header: "[profile a b]", kind: KindSkipped, why: `the profile name "a b" is invalid`},
		{header: "[profile 'q']", kind: KindSkipped, why: "quoted profile names"},
		{header: "[sso_session corp]", kind: KindSkipped, why: `write [sso-session corp]`},
		{header: "[SSO-Session corp]", kind: KindSkipped, why: `write [sso-session corp]`},
		{header: "[Profile dev]", kind: KindSkipped, why: `write [profile dev]`},
		{header: "[PROFILE  dev]", kind: KindSkipped, why: `write [profile dev]`},
		{header: "[Profile\tdev]", kind: KindSkipped, why: `write [profile dev]`},
		{header: "[sso-session]", kind: KindSkipped, why: "the sso-session has no name: write [sso-session NAME]"},
		{header: "[sso-session ]", kind: KindSkipped, why: "the sso-session has no name: write [sso-session NAME]"},
		{header: "[sso_session]", kind: KindSkipped, why: "the sso-session has no name: write [sso-session NAME]"},
		{header: "[profile]", kind: KindSkipped, why: "the profile has no name: write [profile NAME]"},
		{header: "[Profile]", kind: KindSkipped, why: "the profile has no name: write [profile NAME]"},
		{header: "[cli x]", kind: KindSkipped, why: "no AWS tool reads a section named [cli x]: write [profile NAME] or [sso-session NAME], or delete it"},
		{header: "[dev]", credentials: true, kind: KindProfile, name: "dev"},
		{header: "[profile]", credentials: true, kind: KindProfile, name: "profile"},
		{header: "[profile x]", credentials: true, kind: KindSkipped, why: "write [x]"},
		{header: "[sso-session corp]", credentials: true, kind: KindSkipped, why: "only [NAME] profile sections"},
	}
	for _, tt := range tests {
		file := "config"
		if tt.credentials {
			file = "credentials"
		}
		t.Run(file+" "+tt.header, func(t *testing.T) {
			d, err := Parse(file, []byte(tt.header+"\n"))
			if err != nil {
				t.Fatal(err)
			}
			ref := d.SectionInfos()[0].Ref
			kind, name, why := Classify(ref, tt.credentials)
			if kind != tt.kind || name != tt.name || !strings.Contains(why, tt.why) || (tt.why == "") != (why == "") {
				t.Errorf("Classify(%#v) = %d, %q, %q; want %d, %q, %q", ref, kind, name, why, tt.kind, tt.name, tt.why)
			}
			if bare := strings.Trim(tt.header, "[]"); tt.kind == KindSkipped && strings.Contains(why, "write ["+bare+"]") {
				t.Errorf("the fix repeats the problem: %s", why)
			}
		})
	}
}
