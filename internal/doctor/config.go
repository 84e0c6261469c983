package doctor

import (
	"errors"
	"fmt"
	"os"
	"runtime"
	"strings"

	"github.com/awsso/awsso/internal/awsconfig"
	"github.com/awsso/awsso/internal/textsafe"
)

// configFiles is what the config checks look at: both files as written and the merged view.
type configFiles struct {
	paths awsconfig.Paths
	cfg   *awsconfig.Config
	files []configFile
}

type configFile struct {
	path        string
	doc         *awsconfig.Document
	credentials bool
}

// configChecks are the checks of CheckConfig; each looks at one kind of problem.
var configChecks = []func(*configFiles) []Finding{
	checkSyntax,
	checkSections,
	checkKeys,
	checkSSO,
	checkChains,
	checkValues,
	checkServices,
	checkLegacy,
	checkPermissions,
}

// CheckConfig checks the config and credentials files at paths. A file that cannot be read at
// all is an error; everything else is a Finding.
func CheckConfig(paths awsconfig.Paths) ([]Finding, error) {
	cfg, err := awsconfig.Load(paths)
	var syntax awsconfig.SyntaxErrors
	if err != nil && !errors.As(err, &syntax) {
		return nil, err
	}
	in := &configFiles{paths: paths, cfg: cfg, files: []configFile{
		{path: paths.Config, doc: cfg.ConfigDocument()},
		{path: paths.Credentials, doc: cfg.CredentialsDocument(), credentials: true},
	}}
	var out []Finding
	for _, check := range configChecks {
		out = append(out, check(in)...)
	}
	scrubSecrets(out, in)
	Sort(out)
	return out, nil
}

func checkSyntax(in *configFiles) []Finding {
	var out []Finding
	for _, f := range in.files {
		for _, e := range f.doc.SyntaxErrors() {
			out = append(out, Finding{File: f.path, Line: e.Line, Severity: SeverityError, Problem: e.Msg, Fix: e.Fix})
		}
		if f.doc.HasBOM() {
			out = append(out, Finding{File: f.path, Line: 1, Severity: SeverityError,
				Problem: "the file starts with a UTF-8 byte order mark, which the AWS CLI cannot read",
				Fix:     "save the file as UTF-8 without BOM"})
		}
	}
	return out
}

// checkSections finds sections the SDKs skip, duplicate sections, indented headers and a
// [default] hidden by [profile default].
func checkSections(in *configFiles) []Finding {
	var out []Finding
	for _, f := range in.files {
		first := map[awsconfig.SectionRef]int{}
		profileDefault := 0
		broken := map[int]bool{} // header lines with syntax errors, reported by checkSyntax
		for _, e := range f.doc.SyntaxErrors() {
			broken[e.Line] = true
		}
		for _, s := range f.doc.SectionInfos() {
			if broken[s.Line] {
				continue
			}
			if s.Ref == awsconfig.ProfileRef("default") && !f.credentials && profileDefault == 0 {
				profileDefault = s.Line
			}
			if kind, _, why := awsconfig.Classify(s.Ref, f.credentials); kind == awsconfig.KindSkipped && why != "" {
				as := " as a profile or sso-session"
				if f.credentials {
					as = " as a profile"
				}
				out = append(out, Finding{File: f.path, Line: s.Line, Severity: SeverityWarning,
					Problem: "no AWS SDK reads section " + strings.TrimSpace(s.Header) + as, Fix: why})
			}
			if blanks, ok := checkBlanks(f.path, f.credentials, s); ok {
				out = append(out, blanks)
			}
			if s.Header != strings.TrimLeft(s.Header, " \t") {
				out = append(out, Finding{File: f.path, Line: s.Line, Severity: SeverityWarning,
					Problem: "indented section header: botocore and the AWS CLI read it as part of the value above",
					Fix:     "start the header at the beginning of the line"})
			}
			if line, dup := first[s.Ref]; dup {
				out = append(out, Finding{File: f.path, Line: s.Line, Severity: SeverityError,
					Problem: fmt.Sprintf("section [%s] appears again (first at line %d): the AWS CLI refuses the whole file", s.Ref, line),
					Fix:     "merge the two sections into one (the SDKs merge them, later keys winning)"})
			} else {
				first[s.Ref] = s.Line
			}
		}
		if line, ok := first[awsconfig.CredentialsRef("default")]; ok && profileDefault > 0 && !f.credentials {
			out = append(out, Finding{File: f.path, Line: line, Severity: SeverityWarning,
				Problem: fmt.Sprintf("[default] and [profile default] (line %d) both exist: the SDKs read only [profile default], the AWS CLI the one that comes last", profileDefault),
				Fix:     "merge them into one [default] section"})
		}
	}
	return out
}

