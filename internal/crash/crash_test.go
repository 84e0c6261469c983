package crash

import (
	"errors"
	"strings"
	"testing"
)

const secret = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY"

func failing() (err error) {
	defer Recover(&err)
	var m map[string]string
	m[secret] = secret // a nil-map write: the runtime panics
	return nil
}

func failingWithValue() (err error) {
	defer Recover(&err)
	panic("token " + secret)
}

func TestRecover(t *testing.T) {
	for name, fn := range map[string]func() error{"runtime panic": failing, "panic with a secret": failingWithValue} {
		t.Run(name, func(t *testing.T) {
			err := fn()
			var ce *Error
			if !errors.As(err, &ce) {
				t.Fatalf("error %v, want a *crash.Error", err)
			}
			if !strings.HasPrefix(ce.Where, "crash.failing") {
				t.Errorf("Where = %q, want the function that panicked", ce.Where)
			}
			all := err.Error() + strings.Join(ce.Hints(), "")
			if strings.Contains(all, secret) || strings.Contains(all, "goroutine") {
				t.Errorf("the error shows the panic's value or a stack: %s", all)
			}
			if ce.ExitCode() != 1 {
				t.Errorf("exit code %d", ce.ExitCode())
			}
		})
	}
}

func TestRecoverLeavesAnErrorAlone(t *testing.T) {
	want := errors.New("plain")
	fn := func() (err error) {
		defer Recover(&err)
		return want
	}
	if err := fn(); err != want {
		t.Errorf("err = %v, want the function's own error", err)
	}
}
