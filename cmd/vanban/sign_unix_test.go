//go:build unix

package main

import (
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"
)

// A FIFO, a folder or a file too big given as a key, image, PDF, input or
// backup is refused at once with a message naming it: a FIFO must not hang
// a command.
func TestSignRefusesOddFiles(t *testing.T) {
	dir := t.TempDir()
	fifo := filepath.Join(dir, "fifo.pdf")
	if err := syscall.Mkfifo(fifo, 0o644); err != nil {
		t.Fatal(err)
	}
	big := filepath.Join(dir, "big.p12")
	os.WriteFile(big, make([]byte, maxSignKey+1), 0o600)
	for _, c := range []struct {
		args []string
		want string
	}{
		{[]string{"verify", fifo}, fifo + ": không phải tệp thông thường"},
		{[]string{"verify", dir}, dir + ": không phải tệp thông thường"},
		{[]string{"sign", "-role", "signer", "-p12", big, "-password-env", "X", fifo, filepath.Join(dir, "o.pdf")}, fifo + ": không phải tệp thông thường"},
		{[]string{"verify", "-roots", big, fifo}, big + ": tệp lớn quá 1 MB"},
		{[]string{"issue", "-db", filepath.Join(dir, "r.db"), "-o", dir, fifo}, fifo + ": không phải tệp thông thường"},
		{[]string{"register", "import", "-db", filepath.Join(dir, "r.db"), fifo}, fifo + ": không phải tệp thông thường"},
	} {
		done := make(chan struct{})
		var code int
		var stderr string
		go func() { code, _, stderr = runArgs(t, "", c.args...); close(done) }()
		select {
		case <-done:
		case <-time.After(10 * time.Second):
			t.Fatalf("%q: still running after 10 s", c.args)
		}
		if code != exitInput || !strings.Contains(stderr, c.want) {
			t.Errorf("%q: exit %d, %q; want %q", c.args, code, stderr, c.want)
		}
	}
}