// checkBlanks reports blanks inside the brackets of a header awsso reads ("[profile dev ]",
// "[ default ]"). awsso and the Go SDK trim them; botocore's configparser keeps them in the
// section name, so the AWS CLI reads another name or no profile at all, and its 'configure set'
// matches headers by their exact text.
func checkBlanks(path string, credentials bool, s awsconfig.SectionInfo) (Finding, bool) {
	t := strings.TrimSpace(strings.TrimPrefix(s.Header, "\ufeff")) // a byte order mark is checkSyntax's part
	end := strings.IndexByte(t, ']')
	kind, name, _ := awsconfig.Classify(s.Ref, credentials)
	if !strings.HasPrefix(t, "[") || end < 0 || (kind != awsconfig.KindProfile && kind != awsconfig.KindSSOSession) {
		return Finding{}, false
	}
	inner := t[1:end]
	if inner == strings.Trim(inner, " \t") {
		return Finding{}, false
	}
	what := "profile " + name
	switch {
	case kind == awsconfig.KindSSOSession:
		what = "sso-session " + name
	case s.Ref == awsconfig.CredentialsRef("default") && !credentials:
		what = "the default profile"
	}
	f := Finding{File: path, Line: s.Line, Severity: SeverityError, Fix: "write " + s.Ref.Header()}
	switch {
	case credentials:
		f.Problem = fmt.Sprintf("blanks inside the brackets: awsso and the Go SDK read %s here, the AWS CLI the profile %s, blanks included ('--profile %s' does not find it)", what, textsafe.Quote(inner), name)
	case inner[0] == ' ' || inner[0] == '\t' || s.Ref.Type == awsconfig.TypeBare:
		f.Problem = fmt.Sprintf("blanks inside the brackets: awsso and the Go SDK read %s here, the AWS CLI ignores the section (to it, it is named %s)", what, textsafe.Quote(inner))
	default: // "[profile dev ]": botocore splits the name with shlex and reads dev too
		f.Severity = SeverityWarning
		f.Problem = fmt.Sprintf("blanks inside the brackets: the AWS CLI reads %s here too, but its config writer ('aws configure set', 'aws configure sso') does not find the section: it adds a second %s, whose keys then replace all of this one's for the AWS CLI", what, s.Ref.Header())
	}
	return f, true
}

// checkPermissions finds files that other users can read.
func checkPermissions(in *configFiles) []Finding {
	if runtime.GOOS == "windows" {
		return nil
	}
	var out []Finding
	for _, f := range in.files {
		st, err := os.Stat(f.path)
		if err != nil || st.Mode().Perm()&0o077 == 0 {
			continue
		}
		sev, why := SeverityWarning, "it may name accounts and roles"
		if f.credentials {
			sev, why = SeverityError, "it holds secret keys"
		}
		out = append(out, Finding{File: f.path, Severity: sev,
			Problem: fmt.Sprintf("the file is readable or writable by other users (mode %04o): %s", st.Mode().Perm(), why),
			Fix:     "run: chmod 600 " + in.paths.Display(f.path)})
	}
	return out
}
