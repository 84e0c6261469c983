package emulator

import (
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"unicode/utf8"
)

// The constraints of the STS model (botocore's sts/2011-06-15/service-2.json), checked as STS
// checks them: each broken one is listed in one ValidationError.
var (
	arnPattern         = `[\u0009\u000A\u000D\u0020-\u007E\u0085\u00A0-\uD7FF\uE000-\uFFFD\u10000-\u10FFFF]+`
	arnRe              = lazyRE(`^[\t\n\r\x{20}-\x{7E}\x{85}\x{A0}-\x{D7FF}\x{E000}-\x{FFFD}\x{10000}-\x{10FFFF}]+$`)
	sessionNamePattern = `[\w+=,.@-]*`
	sessionNameRe      = lazyRE(`^[\w+=,.@-]*$`)
	externalIDPattern  = `[\w+=,.@:\/-]*`
	externalIDCharsRe  = lazyRE(`^[\w+=,.@:/-]*$`)
	serialPattern      = `[\w+=/:,.@-]*`
	serialRe           = lazyRE(`^[\w+=/:,.@-]*$`)
	tokenCodePattern   = `[\d]*`
	tokenCodeRe        = lazyRE(`^[0-9]*$`)
)

// field is one request parameter and the constraints the model puts on it.
type field struct {
	name      string // the member name as STS spells it in messages: roleArn, roleSessionName...
	param     string // the query parameter: RoleArn, RoleSessionName...
	required  bool
	min, max  int // length in characters
	re        *lazyRegexp
	pattern   string // the pattern as STS prints it
	sensitive bool   // never echoed in a message
}

var (
	fieldRoleARN     = field{name: "roleArn", param: "RoleArn", required: true, min: 20, max: 2048, re: arnRe, pattern: arnPattern}
	fieldSessionName = field{name: "roleSessionName", param: "RoleSessionName", required: true, min: 2, max: 64, re: sessionNameRe, pattern: sessionNamePattern}
	fieldExternalID  = field{name: "externalId", param: "ExternalId", min: 2, max: 1224, re: externalIDCharsRe, pattern: externalIDPattern}
	fieldSerial      = field{name: "serialNumber", param: "SerialNumber", min: 9, max: 256, re: serialRe, pattern: serialPattern}
	fieldTokenCode   = field{name: "tokenCode", param: "TokenCode", min: 6, max: 6, re: tokenCodeRe, pattern: tokenCodePattern}
	fieldWebToken    = field{name: "webIdentityToken", param: "WebIdentityToken", required: true, min: 4, max: 20000, sensitive: true}
)

// validation collects the broken constraints of one request.
type validation []string

func (v *validation) fail(name, value string, present, sensitive bool, constraint string) {
	shown := "null"
	switch {
	case sensitive && present:
		shown = "'***'"
	case present:
		shown = "'" + value + "'"
	}
	*v = append(*v, fmt.Sprintf("Value %s at '%s' failed to satisfy constraint: Member must %s", shown, name, constraint))
}

// str reads a string parameter from form and checks it against f.
func (v *validation) str(form url.Values, f field) string {
	value, present := form.Get(f.param), form.Has(f.param)
	if !present {
		if f.required {
			v.fail(f.name, "", false, false, "not be null")
		}
		return ""
	}
	if f.re != nil && !f.re.MatchString(value) {
		v.fail(f.name, value, true, f.sensitive, "satisfy regular expression pattern: "+f.pattern)
	}
	switch n := utf8.RuneCountInString(value); {
	case n < f.min:
		v.fail(f.name, value, true, f.sensitive, fmt.Sprintf("have length greater than or equal to %d", f.min))
	case n > f.max:
		v.fail(f.name, value, true, f.sensitive, fmt.Sprintf("have length less than or equal to %d", f.max))
	}
	return value
}

// duration reads DurationSeconds (900 to 43200); 0 when absent.
func (v *validation) duration(form url.Values) int {
	if !form.Has("DurationSeconds") {
		return 0
	}
	raw := form.Get("DurationSeconds")
	d, err := strconv.Atoi(raw)
	switch {
	case err != nil:
		v.fail("durationSeconds", raw, true, false, "be an integer")
	case d < 900:
		v.fail("durationSeconds", raw, true, false, "have value greater than or equal to 900")
	case d > 43200:
		v.fail("durationSeconds", raw, true, false, "have value less than or equal to 43200")
	}
	return d
}

// err is the ValidationError STS returns for the broken constraints, or nil.
func (v validation) err() *stsError {
	switch len(v) {
	case 0:
		return nil
	case 1:
		return newSTSError(http.StatusBadRequest, "ValidationError", "1 validation error detected: %s", v[0])
	}
	return newSTSError(http.StatusBadRequest, "ValidationError", "%d validation errors detected: %s", len(v), strings.Join(v, "; "))
}

// assumeRoleInput is a decoded AssumeRole request.
type assumeRoleInput struct {
	roleARN, sessionName, externalID, serial, tokenCode string
	duration                                            int // 0: not given
}

// decodeAssumeRole reads the AssumeRole parameters the emulator acts on (session policies and
// tags are accepted and ignored) and checks them as STS does.
func decodeAssumeRole(form url.Values) (assumeRoleInput, *stsError) {
	var v validation
	in := assumeRoleInput{
		roleARN:     v.str(form, fieldRoleARN),
		sessionName: v.str(form, fieldSessionName),
		duration:    v.duration(form),
		externalID:  v.str(form, fieldExternalID),
		serial:      v.str(form, fieldSerial),
		tokenCode:   v.str(form, fieldTokenCode),
	}
	return in, v.err()
}

// webIdentityInput is a decoded AssumeRoleWithWebIdentity request.
type webIdentityInput struct {
	roleARN, sessionName, token string
	duration                    int
}

// decodeWebIdentity reads the AssumeRoleWithWebIdentity parameters and checks them as STS does.
func decodeWebIdentity(form url.Values) (webIdentityInput, *stsError) {
	var v validation
	in := webIdentityInput{
		roleARN:     v.str(form, fieldRoleARN),
		sessionName: v.str(form, fieldSessionName),
		token:       v.str(form, fieldWebToken),
		duration:    v.duration(form),
	}
	return in, v.err()
}
