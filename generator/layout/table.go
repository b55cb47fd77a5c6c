package layout

import (
	"fmt"

	"github.com/vanban/vanban/generator/problem"

	"github.com/vanban/vanban/fonts"
	"github.com/vanban/vanban/generator/document"
	"github.com/vanban/vanban/generator/markup"
)

// Table is a bordered table of the body: columns of fixed width computed
// from the content once, a header row repeated on every page the table runs
// onto, rows that never split. Each cell is a paragraph whose indents are
// the cell's padding.
type Table struct {
	X      float64
	Widths []float64
	Header Row
	Rows   []Row
}

// Width is the table's whole width.
func (t *Table) Width() float64 {
	w := 0.0
	for _, c := range t.Widths {
		w += c
	}
	return w
}

// RowHeight is the height of a row of t: its tallest cell, and the rule
// under it, which LibreOffice adds to every row.
func (t *Table) RowHeight(r Row) float64 { return r.Height() + border }

// border is the width of a table's rules.
const border = RulePt * PtToMM

// spare is room a column keeps beyond its text, so that Word's rounding of
// widths to twentieths of a point never wraps a word the PDF keeps whole.
const spare = 0.5

// CheckTables reports the tables of body, the text at key, that cannot be
// laid out on pages of p (turned when landscape): what Build would refuse,
// found while the input's positions are still known. A table cannot be laid
// out when it is wider than the text area, when a row has more cells than
// the header, or when the header row leaves no room for rows under it; each
// problem's Line is its line in the body text.
func CheckTables(p document.Page, landscape bool, key string, body []markup.Block) []*problem.Error {
	s := Spec{Page: p, Landscape: landscape}
	var errs []*problem.Error
	for _, b := range body {
		if b.Kind != markup.Tabular {
			continue
		}
		if _, err := s.table(b, key, s.Page.Left, s.TextWidth()); err != nil {
			errs = append(errs, err)
		}
	}
	return errs
}

// table lays out a pipe table of the body in the column [x, x+w].
func (s Spec) table(b markup.Block, key string, x, w float64) (*Table, *problem.Error) {
	mt := b.Table
	n := len(mt.Header)
	for _, r := range mt.Rows {
		if len(r.Cells) > n {
			return nil, &problem.Error{Key: key, Line: r.Line,
				Msg:   fmt.Sprintf("this row has %d cells, the header %d", len(r.Cells), n),
				MsgVI: fmt.Sprintf("hàng này có %d ô, hàng tiêu đề có %d ô", len(r.Cells), n)}
		}
	}
	widths, err := s.columnWidths(mt, w)
	if err != nil {
		return nil, &problem.Error{Key: key, Line: b.Line, Msg: err.Error(),
			MsgVI: fmt.Sprintf("bảng rộng hơn vùng văn bản (%.0f mm): hãy bớt cột hoặc rút ngắn từ dài", w)}
	}
	t := &Table{X: x, Widths: widths}
	t.Header = s.tableRow(TableHead, mt.Header, mt.Align, x, widths)
	if head := t.RowHeight(t.Header); 2*head > s.room() {
		return nil, &problem.Error{Key: key, Line: b.Line, Msg: "the header row takes more than half a page",
			MsgVI: "hàng tiêu đề của bảng dài hơn nửa trang"}
	}
	for _, r := range mt.Rows {
		row := s.tableRow(TableCell, r.Cells, mt.Align, x, widths)
		// A row taller than a page under the header splits, as Word
		// splits it; any other never does.
		row.Whole = t.RowHeight(row)+t.RowHeight(t.Header) <= s.room()
		t.Rows = append(t.Rows, row)
	}
	return t, nil
}

// tableRow sets the cells of a row, an empty cell where the row is short.
func (s Spec) tableRow(r Role, cells [][]markup.Span, align []markup.Align, x float64, widths []float64) Row {
	row := Row{Whole: true}
	for j, w := range widths {
		var spans []markup.Span
		if j < len(cells) {
			spans = cells[j]
		}
		// The cell's content stands inside its borders, as in LibreOffice;
		// the padding is the paragraph's indents.
		p := s.para(r, "body", spans, x+border/2, w-border)
		p.Left, p.Right, p.First, p.After, p.KeepNext = CellPadding, CellPadding, 0, 0, false
		p.Align = [...]Align{markup.AlignLeft: Left, markup.AlignCenter: Center, markup.AlignRight: Right}[align[j]]
		row.Cells = append(row.Cells, []*Paragraph{s.set(p)})
		x += w
	}
	return row
}

// columnWidths gives each column room for its longest word at least and
// its whole text on one line at most, sharing the text area as browsers
// share a table's width: a table that fits at its natural widths is
// widened to the text area in their proportion; otherwise each column gets
// its least width and a share of what is left in proportion to what more
// it would take. A table whose longest words do not fit is an error.
func (s Spec) columnWidths(t *markup.Table, avail float64) ([]float64, error) {
	n := len(t.Header)
	lo, hi := make([]float64, n), make([]float64, n)
	measure := func(r Role, cells [][]markup.Span) {
		f := s.Font(r)
		for j, c := range cells {
			for _, wd := range words(c, f.Style, f.Size) {
				lo[j] = max(lo[j], wd.width+2*CellPadding+border+spare)
			}
			for _, line := range setLines(c, f.Style, f.Size, 0, 1e9, 0, Left) {
				hi[j] = max(hi[j], widest([][]Run{line})+2*CellPadding+border+spare)
			}
		}
	}
	measure(TableHead, t.Header)
	for _, r := range t.Rows {
		measure(TableCell, r.Cells)
	}
	var sumLo, sumHi float64
	for j := range lo {
		lo[j] = max(lo[j], 2*CellPadding+border+fonts.Metrics(fonts.Regular).Width("0", s.Font(TableCell).Size)*PtToMM)
		hi[j] = max(hi[j], lo[j])
		sumLo += lo[j]
		sumHi += hi[j]
	}
	if sumLo > avail+1e-9 {
		return nil, fmt.Errorf("the table needs %.0f mm, the text area is %.0f mm wide", sumLo, avail)
	}
	out := make([]float64, n)
	for j := range out {
		if sumHi <= avail {
			out[j] = hi[j] * avail / sumHi
		} else {
			out[j] = lo[j] + (hi[j]-lo[j])*(avail-sumLo)/(sumHi-sumLo)
		}
	}
	return out, nil
}
