// Package docx writes a document as a Word file, built on the embedded base
// document (styles, page-number header, first-page footer) with
// nguyenthenguyen/docx.
//
// Word lays the text out itself, so this package gives it the same numbers
// the PDF was laid out with — margins, sizes, spacing, indents, column
// widths, all from package layout — and the same punctuated strings, from
// package document. The header and the signature are borderless tables;
// rules are paragraph borders, which Word and LibreOffice both draw.
package docx

import (
	"bytes"
	"fmt"
	"io"
	"math"
	"strconv"
	"strings"

	"github.com/nguyenthenguyen/docx"

	"github.com/vanban/vanban/fonts"
	"github.com/vanban/vanban/generator/document"
	"github.com/vanban/vanban/generator/layout"
	"github.com/vanban/vanban/generator/markup"
	"github.com/vanban/vanban/templates"
)

// Write writes d as a DOCX to w. The zip holds no time stamps, so the same
// document gives the same bytes.
func Write(w io.Writer, d *document.Document) error {
	base := templates.BaseDOCX()
	r, err := docx.ReadDocxFromMemory(bytes.NewReader(base), int64(len(base)))
	if err != nil {
		return fmt.Errorf("docx: base document: %w", err)
	}
	defer r.Close()
	s := layout.New(d.Page)
	doc := r.Editable()
	doc.SetContent(body(s, d))
	for _, kv := range [][2]string{
		{"VANBAN_PAGE_SIZE", halfPoints(s.Font(layout.PageNumber).Size)},
		{"VANBAN_FOOTER_SIZE", halfPoints(s.Font(layout.Footer).Size)},
		{"VANBAN_RULE_EIGHTHS", eighths(layout.RulePt)},
		{"VANBAN_RULE_GAP", strconv.Itoa(int(layout.FooterRuleGapPt))},
	} {
		if err := doc.ReplaceHeader(kv[0], kv[1]); err != nil {
			return fmt.Errorf("docx: header: %w", err)
		}
		if err := doc.ReplaceFooter(kv[0], kv[1]); err != nil {
			return fmt.Errorf("docx: footer: %w", err)
		}
	}
	if err := doc.ReplaceFooter("VANBAN_FOOTER_TEXT", d.Footer); err != nil {
		return fmt.Errorf("docx: footer: %w", err)
	}
	var buf bytes.Buffer
	if err := doc.Write(&buf); err != nil {
		return fmt.Errorf("docx: %w", err)
	}
	_, err = buf.WriteTo(w)
	return err
}

// Units of WordprocessingML.
func twips(mm float64) int         { return int(math.Round(mm / 25.4 * 1440)) }
func ptTwips(pt float64) int       { return int(math.Round(pt * 20)) }
func halfPoints(pt float64) string { return strconv.Itoa(int(math.Round(pt * 2))) }
func eighths(pt float64) string    { return strconv.Itoa(int(math.Round(pt * 8))) }

// writer builds document.xml.
type writer struct {
	s layout.Spec
	b strings.Builder
}

// pf is a paragraph's format.
type pf struct {
	align         layout.Align
	left, right   int // indents, twips
	first         int // first-line indent (negative: hanging), twips
	before, after int // twips
	spacing       float64
	exact         int // exact line height, twips, or 0
	keepNext      bool
	border        string // w:pBdr content
	mark          layout.Font
}

// format returns the paragraph format of a role, from the Spec.
func format(s layout.Spec, r layout.Role) pf {
	p := s.Para(r)
	return pf{align: p.Align, first: twips(p.Indent), after: ptTwips(p.AfterPt),
		spacing: p.Spacing, keepNext: p.KeepNext, mark: s.Font(r)}
}

func (w *writer) para(f pf, runs ...run) {
	b := &w.b
	b.WriteString("<w:p><w:pPr>")
	if f.keepNext {
		b.WriteString("<w:keepNext/>")
	}
	if f.border != "" {
		b.WriteString("<w:pBdr>" + f.border + "</w:pBdr>")
	}
	if f.exact > 0 {
		fmt.Fprintf(b, `<w:spacing w:before="%d" w:after="%d" w:line="%d" w:lineRule="exact"/>`, f.before, f.after, f.exact)
	} else {
		fmt.Fprintf(b, `<w:spacing w:before="%d" w:after="%d" w:line="%d" w:lineRule="auto"/>`, f.before, f.after, int(math.Round(240*f.spacing)))
	}
	fmt.Fprintf(b, `<w:ind w:left="%d" w:right="%d"`, f.left, f.right)
	if f.first >= 0 {
		fmt.Fprintf(b, ` w:firstLine="%d"/>`, f.first)
	} else {
		fmt.Fprintf(b, ` w:hanging="%d"/>`, -f.first)
	}
	b.WriteString(`<w:jc w:val="` + [...]string{"left", "center", "both"}[f.align] + `"/>`)
	b.WriteString("<w:rPr>" + rpr(f.mark) + "</w:rPr></w:pPr>")
	for _, r := range runs {
		r.write(b)
	}
	b.WriteString("</w:p>")
}

