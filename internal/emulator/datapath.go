package emulator

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
)

// dataPathServices are the botocore data folders (service/api-version) whose endpoint rule
// sets WriteDataPath replaces.
var dataPathServices = []string{"sso/2019-06-10", "sso-oidc/2019-06-10", "sts/2011-06-15"}

// WriteDataPath writes into dir the endpoint rule sets that send the SSO, SSO OIDC and STS
// calls of a botocore-based tool to endpoint. Pointing AWS_DATA_PATH at dir lets AWS CLI v2
// releases that predate the AWS_ENDPOINT_URL_* variables (such as Debian's 2.9.19) talk to the
// emulator: each rule set has one rule, with no conditions, that returns endpoint.
func WriteDataPath(dir, endpoint string) error {
	ruleSet := map[string]any{
		"version": "1.0",
		"parameters": map[string]any{
			"Region":       map[string]any{"builtIn": "AWS::Region", "required": false, "type": "String"},
			"UseDualStack": map[string]any{"builtIn": "AWS::UseDualStack", "required": true, "default": false, "type": "Boolean"},
			"UseFIPS":      map[string]any{"builtIn": "AWS::UseFIPS", "required": true, "default": false, "type": "Boolean"},
			"Endpoint":     map[string]any{"builtIn": "SDK::Endpoint", "required": false, "type": "String"},
		},
		"rules": []any{map[string]any{
			"conditions": []any{},
			"endpoint":   map[string]any{"url": endpoint, "properties": map[string]any{}, "headers": map[string]any{}},
			"type":       "endpoint",
		}},
	}
	data, err := json.MarshalIndent(ruleSet, "", "  ")
	if err != nil {
		return err
	}
	for _, svc := range dataPathServices {
		folder := filepath.Join(dir, filepath.FromSlash(svc))
		if err := os.MkdirAll(folder, 0o755); err != nil {
			return fmt.Errorf("write AWS data path: %w", err)
		}
		if err := writeFileAtomic(filepath.Join(folder, "endpoint-rule-set-1.json"), append(data, '\n')); err != nil {
			return fmt.Errorf("write AWS data path: %w", err)
		}
	}
	return nil
}

// writeFileAtomic writes through a temporary file and a rename, so a CLI starting at the same
// moment never reads half a rule set.
func writeFileAtomic(path string, data []byte) error {
	tmp, err := os.CreateTemp(filepath.Dir(path), ".rule-set-*")
	if err != nil {
		return err
	}
	defer os.Remove(tmp.Name())
	if _, err := tmp.Write(data); err != nil {
		tmp.Close()
		return err
	}
	if err := tmp.Chmod(0o644); err != nil {
		tmp.Close()
		return err
	}
	if err := tmp.Close(); err != nil {
		return err
	}
	return os.Rename(tmp.Name(), path)
}
