// Package docx writes a document's flow as a Word file, over the embedded
// base document (styles, page-number header, first-page footer).
//
// It decides nothing about layout. Package layout builds the flow — every
// paragraph with its column, indents, spacing and keep rule, the header and
// the signature as grids — and this package writes each block as Word's
// paragraph or borderless table, in Word's units, so that Word and
// LibreOffice break lines and pages where the PDF does. Rules are paragraph
// borders, which Word and LibreOffice both draw.
package docx

import (
	"io"
	"math"
	"strconv"
	"strings"

	"github.com/vanban/vanban/fonts"
	"github.com/vanban/vanban/generator/document"
	"github.com/vanban/vanban/generator/layout"
)

// Write writes the flow f of d as a DOCX to w. The zip holds no time
// stamps, so the same document gives the same bytes.
func Write(w io.Writer, d *document.Document, f *layout.Flow) error {
	var c *Cache
	return c.Write(w, d, f)
}

// Units of WordprocessingML.
func twips(mm float64) int      { return int(math.Round(mm / 25.4 * 1440)) }
func ptTwips(pt float64) int    { return int(math.Round(pt * 20)) }
func halfPoints(pt float64) int { return int(math.Round(pt * 2)) }
func eighths(pt float64) int    { return int(math.Round(pt * 8)) }

func itoa(n int) string { return strconv.Itoa(n) }

// Namespaces of document.xml.
const (
	nsW = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
	nsR = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
)

// Body returns word/document.xml for the flow f: the document, then each
// appendix in a section of its own.
func Body(f *layout.Flow) ([]byte, error) {
	x := &xmlWriter{}
	// Room for a two-page document at once, rather than growing the
	// buffer by doubling, a copy each time.
	x.b.Grow(24 << 10)
	x.raw(`<?xml version="1.0" encoding="UTF-8" standalone="yes"?>`)
	x.start("w:document", "xmlns:w", nsW, "xmlns:r", nsR)
	x.start("w:body")
	parts := append([]*layout.Flow{f}, f.Appendices...)
	for i, part := range parts {
		blocks(x, part)
		last := i == len(parts)-1
		// Word needs a paragraph after a final table; keep it one point
		// high so that it never makes a page of its own. A section that
		// is not the last ends in it.
		x.elem("w:p", nil, func() {
			x.elem("w:pPr", nil, func() {
				x.empty("w:spacing", "w:before", "0", "w:after", "0", "w:line", "20", "w:lineRule", "exact")
				x.empty("w:ind", "w:left", "0", "w:right", "0", "w:firstLine", "0")
				x.empty("w:jc", "w:val", "left")
				x.elem("w:rPr", nil, func() { rpr(x, layout.Font{Size: 1}) })
				if !last {
					section(x, part, i > 0)
				}
			})
		})
		if last {
			section(x, part, i > 0)
		}
	}
	x.end()
	x.end()
	return x.bytes()
}

// blocks writes the blocks of one part: the document or an appendix.
func blocks(x *xmlWriter, f *layout.Flow) {
	for _, b := range f.Blocks {
		switch {
		case b.Para != nil:
			para(x, f.Spec, b.Para)
		case b.Table != nil:
			bodyTable(x, f.Spec, b.Table)
		default:
			grid(x, f.Spec, b.Grid)
		}
	}
}

var jc = [...]string{layout.Left: "left", layout.Center: "center", layout.Justify: "both", layout.Right: "right"}

// border writes one edge of a paragraph border: a thin single line.
func border(x *xmlWriter, edge string) {
	x.empty(edge, "w:val", "single", "w:sz", itoa(eighths(layout.RulePt)), "w:space", "0", "w:color", "000000")
}

// para writes a paragraph of the flow.
func para(x *xmlWriter, s layout.Spec, p *layout.Paragraph) {
	x.start("w:p")
	x.elem("w:pPr", nil, func() {
		if p.KeepNext {
			x.empty("w:keepNext")
		}
		switch p.Border {
		case layout.BorderTop:
			x.elem("w:pBdr", nil, func() { border(x, "w:top") })
		case layout.BorderBox:
			x.elem("w:pBdr", nil, func() {
				for _, e := range []string{"w:top", "w:left", "w:bottom", "w:right"} {
					border(x, e)
				}
			})
		}
		before, after := itoa(twips(p.Before)), itoa(twips(p.After))
		if p.Exact > 0 {
			// Word adds a box's top and bottom borders to an exact line.
			line := twips(p.Exact) - 2*ptTwips(layout.RulePt)
			x.empty("w:spacing", "w:before", before, "w:after", after, "w:line", itoa(line), "w:lineRule", "exact")
		} else {
			x.empty("w:spacing", "w:before", before, "w:after", after, "w:line", itoa(int(math.Round(240*p.Spacing))), "w:lineRule", "auto")
		}
		// Positions are rounded, not lengths, so that a hanging line
		// starts where the PDF starts it.
		left := twips(p.Left)
		first := twips(p.Left+p.First) - left
		if first >= 0 {
			x.empty("w:ind", "w:left", itoa(left), "w:right", itoa(twips(p.Right)), "w:firstLine", itoa(first))
		} else {
			x.empty("w:ind", "w:left", itoa(left), "w:right", itoa(twips(p.Right)), "w:hanging", itoa(-first))
		}
		x.empty("w:jc", "w:val", jc[p.Align])
		x.elem("w:rPr", nil, func() { rpr(x, p.Mark) })
	})
	for _, sp := range p.Spans {
		run(x, sp.Text, layout.Font{Size: p.Font.Size, Style: p.Font.Style | fonts.Style(sp.Style)})
	}
	x.end()
}

