// Package sharedtest finds the material that tests read from ../shared, the
// folder every developer and CI run has beside the project: the data on
// every province and ward, which is not ours to commit.
package sharedtest

import (
	"encoding/json"
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

// Province is a province or city of units-2026.json with its wards,
// communes and special zones.
type Province struct {
	Name, FullName string // "Hà Nội", "Thành phố Hà Nội"
	Wards          []Ward
}

// Ward is a ward, commune or special zone: "Ba Đình", "Phường Ba Đình".
type Ward struct{ Name, FullName string }

// Units returns the 34 provinces and cities of ../shared/data/units-2026.json
// and their 3,321 units, failing the test when the file is missing or
// holds anything else.
func Units(t testing.TB) []Province {
	t.Helper()
	data, err := os.ReadFile(Path(t, "data/units-2026.json"))
	if err != nil {
		t.Fatal(err)
	}
	var ps []Province
	if err := json.Unmarshal(data, &ps); err != nil {
		t.Fatalf("units-2026.json: %v", err)
	}
	n := 0
	for _, p := range ps {
		n += len(p.Wards)
	}
	if len(ps) != 34 || n != 3321 {
		t.Fatalf("units-2026.json has %d provinces and %d units, want 34 and 3,321", len(ps), n)
	}
	return ps
}
