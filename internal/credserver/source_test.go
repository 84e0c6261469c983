package credserver

import (
	"errors"
	"testing"

	"github.com/awsso/awsso/internal/resolver"
)

// TestFetches: a source's fetches take the server's margin; the first, until one succeeds,
// carries what the command line gave (an MFA code) and may ask on the terminal; every later
// one asks nobody.
func TestFetches(t *testing.T) {
	f := newFetches(resolver.Fetch{MFACode: "123456"})
	first := resolver.Fetch{MFACode: "123456", Margin: FetchMargin}
	if got := f.next(); got != first {
		t.Errorf("first fetch %+v, want %+v", got, first)
	}
	f.done(errors.New("refused"))
	if got := f.next(); got != first {
		t.Errorf("after a failure %+v, want %+v again", got, first)
	}
	f.done(nil)
	if got, want := f.next(), (resolver.Fetch{Margin: FetchMargin, NoPrompt: true}); got != want {
		t.Errorf("after a success %+v, want %+v", got, want)
	}
}
