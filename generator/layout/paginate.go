package layout

import (
	"context"
	"strconv"

	"github.com/vanban/vanban/generator/document"
)

// Rule is a horizontal rule: from X, W long, centred on Y (mm).
type Rule struct{ X, Y, W float64 }

// Box is a rectangle drawn around a mark; its text is a Line of the page.
type Box struct{ X, Y, W, H float64 }

// Page is one laid-out page: every line of text with its runs placed, the
// rules and the boxes.
type Page struct {
	Lines     []Line
	Rules     []Rule
	Boxes     []Box
	Fields    []Field // empty signature fields, on the page of the signature
	Landscape bool    // A4 turned, for an appendix that asks for it
}

// Compose lays d out into pages: Build, then Paginate. It fails if ctx is
// done or if d cannot be laid out.
func Compose(ctx context.Context, d *document.Document) ([]Page, error) {
	f, err := Build(d)
	if err != nil {
		return nil, err
	}
	return Paginate(ctx, f)
}

// Paginate places the flow on pages, keeping Word's rules: no single line
// of a paragraph alone at the foot or the top of a page (widow and orphan
// control), paragraphs with the one that follows when they ask for it, and
// rows whole when they fit on a page. It fails only if ctx is done.
func Paginate(ctx context.Context, f *Flow) ([]Page, error) {
	p := &paginator{f: f, pages: []Page{{}}}
	if err := p.part(ctx, f); err != nil {
		return nil, err
	}
	p.footer()
	p.pageNumbers(0)
	p.signatureFields()
	for _, a := range f.Appendices {
		start := len(p.pages)
		p.f = a
		p.newPage()
		if err := p.part(ctx, a); err != nil {
			return nil, err
		}
		p.pageNumbers(start)
	}
	return p.pages, nil
}

// part places the blocks of one flow, the document or an appendix, from
// the top of the current page.
func (p *paginator) part(ctx context.Context, f *Flow) error {
	bs := make([]block, len(f.Blocks))
	for i, b := range f.Blocks {
		bs[i] = toBlock(b)
	}
	return p.run(ctx, bs, f.Spec.Page.Top)
}

type paginator struct {
	f     *Flow
	pages []Page
}

func (p *paginator) page() *Page { return &p.pages[len(p.pages)-1] }

// block is a unit of pagination: the lines of a paragraph, or a row of a
// grid. Its lines are placed relative to the block; pagination moves them
// onto pages.
type block struct {
	before, after float64 // mm
	keepNext      bool    // stay on the page of the next block's first lines
	whole         bool    // never split across pages
	lines         []slot
	cells         [][]slot // a row that splits: each cell runs on by itself
	table         *Table   // a table, whose rows pagination places itself
}

// slot is one line of a block (or, for a whole row, all of it): its height
// and what it draws, with Y relative to the slot's top.
type slot struct {
	h     float64
	lines []Line
	rules []Rule
	boxes []Box
}

// place adds what s draws to pg, its top at y.
func (s slot) place(pg *Page, y float64) {
	t := s.shift(y)
	pg.Lines = append(pg.Lines, t.lines...)
	pg.Rules = append(pg.Rules, t.rules...)
	pg.Boxes = append(pg.Boxes, t.boxes...)
}

// slots are the lines of a paragraph, Y from the top of each line.
func (pa *Paragraph) slots() []slot {
	out := make([]slot, len(pa.Lines))
	for i, rs := range pa.Lines {
		s := slot{h: pa.LineHeight}
		switch pa.Border {
		case BorderTop:
			s.rules = []Rule{{X: pa.X + pa.Left, Y: RulePt * PtToMM / 2, W: pa.RuleLength}}
		case BorderBox:
			s.boxes = []Box{{X: pa.X + pa.Left, W: pa.W - pa.Left - pa.Right, H: pa.Exact}}
		}
		if rs != nil {
			s.lines = []Line{{Role: pa.Role, Size: pa.Font.Size, Y: pa.Ascent, Runs: rs}}
		}
		out[i] = s
	}
	return out
}

// cellSlots are the lines of a cell's paragraphs, the space above and
// below each paragraph counted into its first and last line.
func cellSlots(ps []*Paragraph) []slot {
	var out []slot
	for _, pa := range ps {
		ss := pa.slots()
		if len(ss) == 0 {
			continue
		}
		ss[0] = ss[0].shift(pa.Before)
		ss[len(ss)-1].h += pa.After
		out = append(out, ss...)
	}
	return out
}

// shift moves what s draws down by dy, growing it by as much.
func (s slot) shift(dy float64) slot {
	out := slot{h: s.h + dy}
	for _, l := range s.lines {
		l.Y += dy
		out.lines = append(out.lines, l)
	}
	for _, r := range s.rules {
		r.Y += dy
		out.rules = append(out.rules, r)
	}
	for _, b := range s.boxes {
		b.Y += dy
		out.boxes = append(out.boxes, b)
	}
	return out
}

