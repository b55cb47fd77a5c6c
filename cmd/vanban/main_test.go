package main

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func runArgs(t *testing.T, stdin string, args ...string) (code int, stdout, stderr string) {
	t.Helper()
	for _, k := range []string{"LC_ALL", "LC_MESSAGES", "LANG"} {
		t.Setenv(k, "") // Vietnamese, unless args say -lang en
	}
	var o, e bytes.Buffer
	code = run(context.Background(), args, strings.NewReader(stdin), &o, &e)
	return code, o.String(), e.String()
}

func TestRenderWritesBothFormats(t *testing.T) {
	dir := t.TempDir()
	code, _, stderr := runArgs(t, "", "render", "-o", dir, "../../samples/cao-bang-2021.toml", "../../samples/cong-van.toml")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	for _, n := range []string{"cao-bang-2021.pdf", "cao-bang-2021.docx", "cong-van.pdf", "cong-van.docx"} {
		b, err := os.ReadFile(filepath.Join(dir, n))
		if err != nil || len(b) < 1000 {
			t.Errorf("%s: %v (%d bytes)", n, err, len(b))
		}
	}
	if left, _ := filepath.Glob(filepath.Join(dir, ".*.tmp")); len(left) > 0 {
		t.Errorf("temporary files left behind: %v", left)
	}
}

func TestRenderOneFormat(t *testing.T) {
	dir := t.TempDir()
	if code, _, stderr := runArgs(t, "", "render", "-o", dir, "-format", "docx", "../../samples/du-thao.toml"); code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	if _, err := os.Stat(filepath.Join(dir, "du-thao.pdf")); err == nil {
		t.Error("-format docx also wrote a PDF")
	}
}

func TestStdinToStdout(t *testing.T) {
	in, err := os.ReadFile("../../samples/du-thao.toml")
	if err != nil {
		t.Fatal(err)
	}
	code, out, stderr := runArgs(t, string(in), "render", "-format", "pdf", "-")
	if code != 0 || !strings.HasPrefix(out, "%PDF-1.4") {
		t.Fatalf("exit %d, output %.10q, stderr %s", code, out, stderr)
	}
	if code, _, _ := runArgs(t, string(in), "render", "-"); code != 2 {
		t.Errorf("stdin with two formats: exit %d, want 2", code)
	}
}

// Bad input: one message with file, line, column and key; exit 1; no file.
func TestBadInputWritesNothing(t *testing.T) {
	dir := t.TempDir()
	bad := filepath.Join(dir, "bad.toml")
	src, _ := os.ReadFile("../../samples/du-thao.toml")
	os.WriteFile(bad, append(src, []byte("\n[page]\nsize = 16\n")...), 0o644)
	out := filepath.Join(dir, "out")
	code, _, stderr := runArgs(t, "", "render", "-o", out, bad)
	if code != 1 {
		t.Fatalf("exit %d, want 1", code)
	}
	if !strings.Contains(stderr, "bad.toml:") || !strings.Contains(stderr, "page.size") || strings.Count(stderr, "\n") != 1 {
		t.Errorf("message: %q", stderr)
	}
	if entries, _ := os.ReadDir(out); len(entries) > 0 {
		t.Errorf("bad input left files: %v", entries)
	}
}

func TestCheck(t *testing.T) {
	if code, out, _ := runArgs(t, "", "check", "../../samples/ke-hoach.toml"); code != 0 || out != "../../samples/ke-hoach.toml: tốt\n" {
		t.Errorf("check of a good file: exit %d, %q", code, out)
	}
	if code, _, stderr := runArgs(t, "number = [", "check", "-"); code != 1 || !strings.Contains(stderr, "<stdin>:1:") {
		t.Errorf("check of bad stdin: exit %d, %q", code, stderr)
	}
}

func TestUsage(t *testing.T) {
	for _, c := range []struct {
		args []string
		code int
	}{
		{nil, 2},
		{[]string{"frobnicate"}, 2},
		{[]string{"render"}, 2},
		{[]string{"render", "-format", "odt", "x.toml"}, 2},
		{[]string{"render", "-nosuchflag", "x.toml"}, 2},
		{[]string{"render", "--help"}, 0},
		{[]string{"check", "-help"}, 0},
		{[]string{"help"}, 0},
		{[]string{"--help"}, 0},
		{[]string{"check", "/no/such/file.toml"}, 1},
	} {
		if code, _, _ := runArgs(t, "", c.args...); code != c.code {
			t.Errorf("vanban %v: exit %d, want %d", c.args, code, c.code)
		}
	}
}