// rpr writes the run properties of a font.
func rpr(x *xmlWriter, f layout.Font) {
	if f.Style&fonts.Bold != 0 {
		x.empty("w:b")
		x.empty("w:bCs")
	}
	if f.Style&fonts.Italic != 0 {
		x.empty("w:i")
		x.empty("w:iCs")
	}
	hp := itoa(halfPoints(f.Size))
	x.empty("w:sz", "w:val", hp)
	x.empty("w:szCs", "w:val", hp)
}

// run writes text in one font; "\n" becomes a line break.
func run(x *xmlWriter, text string, f layout.Font) {
	for i, line := range strings.Split(text, "\n") {
		x.elem("w:r", nil, func() {
			x.elem("w:rPr", nil, func() { rpr(x, f) })
			if i > 0 {
				x.empty("w:br")
			}
			x.elem("w:t", []string{"xml:space", "preserve"}, func() { x.text(line) })
		})
	}
}

// grid writes a borderless, fixed-layout table of the grid's columns.
func grid(x *xmlWriter, s layout.Spec, g *layout.Grid) {
	table(x, s, g.X, g.Widths, false, nil, g.Rows)
}

// bodyTable writes a table of the body: single thin borders, the header
// row repeated on every page.
func bodyTable(x *xmlWriter, s layout.Spec, t *layout.Table) {
	table(x, s, t.X, t.Widths, true, &t.Header, t.Rows)
}

// table writes a fixed-layout table with no cell margins (a cell's padding
// is its paragraphs' indents), with thin single borders or none, and, when
// head is not nil, a header row that Word repeats on every page.
func table(x *xmlWriter, s layout.Spec, left float64, widths []float64, borders bool, head *layout.Row, rows []layout.Row) {
	total := 0
	for _, w := range widths {
		total += twips(w)
	}
	x.start("w:tbl")
	x.elem("w:tblPr", nil, func() {
		x.empty("w:tblW", "w:w", itoa(total), "w:type", "dxa")
		x.empty("w:tblInd", "w:w", itoa(twips(left-s.Page.Left)), "w:type", "dxa")
		x.elem("w:tblBorders", nil, func() {
			for _, e := range []string{"w:top", "w:left", "w:bottom", "w:right", "w:insideH", "w:insideV"} {
				if borders {
					border(x, e)
				} else {
					x.empty(e, "w:val", "nil")
				}
			}
		})
		x.empty("w:tblLayout", "w:type", "fixed")
		x.elem("w:tblCellMar", nil, func() {
			for _, e := range []string{"w:top", "w:left", "w:bottom", "w:right"} {
				x.empty(e, "w:w", "0", "w:type", "dxa")
			}
		})
		x.empty("w:tblLook", "w:val", "0000")
	})
	x.elem("w:tblGrid", nil, func() {
		for _, w := range widths {
			x.empty("w:gridCol", "w:w", itoa(twips(w)))
		}
	})
	if head != nil {
		row(x, s, widths, *head, true)
	}
	for _, r := range rows {
		row(x, s, widths, r, false)
	}
	x.end()
}

// row writes a table row; a whole one never splits across pages.
func row(x *xmlWriter, s layout.Spec, widths []float64, r layout.Row, header bool) {
	x.elem("w:tr", nil, func() {
		if r.Whole || header {
			x.elem("w:trPr", nil, func() {
				if r.Whole {
					x.empty("w:cantSplit")
				}
				if header {
					x.empty("w:tblHeader")
				}
			})
		}
		for i, c := range r.Cells {
			x.elem("w:tc", nil, func() {
				x.elem("w:tcPr", nil, func() { x.empty("w:tcW", "w:w", itoa(twips(widths[i])), "w:type", "dxa") })
				for _, p := range c {
					para(x, s, p)
				}
			})
		}
	})
}

// section writes the page size and margins of a part and its headers: the
// page number from the part's second page, and for the document the
// first-page footer when it has one. An appendix's pages are numbered from
// 1 and show no footer.
func section(x *xmlWriter, f *layout.Flow, appendix bool) {
	s := f.Spec
	p := s.Page
	x.elem("w:sectPr", nil, func() {
		x.empty("w:headerReference", "w:type", "default", "r:id", "rIdPageNumber")
		x.empty("w:headerReference", "w:type", "first", "r:id", "rIdFirstHeader")
		if appendix {
			x.empty("w:footerReference", "w:type", "first", "r:id", "rIdEmptyFooter")
		} else if f.Footer != nil {
			x.empty("w:footerReference", "w:type", "first", "r:id", "rIdFirstFooter")
		}
		if s.Landscape {
			x.empty("w:pgSz", "w:w", itoa(twips(s.PageW())), "w:h", itoa(twips(s.PageH())), "w:orient", "landscape")
		} else {
			x.empty("w:pgSz", "w:w", itoa(twips(s.PageW())), "w:h", itoa(twips(s.PageH())))
		}
		x.empty("w:pgMar", "w:top", itoa(twips(p.Top)), "w:right", itoa(twips(p.Right)), "w:bottom", itoa(twips(p.Bottom)),
			"w:left", itoa(twips(p.Left)), "w:header", itoa(twips(layout.HeaderDistance)),
			"w:footer", itoa(twips(layout.FooterDistance)), "w:gutter", "0")
		if appendix {
			x.empty("w:pgNumType", "w:start", "1")
		}
		x.empty("w:titlePg")
	})
}