// run is text in one font.
type run struct {
	text string
	font layout.Font
}

func rpr(f layout.Font) string {
	var s string
	if f.Style&fonts.Bold != 0 {
		s += "<w:b/><w:bCs/>"
	}
	if f.Style&fonts.Italic != 0 {
		s += "<w:i/><w:iCs/>"
	}
	hp := halfPoints(f.Size)
	return s + `<w:sz w:val="` + hp + `"/><w:szCs w:val="` + hp + `"/>`
}

func (r run) write(b *strings.Builder) {
	for i, line := range strings.Split(r.text, "\n") {
		b.WriteString("<w:r><w:rPr>" + rpr(r.font) + "</w:rPr>")
		if i > 0 {
			b.WriteString("<w:br/>")
		}
		b.WriteString(`<w:t xml:space="preserve">`)
		escape(b, line)
		b.WriteString("</w:t></w:r>")
	}
}

// escape writes s as XML character data. Input was checked for control
// characters, which XML 1.0 cannot hold.
func escape(b *strings.Builder, s string) {
	for _, c := range s {
		switch c {
		case '&':
			b.WriteString("&amp;")
		case '<':
			b.WriteString("&lt;")
		case '>':
			b.WriteString("&gt;")
		case '"':
			b.WriteString("&quot;")
		default:
			b.WriteRune(c)
		}
	}
}

// text is one run of a role's text.
func (w *writer) text(r layout.Role, s string) run { return run{s, w.s.Font(r)} }

// line writes a one-run paragraph of role r.
func (w *writer) line(r layout.Role, s string, f pf) { w.para(f, w.text(r, s)) }

// centred is the format of a centred paragraph of role r in a column.
func (w *writer) centred(r layout.Role) pf {
	f := format(w.s, r)
	f.align, f.first = layout.Center, 0
	return f
}

// rule writes the empty paragraph whose top border is a rule of length
// rule, centred in a column of width col (mm).
func (w *writer) rule(col, rule float64, keepNext bool) {
	side := twips((col - rule) / 2)
	w.para(pf{align: layout.Center, left: side, right: side, spacing: 1, keepNext: keepNext, before: ptTwips(layout.RuleGapPt),
		border: `<w:top w:val="single" w:sz="` + eighths(layout.RulePt) + `" w:space="0" w:color="000000"/>`,
		mark:   layout.Font{Size: layout.RuleParaPt}})
}

// body returns the whole document.xml.
func body(s layout.Spec, d *document.Document) string {
	w := &writer{s: s}
	w.b.WriteString(`<?xml version="1.0" encoding="UTF-8" standalone="yes"?>` +
		`<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" ` +
		`xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><w:body>`)
	w.header(d)
	w.title(d)
	w.flow(d)
	w.signature(d)
	// Word needs a paragraph after a final table; keep it one point high so
	// it never makes a page of its own.
	w.para(pf{exact: 20, mark: layout.Font{Size: 1}})
	w.section(d)
	w.b.WriteString("</w:body></w:document>")
	return w.b.String()
}

const noBorders = `<w:tblBorders><w:top w:val="nil"/><w:left w:val="nil"/><w:bottom w:val="nil"/>` +
	`<w:right w:val="nil"/><w:insideH w:val="nil"/><w:insideV w:val="nil"/></w:tblBorders>`

// table opens a borderless, fixed-layout table of two columns.
func (w *writer) table(indent, left, right float64) {
	l, r := twips(left), twips(right)
	fmt.Fprintf(&w.b, `<w:tbl><w:tblPr><w:tblW w:w="%d" w:type="dxa"/><w:tblInd w:w="%d" w:type="dxa"/>%s`+
		`<w:tblLayout w:type="fixed"/><w:tblCellMar><w:top w:w="0" w:type="dxa"/><w:left w:w="0" w:type="dxa"/>`+
		`<w:bottom w:w="0" w:type="dxa"/><w:right w:w="0" w:type="dxa"/></w:tblCellMar><w:tblLook w:val="0000"/></w:tblPr>`+
		`<w:tblGrid><w:gridCol w:w="%d"/><w:gridCol w:w="%d"/></w:tblGrid>`, l+r, twips(indent), noBorders, l, r)
}

