//go:build unix

package generator

import (
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"
)

// Issue 14, item 2: a FIFO named as a template, or as the input, is
// refused at once instead of blocking for a writer that never comes.
func TestTemplateFIFO(t *testing.T) {
	dir := writeFiles(t, map[string]string{"in.toml": inputFor("p.toml")})
	if err := syscall.Mkfifo(filepath.Join(dir, "p.toml"), 0o644); err != nil {
		t.Fatal(err)
	}
	done := make(chan error, 2)
	go func() { _, err := ParseFile(filepath.Join(dir, "in.toml")); done <- err }()
	go func() { _, err := ParseFile(filepath.Join(dir, "p.toml")); done <- err }()
	for range 2 {
		select {
		case err := <-done:
			if err == nil || !strings.Contains(err.Error(), "not a regular file") {
				t.Errorf("FIFO: %v", err)
			}
		case <-time.After(5 * time.Second):
			t.Fatal("reading a FIFO blocks")
		}
	}
}
