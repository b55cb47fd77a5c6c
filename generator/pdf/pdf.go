// Package pdf draws laid-out pages as a PDF with fpdf, embedding subsets of
// the Liberation Serif faces. It uses the fork in internal/fpdf, which
// parses each face once per process instead of once per document.
//
// It decides nothing about layout: every position comes from package layout.
// The output depends only on the document, so the same input gives the same
// bytes.
package pdf

import (
	"fmt"
	"html"
	"io"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/vanban/vanban/fonts"
	"github.com/vanban/vanban/generator/document"
	"github.com/vanban/vanban/generator/internal/fpdf"
	"github.com/vanban/vanban/generator/layout"
)

// family is the name the faces are registered under inside the PDF.
const family = "LiberationSerif"

// faces holds the four faces parsed for fpdf. They are made once, on first
// use, and never changed after: every document registers the same parsed
// faces, and only what it uses of them is its own.
var faces = sync.OnceValues(func() ([4]*fpdf.UTF8Font, error) {
	var fs [4]*fpdf.UTF8Font
	for s := fonts.Regular; s <= fonts.BoldItalic; s++ {
		f, err := fpdf.ParseUTF8Font(fonts.PDF(s))
		if err != nil {
			return fs, fmt.Errorf("pdf: style %q: %w", s, err)
		}
		fs[s] = f
	}
	return fs, nil
})

// fieldTips describe the empty signature fields to readers (Decree 30,
// Appendix I, items 7 and 8).
var fieldTips = map[string]string{
	layout.SignerField: "Chữ ký số của người có thẩm quyền (ô 7c)",
	layout.AgencyField: "Chữ ký số của cơ quan, tổ chức (ô 8)",
}

// Write draws pages, the layout of d, as a PDF to w. It keeps the font
// subsets it cuts in a cache of the process's, bounded, for the documents
// that follow (see Cache).
func Write(w io.Writer, d *document.Document, pages []layout.Page) error {
	return subsets.Write(w, d, pages)
}

// Write draws pages, the layout of d, as a PDF to w, as the function Write
// does, with the font subsets of c.
func (c *Cache) Write(w io.Writer, d *document.Document, pages []layout.Page) error {
	parsed, err := faces()
	if err != nil {
		return err
	}
	f := fpdf.NewCustom(&fpdf.InitType{
		OrientationStr: "P",
		UnitStr:        "mm",
		Size:           fpdf.SizeType{Wd: layout.PageWidth, Ht: layout.PageHeight},
	})
	f.SetAutoPageBreak(false, 0)
	f.SetMargins(0, 0, 0)
	f.SetCellMargin(0)
	f.SetCatalogSort(true)
	stamp := d.Timestamp()
	f.SetCreationDate(stamp)
	f.SetModificationDate(stamp)
	f.SetTitle(d.Title(), true)
	f.SetAuthor(strings.Join(d.IssuerLines(), " "), true)
	f.SetCreator("vanban", true)
	f.SetProducer("vanban", true)
	f.SetLang("vi-VN")
	f.SetXmpMetadata(xmp(d, stamp))
	for s, runes := range usedRunes(pages) {
		if len(runes) == 0 {
			continue
		}
		sub, err := c.get(fonts.Style(s), parsed[s], widen(runes))
		if err != nil {
			return fmt.Errorf("pdf: %w", err)
		}
		f.AddUTF8FontSubset(family, fonts.Style(s).String(), sub)
	}
	for i, p := range pages {
		if p.Landscape {
			f.AddPageFormat("L", fpdf.SizeType{Wd: layout.PageWidth, Ht: layout.PageHeight})
		} else {
			f.AddPage()
		}
		if i == 0 {
			// An opaque graphics state: it changes nothing drawn, and it
			// makes fpdf declare PDF 1.4, which the Decree asks of
			// electronic documents and XMP metadata needs.
			f.SetAlpha(1, "Normal")
		}
		drawPage(f, p)
		for _, fl := range p.Fields {
			f.AddSignatureField(fl.Name, fieldTips[fl.Name], fl.X, fl.Y, fl.W, fl.H)
		}
	}
	if err := f.Error(); err != nil {
		return fmt.Errorf("pdf: %w", err)
	}
	if err := f.Output(w); err != nil {
		return fmt.Errorf("pdf: %w", err)
	}
	return nil
}