// row opens a table row that never splits across pages.
func (w *writer) row() {
	w.b.WriteString("<w:tr><w:trPr><w:cantSplit/></w:trPr>")
}

// cell opens a table cell width mm wide.
func (w *writer) cell(width float64) {
	fmt.Fprintf(&w.b, `<w:tc><w:tcPr><w:tcW w:w="%d" w:type="dxa"/></w:tcPr>`, twips(width))
}

// header writes the two-column header table: agency and number on the left,
// national name, motto and date on the right.
func (w *writer) header(d *document.Document) {
	_, lw, _, rw := w.s.HeaderColumns()
	w.table(layout.HeaderIndent, lw, rw)

	w.row()
	w.cell(lw)
	if d.Issuer.Parent != "" {
		w.line(layout.Parent, d.Issuer.Parent, w.centred(layout.Parent))
	}
	agencyRule, mottoRule, _ := w.s.RuleLengths(d)
	w.line(layout.Agency, d.Issuer.Name, w.centred(layout.Agency))
	w.rule(lw, agencyRule, false)
	w.b.WriteString("</w:tc>")
	w.cell(rw)
	w.line(layout.National, layout.NationalName, w.centred(layout.National))
	w.line(layout.Motto, layout.MottoText, w.centred(layout.Motto))
	w.rule(rw, mottoRule, false)
	w.b.WriteString("</w:tc></w:tr>")

	w.row()
	w.cell(lw)
	f := w.centred(layout.Number)
	f.before = ptTwips(layout.NumberRowPt)
	w.line(layout.Number, d.NumberLine(), f)
	if d.IsLetter() && d.Summary != "" {
		f := w.centred(layout.LetterSummary)
		f.before = ptTwips(layout.MarkGapPt)
		w.line(layout.LetterSummary, d.LetterSummary(), f)
	}
	w.marks(d, lw)
	w.b.WriteString("</w:tc>")
	w.cell(rw)
	f = w.centred(layout.Date)
	f.before = ptTwips(layout.NumberRowPt)
	w.line(layout.Date, d.DateLine(), f)
	w.b.WriteString("</w:tc></w:tr></w:tbl>")
}

// marks writes urgency and circulation marks in single-line boxes.
func (w *writer) marks(d *document.Document, col float64) {
	for _, m := range w.s.Marks(d) {
		side := twips((col - m.Width) / 2)
		edge := `w:val="single" w:sz="` + eighths(layout.RulePt) + `" w:space="0" w:color="000000"/>`
		f := w.centred(layout.Mark)
		f.left, f.right = side, side
		f.before = ptTwips(layout.MarkGapPt)
		f.exact = twips(layout.MarkBoxHeight) - 2*ptTwips(layout.RulePt)
		f.border = "<w:top " + edge + "<w:left " + edge + "<w:bottom " + edge + "<w:right " + edge
		w.line(layout.Mark, m.Text, f)
	}
}

// title writes the type name, the summary and the rule under them.
func (w *writer) title(d *document.Document) {
	if d.IsLetter() {
		return
	}
	f := w.centred(layout.TypeName)
	f.before = ptTwips(layout.TypeBeforePt)
	w.line(layout.TypeName, d.Type, f)
	if d.Summary != "" {
		w.line(layout.Summary, d.Summary, w.centred(layout.Summary))
	}
	_, _, titleRule := w.s.RuleLengths(d)
	w.rule(w.s.TextWidth(), titleRule, true)
}

// flow writes the addressees, the legal bases and the body.
func (w *writer) flow(d *document.Document) {
	var paras []func(first, last bool)
	if len(d.Addressees) > 0 {
		paras = append(paras, func(first, last bool) { w.addressees(d, first) })
	}
	for _, b := range d.BaseLines() {
		b := b
		paras = append(paras, func(first, last bool) {
			w.block(layout.Base, []markup.Span{{Text: b}}, first, last)
		})
	}
	for _, b := range d.Body {
		b := b
		paras = append(paras, func(first, last bool) { w.block(roleOf(b.Kind), b.Spans, first, last) })
	}
	for i, p := range paras {
		p(i == 0, i == len(paras)-1)
	}
}

