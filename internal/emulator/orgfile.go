package emulator

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"gopkg.in/yaml.v3"
)

// LoadOrg reads an organisation from a YAML or JSON file (JSON when the name ends in .json)
// and validates it. Unknown keys are errors, so a typo cannot silently drop a user.
func LoadOrg(path string) (*Org, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("read organisation: %w", err)
	}
	org, err := ParseOrg(data, strings.EqualFold(filepath.Ext(path), ".json"))
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	return org, nil
}

// ParseOrg decodes an organisation from YAML, or JSON when isJSON is set, and validates it.
func ParseOrg(data []byte, isJSON bool) (*Org, error) {
	var org Org
	if isJSON {
		dec := json.NewDecoder(bytes.NewReader(data))
		dec.DisallowUnknownFields()
		if err := dec.Decode(&org); err != nil {
			return nil, fmt.Errorf("decode organisation JSON: %w", err)
		}
	} else {
		dec := yaml.NewDecoder(bytes.NewReader(data))
		dec.KnownFields(true)
		if err := dec.Decode(&org); err != nil {
			return nil, fmt.Errorf("decode organisation YAML: %w", err)
		}
	}
	if err := org.Validate(); err != nil {
		return nil, fmt.Errorf("invalid organisation: %w", err)
	}
	return &org, nil
}
