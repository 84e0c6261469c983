package resolver

import (
	"errors"
	"testing"
)

// TestNoEndpoints checks that leaving out the endpoints changes nothing else: the same kind
// and chain, the same failure for a bad setting, and no Endpoints at all.
func TestNoEndpoints(t *testing.T) {
	tests := []struct {
		name, config string
		fails        bool
	}{
		{name: "sso", config: corpSession + "[profile p]\nsso_session = corp\nsso_account_id = 111122223333\nsso_role_name = Admin\nendpoint_url = http://127.0.0.1:1\n"},
		{name: "services naming no section", config: corpSession + "[profile p]\nsso_session = corp\nsso_account_id = 111122223333\nsso_role_name = Admin\nservices = nowhere\n"},
		{name: "chain", config: corpSession + "[profile hub]\nsso_session = corp\nsso_account_id = 111122223333\nsso_role_name = Admin\n[profile p]\nrole_arn = arn:aws:iam::444455556666:role/R\nsource_profile = hub\n"},
		{name: "bad max_attempts", config: corpSession + "[profile p]\nsso_session = corp\nsso_account_id = 111122223333\nsso_role_name = Admin\nmax_attempts = many\n", fails: true},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			cfg := load(t, tc.config, "")
			full, fullErr := Resolve(cfg, "p", Options{Explicit: true})
			lean, leanErr := Resolve(cfg, "p", Options{Explicit: true, NoEndpoints: true})
			if (fullErr != nil) != tc.fails || (leanErr != nil) != tc.fails {
				t.Fatalf("errors: with endpoints %v, without %v; want failure %v", fullErr, leanErr, tc.fails)
			}
			if tc.fails {
				var want *InvalidValueError
				if !errors.As(leanErr, &want) || leanErr.Error() != fullErr.Error() {
					t.Fatalf("without endpoints %v, with %v", leanErr, fullErr)
				}
				return
			}
			if full.Kind != lean.Kind || full.String() != lean.String() || full.Region != lean.Region {
				t.Errorf("without endpoints %s %q, with %s %q", lean.Kind, lean.String(), full.Kind, full.String())
			}
			if len(full.Client.Endpoints) == 0 || lean.Client.Endpoints != nil {
				t.Errorf("endpoints: with %v, without %v", full.Client.Endpoints, lean.Client.Endpoints)
			}
		})
	}
}
