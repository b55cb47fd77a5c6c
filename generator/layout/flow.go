package layout

import (
	"strings"

	"github.com/vanban/vanban/fonts"
	"github.com/vanban/vanban/generator/markup"
)

// Flow is a document as both writers see it: its blocks in reading order,
// each with every layout decision made — column, indents, spacing, keep
// rules, the text set into lines — and the page furniture. Pagination turns
// a Flow into pages for the PDF; the DOCX writer writes the same blocks as
// paragraphs and tables and leaves the pages to Word.
type Flow struct {
	Spec   Spec
	Blocks []Block
	// Footer is the agency's address at the foot of the first page, under
	// a rule across the text width; nil when the document has none.
	Footer *Paragraph
	// PageNumber is the font of the page numbers, centred in the top
	// margin from page 2 on.
	PageNumber Font
	// Appendices are the flows of the appendices, each starting a page of
	// its own after the signature, its pages numbered from 1, the number
	// shown from its second page.
	Appendices []*Flow
}

// Block is one unit of the flow: a paragraph, a grid or a table.
type Block struct {
	Para  *Paragraph
	Grid  *Grid
	Table *Table
}

// Border is what a paragraph draws around itself.
type Border uint8

// The borders a paragraph may have.
const (
	BorderNone Border = iota
	// BorderTop is a rule along the paragraph's top edge, between its
	// indents. Such a paragraph carries no text: it is how a rule is set
	// in Word, and its height is the rule's place in the flow.
	BorderTop
	// BorderBox is a rectangle around the paragraph: urgency and
	// circulation marks.
	BorderBox
)

// Paragraph is one paragraph of the flow, with everything about it decided.
// Lengths are in mm; X positions are from the page's left edge.
type Paragraph struct {
	Role  Role
	Key   string        // the input key the text comes from, for messages
	Font  Font          // the paragraph's font; spans add bold or italic to it
	Spans []markup.Span // the text; "\n" is a line break within the paragraph
	Mark  Font          // the paragraph mark's font: an empty line's height in Word

	X, W          float64 // the column the paragraph stands in
	Left, Right   float64 // indents from the column's edges
	First         float64 // the first line's indent from Left; negative hangs
	Align         Align
	Before, After float64
	Spacing       float64 // line spacing, in lines
	Exact         float64 // when > 0, the exact height of its one line (a mark's box)
	KeepNext      bool    // on the page where the next block starts
	Border        Border
	RuleLength    float64 // for a BorderTop, the rule's length (Left and Right centre it)

	Lines      [][]Run // the text set into lines, as the PDF draws it
	LineHeight float64 // the height of each line
	Ascent     float64 // from a line's top to its baseline
}

// Height is the paragraph's height without the space above and below it.
func (p *Paragraph) Height() float64 { return float64(len(p.Lines)) * p.LineHeight }

// Grid is a borderless table of fixed columns: the header and the
// signature block stand in grids. Each row is a list of cells, one per
// column, and each cell a list of paragraphs.
type Grid struct {
	X      float64 // left edge
	Widths []float64
	Rows   []Row
}

// Row is one row of a grid.
type Row struct {
	Cells [][]*Paragraph
	// Whole says the row never splits across pages. The flow sets it
	// only for rows that fit on a page: a taller row splits, each cell
	// running on at the top of the next page, as Word splits it.
	Whole bool
}

// Height is the height of the row: its tallest cell.
func (r Row) Height() float64 {
	h := 0.0
	for _, c := range r.Cells {
		h = max(h, cellHeight(c))
	}
	return h
}

func cellHeight(ps []*Paragraph) float64 {
	h := 0.0
	for _, p := range ps {
		h += p.Before + p.Height() + p.After
	}
	return h
}

// set breaks a paragraph's text into lines and fixes its line height and
// baseline: the one place where both are decided. The space above and
// below and the keep rule do not enter into it, so they may be changed
// after.
func (s Spec) set(p *Paragraph) *Paragraph {
	if p.Spacing == 0 {
		p.Spacing = 1
	}
	m := fonts.Metrics(p.Font.Style)
	p.LineHeight = m.LineHeight(p.Font.Size) * p.Spacing * PtToMM
	// With more than single spacing, Word and LibreOffice add the extra
	// space above the text, so the baseline moves down with it.
	p.Ascent = p.LineHeight - float64(m.Descent+m.LineGap)*p.Font.Size/float64(m.UnitsPerEm)*PtToMM
	switch p.Border {
	case BorderTop:
		p.Lines = [][]Run{nil}
		p.LineHeight = fonts.Metrics(fonts.Regular).LineHeight(p.Mark.Size)*PtToMM + RulePt*PtToMM
		return p
	case BorderBox:
		p.Ascent += (p.Exact - p.LineHeight) / 2
		p.LineHeight = p.Exact
	}
	x, w := p.X+p.Left, p.W-p.Left-p.Right
	p.Lines = nil
	for i, part := range splitSpans(p.Spans) {
		first := 0.0
		if i == 0 {
			first = p.First
		}
		p.Lines = append(p.Lines, s.lines.lines(part, p.Font.Style, p.Font.Size, x, w, first, p.Align)...)
	}
	return p
}

// splitSpans cuts spans at line breaks.
func splitSpans(spans []markup.Span) [][]markup.Span {
	parts := [][]markup.Span{nil}
	for _, sp := range spans {
		for i, text := range strings.Split(sp.Text, "\n") {
			if i > 0 {
				parts = append(parts, nil)
			}
			if text != "" {
				parts[len(parts)-1] = append(parts[len(parts)-1], markup.Span{Text: text, Style: sp.Style})
			}
		}
	}
	return parts
}

// para is a paragraph of role r, formatted as the Spec formats the role,
// in the column [x, x+w].
func (s Spec) para(r Role, key string, spans []markup.Span, x, w float64) *Paragraph {
	f, pf := s.Font(r), s.Para(r)
	p := &Paragraph{Role: r, Key: key, Font: f, Mark: f, Spans: spans, X: x, W: w,
		Align: pf.Align, After: pf.AfterPt * PtToMM, Spacing: pf.Spacing, KeepNext: pf.KeepNext}
	if pf.Align != Center {
		p.First = pf.Indent
	}
	return p
}

// centred is a centred paragraph of role r in the column [x, x+w].
func (s Spec) centred(r Role, key, text string, x, w float64) *Paragraph {
	p := s.para(r, key, plain(text), x, w)
	p.Align, p.First = Center, 0
	return p
}

// rule is the empty paragraph that carries a rule of length n centred in
// the column [x, x+w].
func (s Spec) rule(n, x, w float64, keepNext bool) *Paragraph {
	side := (w - n) / 2
	return s.set(&Paragraph{Role: RulePara, Mark: Font{Size: RuleParaPt}, Font: Font{Size: RuleParaPt},
		X: x, W: w, Left: side, Right: side, Align: Center, Before: RuleGapPt * PtToMM,
		Spacing: 1, KeepNext: keepNext, Border: BorderTop, RuleLength: n})
}
