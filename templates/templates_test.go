package templates

import (
	"archive/zip"
	"bytes"
	"flag"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"testing"
)

var update = flag.Bool("update", false, "rebuild base.docx from base/")

// parts reads the sources under base/, [Content_Types].xml first, as Word
// expects it.
func parts(t *testing.T) (names []string, data map[string][]byte) {
	t.Helper()
	data = map[string][]byte{}
	err := filepath.WalkDir("base", func(path string, e fs.DirEntry, err error) error {
		if err != nil || e.IsDir() {
			return err
		}
		rel, _ := filepath.Rel("base", path)
		rel = filepath.ToSlash(rel)
		b, err := os.ReadFile(path)
		names, data[rel] = append(names, rel), b
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	sort.Slice(names, func(i, j int) bool {
		if (names[i] == "[Content_Types].xml") != (names[j] == "[Content_Types].xml") {
			return names[i] == "[Content_Types].xml"
		}
		return names[i] < names[j]
	})
	return names, data
}

func TestBaseMatchesSources(t *testing.T) {
	names, data := parts(t)
	if *update {
		var buf bytes.Buffer
		zw := zip.NewWriter(&buf)
		for _, n := range names {
			w, err := zw.Create(n)
			if err != nil {
				t.Fatal(err)
			}
			w.Write(data[n])
		}
		if err := zw.Close(); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile("base.docx", buf.Bytes(), 0o644); err != nil {
			t.Fatal(err)
		}
		baseDOCX = buf.Bytes()
	}
	zr, err := zip.NewReader(bytes.NewReader(BaseDOCX()), int64(len(BaseDOCX())))
	if err != nil {
		t.Fatal(err)
	}
	if len(zr.File) != len(names) {
		t.Fatalf("base.docx has %d parts, base/ has %d: run go test ./templates -update", len(zr.File), len(names))
	}
	for i, f := range zr.File {
		if f.Name != names[i] {
			t.Errorf("part %d is %s, want %s", i, f.Name, names[i])
			continue
		}
		rc, err := f.Open()
		if err != nil {
			t.Fatal(err)
		}
		got, _ := io.ReadAll(rc)
		rc.Close()
		if !bytes.Equal(got, data[f.Name]) {
			t.Errorf("%s differs from base/%s: run go test ./templates -update", f.Name, f.Name)
		}
	}
}
