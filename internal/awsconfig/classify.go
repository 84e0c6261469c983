package awsconfig

import (
	"strings"
)

// SectionKind is what the SDKs make of a section.
type SectionKind uint8

// Section kinds.
const (
	// KindSkipped is a section no SDK reads as a profile or sso-session although it looks like
	// one was meant: an invalid name, or the wrong header shape for its file.
	KindSkipped SectionKind = iota
	// KindProfile is a profile.
	KindProfile
	// KindSSOSession is an sso-session.
	KindSSOSession
	// KindOther is a section with another purpose: "[plugins]", "[preview]".
	KindOther
	// KindServices is a "[services NAME]" section: endpoints per service for the profiles
	// that name it with "services = NAME".
	KindServices
)

// otherSections are the bare config-file sections that are not profiles on purpose.
var otherSections = map[string]bool{"plugins": true, "preview": true, "cli": true}

// Classify says what the SDKs make of a section of the config file, or of the credentials file
// when credentials is true: its kind, the profile or session name, and for a skipped section
// why (rule 4).
func Classify(ref SectionRef, credentials bool) (kind SectionKind, name, why string) {
	if credentials {
		switch {
		case ref.Type == TypeBare && ValidName(ref.Name):
			return KindProfile, ref.Name, ""
		case ref.Type == TypeBare:
			return KindSkipped, "", invalidName("profile", ref.Name)
		case ref.Type == TypeProfile:
			return KindSkipped, "", "the credentials file names profiles without the 'profile' prefix: write [" + ref.Name +
				"] (the SDKs skip this section; botocore reads it as a profile named \"profile " + ref.Name + "\")"
		}
		return KindSkipped, "", "the credentials file holds only [NAME] profile sections"
	}
	switch ref.Type {
	case TypeBare:
		switch {
		case ref.Name == "default":
			return KindProfile, "default", ""
		case otherSections[ref.Name]:
			return KindOther, ref.Name, ""
		case ref.Name == "DEFAULT":
			return KindSkipped, "", "[DEFAULT] is not the default profile; botocore copies its keys into every other section: rename it [default]"
		case meantPrefix(ref.Name) != "":
			prefix := meantPrefix(ref.Name)
			return KindSkipped, "", "the " + prefix + " has no name: write [" + prefix + " NAME]"
		}
		return KindSkipped, "", "config-file profiles need the 'profile' prefix: write [profile " + ref.Name + "]"
	case TypeProfile:
		if ValidName(ref.Name) {
			return KindProfile, ref.Name, ""
		}
		return KindSkipped, "", invalidName("profile", ref.Name)
	case TypeSSOSession:
		if ValidName(ref.Name) {
			return KindSSOSession, ref.Name, ""
		}
		return KindSkipped, "", invalidName("sso-session", ref.Name)
	case TypeServices:
		if ValidName(ref.Name) {
			return KindServices, ref.Name, ""
		}
		return KindSkipped, "", invalidName("services section", ref.Name)
	}
	if ref.Name == "" {
		return KindSkipped, "", "the section has no name"
	}
	if i := strings.IndexAny(ref.Name, " \t"); i > 0 && meantPrefix(ref.Name[:i]) != "" {
		prefix := meantPrefix(ref.Name[:i])
		return KindSkipped, "", "the prefix must be spelled exactly \"" + prefix + "\": write [" + prefix + " " + trimBlanks(ref.Name[i:]) + "]"
	}
	return KindSkipped, "", "no AWS tool reads a section named [" + ref.Name + "]: write [profile NAME] or [sso-session NAME], or delete it"
}

// meantPrefix returns the header prefix that word misspells ("Profile", "sso_session"), or "".
func meantPrefix(word string) string {
	switch strings.ReplaceAll(strings.ToLower(word), "_", "-") {
	case "profile":
		return "profile"
	case "sso-session":
		return "sso-session"
	case "services":
		return "services"
	}
	return ""
}

func invalidName(kind, name string) string {
	if len(name) >= 2 && (name[0] == '\'' || name[0] == '"') && name[len(name)-1] == name[0] {
		return "quoted " + kind + " names are read differently by each tool (botocore unquotes them, the Go SDK keeps the quotes): remove the quotes and any blanks"
	}
	return "the " + kind + " name " + quoteName(name) + " is invalid: use letters, digits and - _ . / @ : + % without blanks, quotes, '#' or ';'"
}

func quoteName(name string) string { return "\"" + name + "\"" }
