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
	err := cmdutil.Explain(root.ExecuteContext(ctx))
	if err == nil {
		return cmdutil.ExitOK
	}
	printError(f.IOStreams, err)
	if errors.Is(err, context.Canceled) {
		return exitInterrupted
	}
	return cmdutil.ExitCodeOf(err)
}

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
	fmt.Fprintf(ios.ErrOut, "%s %s\n", cs.Red("error:"), msg)
	for _, hint := range cmdutil.HintsOf(err) {
		fmt.Fprintf(ios.ErrOut, "%s %s\n", cs.Yellow("hint:"), hint)
	}
	var flagErr *cmdutil.FlagError
	if errors.As(err, &flagErr) && len(cmdutil.HintsOf(err)) == 0 {
		fmt.Fprintf(ios.ErrOut, "%s run 'awsso --help' for usage\n", cs.Yellow("hint:"))
	}
}

func buildVersion() string {
	if buildVersionOverride != "" {
		return buildVersionOverride
	}
	if info, ok := debug.ReadBuildInfo(); ok && info.Main.Version != "" {
		return info.Main.Version
	}
	return "(devel)"
}
