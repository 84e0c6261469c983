package creds

import (
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/awsso/awsso/internal/testsupport/testenv"
)

// assumeArgs are the cases of the cache key tests, unicode and all optional arguments
// included.
var assumeArgs = []AssumeRoleArgs{
	{RoleARN: "arn:aws:iam::111122223333:role/A"},
	{RoleARN: "arn:aws:iam::111122223333:role/A", RoleSessionName: "me"},
	{RoleARN: "arn:aws:iam::111122223333:role/A", ExternalID: "e", DurationSeconds: 900, SerialNumber: "arn:aws:iam::111122223333:mfa/me"},
	{RoleARN: "arn:aws:iam::444455556666:role/path/Deploy", RoleSessionName: "jürgen@example", ExternalID: "x\"y"},
}

func TestAssumeRoleKeyVectors(t *testing.T) {
	// Computed by the AWS CLI v2 2.9.19's botocore (AssumeRoleCredentialFetcher._cache_key).
	for i, want := range map[int]string{
		2: "48f45a950285825fa0a70a7c1b6a5a7f95d78627",
		1: "41a7dfd9f595e0afac31d35a7f695a32f90e4438",
	} {
		if got := AssumeRoleKey(assumeArgs[i]); got != want {
			t.Errorf("AssumeRoleKey(%+v) = %s, want %s", assumeArgs[i], got, want)
		}
	}
}

// botocoreKeys is a script that prints botocore's cache key of each argument set on stdin.
const botocoreKeys = `
import json, sys
try:
    import awscli  # the AWS CLI v2 vendors botocore and puts it on the path
except ImportError:
    pass
from botocore.credentials import AssumeRoleCredentialFetcher
for args in json.load(sys.stdin):
    arn = args.pop('RoleArn')
    print(AssumeRoleCredentialFetcher(None, None, arn, extra_args=args)._cache_key)
`

// TestAssumeRoleKeyMatchesBotocore computes the keys with botocore itself: the AWS CLI v2's
// and boto3's.
func TestAssumeRoleKeyMatchesBotocore(t *testing.T) {
	var input []map[string]any
	for _, a := range assumeArgs {
		m := map[string]any{"RoleArn": a.RoleARN}
		if a.RoleSessionName != "" {
			m["RoleSessionName"] = a.RoleSessionName
		}
		if a.ExternalID != "" {
			m["ExternalId"] = a.ExternalID
		}
		if a.SerialNumber != "" {
			m["SerialNumber"] = a.SerialNumber
		}
		if a.DurationSeconds != 0 {
			m["DurationSeconds"] = a.DurationSeconds
		}
		input = append(input, m)
	}
	stdin, _ := json.Marshal(input)
	cli := testenv.AWSCLIv2(t)
	for name, python := range map[string]string{"AWS CLI v2": pythonOf(t, cli), "boto3": testenv.Python(t, false)} {
		t.Run(name, func(t *testing.T) {
			cmd := exec.Command(python, "-c", botocoreKeys)
			cmd.Stdin = strings.NewReader(string(stdin))
			out, err := cmd.CombinedOutput()
			if err != nil {
				t.Fatalf("%s: %v\n%s", python, err, out)
			}
			keys := strings.Fields(string(out))
			if len(keys) != len(assumeArgs) {
				t.Fatalf("botocore printed %q", out)
			}
			for i, a := range assumeArgs {
				if got := AssumeRoleKey(a); got != keys[i] {
					t.Errorf("AssumeRoleKey(%+v) = %s, botocore %s", a, got, keys[i])
				}
			}
		})
	}
}

// pythonOf is the interpreter of a Python script such as /usr/bin/aws (its #! line).
func pythonOf(t *testing.T, script string) string {
	t.Helper()
	data, err := os.ReadFile(script)
	if err != nil {
		t.Fatal(err)
	}
	line, _, _ := strings.Cut(string(data), "\n")
	python, ok := strings.CutPrefix(line, "#!")
	if !ok {
		t.Fatalf("%s does not start with #!", script)
	}
	return strings.Fields(python)[0]
}

func TestAssumedRoleBytesAndRoundTrip(t *testing.T) {
	c := Cache{Dir: filepath.Join(t.TempDir(), "cli", "cache")}
	packed := 6
	a := &AssumedRole{
		Credentials:   Credentials{AccessKeyID: "ASIAX", SecretAccessKey: "s/k", SessionToken: "t==", Expiration: time.Date(2026, 11, 23, 18, 0, 0, 0, time.UTC)},
		AssumedRoleID: "AROAX:botocore-session-1", ARN: "arn:aws:sts::444455556666:assumed-role/Deploy/botocore-session-1",
		PackedPolicySize: &packed, RequestID: "r-1", StatusCode: 200, RetryAttempts: 1,
		Headers: map[string]string{"date": "Mon, 23 Nov 2026 17:00:00 GMT", "x-amzn-requestid": "r-1", "content-type": "text/xml", "content-length": "900", "vary": "accept"},
	}
	if err := c.SaveAssumedRole("k", a); err != nil {
		t.Fatal(err)
	}
	raw, _ := os.ReadFile(c.Path("k"))
	want := `{"Credentials": {"AccessKeyId": "ASIAX", "SecretAccessKey": "s/k", "SessionToken": "t==", "Expiration": "2026-11-23T18:00:00+00:00"}, ` +
		`"AssumedRoleUser": {"AssumedRoleId": "AROAX:botocore-session-1", "Arn": "arn:aws:sts::444455556666:assumed-role/Deploy/botocore-session-1"}, ` +
		`"PackedPolicySize": 6, "ResponseMetadata": {"RequestId": "r-1", "HTTPStatusCode": 200, "HTTPHeaders": {"x-amzn-requestid": "r-1", ` +
		`"content-type": "text/xml", "content-length": "900", "date": "Mon, 23 Nov 2026 17:00:00 GMT", "vary": "accept"}, "RetryAttempts": 1}}`
	if string(raw) != want {
		t.Errorf("cache file\n%s\nwant\n%s", raw, want)
	}
	got, ok := c.Load("k")
	if !ok || got.AccessKeyID != "ASIAX" || !got.Expiration.Equal(a.Expiration) || got.AccountID != "444455556666" {
		t.Errorf("Load = %+v, %v", got, ok)
	}
	if n, err := c.DeleteSSO(); n != 0 || err != nil {
		t.Errorf("logout's DeleteSSO removed an assumed role: %d, %v", n, err)
	}
}
