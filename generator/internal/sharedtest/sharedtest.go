// Package sharedtest finds the material that tests read from ../shared, the
// folder every developer and CI run has beside the project: the data on
// every province and ward, which is not ours to commit.
package sharedtest

import (
	"os"
	"path/filepath"
	"runtime"
	"testing"
)

// Path returns the path of rel (slash-separated, relative to ../shared) for
// a test. When the file is missing the test fails and says how to provide
// it; under -short it is skipped instead.
func Path(t testing.TB, rel string) string {
	t.Helper()
	_, here, _, _ := runtime.Caller(0)
	// here is generator/internal/sharedtest/sharedtest.go; the project's
	// root is three folders up, and shared is beside it.
	root := filepath.Dir(filepath.Dir(filepath.Dir(filepath.Dir(here))))
	path := filepath.Join(filepath.Dir(root), "shared", filepath.FromSlash(rel))
	if _, err := os.Stat(path); err != nil {
		if testing.Short() {
			t.Skipf("-short: %s is not beside the project (%v)", rel, err)
		}
		t.Fatalf("this test needs ../shared/%s beside the project: %v (run with -short to skip it)", rel, err)
	}
	return path
}
