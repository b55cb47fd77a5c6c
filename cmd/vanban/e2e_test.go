//go:build e2e

package main

// The end-to-end check CI runs (make e2e): every sample rendered by the
// binary's own code path, then read by tools that are not ours. pdftotext
// must find every paragraph of the input in order, and LibreOffice must
// lay the DOCX out on as many pages as vanban's PDF has.

import (
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/vanban/vanban/generator"
	"github.com/vanban/vanban/generator/markup"
)

// normal keeps what must survive any text extraction: everything but
// white space and hyphens. pdftotext joins a line that ends in a hyphen
// to the next and drops the hyphen ("2021 -" / "2026" reads "2021 2026"),
// so hyphens and spaces are left out of the comparison on both sides.
func normal(s string) string {
	return strings.NewReplacer(" ", "", "\n", "", "\t", "", "-", "").Replace(s)
}

// readerText is pdftotext's text without the page numbers at the top of
// pages 2 on and without the first page's footer.
func readerText(raw, footer string) string {
	var b strings.Builder
	for i, page := range strings.Split(raw, "\f") {
		for _, line := range strings.Split(page, "\n") {
			if i > 0 && strings.TrimSpace(line) == strconv.Itoa(i+1) {
				continue
			}
			b.WriteString(line)
			b.WriteByte('\n')
		}
	}
	return strings.Replace(normal(b.String()), normal(footer), "", 1)
}

func pages(t *testing.T, pdf string) string {
	out, err := exec.Command("pdfinfo", pdf).Output()
	if err != nil {
		t.Fatalf("pdfinfo %s: %v", pdf, err)
	}
	m := regexp.MustCompile(`(?m)^Pages:\s+(\d+)`).FindSubmatch(out)
	if m == nil {
		t.Fatalf("pdfinfo %s: no page count", pdf)
	}
	return string(m[1])
}

func TestE2E(t *testing.T) {
	for _, tool := range []string{"pdftotext", "pdfinfo", "pdffonts", "soffice"} {
		if _, err := exec.LookPath(tool); err != nil {
			t.Fatalf("%s is not installed (apt-get install poppler-utils libreoffice-writer-nogui)", tool)
		}
	}
	dir := t.TempDir()
	names, _ := filepath.Glob("../../samples/*.toml")
	// The templates' samples share names with the documents: copy them
	// under names of their own.
	tpl, _ := filepath.Glob("../../samples/templates/*.toml")
	for _, n := range tpl {
		b, err := os.ReadFile(n)
		if err != nil {
			t.Fatal(err)
		}
		cp := filepath.Join(dir, "templates-"+filepath.Base(n))
		if err := os.WriteFile(cp, b, 0o644); err != nil {
			t.Fatal(err)
		}
		names = append(names, cp)
	}
	args := append([]string{"render", "-o", dir}, names...)
	if code := run(context.Background(), args, nil, os.Stdout, os.Stderr); code != 0 {
		t.Fatalf("render: exit %d", code)
	}
	var docx []string
	for _, n := range names {
		docx = append(docx, filepath.Join(dir, strings.TrimSuffix(filepath.Base(n), ".toml")+".docx"))
	}
	lo := filepath.Join(dir, "lo")
	cmd := exec.Command("soffice", append([]string{"-env:UserInstallation=file://" + filepath.Join(dir, "profile"),
		"--headless", "--convert-to", "pdf", "--outdir", lo}, docx...)...)
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("soffice: %v\n%s", err, out)
	}
	for _, n := range names {
		base := strings.TrimSuffix(filepath.Base(n), ".toml")
		t.Run(base, func(t *testing.T) {
			pdf := filepath.Join(dir, base+".pdf")
			out, err := exec.Command("pdftotext", pdf, "-").Output()
			if err != nil {
				t.Fatalf("pdftotext: %v", err)
			}
			d, err := generator.ParseFile(n)
			if err != nil {
				t.Fatal(err)
			}
			text := readerText(string(out), d.Footer)
			paras := []string{d.Type, d.Summary}
			paras = append(paras, d.BaseLines()...)
			for _, b := range d.Body {
				paras = append(paras, markup.Text(b.Spans))
			}
			paras = append(paras, d.Signer.Name)
			at := 0
			for _, p := range paras {
				p = normal(p)
				if p == "" {
					continue
				}
				i := strings.Index(text[at:], p)
				if i < 0 {
					t.Errorf("pdftotext does not find, in order: %q", p)
					continue
				}
				at += i + len(p)
			}
			checkFonts(t, pdf)
			ours, theirs := pages(t, pdf), pages(t, filepath.Join(lo, base+".pdf"))
			if ours != theirs {
				t.Errorf("vanban's PDF has %s pages, LibreOffice lays the DOCX out on %s", ours, theirs)
			}
			t.Logf("%s: %s pages, every paragraph found", base, ours)
		})
	}
}

// pdffontsRE is a line of pdffonts for an embedded Liberation Serif subset
// (ISO 32000-1 §9.6.4): name, type, encoding, then emb, sub and uni yes.
var pdffontsRE = regexp.MustCompile(`^[A-Z]{6}\+LiberationSerif(-Bold|-Italic|-BoldItalic)? +CID TrueType +Identity-H +yes +yes +yes `)

// checkFonts has pdffonts list the fonts of a PDF: every one an embedded
// subset, with a ToUnicode map, and no complaint.
func checkFonts(t *testing.T, pdf string) {
	t.Helper()
	out, err := exec.Command("pdffonts", pdf).CombinedOutput()
	if err != nil {
		t.Fatalf("pdffonts: %v\n%s", err, out)
	}
	lines := strings.Split(strings.TrimSpace(string(out)), "\n")
	if len(lines) < 3 {
		t.Fatalf("pdffonts lists no fonts:\n%s", out)
	}
	for _, l := range lines[2:] {
		if !pdffontsRE.MatchString(l) {
			t.Errorf("pdffonts: %q is not an embedded, named Liberation Serif subset with a ToUnicode map", l)
		}
	}
}