func drawPage(f *fpdf.Fpdf, p layout.Page) {
	// fpdf writes a font change for every SetFont; set it only when it
	// changes.
	style, size := fonts.Style(255), 0.0
	for _, l := range p.Lines {
		for _, r := range l.Runs {
			if r.Style != style || l.Size != size {
				style, size = r.Style, l.Size
				f.SetFont(family, style.String(), size)
			}
			// fpdf puts the baseline of a zero-height cell 0.3 em below y.
			f.SetXY(r.X, l.Y-0.3*l.Size*layout.PtToMM)
			align := "L"
			if r.Stretch {
				align = "J" // fpdf spreads W over the run's spaces
			}
			f.CellFormat(r.W, 0, r.Text, "", 0, align, false, 0, "")
		}
	}
	f.SetLineWidth(layout.RulePt * layout.PtToMM)
	for _, r := range p.Rules {
		f.Line(r.X, r.Y, r.X+r.W, r.Y)
	}
	for _, b := range p.Boxes {
		f.Rect(b.X, b.Y, b.W, b.H, "D")
	}
}

// usedRunes returns, for each of the four styles, the runes set in it on
// pages, sorted, without repeats; none for a style no run is set in, which
// is then not embedded.
func usedRunes(pages []layout.Page) [4][]rune {
	// A bitmap for the runes of the repertoire (all below U+2600), a map
	// for any other: a map lookup for every letter of a document costs
	// more than the rest of this function.
	const low = 0x2600
	var bits [4][]uint64
	var high map[rune]bool
	var runes [4][]rune
	for _, p := range pages {
		for _, l := range p.Lines {
			for _, r := range l.Runs {
				s := r.Style & 3
				if bits[s] == nil {
					bits[s] = make([]uint64, low/64)
				}
				for _, c := range r.Text {
					if c >= 0 && c < low {
						if bits[s][c/64]&(1<<(c%64)) == 0 {
							bits[s][c/64] |= 1 << (c % 64)
							runes[s] = append(runes[s], c)
						}
						continue
					}
					if high == nil {
						high = map[rune]bool{}
					}
					if k := c<<2 | rune(s); !high[k] {
						high[k] = true
						runes[s] = append(runes[s], c)
					}
				}
			}
		}
	}
	for _, rs := range runes {
		slices.Sort(rs)
	}
	return runes
}

// xmp returns the document's XMP metadata packet: title, author and language
// for readers that look there rather than in the Info dictionary.
func xmp(d *document.Document, t time.Time) []byte {
	esc := html.EscapeString
	return []byte(`<?xpacket begin="` + "\ufeff" + `" id="W5M0MpCehiHzreSzNTczkc9d"?>
<x:xmpmeta xmlns:x="adobe:ns:meta/">
<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">
<rdf:Description rdf:about="" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:xmp="http://ns.adobe.com/xap/1.0/" xmlns:pdf="http://ns.adobe.com/pdf/1.3/">
<dc:format>application/pdf</dc:format>
<dc:title><rdf:Alt><rdf:li xml:lang="x-default">` + esc(d.Title()) + `</rdf:li></rdf:Alt></dc:title>
<dc:creator><rdf:Seq><rdf:li>` + esc(strings.Join(d.IssuerLines(), " ")) + `</rdf:li></rdf:Seq></dc:creator>
<dc:language><rdf:Bag><rdf:li>vi-VN</rdf:li></rdf:Bag></dc:language>
<xmp:CreateDate>` + t.Format("2006-01-02") + `</xmp:CreateDate>
<xmp:CreatorTool>vanban</xmp:CreatorTool>
<pdf:Producer>vanban</pdf:Producer>
</rdf:Description>
</rdf:RDF>
</x:xmpmeta>
<?xpacket end="r"?>`)
}
