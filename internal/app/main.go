package app

import (
	"context"
	"errors"
	"fmt"
	"os"
	"runtime/debug"

	"github.com/awsso/awsso/internal/cmdutil"
	"github.com/awsso/awsso/internal/fsutil"
	"github.com/awsso/awsso/internal/iostreams"
	"github.com/awsso/awsso/internal/textsafe"
)

// version is set at build time with -ldflags "-X github.com/awsso/awsso/internal/app.buildVersionOverride=v1.2.3";
// otherwise it comes from the module's build information.
var buildVersionOverride = ""

// Main runs awsso with the process's arguments and returns the exit code.
func Main() (code int) {
	f := cmdutil.NewFactory(iostreams.System(), "")
	defer recoverCrash(f.IOStreams, &code)
	args := os.Args[1:]
	stop := newStopper(f.IOStreams)
	f.HoldSignals = stop.hold
	// credential-process and export-credentials, which tools start at every launch, run first
	// and as they are. Their warm path only reads, and a signal may end it at once, so signal
	// handling (whose thread and goroutines would cost it half a millisecond) starts only
	// when they first take a lock or write a file. (--login, which waits for a person, goes
	// through the tree below.)
	fsutil.OnBusy(stop.arm)
	if code, ran := runFast(stop.ctx, f, args); ran {
		return stop.finish(code)
	}
	stop.arm()
	f.Version = buildVersion()
	return stop.finish(runTree(stop.ctx, f, args))
}

// exitInterrupted is the shell's code for a command stopped by Ctrl-C (128 + SIGINT).
const exitInterrupted = 130

// Run executes one command line with f and returns the exit code, after printing any error.
func Run(ctx context.Context, f *cmdutil.Factory, args []string) (code int) {
	defer recoverCrash(f.IOStreams, &code)
	if code, ran := runFast(ctx, f, args); ran {
		return code
	}
	return runTree(ctx, f, args)
}

// runTree runs a command line through the whole command tree.
func runTree(ctx context.Context, f *cmdutil.Factory, args []string) int {
	root := NewRootCmd(f)
	root.SetArgs(args)
	cmd, err := root.ExecuteContextC(ctx)
	if cmd == nil {
		cmd = root
	}
	err = usageHint(cmdutil.Explain(err), cmd.CommandPath())
	if err == nil {
		return cmdutil.ExitOK
	}
	printError(f.IOStreams, err)
	if errors.Is(err, context.Canceled) {
		return exitInterrupted
	}
	return cmdutil.ExitCodeOf(err)
}

// usageHint gives a usage error that has no hint of its own the help of the command it is
// about (command is "awsso exec", say), so that no usage error ends without a next step.
func usageHint(err error, command string) error {
	var flagErr *cmdutil.FlagError
	if errors.As(err, &flagErr) && len(cmdutil.HintsOf(err)) == 0 {
		return cmdutil.WithHint(err, cmdutil.ExitError, "run '"+command+" --help' for usage")
	}
	return err
}

// maxMessage bounds what one error or hint prints: no message awsso writes comes near it, and
// a value echoed from a hostile file or answer cannot flood the terminal.
const maxMessage = 4096

// printError writes the "error:" line and the "hint:" lines of err on stderr. Messages can
// quote what a config file or a remote service said, so each is printed through
// textsafe.Lines: a terminal shows control characters instead of obeying them.
func printError(ios *iostreams.IOStreams, err error) {
	var silent *cmdutil.SilentError
	if errors.As(err, &silent) {
		return
	}
	cs := ios.ColorSchemeErr()
	msg := err.Error()
	if errors.Is(err, context.Canceled) {
		msg = "interrupted"
	}
	safe := func(s string) string { return textsafe.Lines(textsafe.Cut(s, maxMessage)) }
	fmt.Fprintf(ios.ErrOut, "%s %s\n", cs.Red("error:"), safe(msg))
	for _, hint := range cmdutil.HintsOf(err) {
		fmt.Fprintf(ios.ErrOut, "%s %s\n", cs.Yellow("hint:"), safe(hint))
	}
}

// buildVersion is the version of this build: the override, else the module version Go
// recorded (a release tag under go install MODULE@VERSION, a pseudo-version built from the
// checkout's commit otherwise); `awsso version` adds the commit details.
func buildVersion() string {
	if buildVersionOverride != "" {
		return buildVersionOverride
	}
	if info, ok := debug.ReadBuildInfo(); ok && info.Main.Version != "" {
		return info.Main.Version
	}
	return "(devel)"
}