// merge draws the slots of a cell one under the other, as one slot.
func merge(into *slot, ss []slot) float64 {
	y := 0.0
	for _, s := range ss {
		t := s.shift(y)
		into.lines = append(into.lines, t.lines...)
		into.rules = append(into.rules, t.rules...)
		into.boxes = append(into.boxes, t.boxes...)
		y += s.h
	}
	return y
}

// toBlock makes the pagination unit of a flow block. A grid's rows are
// joined into one block: a whole row is one slot; the only grids with
// more than one row (the header) are whole.
func toBlock(b Block) block {
	if pa := b.Para; pa != nil {
		return block{before: pa.Before, after: pa.After, keepNext: pa.KeepNext, lines: pa.slots()}
	}
	if t := b.Table; t != nil {
		return block{table: t}
	}
	var out block
	y := 0.0
	all := slot{}
	for _, r := range b.Grid.Rows {
		if !r.Whole {
			for _, c := range r.Cells {
				out.cells = append(out.cells, cellSlots(c))
			}
			return out
		}
		h := 0.0
		for _, c := range r.Cells {
			var s slot
			h = max(h, merge(&s, cellSlots(c)))
			s = s.shift(y)
			all.lines = append(all.lines, s.lines...)
			all.rules = append(all.rules, s.rules...)
			all.boxes = append(all.boxes, s.boxes...)
		}
		y += h
	}
	all.h = y
	out.whole, out.lines = true, []slot{all}
	return out
}

// rowSlot is a table row as one slot: its cells side by side, each in its
// borders.
func rowSlot(t *Table, r Row) slot {
	var s slot
	h := t.RowHeight(r)
	x := t.X
	for j, c := range r.Cells {
		var cell slot
		merge(&cell, cellSlots(c))
		cell = cell.shift(border / 2) // the content stands inside the top border
		s.lines = append(s.lines, cell.lines...)
		s.boxes = append(s.boxes, Box{X: x, W: t.Widths[j], H: h})
		x += t.Widths[j]
	}
	s.h = h
	return s
}

// run places the blocks on pages from y on the first page.
func (p *paginator) run(ctx context.Context, bs []block, y float64) error {
	top := p.f.Spec.Page.Top
	bottom := p.bottom(0)
	for i := 0; i < len(bs); i++ {
		if err := ctx.Err(); err != nil {
			return err
		}
		b := bs[i]
		if y > top {
			y += b.before
		}
		if b.cells != nil {
			y, bottom = p.cells(b.cells, y, bottom)
			y += b.after
			continue
		}
		if b.table != nil {
			y, bottom = p.table(b.table, y, bottom)
			y += b.after
			continue
		}
		k := fit(bs, i, y, bottom)
		if k == 0 && y <= top+1e-9 {
			k = max(1, fitCount(b.lines, y, bottom)) // too big for any page: overflow rather than loop
		}
		for _, sl := range b.lines[:k] {
			sl.place(p.page(), y)
			y += sl.h
		}
		if k == len(b.lines) {
			y += b.after
			continue
		}
		p.newPage()
		y, bottom = top, p.bottom(len(p.pages)-1)
		bs[i].lines = b.lines[k:]
		bs[i].before = 0
		i--
	}
	return nil
}

func (p *paginator) newPage() { p.pages = append(p.pages, Page{Landscape: p.f.Spec.Landscape}) }

// cells places a row that splits: each cell's lines run down the page and
// on at the top of the next, as Word splits a row. It returns the y below
// the row and the bottom of the page it ends on.
func (p *paginator) cells(cells [][]slot, y, bottom float64) (float64, float64) {
	top := p.f.Spec.Page.Top
	for {
		end, rest := y, false
		for i, c := range cells {
			k := fitCount(c, y, bottom)
			if k == 0 && y <= top+1e-9 && len(c) > 0 {
				k = 1 // a line taller than a page: overflow rather than loop
			}
			cy := y
			for _, sl := range c[:k] {
				sl.place(p.page(), cy)
				cy += sl.h
			}
			end = max(end, cy)
			cells[i] = c[k:]
			rest = rest || len(cells[i]) > 0
		}
		if !rest {
			return end, bottom
		}
		p.newPage()
		y, bottom = top, p.bottom(len(p.pages)-1)
	}
}

