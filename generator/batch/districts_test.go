package batch

import (
	"archive/zip"
	"bytes"
	"context"
	"encoding/csv"
	"encoding/json"
	"github.com/vanban/vanban/generator/internal/sharedtest"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/vanban/vanban/generator"
	"github.com/vanban/vanban/generator/legacy"
	"github.com/vanban/vanban/generator/vn"
)

// districtsFile is the pre-2025 list of 696 districts. It is GPL-3.0: the
// tests read it from ../shared and nothing derived from it is committed.
const districtsFile = "data/dvhcvn-2025-03.json"

// TestDistricts runs the election campaign for every district of the old
// three-level system: 696 PDF and DOCX pairs.
func TestDistricts(t *testing.T) {
	if testing.Short() {
		t.Skip("-short: 696 districts take a while")
	}
	b, err := os.ReadFile(sharedtest.Path(t, districtsFile))
	if err != nil {
		t.Fatal(err)
	}
	var data struct {
		Data []struct {
			Name    string
			Level2s []struct{ Name string }
		}
	}
	if err := json.Unmarshal(b, &data); err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	w := csv.NewWriter(&buf)
	w.Write([]string{"tinh", "don_vi", "chu_tich"})
	var units []string
	for _, p := range data.Data {
		for _, d := range p.Level2s {
			w.Write([]string{p.Name, d.Name, "Nguyễn Văn A"})
			units = append(units, d.Name)
		}
	}
	w.Flush()
	if len(units) != 696 {
		t.Fatalf("%d districts, want 696", len(units))
	}
	form, err := generator.OpenForm("../../samples/batch/bau-cu-2026.toml")
	if err != nil {
		t.Fatal(err)
	}
	rows, err := ReadCSV("districts.csv", buf.Bytes(), form.Template, legacy.UTF8)
	if err != nil {
		t.Fatal(err)
	}
	if len(rows.Warnings) > 0 {
		t.Errorf("warnings: %v", rows.Warnings[0])
	}
	dir := t.TempDir()
	rep, err := Run(context.Background(), form, rows, Options{Dir: dir})
	if err != nil {
		t.Fatal(err)
	}
	if rep.Failed > 0 {
		for _, r := range rep.Results {
			if r.Err != nil {
				t.Errorf("row %d: %v", r.Row, r.Err)
			}
		}
		t.Fatalf("%d rows failed", rep.Failed)
	}
	if n := len(listDir(t, dir)); n != 2*696+1 {
		t.Errorf("%d files, want %d", n, 2*696+1)
	}
	// Each DOCX names its own district in the header, in capitals.
	for _, i := range []int{0, 1, 347, 695} {
		r := rep.Results[i]
		if !strings.Contains(r.Files[0].Name, "-"+SafeName(units[i])+".") {
			t.Errorf("row %d: file %s for %s", r.Row, r.Files[0].Name, units[i])
		}
		xml := documentXML(t, filepath.Join(dir, r.Files[1].Name))
		if want := vn.Upper(units[i]); !strings.Contains(xml, want) {
			t.Errorf("row %d: %s does not name %q", r.Row, r.Files[1].Name, want)
		}
	}
}

// documentXML returns the text of word/document.xml in a DOCX file.
func documentXML(t *testing.T, name string) string {
	t.Helper()
	zr, err := zip.OpenReader(name)
	if err != nil {
		t.Fatal(err)
	}
	defer zr.Close()
	for _, f := range zr.File {
		if f.Name == "word/document.xml" {
			rc, err := f.Open()
			if err != nil {
				t.Fatal(err)
			}
			defer rc.Close()
			b, err := io.ReadAll(rc)
			if err != nil {
				t.Fatal(err)
			}
			return string(b)
		}
	}
	t.Fatalf("%s has no word/document.xml", name)
	return ""
}
