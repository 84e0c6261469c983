package cmdutil

import (
	"errors"
	"fmt"
	"reflect"
	"testing"

	"github.com/aws/smithy-go"
	"github.com/awsso/awsso/internal/awsconfig"
)

type loginRequired struct{}

func (loginRequired) Error() string   { return "session corp has expired" }
func (loginRequired) ExitCode() int   { return ExitLoginRequired }
func (loginRequired) Hints() []string { return []string{"run: awsso login --sso-session corp"} }

func TestExitCodeOf(t *testing.T) {
	tests := []struct {
		name string
		err  error
		want int
	}{
		{"nil", nil, ExitOK},
		{"plain", errors.New("x"), ExitError},
		{"flag", FlagErrorf("bad"), ExitError},
		{"wrapped domain error", fmt.Errorf("get credentials: %w", loginRequired{}), ExitLoginRequired},
		{"hinted", WithHint(errors.New("x"), ExitRemote, "retry"), ExitRemote},
		{"silent", &SilentError{Code: 1}, ExitError},
		{"joined", errors.Join(errors.New("a"), loginRequired{}), ExitLoginRequired},
		{"AWS call", fmt.Errorf("list accounts: %w", &smithy.OperationError{ServiceID: "SSO", Err: errors.New("dial tcp: refused")}), ExitRemote},
		{"login required despite an AWS call", fmt.Errorf("x: %w", loginRequired{}), ExitLoginRequired},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := ExitCodeOf(tt.err); got != tt.want {
				t.Errorf("ExitCodeOf = %d, want %d", got, tt.want)
			}
		})
	}
}

func TestHintsOfCollectsChainWithoutRepeats(t *testing.T) {
	err := WithHint(fmt.Errorf("whoami: %w", errors.Join(loginRequired{}, loginRequired{})), ExitLoginRequired, "first")
	want := []string{"first", "run: awsso login --sso-session corp"}
	if got := HintsOf(err); !reflect.DeepEqual(got, want) {
		t.Errorf("HintsOf = %q, want %q", got, want)
	}
}

// TestSyntaxErrorsHintOnce: a file with several syntax errors gets one hint, not one per line.
func TestSyntaxErrorsHintOnce(t *testing.T) {
	_, err := awsconfig.Parse("/home/u/.aws/config", []byte("[default]\nregion\n[profile a]\nfoo\n"))
	if hints := HintsOf(err); len(hints) != 1 {
		t.Errorf("HintsOf = %q, want one hint", hints)
	}
	if ExitCodeOf(err) != ExitError {
		t.Errorf("exit code %d", ExitCodeOf(err))
	}
}
