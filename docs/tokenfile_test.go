package docs

import (
	"encoding/json"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/awsso/awsso/internal/tokencache"
)

// blockAfter returns the fenced code block that follows the marker in design.md.
func blockAfter(t *testing.T, marker string) string {
	t.Helper()
	data, err := os.ReadFile("design.md")
	if err != nil {
		t.Fatal(err)
	}
	_, rest, ok := strings.Cut(string(data), "<!-- "+marker+" -->\n```json\n")
	if !ok {
		t.Fatalf("design.md has no <!-- %s --> marker before a json block", marker)
	}
	block, _, ok := strings.Cut(rest, "\n```")
	if !ok {
		t.Fatalf("the json block after <!-- %s --> does not end", marker)
	}
	return block
}

// TestDesignTokenFile holds design.md's token file to the code: a token with the file's
// values, saved by the token cache, is the file byte for byte, and the file reads back with
// its refusal record, whose hash matches its access token.
func TestDesignTokenFile(t *testing.T) {
	doc := blockAfter(t, "vector: token-file")
	var f struct {
		StartURL, Region, AccessToken, ClientID, ClientSecret, RefreshToken string
		ExpiresAt, RegistrationExpiresAt                                    time.Time
		AWSSO                                                               struct{ RefreshRefusedAt time.Time } `json:"awsso"`
	}
	if err := json.Unmarshal([]byte(doc), &f); err != nil {
		t.Fatalf("design.md's token file is not JSON: %v", err)
	}
	tok := &tokencache.Token{StartURL: f.StartURL, Region: f.Region, AccessToken: f.AccessToken, ExpiresAt: f.ExpiresAt,
		ClientID: f.ClientID, ClientSecret: f.ClientSecret, RegistrationExpiresAt: f.RegistrationExpiresAt,
		RefreshToken: f.RefreshToken, RefreshRefusedAt: f.AWSSO.RefreshRefusedAt}
	cache := tokencache.Cache{Dir: t.TempDir()}
	if err := cache.SaveToken("my-sso", "", tok); err != nil {
		t.Fatal(err)
	}
	got, err := os.ReadFile(cache.TokenPath("my-sso", ""))
	if err != nil {
		t.Fatal(err)
	}
	if string(got) != doc {
		t.Errorf("the token cache writes\n%s\ndesign.md shows\n%s", got, doc)
	}

	if err := os.WriteFile(cache.TokenPath("my-sso", ""), []byte(doc), 0o600); err != nil {
		t.Fatal(err)
	}
	back, err := cache.LoadToken("my-sso", "")
	if err != nil {
		t.Fatal(err)
	}
	if !back.RefreshRefusedAt.Equal(f.AWSSO.RefreshRefusedAt) {
		t.Errorf("the refusal record of design.md's token file is ignored on reading (accessTokenHash does not match?)")
	}
}
