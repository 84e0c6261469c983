package cmdutil

import (
	"os"
	"reflect"
	"testing"

	"github.com/awsso/awsso/internal/iostreams"
)

func TestIsolateEnv(t *testing.T) {
	ios, _, _, _ := iostreams.Test()
	f := NewFactory(ios, "test")
	f.IsolateEnv(map[string]string{"B": "2", "A": "1"})
	f.Setenv("C", "3")
	if _, ok := f.LookupEnv("PATH"); ok {
		t.Error("the process's PATH leaks into an isolated environment")
	}
	if got := f.Environ(); !reflect.DeepEqual(got, []string{"A=1", "B=2", "C=3"}) {
		t.Errorf("Environ = %q", got)
	}
	if _, ok := os.LookupEnv("C"); ok {
		t.Error("Setenv changed the process's environment")
	}
}
