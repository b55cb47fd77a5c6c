package docx

import (
	"archive/zip"
	"bytes"
	"encoding/json"
	"encoding/xml"
	"errors"
	"github.com/vanban/vanban/generator/internal/sharedtest"
	"io"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/vanban/vanban/generator/document"
	"github.com/vanban/vanban/generator/layout"
	"github.com/vanban/vanban/generator/markup"
)

func testDoc() *document.Document {
	return &document.Document{
		Type: "KẾ HOẠCH", Summary: "Thử <nghiệm> & \"trích\" yếu", Code: "KH-UBND", Place: "Hòa An",
		Date:       time.Date(2026, 1, 9, 0, 0, 0, 0, time.UTC),
		Body:       markup.Parse("Đoạn **đậm** và *nghiêng*."),
		Recipients: []string{"Sở Nội vụ"}, Archive: "VT", Footer: "Số 1 <đường> & phố",
		Issuer: document.Issuer{Name: "ỦY BAN NHÂN DÂN\nHUYỆN HÒA AN"},
		Signer: document.Signer{Position: "CHỦ TỊCH", Name: "Trịnh Trường Huy"},
		Page:   document.DefaultPage,
	}
}

func write(t *testing.T, d *document.Document) []byte {
	t.Helper()
	f, err := layout.Build(d)
	if err != nil {
		t.Fatal(err)
	}
	var b bytes.Buffer
	if err := Write(&b, d, f); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

func TestXMLWriterClosesAndEscapes(t *testing.T) {
	x := &xmlWriter{}
	x.elem("a", []string{"k", `"<&>"`}, func() {
		x.empty("b", "v", "1")
		x.text(`x < y & "z" > w`)
	})
	got, err := x.bytes()
	if err != nil {
		t.Fatal(err)
	}
	want := `<a k="&quot;&lt;&amp;&gt;&quot;"><b v="1"/>x &lt; y &amp; &quot;z&quot; &gt; w</a>`
	if string(got) != want {
		t.Errorf("got %s\nwant %s", got, want)
	}
	x = &xmlWriter{}
	x.start("w:p")
	x.start("w:r")
	if _, err := x.bytes(); err == nil || !strings.Contains(err.Error(), "w:p, w:r") {
		t.Errorf("unclosed elements: err = %v", err)
	}
}

// Every part of a written document is well-formed XML, and the zip has the
// core properties with the document's title, author, language and date.
func TestWellFormedWithCoreProperties(t *testing.T) {
	d := testDoc()
	b := write(t, d)
	zr, err := zip.NewReader(bytes.NewReader(b), int64(len(b)))
	if err != nil {
		t.Fatal(err)
	}
	parts := map[string]string{}
	for _, f := range zr.File {
		rc, err := f.Open()
		if err != nil {
			t.Fatal(err)
		}
		data, err := io.ReadAll(rc)
		rc.Close()
		if err != nil {
			t.Fatalf("%s: %v", f.Name, err)
		}
		parts[f.Name] = string(data)
		dec := xml.NewDecoder(bytes.NewReader(data))
		for {
			if _, err := dec.Token(); err == io.EOF {
				break
			} else if err != nil {
				t.Fatalf("%s is not well-formed: %v", f.Name, err)
			}
		}
		if !f.Modified.IsZero() && f.Modified.Year() > 1980 {
			t.Errorf("%s carries a time stamp %v", f.Name, f.Modified)
		}
	}
	core := parts["docProps/core.xml"]
	for _, want := range []string{
		"<dc:title>KẾ HOẠCH Thử &lt;nghiệm&gt; &amp; &quot;trích&quot; yếu</dc:title>",
		"<dc:creator>ỦY BAN NHÂN DÂN HUYỆN HÒA AN</dc:creator>",
		"<dc:language>vi-VN</dc:language>",
		`<dcterms:created xsi:type="dcterms:W3CDTF">2026-01-09T00:00:00Z</dcterms:created>`,
	} {
		if !strings.Contains(core, want) {
			t.Errorf("core.xml lacks %s:\n%s", want, core)
		}
	}
	if !strings.Contains(parts["[Content_Types].xml"], `PartName="/docProps/core.xml"`) ||
		!strings.Contains(parts["_rels/.rels"], `Target="docProps/core.xml"`) {
		t.Error("core.xml is not declared in [Content_Types].xml and _rels/.rels")
	}
	if !strings.Contains(parts["word/footer1.xml"], "Số 1 &lt;đường&gt; &amp; phố") {
		t.Errorf("footer text not filled in and escaped: %s", parts["word/footer1.xml"])
	}
	for name, p := range parts {
		if strings.Contains(p, "VANBAN_") {
			t.Errorf("%s keeps a placeholder", name)
		}
	}
}

// failAfter fails every write once n bytes have been written.
type failAfter struct{ n int }

var errDisk = errors.New("disk full")

func (w *failAfter) Write(p []byte) (int, error) {
	if len(p) > w.n {
		k := w.n
		w.n = 0
		return k, errDisk
	}
	w.n -= len(p)
	return len(p), nil
}

// A write error anywhere in the zip is returned, never dropped.
func TestWriteErrorsAreReturned(t *testing.T) {
	d := testDoc()
	whole := len(write(t, d))
	f, err := layout.Build(d)
	if err != nil {
		t.Fatal(err)
	}
	for n := 0; n < whole; n += 97 {
		if err := Write(&failAfter{n}, d, f); !errors.Is(err, errDisk) {
			t.Fatalf("writer failing after %d of %d bytes: err = %v, want %v", n, whole, err, errDisk)
		}
	}
	if err := Write(&failAfter{whole}, d, f); err != nil {
		t.Fatalf("writer with room for all: %v", err)
	}
}

// The DOCX breaks every unit's header lines where the flow (and so the
// PDF) breaks them: each line of the agency and of the date line is a run
// of its own after an explicit line break.
func TestHeaderBreaksOfEveryUnit(t *testing.T) {
	data, err := os.ReadFile(sharedtest.Path(t, "data/units-2026.json"))
	if err != nil {
		t.Fatal(err)
	}
	var provinces []struct {
		FullName string
		Wards    []struct{ Name, FullName string }
	}
	if err := json.Unmarshal(data, &provinces); err != nil {
		t.Fatal(err)
	}
	breaks := 0
	for _, p := range provinces {
		for _, w := range p.Wards {
			d := testDoc()
			d.Place = w.Name
			d.Issuer = document.Issuer{Parent: "ỦY BAN NHÂN DÂN " + strings.ToUpper(p.FullName), Name: "ỦY BAN NHÂN DÂN " + strings.ToUpper(w.FullName)}
			f, err := layout.Build(d)
			if err != nil {
				t.Fatal(err)
			}
			body, err := Body(f)
			if err != nil {
				t.Fatal(err)
			}
			xml := string(body)
			for _, row := range f.Blocks[0].Grid.Rows {
				for _, cell := range row.Cells {
					for _, pa := range cell {
						if pa.Role != layout.Agency && pa.Role != layout.Parent && pa.Role != layout.Date {
							continue
						}
						for i, rs := range pa.Lines {
							var line strings.Builder
							for _, r := range rs {
								line.WriteString(r.Text)
							}
							want := `<w:t xml:space="preserve">` + line.String() + `</w:t>`
							if i > 0 {
								want = `<w:br/>` + want
								breaks++
							}
							if !strings.Contains(xml, want) {
								t.Fatalf("%s: the DOCX lacks the line %q of the PDF as a run of its own", w.FullName, line.String())
							}
						}
					}
				}
			}
		}
	}
	if breaks < 3321 {
		t.Errorf("%d header line breaks in 3,321 documents: the test checks too little", breaks)
	}
}
