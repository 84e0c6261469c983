package console

import (
	"context"
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// TestHandOffRemovesThePage: whether the browser never loads the page or the user gives up,
// the page and its folder are removed before handOff returns.
func TestHandOffRemovesThePage(t *testing.T) {
	canceled, cancel := context.WithCancel(context.Background())
	defer cancel()
	tests := []struct {
		name string
		ctx  context.Context
		want error
	}{
		{"browser never loads it", context.Background(), errNotLoaded},
		{"interrupted", canceled, context.Canceled},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var page string
			err := handOff(tt.ctx, func(u string) error {
				page = strings.TrimPrefix(u, "file://")
				cancel()
				return nil
			}, "https://signin.aws.amazon.com/federation?Action=login&SigninToken=secret", 50*time.Millisecond)
			if !errors.Is(err, tt.want) {
				t.Errorf("handOff = %v, want %v", err, tt.want)
			}
			if page == "" {
				t.Fatal("the browser was given nothing")
			}
			if _, err := os.Stat(filepath.Dir(page)); !errors.Is(err, fs.ErrNotExist) {
				t.Errorf("the page's folder outlived handOff: %v", err)
			}
		})
	}
}

func TestFileURL(t *testing.T) {
	if got := fileURL("/tmp/awsso-console-1/console.html"); got != "file:///tmp/awsso-console-1/console.html" {
		t.Errorf("fileURL = %s", got)
	}
}