func roleOf(k markup.Kind) layout.Role {
	switch k {
	case markup.Heading:
		return layout.BodyHeading
	case markup.Centered, markup.Title:
		return layout.BodyCentered
	}
	return layout.Body
}

// block writes one paragraph of the flow. The first takes the space under
// the header; the last keeps with the signature and leaves room above it.
func (w *writer) block(r layout.Role, spans []markup.Span, first, last bool) {
	f := format(w.s, r)
	if f.align == layout.Center {
		f.first = 0
	}
	if first {
		f.before = ptTwips(layout.BodyBeforePt)
	}
	if last {
		f.after = ptTwips(layout.SignBeforePt)
		f.keepNext = true
	}
	base := w.s.Font(r)
	runs := make([]run, len(spans))
	for i, sp := range spans {
		runs[i] = run{sp.Text, layout.Font{Size: base.Size, Style: base.Style | fonts.Style(sp.Style)}}
	}
	w.para(f, runs...)
}

// addressees writes "Kính gửi:" and the addressees, placed as the layout
// places them.
func (w *writer) addressees(d *document.Document, first bool) {
	lines := d.AddresseeLines()
	label, item, hang := w.s.AddresseeIndents(lines)
	f := format(w.s, layout.Addressee)
	f.keepNext = true
	at := func(x, cont float64, text string, before bool) {
		g := f
		g.left, g.first = twips(cont), twips(x)-twips(cont)
		if before {
			g.before = ptTwips(layout.BodyBeforePt)
		}
		w.line(layout.Addressee, text, g)
	}
	if len(lines) == 1 {
		at(label, hang, "Kính gửi: "+lines[0], first)
		return
	}
	at(label, label, "Kính gửi:", first)
	for _, l := range lines {
		at(item, hang, l, false)
	}
}

// signature writes Nơi nhận and the signer side by side in a table whose
// row never splits.
func (w *writer) signature(d *document.Document) {
	_, lw, _, rw := w.s.SignatureColumns()
	w.table(0, lw, rw)
	w.row()
	w.cell(lw)
	if rl := d.RecipientLines(); len(rl) > 0 {
		w.line(layout.Received, "Nơi nhận:", format(w.s, layout.Received))
		hang := twips(w.s.RecipientHang())
		for _, r := range rl {
			f := format(w.s, layout.Recipient)
			f.left, f.first = hang, -hang
			w.line(layout.Recipient, r, f)
		}
	}
	if d.Drafter != "" {
		w.line(layout.Drafter, d.Drafter, format(w.s, layout.Drafter))
	}
	if d.Drafter == "" && len(d.RecipientLines()) == 0 {
		w.para(format(w.s, layout.Recipient)) // a cell needs a paragraph
	}
	w.b.WriteString("</w:tc>")
	w.cell(rw)
	for _, l := range d.SignerLines() {
		w.line(layout.Authority, l, w.centred(layout.Authority))
	}
	f := w.centred(layout.SignerName)
	f.before = twips(layout.SignSpace)
	w.line(layout.SignerName, d.Signer.Name, f)
	w.b.WriteString("</w:tc></w:tr></w:tbl>")
}

// section writes the page size and margins, the page-number header from
// page 2 and, when given, the first-page footer.
func (w *writer) section(d *document.Document) {
	p := w.s.Page
	w.b.WriteString(`<w:sectPr><w:headerReference w:type="default" r:id="rIdPageNumber"/>` +
		`<w:headerReference w:type="first" r:id="rIdFirstHeader"/>`)
	if d.Footer != "" {
		w.b.WriteString(`<w:footerReference w:type="first" r:id="rIdFirstFooter"/>`)
	}
	fmt.Fprintf(&w.b, `<w:pgSz w:w="%d" w:h="%d"/>`, twips(layout.PageWidth), twips(layout.PageHeight))
	fmt.Fprintf(&w.b, `<w:pgMar w:top="%d" w:right="%d" w:bottom="%d" w:left="%d" w:header="%d" w:footer="%d" w:gutter="0"/>`,
		twips(p.Top), twips(p.Right), twips(p.Bottom), twips(p.Left), twips(layout.HeaderDistance), twips(layout.FooterDistance))
	w.b.WriteString(`<w:titlePg/></w:sectPr>`)
}