// table places a table's rows, the header row first on every page it
// runs onto. A page takes the header and at least the first row, or a
// first line of each cell of a row that splits, or none of the table. A
// row taller than a page splits, each cell running on under the header of
// the next page, as Word splits a row.
func (p *paginator) table(t *Table, y, bottom float64) (float64, float64) {
	top := p.f.Spec.Page.Top
	head := rowSlot(t, t.Header)
	onPage := false // the header row stands on this page
	next := func() {
		p.newPage()
		y, bottom, onPage = top, p.bottom(len(p.pages)-1), false
	}
	for _, r := range t.Rows {
		if r.Whole {
			row := rowSlot(t, r)
			need := row.h
			if !onPage {
				need += head.h
			}
			if y+need > bottom+1e-6 && y > top+1e-9 {
				next()
			}
			if !onPage {
				head.place(p.page(), y)
				y, onPage = y+head.h, true
			}
			row.place(p.page(), y)
			y += row.h
			continue
		}
		cells := make([][]slot, len(r.Cells))
		first := 0.0 // what must stand under the header: a line of each cell
		for j, c := range r.Cells {
			cells[j] = cellSlots(c)
			if len(cells[j]) > 0 {
				first = max(first, cells[j][0].h)
			}
		}
		if need := first + border; !onPage && y+head.h+need > bottom+1e-6 && y > top+1e-9 ||
			onPage && y+need > bottom+1e-6 {
			next()
		}
		for {
			if !onPage {
				head.place(p.page(), y)
				y, onPage = y+head.h, true
			}
			end, rest := y, false
			for j, c := range cells {
				k := fitCount(c, y+border/2, bottom-border/2)
				cy := y + border/2
				for _, sl := range c[:k] {
					sl.place(p.page(), cy)
					cy += sl.h
				}
				end = max(end, cy)
				cells[j] = c[k:]
				rest = rest || len(cells[j]) > 0
			}
			x := t.X
			for _, w := range t.Widths {
				p.page().Boxes = append(p.page().Boxes, Box{X: x, Y: y, W: w, H: end - y + border/2})
				x += w
			}
			y = end + border/2
			if !rest {
				break
			}
			next()
		}
	}
	return y, bottom
}

// bottom is the lowest y text may reach on page i.
func (p *paginator) bottom(i int) float64 {
	b := p.f.Spec.PageH() - p.f.Spec.Page.Bottom
	if i == 0 && p.f.Footer != nil {
		b = min(b, footerTop(p.f.Footer))
	}
	return b
}

// FooterRuleGapPt is the space between the footer's rule and its text.
const FooterRuleGapPt = 1.0

// footerTop is the top of the address footer (its rule).
func footerTop(f *Paragraph) float64 {
	h := f.Height() + (RulePt+FooterRuleGapPt)*PtToMM
	return PageHeight - FooterDistance - h
}

// footer draws the agency's address at the foot of the first page.
func (p *paginator) footer() {
	f := p.f.Footer
	if f == nil {
		return
	}
	pg := &p.pages[0]
	top := footerTop(f)
	pg.Rules = append(pg.Rules, Rule{X: f.X, Y: top + RulePt*PtToMM/2, W: f.W})
	y := top + (RulePt+FooterRuleGapPt)*PtToMM
	for _, s := range f.slots() {
		s.place(pg, y)
		y += s.h
	}
}

// pageNumbers numbers the pages of the part that starts at page start,
// from 1, showing the number from the part's second page on, centred in
// the top margin.
func (p *paginator) pageNumbers(start int) {
	s := p.f.Spec
	for i := start + 1; i < len(p.pages); i++ {
		n := s.set(&Paragraph{Role: PageNumber, Font: p.f.PageNumber, Spans: plain(strconv.Itoa(i - start + 1)),
			X: s.Page.Left, W: s.TextWidth(), Align: Center})
		n.slots()[0].place(&p.pages[i], HeaderDistance)
	}
}

// fitCount is how many of lines fit between y and bottom.
func fitCount(lines []slot, y, bottom float64) int {
	k := 0
	for _, l := range lines {
		if y+l.h > bottom+1e-6 {
			break
		}
		y += l.h
		k++
	}
	return k
}

// fit decides how many lines of block i go on the current page.
func fit(bs []block, i int, y, bottom float64) int {
	b := bs[i]
	n := len(b.lines)
	total := height(b.lines)
	need := total
	if b.keepNext && i+1 < len(bs) {
		need += b.after + lead(bs, i+1)
	}
	if y+need <= bottom+1e-6 {
		return n
	}
	if b.whole || n <= 3 {
		return 0
	}
	if b.keepNext && i+1 < len(bs) && bs[i+1].whole && y+total <= bottom+1e-6 {
		// The paragraph fits but the block it keeps with (the signature,
		// a row that cannot split) does not: LibreOffice moves the whole
		// paragraph to the next page with it rather than split it.
		return 0
	}
	k := fitCount(b.lines, y, bottom)
	if k >= n {
		k = n - 1 // all fit, but what must follow does not: the last line goes
	}
	k = min(k, n-2) // widow: at least two lines on the next page
	if k < 2 {      // orphan: at least two lines here, or none
		return 0
	}
	return k
}

// lead is the least of block i that must stand on the page where it starts:
// all of it when it cannot split (plus what it keeps with), else two lines.
func lead(bs []block, i int) float64 {
	b := bs[i]
	if t := b.table; t != nil {
		h := t.RowHeight(t.Header)
		if len(t.Rows) > 0 && t.Rows[0].Whole {
			h += t.RowHeight(t.Rows[0])
		}
		return h
	}
	if b.cells != nil {
		h := 0.0
		for _, c := range b.cells {
			h = max(h, height(c[:min(2, len(c))]))
		}
		return h
	}
	if b.whole || len(b.lines) <= 3 {
		h := height(b.lines)
		if b.keepNext && i+1 < len(bs) {
			h += b.after + lead(bs, i+1)
		}
		return h
	}
	return height(b.lines[:2])
}

func height(ls []slot) float64 {
	h := 0.0
	for _, l := range ls {
		h += l.h
	}
	return h
}
