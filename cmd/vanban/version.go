package main

import (
	"fmt"
	"runtime"
	"runtime/debug"
)

// version is set when a release is built:
// go build -ldflags "-X main.version=v1.2.0" (make dist does).
var version string

// versionCmd prints vanban's version, the Go it was built with, and the
// system it runs on.
func versionCmd(e *env, args []string) int {
	fs := e.newFlags("version", "In phiên bản của vanban.", "Print vanban's version.")
	if code, ok := fs.parse(args, 0); !ok {
		return code
	}
	fmt.Fprintf(e.stdout, "vanban %s (%s, %s/%s)\n", buildVersion(version, debug.ReadBuildInfo), runtime.Version(), runtime.GOOS, runtime.GOARCH)
	return exitOK
}

// buildVersion returns v if set, else what the build recorded: the
// module's version (go install ...@v1.2.0), else the commit it was built
// from, else "dev".
func buildVersion(v string, read func() (*debug.BuildInfo, bool)) string {
	if v != "" {
		return v
	}
	bi, ok := read()
	if !ok {
		return "dev"
	}
	if m := bi.Main.Version; m != "" && m != "(devel)" {
		return m
	}
	rev, dirty := "", false
	for _, s := range bi.Settings {
		switch s.Key {
		case "vcs.revision":
			rev = s.Value
		case "vcs.modified":
			dirty = s.Value == "true"
		}
	}
	if rev == "" {
		return "dev"
	}
	if len(rev) > 12 {
		rev = rev[:12]
	}
	if dirty {
		rev += "-dirty"
	}
	return "dev-" + rev
}
