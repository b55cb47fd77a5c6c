//go:build e2e

package main

// The end-to-end check CI runs (make e2e): every sample rendered by the
// binary's own code path, then read by tools that are not ours. pdftotext
// must find every paragraph of the input in order, and LibreOffice must
// lay the DOCX out on the same lines as vanban's PDF, page by page: every
// sample and template, and a corpus of generated documents.

import (
	"context"
	"fmt"
	"html"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
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

// wordRE and lineRE read pdftotext -bbox-layout's XHTML.
var (
	pageRE = regexp.MustCompile(`(?s)<page .*?</page>`)
	lineRE = regexp.MustCompile(`(?s)<line .*?</line>`)
	wordRE = regexp.MustCompile(`<word [^>]*>(.*?)</word>`)
)

// pdfLines returns the lines of text of each page of pdf, as pdftotext
// finds them, sorted: which words stand together on a line, whatever
// column the line is in.
func pdfLines(t *testing.T, pdf string) [][]string {
	t.Helper()
	out, err := exec.Command("pdftotext", "-bbox-layout", pdf, "-").Output()
	if err != nil {
		t.Fatalf("pdftotext -bbox-layout %s: %v", pdf, err)
	}
	var pages [][]string
	for _, pg := range pageRE.FindAll(out, -1) {
		var lines []string
		for _, ln := range lineRE.FindAll(pg, -1) {
			var words []string
			for _, w := range wordRE.FindAllSubmatch(ln, -1) {
				words = append(words, html.UnescapeString(string(w[1])))
			}
			lines = append(lines, strings.Join(words, " "))
		}
		slices.Sort(lines)
		pages = append(pages, lines)
	}
	return pages
}

// sameLines reports how vanban's PDF and LibreOffice's rendering of the
// DOCX differ, page by page: the lines only one of them has.
func sameLines(t *testing.T, ours, theirs string) {
	t.Helper()
	a, b := pdfLines(t, ours), pdfLines(t, theirs)
	if len(a) != len(b) {
		t.Errorf("vanban's PDF has %d pages, LibreOffice lays the DOCX out on %d", len(a), len(b))
	}
	for i := range min(len(a), len(b)) {
		var only, lo []string
		for _, l := range a[i] {
			if !slices.Contains(b[i], l) {
				only = append(only, l)
			}
		}
		for _, l := range b[i] {
			if !slices.Contains(a[i], l) {
				lo = append(lo, l)
			}
		}
		if len(only)+len(lo) > 0 {
			t.Errorf("page %d breaks lines differently:\n  vanban only:      %q\n  LibreOffice only: %q", i+1, only, lo)
		}
	}
}

// convert has LibreOffice turn DOCX files into PDFs in dir/lo.
func convert(t *testing.T, dir string, docx []string) string {
	t.Helper()
	lo := filepath.Join(dir, "lo")
	cmd := exec.Command("soffice", append([]string{"-env:UserInstallation=file://" + filepath.Join(dir, "profile"),
		"--headless", "--convert-to", "pdf", "--outdir", lo}, docx...)...)
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("soffice: %v\n%s", err, out)
	}
	return lo
}

// The corpus: the election campaign for every 40th ward of the sample
// CSV (header lines of many lengths), and documents with tables of many
// shapes; each breaks lines where LibreOffice breaks them.
func TestE2ECorpus(t *testing.T) {
	dir := t.TempDir()
	csv, err := os.ReadFile("../../samples/batch/bau-cu-2026.csv")
	if err != nil {
		t.Fatal(err)
	}
	rows := strings.Split(strings.TrimRight(string(csv), "\n"), "\n")
	some := []string{rows[0]}
	for i := 1; i < len(rows); i += 40 {
		some = append(some, rows[i])
	}
	part := filepath.Join(dir, "rows.csv")
	if err := os.WriteFile(part, []byte(strings.Join(some, "\n")+"\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	out := filepath.Join(dir, "out")
	if code := run(context.Background(), []string{"batch", "-o", out, "../../samples/batch/bau-cu-2026.toml", part}, nil, os.Stdout, os.Stderr); code != 0 {
		t.Fatalf("batch: exit %d", code)
	}
	var tables []string
	for i := 1; i <= 6; i++ {
		var b strings.Builder
		fmt.Fprintf(&b, "Danh sách kèm theo:\n\n| STT | Họ và tên | Chức vụ, đơn vị công tác | Ghi chú |\n|:-:|---|---|--:|\n")
		for r := 1; r <= 12*i; r++ {
			fmt.Fprintf(&b, "| %d | Nguyễn Văn %c%d | %s | %s |\n", r, 'A'+rune(r%26), r,
				strings.Repeat("Phó Chủ tịch Ủy ban nhân dân xã ", 1+r%3), strings.Repeat("x", r%4))
		}
		b.WriteString("\nĐoạn sau bảng.")
		name := filepath.Join(dir, fmt.Sprintf("bang-%d.toml", i))
		doc := fmt.Sprintf("type = \"KẾ HOẠCH\"\nsummary = \"Thử bảng %d\"\ncode = \"KH-UBND\"\nplace = \"Hòa An\"\nyear = 2026\n"+
			"body = %q\n[issuer]\nname = \"ỦY BAN NHÂN DÂN XÃ HÒA AN\"\n[signer]\nposition = \"CHỦ TỊCH\"\nname = \"Trịnh Trường Huy\"\n", i, b.String())
		if err := os.WriteFile(name, []byte(doc), 0o644); err != nil {
			t.Fatal(err)
		}
		tables = append(tables, name)
	}
	if code := run(context.Background(), append([]string{"render", "-o", out}, tables...), nil, os.Stdout, os.Stderr); code != 0 {
		t.Fatalf("render: exit %d", code)
	}
	docx, _ := filepath.Glob(filepath.Join(out, "*.docx"))
	if len(docx) < 80 {
		t.Fatalf("%d documents in the corpus, want at least 80", len(docx))
	}
	lo := convert(t, dir, docx)
	for _, d := range docx {
		base := strings.TrimSuffix(filepath.Base(d), ".docx")
		t.Run(base, func(t *testing.T) {
			sameLines(t, filepath.Join(out, base+".pdf"), filepath.Join(lo, base+".pdf"))
		})
	}
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
	lo := convert(t, dir, docx)
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
				if b.Kind == markup.Tabular {
					// pdftotext reads a table's cells line by line across
					// the row, not cell by cell: look for each word.
					for _, c := range markup.TableText(b.Table) {
						for _, w := range strings.Fields(c) {
							if !strings.Contains(text, normal(w)) {
								t.Errorf("pdftotext does not find %q of a table's cell %q", w, c)
							}
						}
					}
					continue
				}
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
			sameLines(t, pdf, filepath.Join(lo, base+".pdf"))
			t.Logf("%s: %s pages, every paragraph found, every line as LibreOffice breaks it, fonts embedded as subsets", base, pages(t, pdf))
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
