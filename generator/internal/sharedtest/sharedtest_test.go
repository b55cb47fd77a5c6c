package sharedtest

import (
	"os"
	"testing"
)

func TestPathFindsShared(t *testing.T) {
	p := Path(t, "data/units-2026.json")
	if _, err := os.Stat(p); err != nil {
		t.Fatal(err)
	}
}
