package creds

import (
	"slices"
	"strings"

	"github.com/awsso/awsso/internal/cachefile"
)

// AssumeRoleArgs are the arguments of an STS AssumeRole or AssumeRoleWithWebIdentity call
// that the AWS CLI hashes into the cache file's name. The token code of an MFA device and the
// web identity token are not among them: they change at every call.
type AssumeRoleArgs struct {
	RoleARN string
	// RoleSessionName is the configured role_session_name; "" when the call generates one
	// (botocore-session-<seconds>), which the key leaves out.
	RoleSessionName string
	ExternalID      string
	SerialNumber    string
	// DurationSeconds is 0 when not set.
	DurationSeconds int
}

// AssumeRoleKey is the cache file name stem the AWS CLI v2 uses for an assumed role
// (botocore's BaseAssumeRoleCredentialFetcher._create_cache_key): the sha1 of the call's
// arguments as json.dumps(args, sort_keys=True) writes them, with Python's default ", " and
// ": " separators (unlike the compact JSON of the SSO role key).
func AssumeRoleKey(a AssumeRoleArgs) string {
	args := cachefile.Object{{Key: "RoleArn", Value: a.RoleARN}}
	if a.RoleSessionName != "" {
		args = append(args, cachefile.Field{Key: "RoleSessionName", Value: a.RoleSessionName})
	}
	if a.ExternalID != "" {
		args = append(args, cachefile.Field{Key: "ExternalId", Value: a.ExternalID})
	}
	if a.SerialNumber != "" {
		args = append(args, cachefile.Field{Key: "SerialNumber", Value: a.SerialNumber})
	}
	if a.DurationSeconds != 0 {
		args = append(args, cachefile.Field{Key: "DurationSeconds", Value: a.DurationSeconds})
	}
	raw, _ := cachefile.PythonSortedJSON(args, ", ", ": ")
	return cachefile.Key(string(raw))
}

// AssumedRole is an STS AssumeRole (or AssumeRoleWithWebIdentity) answer as the AWS CLI v2
// caches it: the parsed response, with its metadata.
type AssumedRole struct {
	Credentials
	// AssumedRoleID and ARN are the AssumedRoleUser of the answer.
	AssumedRoleID, ARN string
	// PackedPolicySize is the answer's PackedPolicySize, when it has one.
	PackedPolicySize *int
	// SourceIdentity is the answer's SourceIdentity, when it has one.
	SourceIdentity string
	// WebIdentity holds what only AssumeRoleWithWebIdentity answers; nil for AssumeRole.
	WebIdentity *WebIdentityAnswer

	// RequestID, StatusCode, Headers (lower-case names) and RetryAttempts are the HTTP
	// exchange, as botocore's ResponseMetadata records it.
	RequestID     string
	StatusCode    int
	Headers       map[string]string
	RetryAttempts int
}

// WebIdentityAnswer is what an AssumeRoleWithWebIdentity answer has beyond AssumeRole's.
type WebIdentityAnswer struct {
	SubjectFromWebIdentityToken, Provider, Audience string
}

// headerOrder is the order in which STS sends its headers; botocore keeps the order it
// received, and others follow, sorted.
var headerOrder = []string{"x-amzn-requestid", "content-type", "content-length", "date"}

// SaveAssumedRole writes an assumed role's answer byte for byte as the AWS CLI v2 does
// (JSONFileCache: json.dumps of the response, with the CLI's ISO 8601 timestamps, so
// Expiration reads "2006-01-02T15:04:05+00:00"), atomically with mode 0600.
func (c Cache) SaveAssumedRole(key string, a *AssumedRole) error {
	inner := cachefile.Object{
		{Key: "AccessKeyId", Value: a.AccessKeyID},
		{Key: "SecretAccessKey", Value: a.SecretAccessKey},
		{Key: "SessionToken", Value: a.SessionToken},
		{Key: "Expiration", Value: a.Expiration.UTC().Format("2006-01-02T15:04:05+00:00")},
	}
	// The members in the order of the service's model, which botocore's parser keeps.
	obj := cachefile.Object{{Key: "Credentials", Value: inner}}
	w := a.WebIdentity
	if w != nil && w.SubjectFromWebIdentityToken != "" {
		obj = append(obj, cachefile.Field{Key: "SubjectFromWebIdentityToken", Value: w.SubjectFromWebIdentityToken})
	}
	obj = append(obj, cachefile.Field{Key: "AssumedRoleUser", Value: cachefile.Object{{Key: "AssumedRoleId", Value: a.AssumedRoleID}, {Key: "Arn", Value: a.ARN}}})
	if a.PackedPolicySize != nil {
		obj = append(obj, cachefile.Field{Key: "PackedPolicySize", Value: *a.PackedPolicySize})
	}
	if w != nil && w.Provider != "" {
		obj = append(obj, cachefile.Field{Key: "Provider", Value: w.Provider})
	}
	if w != nil && w.Audience != "" {
		obj = append(obj, cachefile.Field{Key: "Audience", Value: w.Audience})
	}
	if a.SourceIdentity != "" {
		obj = append(obj, cachefile.Field{Key: "SourceIdentity", Value: a.SourceIdentity})
	}
	headers := cachefile.Object{}
	names := make([]string, 0, len(a.Headers))
	for name := range a.Headers {
		if !slices.Contains(headerOrder, name) {
			names = append(names, name)
		}
	}
	slices.Sort(names)
	for _, name := range append(slices.Clone(headerOrder), names...) {
		if v, ok := a.Headers[name]; ok {
			headers = append(headers, cachefile.Field{Key: name, Value: v})
		}
	}
	obj = append(obj, cachefile.Field{Key: "ResponseMetadata", Value: cachefile.Object{
		{Key: "RequestId", Value: a.RequestID},
		{Key: "HTTPStatusCode", Value: a.StatusCode},
		{Key: "HTTPHeaders", Value: headers},
		{Key: "RetryAttempts", Value: a.RetryAttempts},
	}})
	return cachefile.WriteFile(c.Path(key), obj)
}

// accountOfARN is the account of an ARN (arn:aws:sts::111122223333:assumed-role/R/s), or "".
func accountOfARN(arn string) string {
	parts := strings.SplitN(arn, ":", 6)
	if len(parts) != 6 || parts[0] != "arn" {
		return ""
	}
	return parts[4]
}
