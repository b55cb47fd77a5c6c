package main

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// Issue 14, item 9: a crash is told apart from bad usage.
func TestProtect(t *testing.T) {
	var e bytes.Buffer
	code := protect(&e, func() int { panic("boom") })
	if code != exitInternal || code == exitUsage || !strings.Contains(e.String(), "vanban: internal error") || !strings.Contains(e.String(), "boom") {
		t.Errorf("exit %d: %s", code, e.String())
	}
	if code := protect(&e, func() int { return exitInput }); code != exitInput {
		t.Errorf("exit %d without a panic", code)
	}
}

// Issue 14, item 9: an output error is told once for an input, not once
// per format.
func TestOutputErrorOnce(t *testing.T) {
	blocker := filepath.Join(t.TempDir(), "a-file")
	os.WriteFile(blocker, nil, 0o644)
	code, _, stderr := runArgs(t, "", "render", "-o", filepath.Join(blocker, "out"), "../../samples/du-thao.toml")
	if code != exitInput || strings.Count(stderr, "vanban: ") != 1 {
		t.Errorf("exit %d, stderr:\n%s", code, stderr)
	}
}

// Issue 14, item 9: temporary files left by a killed run are removed at
// the next; nothing else is.
func TestStaleTemporaries(t *testing.T) {
	dir := t.TempDir()
	old := time.Now().Add(-time.Hour)
	files := map[string]bool{ // name: removed
		".du-thao.pdf.123456.tmp":  true,
		".x.docx.99.tmp":           true,
		".manifest.csv.1.tmp":      true,
		".fresh.pdf.1.tmp":         false, // a run under way may own it
		".notes.txt.1.tmp":         false,
		".x.pdf.abc.tmp":           false,
		"x.pdf.1.tmp":              false,
		".x.pdf.1.tmp.bak":         false,
		"ghi-chu.tmp":              false,
		".x.pdf.1.tmp/inside.toml": false,
	}
	for name := range files {
		p := filepath.Join(dir, name)
		os.MkdirAll(filepath.Dir(p), 0o755)
		os.WriteFile(p, []byte("x"), 0o644)
		if !strings.HasPrefix(name, ".fresh") {
			os.Chtimes(p, old, old)
		}
	}
	os.Chtimes(filepath.Join(dir, ".x.pdf.1.tmp"), old, old) // a directory of that name stays
	if code, _, stderr := runArgs(t, "", "render", "-o", dir, "-format", "pdf", "../../samples/du-thao.toml"); code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	for name, removed := range files {
		_, err := os.Stat(filepath.Join(dir, name))
		if gone := os.IsNotExist(err); gone != removed {
			t.Errorf("%s: removed %v, want %v", name, gone, removed)
		}
	}
}
