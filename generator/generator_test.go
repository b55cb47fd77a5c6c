package generator

import (
	"archive/zip"
	"bytes"
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/vanban/vanban/generator/docx"
	"github.com/vanban/vanban/generator/layout"
	"github.com/vanban/vanban/generator/markup"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata/")

// samples returns the sample inputs that render on their own: the
// documents, and an input for each built-in template.
func samples(t testing.TB) []string {
	t.Helper()
	all, err := filepath.Glob("../samples/*.toml")
	if err != nil || len(all) == 0 {
		t.Fatalf("no samples: %v", err)
	}
	tpl, _ := filepath.Glob("../samples/templates/*.toml")
	return append(all, tpl...)
}

// goldenName is the golden layout file of a sample: templates-NAME.layout
// for a template's sample, NAME.layout for a document.
func goldenName(sample string) string {
	base := strings.TrimSuffix(filepath.Base(sample), ".toml") + ".layout"
	if filepath.Base(filepath.Dir(sample)) == "templates" {
		return "templates-" + base
	}
	return base
}

func parseSample(t testing.TB, name string) *Document {
	t.Helper()
	d, err := ParseFile(name)
	if err != nil {
		t.Fatalf("%s: %v", name, err)
	}
	return d
}

func render(t testing.TB, d *Document) (pdf, docx []byte) {
	t.Helper()
	var p, w bytes.Buffer
	if err := WritePDF(&p, d); err != nil {
		t.Fatalf("WritePDF: %v", err)
	}
	if err := WriteDOCX(&w, d); err != nil {
		t.Fatalf("WriteDOCX: %v", err)
	}
	return p.Bytes(), w.Bytes()
}

// golden compares got with testdata/name, or rewrites it with -update.
func golden(t *testing.T, name string, got []byte) {
	t.Helper()
	path := filepath.Join("testdata", name)
	if *update {
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, got, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test ./generator -update to create it)", err)
	}
	if !bytes.Equal(got, want) {
		gl, wl := strings.Split(string(got), "\n"), strings.Split(string(want), "\n")
		for i := 0; i < len(gl) && i < len(wl); i++ {
			if gl[i] != wl[i] {
				t.Fatalf("%s differs at line %d:\n got: %s\nwant: %s\n(run go test ./generator -update if the change is intended)", path, i+1, gl[i], wl[i])
			}
		}
		t.Fatalf("%s: got %d lines, want %d", path, len(gl), len(wl))
	}
}

// dump writes the position of every element of the laid-out pages.
func dump(pages []layout.Page) []byte {
	var b bytes.Buffer
	for i, p := range pages {
		fmt.Fprintf(&b, "page %d\n", i+1)
		for _, l := range p.Lines {
			fmt.Fprintf(&b, "  line y=%.2f size=%g\n", l.Y, l.Size)
			for _, r := range l.Runs {
				fmt.Fprintf(&b, "    run x=%.2f w=%.2f style=%q stretch=%v %q\n", r.X, r.W, r.Style.String(), r.Stretch, r.Text)
			}
		}
		for _, r := range p.Rules {
			fmt.Fprintf(&b, "  rule x=%.2f y=%.2f w=%.2f\n", r.X, r.Y, r.W)
		}
		for _, x := range p.Boxes {
			fmt.Fprintf(&b, "  box x=%.2f y=%.2f w=%.2f h=%.2f\n", x.X, x.Y, x.W, x.H)
		}
	}
	return b.Bytes()
}

func TestGoldenLayout(t *testing.T) {
	for _, name := range samples(t) {
		t.Run(filepath.Base(name), func(t *testing.T) {
			pages, err := Pages(context.Background(), parseSample(t, name))
			if err != nil {
				t.Fatal(err)
			}
			golden(t, goldenName(name), dump(pages))
		})
	}
}

// TestGoldenDOCX keeps document.xml of every sample, one paragraph, table,
// row or cell to a line, so that a change to the DOCX shows in a diff.
func TestGoldenDOCX(t *testing.T) {
	for _, name := range samples(t) {
		t.Run(filepath.Base(name), func(t *testing.T) {
			_, docx := render(t, parseSample(t, name))
			xml := docxPart(t, docx, "word/document.xml")
			golden(t, strings.TrimSuffix(goldenName(name), ".layout")+".document.xml", indentXML(xml))
		})
	}
}

