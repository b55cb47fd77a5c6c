package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestIssueNumbersAndWrites(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "r.db")
	out := filepath.Join(dir, "out")
	in := filepath.Join(dir, "tb.toml")
	src, err := os.ReadFile("../../samples/du-thao.toml")
	if err != nil {
		t.Fatal(err)
	}
	os.WriteFile(in, src, 0o644)
	code, stdout, stderr := runArgs(t, "", "issue", "-db", db, "-o", out, "-date", "2026-03-04", in)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	want := in + ": Số: 01/TB-UBND, ngày 04/03/2026 (Văn bản hành chính): " + filepath.Join(out, "tb") + ".pdf, " + filepath.Join(out, "tb") + ".docx\n"
	if stdout != want {
		t.Errorf("stdout %q, want %q", stdout, want)
	}
	for _, n := range []string{"tb.pdf", "tb.docx"} {
		if b, err := os.ReadFile(filepath.Join(out, n)); err != nil || len(b) < 1000 {
			t.Errorf("%s: %v", n, err)
		}
	}
	// The same file again: the register would give 02, but tb.pdf is an
	// issued record and is not overwritten, so nothing is given.
	code, _, stderr = runArgs(t, "", "issue", "-db", db, "-o", out, in)
	if code != 1 || !strings.Contains(stderr, "tb.pdf: tệp đã có") {
		t.Errorf("issuing over tb.pdf: exit %d, %s", code, stderr)
	}
	code, stdout, stderr = runArgs(t, "", "issue", "-db", db, "-o", filepath.Join(dir, "out2"), "-date", "2026-03-05", in)
	if code != 0 || !strings.Contains(stdout, "Số: 02/TB-UBND") {
		t.Errorf("second issue: exit %d, %q %s", code, stdout, stderr)
	}
}

func TestIssueRefusesANumberedInput(t *testing.T) {
	dir := t.TempDir()
	code, stdout, stderr := runArgs(t, "", "issue", "-db", filepath.Join(dir, "r.db"), "-o", dir, "../../samples/quyet-dinh.toml")
	if code != 1 || stdout != "" || !strings.Contains(stderr, "quyet-dinh.toml đã có số") {
		t.Errorf("exit %d, stdout %q, stderr %q", code, stdout, stderr)
	}
	if left, _ := filepath.Glob(filepath.Join(dir, "quyet-dinh.*")); len(left) > 0 {
		t.Errorf("files written for a refused input: %v", left)
	}
}

func TestIssueUsage(t *testing.T) {
	for _, args := range [][]string{
		{"issue"},
		{"issue", "-date", "05/02/2026", "x.toml"},
		{"issue", "-"},
	} {
		if code, _, _ := runArgs(t, "", args...); code != 2 {
			t.Errorf("%q: exit %d, want 2", args, code)
		}
	}
}

func TestIssueDBFromEnvironment(t *testing.T) {
	dir := t.TempDir()
	t.Setenv(dbEnv, filepath.Join(dir, "env.db"))
	if code, _, stderr := runArgs(t, "", "issue", "-o", dir, "../../samples/du-thao.toml"); code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	if _, err := os.Stat(filepath.Join(dir, "env.db")); err != nil {
		t.Errorf("$%s was not used: %v", dbEnv, err)
	}
}
