package creds

import (
	"bytes"
	"fmt"
	"io"
	"strings"

	"github.com/awsso/awsso/internal/cachefile"
	"github.com/awsso/awsso/internal/shellquote"
)

// Format is an output shape of export-credentials.
type Format string

// The formats, named as the AWS CLI's export-credentials names them (fish and json are ours).
const (
	FormatProcess     Format = "process"
	FormatEnv         Format = "env"
	FormatEnvNoExport Format = "env-no-export"
	FormatFish        Format = "fish"
	FormatPowerShell  Format = "powershell"
	FormatWindowsCmd  Format = "windows-cmd"
	FormatJSON        Format = "json"
)

// Formats lists every format, in the order help text shows them.
var Formats = []Format{FormatProcess, FormatEnv, FormatEnvNoExport, FormatFish, FormatPowerShell, FormatWindowsCmd, FormatJSON}

// ParseFormat checks a --format value.
func ParseFormat(s string) (Format, error) {
	for _, f := range Formats {
		if string(f) == s {
			return f, nil
		}
	}
	names := make([]string, len(Formats))
	for i, f := range Formats {
		names[i] = string(f)
	}
	return "", fmt.Errorf("invalid --format %q: use one of %s", s, strings.Join(names, ", "))
}

// ExpirationString is how the AWS CLI prints an expiry: Python's isoformat of a UTC time.
func (c *Credentials) ExpirationString() string {
	return c.Expiration.UTC().Format("2006-01-02T15:04:05+00:00")
}

// Vars are the environment variables that carry c, as export-credentials prints them:
// AWS_SESSION_TOKEN and AWS_CREDENTIAL_EXPIRATION only when c has them.
func (c *Credentials) Vars() [][2]string {
	vars := [][2]string{{"AWS_ACCESS_KEY_ID", c.AccessKeyID}, {"AWS_SECRET_ACCESS_KEY", c.SecretAccessKey}}
	if c.SessionToken != "" {
		vars = append(vars, [2]string{"AWS_SESSION_TOKEN", c.SessionToken})
	}
	if !c.Expiration.IsZero() {
		vars = append(vars, [2]string{"AWS_CREDENTIAL_EXPIRATION", c.ExpirationString()})
	}
	return vars
}

// Write prints c in format f, byte for byte as the AWS CLI's export-credentials prints it for
// the formats both have. Values that hold characters a shell would interpret are quoted (the
// AWS CLI prints them bare), so eval of the output can never run a command.
func Write(w io.Writer, f Format, c *Credentials) error {
	var b bytes.Buffer
	switch f {
	case FormatProcess, FormatJSON:
		writeJSON(&b, f, c)
	default:
		for _, v := range c.Vars() {
			line, err := envLine(f, v[0], v[1])
			if err != nil {
				return err
			}
			b.WriteString(line)
			b.WriteByte('\n')
		}
	}
	_, err := w.Write(b.Bytes())
	return err
}

// writeJSON writes json.dumps(output, indent=2, separators=(',', ': ')) of the process shape;
// the json format leaves out Version and adds AccountId.
func writeJSON(b *bytes.Buffer, f Format, c *Credentials) {
	fields := [][2]string{
		{"AccessKeyId", c.AccessKeyID},
		{"SecretAccessKey", c.SecretAccessKey},
	}
	// Long-term keys have neither; the AWS CLI leaves them out then.
	if c.SessionToken != "" {
		fields = append(fields, [2]string{"SessionToken", c.SessionToken})
	}
	if !c.Expiration.IsZero() {
		fields = append(fields, [2]string{"Expiration", c.ExpirationString()})
	}
	if f == FormatJSON && c.AccountID != "" {
		fields = append(fields, [2]string{"AccountId", c.AccountID})
	}
	b.WriteString("{\n")
	if f == FormatProcess {
		b.WriteString("  \"Version\": 1,\n")
	}
	for i, kv := range fields {
		b.WriteString("  \"" + kv[0] + "\": ")
		cachefile.WriteString(b, kv[1])
		if i < len(fields)-1 {
			b.WriteByte(',')
		}
		b.WriteByte('\n')
	}
	b.WriteString("}\n")
}

// envLine is one variable assignment in a shell format. Values are quoted for the shell only
// when they hold characters it would interpret, so real credentials print bare, as the AWS CLI
// prints them.
func envLine(f Format, name, value string) (string, error) {
	switch f {
	case FormatEnv:
		return "export " + name + "=" + shellquote.POSIX(value), nil
	case FormatEnvNoExport:
		return name + "=" + shellquote.POSIX(value), nil
	case FormatFish:
		return "set -gx " + name + " " + shellquote.Fish(value), nil
	case FormatPowerShell:
		if !shellquote.Plain(value) {
			return "$Env:" + name + "=" + shellquote.PowerShell(value), nil
		}
		return "$Env:" + name + "=\"" + value + "\"", nil
	case FormatWindowsCmd:
		if !shellquote.Plain(value) {
			return "", fmt.Errorf("%s holds characters that cmd cannot take safely; use another --format", name)
		}
		return "set " + name + "=" + value, nil
	}
	return "", fmt.Errorf("unknown format %q", f)
}