// indentXML starts a new line at each paragraph, table, row and cell.
func indentXML(b []byte) []byte {
	r := strings.NewReplacer("<w:p>", "\n<w:p>", "<w:tbl>", "\n<w:tbl>", "<w:tr>", "\n<w:tr>",
		"<w:tc>", "\n<w:tc>", "<w:sectPr>", "\n<w:sectPr>", "</w:body>", "\n</w:body>")
	return []byte(r.Replace(string(b)) + "\n")
}

// expectedText is every string of d in the order the writers set it down:
// header columns left then right, title, addressees, bases, body, then the
// signature's left and right columns.
func expectedText(d *Document) string {
	var parts []string
	add := func(s ...string) { parts = append(parts, s...) }
	add(d.Issuer.Parent, d.Issuer.Name, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc", d.NumberLine())
	if d.IsLetter() {
		add(d.LetterSummary())
	}
	add(d.Urgency, d.Circulation, d.DateLine())
	if !d.IsLetter() {
		add(d.Type, d.Summary)
	}
	if lines := d.AddresseeLines(); len(lines) == 1 {
		add("Kính gửi: " + lines[0])
	} else if len(lines) > 1 {
		add("Kính gửi:")
		add(lines...)
	}
	add(d.EnactedBy)
	add(d.BaseLines()...)
	add(bodyText(d.Body)...)
	if rl := d.RecipientLines(); len(rl) > 0 {
		add("Nơi nhận:")
		add(rl...)
	}
	add(d.Drafter)
	add(d.SignerLines()...)
	add(d.Signer.Name)
	for i, a := range d.Appendices {
		label := "Phụ lục"
		if len(d.Appendices) > 1 {
			label += " " + []string{"I", "II", "III", "IV"}[i]
		}
		add(label, a.Title, d.AppendixReference())
		add(bodyText(a.Body)...)
	}
	return collapse(strings.Join(parts, " "))
}

// bodyText is the text of body markup, a table's cell by cell.
func bodyText(body []markup.Block) []string {
	var out []string
	for _, b := range body {
		if b.Kind == markup.Tabular {
			out = append(out, markup.TableText(b.Table)...)
			continue
		}
		out = append(out, markup.Text(b.Spans))
	}
	return out
}

func TestPDFAndDOCXSayTheInput(t *testing.T) {
	for _, name := range samples(t) {
		t.Run(filepath.Base(name), func(t *testing.T) {
			d := parseSample(t, name)
			pdf, docx := render(t, d)
			want := expectedText(d)
			if got := pdfText(t, pdf, d.Footer); got != want {
				t.Errorf("PDF text differs from the input:\n%s", firstDiff(got, want))
			}
			if got := collapse(strings.Join(docxParagraphs(t, docx, "word/document.xml"), " ")); got != want {
				t.Errorf("DOCX text differs from the input:\n%s", firstDiff(got, want))
			}
			if d.Footer != "" {
				if got := docxParagraphs(t, docx, "word/footer1.xml"); len(got) != 1 || got[0] != collapse(d.Footer) {
					t.Errorf("DOCX footer = %q, want %q", got, d.Footer)
				}
			}
		})
	}
}

func firstDiff(got, want string) string {
	g, w := []rune(got), []rune(want)
	i := 0
	for i < len(g) && i < len(w) && g[i] == w[i] {
		i++
	}
	from := max(0, i-40)
	return fmt.Sprintf(" got …%s…\nwant …%s…", string(g[from:min(len(g), i+40)]), string(w[from:min(len(w), i+40)]))
}

// The seeds are the real documents the samples hold: every paragraph of
// their text must come out of the PDF and the DOCX, in order.
func TestSeedsSurviveWordForWord(t *testing.T) {
	for sample, seed := range map[string]string{
		"../samples/cao-bang-2021.toml": "testdata/seeds/000_971902c10313862f.txt",
		"../samples/lang-son-2016.toml": "testdata/seeds/001_1979cf57fd591a86.txt",
	} {
		raw, err := os.ReadFile(seed)
		if err != nil {
			t.Fatal(err)
		}
		// The seed lost a paragraph to a page break inside "tố cáo".
		text := strings.ReplaceAll(string(raw), "tố\n\ncáo", "tố cáo")
		text = strings.NewReplacer("*", "", "- Lưu:", "- Lưu:").Replace(text)
		d := parseSample(t, sample)
		pdf, docx := render(t, d)
		outs := map[string]string{
			"PDF":  pdfText(t, pdf, d.Footer),
			"DOCX": collapse(strings.Join(docxParagraphs(t, docx, "word/document.xml"), " ")),
		}
		for format, out := range outs {
			at := 0
			for _, para := range strings.Split(text, "\n\n") {
				para = collapse(para)
				if para == "" {
					continue
				}
				i := strings.Index(out[at:], para)
				if i < 0 {
					t.Errorf("%s of %s: seed paragraph not found in order: %q", format, sample, para)
					continue
				}
				at += i + len(para)
			}
		}
	}
}

func TestSameInputSameBytes(t *testing.T) {
	for _, name := range samples(t) {
		d1, d2 := parseSample(t, name), parseSample(t, name)
		p1, w1 := render(t, d1)
		p2, w2 := render(t, d2)
		if !bytes.Equal(p1, p2) {
			t.Errorf("%s: two PDFs of the same input differ", name)
		}
		if !bytes.Equal(w1, w2) {
			t.Errorf("%s: two DOCX files of the same input differ", name)
		}
		if !bytes.HasPrefix(p1, []byte("%PDF-1.4")) {
			t.Errorf("%s: PDF header %q, want %%PDF-1.4 (Decree 30, electronic documents)", name, p1[:8])
		}
	}
}

// Many goroutines render at once, sharing the embedded fonts; run with
// -race.
func TestConcurrentRendering(t *testing.T) {
	names := samples(t)
	want := map[string][]byte{}
	for _, n := range names {
		p, _ := render(t, parseSample(t, n))
		want[n] = p
	}
	var wg sync.WaitGroup
	errs := make(chan error, 4*len(names))
	for i := 0; i < 4; i++ {
		for _, n := range names {
			wg.Add(1)
			go func() {
				defer wg.Done()
				d, err := ParseFile(n)
				if err != nil {
					errs <- err
					return
				}
				var p, w bytes.Buffer
				if err := errors.Join(WritePDF(&p, d), WriteDOCX(&w, d)); err != nil {
					errs <- err
					return
				}
				if !bytes.Equal(p.Bytes(), want[n]) {
					errs <- fmt.Errorf("%s: concurrent PDF differs", n)
				}
			}()
		}
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Error(err)
	}
}

func TestMetadata(t *testing.T) {
	d := parseSample(t, "../samples/cao-bang-2021.toml")
	pdf, _ := render(t, d)
	for _, want := range []string{"/Lang (vi-VN)", "<dc:title><rdf:Alt><rdf:li xml:lang=\"x-default\">PHÁT ĐỘNG THI ĐUA Đợt thi đua",
		"<dc:creator><rdf:Seq><rdf:li>ỦY BAN NHÂN DÂN HUYỆN HÒA AN</rdf:li>", "/FontFile2"} {
		if !bytes.Contains(pdf, []byte(want)) {
			t.Errorf("PDF lacks %q", want)
		}
	}
}

func TestCancelledContext(t *testing.T) {
	d := parseSample(t, "../samples/ke-hoach.toml")
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	var b bytes.Buffer
	if err := WritePDFContext(ctx, &b, d); !errors.Is(err, context.Canceled) {
		t.Errorf("WritePDFContext on a cancelled context: %v, want context.Canceled", err)
	}
	if err := WriteDOCXContext(ctx, &b, d); !errors.Is(err, context.Canceled) {
		t.Errorf("WriteDOCXContext on a cancelled context: %v, want context.Canceled", err)
	}
	if b.Len() != 0 {
		t.Errorf("a cancelled write wrote %d bytes", b.Len())
	}
}

// docxPart returns the uncompressed bytes of one part of a DOCX.
func docxPart(t testing.TB, docx []byte, part string) []byte {
	t.Helper()
	zr, err := zip.NewReader(bytes.NewReader(docx), int64(len(docx)))
	if err != nil {
		t.Fatalf("docx is not a zip: %v", err)
	}
	for _, f := range zr.File {
		if f.Name == part {
			rc, err := f.Open()
			if err != nil {
				t.Fatal(err)
			}
			defer rc.Close()
			b, err := io.ReadAll(rc)
			if err != nil {
				t.Fatal(err)
			}
			return b
		}
	}
	t.Fatalf("docx has no %s", part)
	return nil
}

// Nothing the PDF holds falls off a page: 70 recipients run on to the next
// page as Word runs them (every one is in the PDF), a very long summary
// runs on, and a header that cannot fit on a page is an error naming its
// key rather than a page that cuts it off.
func TestNothingFallsOffThePage(t *testing.T) {
	d := parseSample(t, "../samples/ke-hoach.toml")
	d.Recipients = nil
	for i := 1; i <= 70; i++ {
		d.Recipients = append(d.Recipients, fmt.Sprintf("Ủy ban nhân dân xã số %d", i))
	}
	d.Summary = strings.Repeat("Tổ chức phong trào thi đua chào mừng cuộc bầu cử ", 70)
	pdf, _ := render(t, d)
	text := pdfText(t, pdf, d.Footer)
	for _, r := range d.RecipientLines() {
		if !strings.Contains(text, r) {
			t.Errorf("recipient line %q is not in the PDF", r)
		}
	}
	if got, want := strings.Count(text, "Tổ chức phong trào thi đua chào mừng cuộc bầu cử"), 70; got < want {
		t.Errorf("the summary's phrase is in the PDF %d times, want at least %d", got, want)
	}
	d.Issuer.Name = strings.Repeat("ỦY BAN\n", 300) + "XÃ"
	var b bytes.Buffer
	err := WritePDF(&b, d)
	var tl *InputError
	if !errors.As(err, &tl) || tl.Key != "issuer.name" || b.Len() != 0 {
		t.Errorf("a 301-line agency name: err = %v, %d bytes written; want a problem at issuer.name and nothing written", err, b.Len())
	}
	if vi := Vietnamese(err); !strings.Contains(vi, "trang đầu") {
		t.Errorf("Vietnamese(%v) = %q", err, vi)
	}
}

// Render lays a document out once and gives the bytes WritePDF and
// WriteDOCX give.
func TestRenderGivesTheSameBytes(t *testing.T) {
	for _, name := range samples(t) {
		d := parseSample(t, name)
		pdf, docx := render(t, d)
		files, err := Render(context.Background(), d, []string{"docx", "pdf"})
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(files[0], docx) || !bytes.Equal(files[1], pdf) {
			t.Errorf("%s: Render's files differ from WriteDOCX's and WritePDF's", name)
		}
	}
	if _, err := Render(context.Background(), parseSample(t, "../samples/du-thao.toml"), []string{"odt"}); err == nil {
		t.Error("Render of an unknown format: no error")
	}
}

// A Cache changes no byte: every sample rendered through one Cache, twice
// (the second time every paragraph is found there), and through a Cache
// too small to hold one document, gives what Render gives.
func TestCacheGivesTheSameBytes(t *testing.T) {
	ctx := context.Background()
	formats := []string{"pdf", "docx"}
	var want [][][]byte
	var docs []*Document
	for _, name := range samples(t) {
		d := parseSample(t, name)
		files, err := Render(ctx, d, formats)
		if err != nil {
			t.Fatal(err)
		}
		docs, want = append(docs, d), append(want, files)
	}
	shared, small := NewCache(), &Cache{lines: layout.NewLines(3), parts: docx.NewCache()}
	for pass, c := range []*Cache{shared, shared, small, nil} {
		for i, d := range docs {
			files, err := c.Render(ctx, d, formats)
			if err != nil {
				t.Fatal(err)
			}
			for k := range formats {
				if !bytes.Equal(files[k], want[i][k]) {
					t.Errorf("pass %d: %s: the %s differs from Render's", pass, samples(t)[i], formats[k])
				}
			}
		}
	}
}

// Every sample as Parse returns it passes Check; a document built by a
// program is checked as an input is.
func TestCheck(t *testing.T) {
	for _, name := range samples(t) {
		if err := Check(parseSample(t, name)); err != nil {
			t.Errorf("%s: %v", name, err)
		}
	}
	d := parseSample(t, "../samples/cong-van.toml")
	d.Code = "ub nd"
	d.Page.Left = 40
	d.Signer.Name = ""
	d.Date = time.Date(1900, 1, 2, 0, 0, 0, 0, time.UTC)
	d.Summary = "Ho\u0300a"                         // decomposed: not NFC
	d.Recipients = append(d.Recipients, "a\u202eb") // a bidi control
	err := Check(d)
	var es Errors
	if !errors.As(err, &es) {
		t.Fatalf("Check = %v, want Errors", err)
	}
	var keys []string
	for _, e := range es {
		keys = append(keys, e.Key)
		if e.MsgVI == "" {
			t.Errorf("%s: no Vietnamese message", e.Key)
		}
	}
	if got, want := strings.Join(keys, " "), "code date page.margins.left recipients signer.name summary"; got != want {
		t.Errorf("problems at %s, want %s (%v)", got, want, err)
	}
}
