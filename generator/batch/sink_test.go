package batch

import (
	"archive/zip"
	"bytes"
	"io"
	"testing"
)

// unzip opens an archive and returns its entries, in order, and their
// contents.
func unzip(t *testing.T, b []byte) ([]*zip.File, map[string][]byte) {
	t.Helper()
	zr, err := zip.NewReader(bytes.NewReader(b), int64(len(b)))
	if err != nil {
		t.Fatal(err)
	}
	files := map[string][]byte{}
	for _, f := range zr.File {
		rc, err := f.Open()
		if err != nil {
			t.Fatal(err)
		}
		files[f.Name], err = io.ReadAll(rc)
		rc.Close()
		if err != nil {
			t.Fatalf("%s: %v", f.Name, err)
		}
	}
	return zr.File, files
}

func TestZipNames(t *testing.T) {
	var buf bytes.Buffer
	z := NewZip(&buf)
	for _, name := range []string{"", ".", "/etc/passwd", "../x.pdf", "a/../../x", "a/./b", `..\x.pdf`, "C:x.pdf", "a//b", "a/"} {
		if err := z.Put(name, []byte("x")); err == nil {
			t.Errorf("Put(%q): no error", name)
		}
	}
	if err := z.Put("a/b.txt", []byte("x")); err != nil {
		t.Error(err)
	}
	if err := z.Put("a/b.txt", []byte("y")); err == nil {
		t.Error("a second a/b.txt: no error")
	}
	if err := z.Close(); err != nil {
		t.Fatal(err)
	}
	entries, _ := unzip(t, buf.Bytes())
	if len(entries) != 1 || entries[0].Name != "a/b.txt" {
		t.Errorf("entries %v", entries)
	}
	if err := z.Put("c.txt", nil); err == nil {
		t.Error("Put after Close: no error")
	}
	for _, name := range []string{"../x.pdf", "/x.pdf"} {
		if err := Dir(t.TempDir()).Put(name, nil); err == nil {
			t.Errorf("Dir.Put(%q): no error", name)
		}
	}
}
