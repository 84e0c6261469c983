// Package version implements `awsso version`: the version, and what the build knows of its
// source (the VCS revision, its time, local changes), as Go records them in the binary.
package version

import (
	"fmt"
	"io"
	"runtime"
	"runtime/debug"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"github.com/awsso/awsso/internal/cmdutil"
)

// NewCmdVersion returns the version command.
func NewCmdVersion(f *cmdutil.Factory) *cobra.Command {
	return &cobra.Command{
		Use:   "version",
		Short: "Print the awsso version and the source it was built from",
		Long: `Print the awsso version: the module version for a release installed with
go install github.com/awsso/awsso/cmd/awsso@VERSION, and for a build from a git checkout the
commit, its time and whether the tree had changes, then the Go version and platform.`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error { return Run(f.IOStreams.Out, f.Version) },
	}
}

// Run prints the version line of this build (version as Line takes it) to out. internal/app's
// fast path runs it without building the command tree.
func Run(out io.Writer, version string) error {
	info, _ := debug.ReadBuildInfo()
	_, err := fmt.Fprintln(out, Line(version, info, runtime.GOOS+"/"+runtime.GOARCH))
	return err
}

// Line describes a build in one line: "awsso v1.2.3 (go1.26.8, linux/amd64)" for a module
// release, "awsso v0.0.0-...+dirty (commit 1a2b3c4d5e6f, 2026-12-05 09:15 UTC, modified;
// go1.26.8, linux/amd64)" for a build from a checkout. version is the version to show ("" for
// info's); info may be nil (a binary built without module support).
func Line(version string, info *debug.BuildInfo, platform string) string {
	goVersion := runtime.Version()
	if info != nil {
		if version == "" {
			version = info.Main.Version
		}
		goVersion = info.GoVersion
	}
	if version == "" {
		version = "(devel)"
	}
	var parts []string
	if source := vcs(info); source != "" {
		parts = append(parts, source)
	}
	return fmt.Sprintf("awsso %s (%s)", version, strings.Join(append(parts, goVersion+", "+platform), "; "))
}

// vcs is what the build recorded of its source checkout ("" when nothing, as for a module
// downloaded by go install): the revision, its commit time and whether the tree was modified.
func vcs(info *debug.BuildInfo) string {
	if info == nil {
		return ""
	}
	settings := map[string]string{}
	for _, s := range info.Settings {
		settings[s.Key] = s.Value
	}
	rev := settings["vcs.revision"]
	if rev == "" {
		return ""
	}
	if len(rev) > 12 {
		rev = rev[:12]
	}
	out := settings["vcs"] + " commit " + rev
	if t, err := time.Parse(time.RFC3339, settings["vcs.time"]); err == nil {
		out += ", " + t.UTC().Format("2006-01-02 15:04 UTC")
	}
	if settings["vcs.modified"] == "true" {
		out += ", modified"
	}
	return out
}
