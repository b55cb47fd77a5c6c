package layout

import (
	"context"
	"strings"

	"github.com/vanban/vanban/generator/document"
	"github.com/vanban/vanban/generator/markup"
)

// Rule is a horizontal rule: from X, W long, centred on Y (mm).
type Rule struct{ X, Y, W float64 }

// Box is a rectangle drawn around a mark; its text is a Line of the page.
type Box struct{ X, Y, W, H float64 }

// Page is one laid-out page: every line of text with its runs placed, the
// rules and the boxes.
type Page struct {
	Lines []Line
	Rules []Rule
	Boxes []Box
}

// Compose lays d out into pages. It fails only if ctx is done.
func Compose(ctx context.Context, d *document.Document) ([]Page, error) {
	s := New(d.Page)
	c := &composer{s: s, d: d}
	c.pages = []Page{{}}
	y := c.header()
	flow := c.flow()
	if err := c.paginate(ctx, flow, y); err != nil {
		return nil, err
	}
	c.footer()
	c.pageNumbers()
	return c.pages, nil
}

type composer struct {
	s     Spec
	d     *document.Document
	pages []Page
}

func (c *composer) page() *Page { return &c.pages[len(c.pages)-1] }

// addLines places set lines of role r with the first line's top at y and
// returns the y below the last.
func (c *composer) addLines(p *Page, r Role, lines [][]Run, y float64) float64 {
	lh, asc, size := c.s.LineHeight(r), c.s.Ascent(r), c.s.Font(r).Size
	for _, rs := range lines {
		p.Lines = append(p.Lines, Line{Role: r, Size: size, Y: y + asc, Runs: rs})
		y += lh
	}
	return y
}

// centred sets text of role r centred on the column [x, x+w], wrapping it.
func (c *composer) centred(r Role, text string, x, w float64) [][]Run {
	f := c.s.Font(r)
	var out [][]Run
	for _, part := range strings.Split(text, "\n") {
		out = append(out, setLines(plain(part), f.Style, f.Size, x, w, 0, Center)...)
	}
	return out
}

// widest returns the widest natural width among lines.
func widest(lines [][]Run) float64 {
	w := 0.0
	for _, rs := range lines {
		if n := len(rs); n > 0 {
			w = max(w, rs[n-1].X+rs[n-1].W-rs[0].X)
		}
	}
	return w
}

// rule adds a rule paragraph under the line at y: a rule of length w centred
// on cx. It returns the y below the paragraph.
func (c *composer) rule(p *Page, cx, w, y float64) float64 {
	p.Rules = append(p.Rules, Rule{X: cx - w/2, Y: y + (RuleGapPt+RulePt/2)*PtToMM, W: w})
	return y + RuleParaHeight()
}

// The fixed lines of the header's right column.
const (
	NationalName = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
	MottoText    = "Độc lập - Tự do - Hạnh phúc"
)

// RuleLengths returns the lengths in mm of the three rules of the first
// page: under the agency and under the type name or summary a fraction of
// the widest line above (as the lines wrap in their column), under the
// motto the motto's own width.
func (s Spec) RuleLengths(d *document.Document) (agency, motto, title float64) {
	agency = widestLine(s, Agency, d.Issuer.Name, HeaderLeftWidth) * AgencyRuleFrac
	motto = widestLine(s, Motto, MottoText, HeaderRightWidth)
	if d.Summary != "" {
		title = widestLine(s, Summary, d.Summary, s.TextWidth()) * AgencyRuleFrac
	} else {
		title = widestLine(s, TypeName, d.Type, s.TextWidth()) * AgencyRuleFrac
	}
	return agency, motto, title
}

// widestLine is the natural width of the widest line text breaks into in
// a column width wide: what Word's wrapping of a centred paragraph gives.
func widestLine(s Spec, r Role, text string, width float64) float64 {
	f := s.Font(r)
	w := 0.0
	for _, part := range strings.Split(text, "\n") {
		w = max(w, widest(setLines(plain(part), f.Style, f.Size, 0, width, 0, Left)))
	}
	return w
}

// HeaderColumns returns the left edges and widths of the header's columns,
// in mm from the page's left edge.
func (s Spec) HeaderColumns() (lx, lw, rx, rw float64) {
	lx = s.Page.Left + HeaderIndent
	return lx, HeaderLeftWidth, lx + HeaderLeftWidth, HeaderRightWidth
}

// header lays out the two-column header and, for documents with a type
// name, the type name and summary. It returns the y below it.
func (c *composer) header() float64 {
	p, d, s := c.page(), c.d, c.s
	lx, lw, rx, rw := s.HeaderColumns()
	top := s.Page.Top

	yl := top
	if d.Issuer.Parent != "" {
		yl = c.addLines(p, Parent, c.centred(Parent, d.Issuer.Parent, lx, lw), yl)
	}
	agencyRule, mottoRule, titleRule := s.RuleLengths(d)
	yl = c.addLines(p, Agency, c.centred(Agency, d.Issuer.Name, lx, lw), yl)
	yl = c.rule(p, lx+lw/2, agencyRule, yl)

	yr := c.addLines(p, National, c.centred(National, NationalName, rx, rw), top)
	yr = c.addLines(p, Motto, c.centred(Motto, MottoText, rx, rw), yr)
	yr = c.rule(p, rx+rw/2, mottoRule, yr)

	row := max(yl, yr) + NumberRowPt*PtToMM
	yl = c.addLines(p, Number, c.centred(Number, d.NumberLine(), lx, lw), row)
	if d.IsLetter() && d.Summary != "" {
		yl += MarkGapPt * PtToMM
		yl = c.addLines(p, LetterSummary, c.centred(LetterSummary, d.LetterSummary(), lx, lw), yl)
	}
	for _, m := range s.Marks(d) {
		yl += MarkGapPt * PtToMM
		yl = c.box(p, m.Text, m.Width, lx+lw/2, yl)
	}
	yr = c.addLines(p, Date, c.centred(Date, d.DateLine(), rx, rw), row)
	y := max(yl, yr)

	if !d.IsLetter() {
		y += TypeBeforePt * PtToMM
		tw := s.TextWidth()
		y = c.addLines(p, TypeName, c.centred(TypeName, d.Type, s.Page.Left, tw), y)
		if d.Summary != "" {
			y = c.addLines(p, Summary, c.centred(Summary, d.Summary, s.Page.Left, tw), y)
		}
		y = c.rule(p, s.Page.Left+tw/2, titleRule, y)
	}
	return y
}

// MarkBox is an urgency or circulation mark and the width of its box.
type MarkBox struct {
	Text  string
	Width float64 // mm
}

// Marks returns the marks d asks for, urgency first, with their box widths:
// the Decree's for urgency, the text plus padding for circulation.
func (s Spec) Marks(d *document.Document) []MarkBox {
	var ms []MarkBox
	if d.Urgency != "" {
		ms = append(ms, MarkBox{d.Urgency, UrgencyWidth(d.Urgency)})
	}
	if d.Circulation != "" {
		ms = append(ms, MarkBox{d.Circulation, s.Width(Mark, d.Circulation) + 2*MarkPadding})
	}
	return ms
}

// UrgencyWidth is the Decree's box width for an urgency mark.
func UrgencyWidth(m string) float64 {
	switch m {
	case "HỎA TỐC":
		return 30
	case "THƯỢNG KHẨN":
		return 40
	}
	return 20
}

// box draws a mark in a single-line rectangle centred on cx, top at y.
func (c *composer) box(p *Page, text string, w, cx, y float64) float64 {
	p.Boxes = append(p.Boxes, Box{X: cx - w/2, Y: y, W: w, H: MarkBoxHeight})
	lh := c.s.LineHeight(Mark)
	c.addLines(p, Mark, c.centred(Mark, text, cx-w/2, w), y+(MarkBoxHeight-lh)/2)
	return y + MarkBoxHeight
}

// footer draws the agency's address at the foot of the first page.
func (c *composer) footer() {
	if c.d.Footer == "" {
		return
	}
	p, s := &c.pages[0], c.s
	lines := c.centred(Footer, c.d.Footer, s.Page.Left, s.TextWidth())
	top := c.footerTop(len(lines))
	p.Rules = append(p.Rules, Rule{X: s.Page.Left, Y: top + RulePt*PtToMM/2, W: s.TextWidth()})
	c.addLines(p, Footer, lines, top+(RulePt+FooterRuleGapPt)*PtToMM)
}

// FooterRuleGapPt is the space between the footer's rule and its text.
const FooterRuleGapPt = 1.0

// footerTop is the top of the address footer (its rule) when it has n lines.
func (c *composer) footerTop(n int) float64 {
	h := float64(n)*c.s.LineHeight(Footer) + (RulePt+FooterRuleGapPt)*PtToMM
	return PageHeight - FooterDistance - h
}

// pageNumbers numbers every page but the first, centred in the top margin.
func (c *composer) pageNumbers() {
	s := c.s
	for i := 1; i < len(c.pages); i++ {
		lines := c.centred(PageNumber, itoa(i+1), s.Page.Left, s.TextWidth())
		c.addLines(&c.pages[i], PageNumber, lines, HeaderDistance)
	}
}

func itoa(n int) string {
	if n < 10 {
		return string(rune('0' + n))
	}
	return itoa(n/10) + string(rune('0'+n%10))
}

// block is a unit of the flow: a paragraph, or the signature. Its lines are
// placed relative to the block; pagination moves them onto pages.
type block struct {
	before, after float64 // mm
	keepNext      bool    // stay on the page of the next block's first lines
	whole         bool    // never split across pages
	lines         []slot
}

// slot is one line of a block (or, for the signature, all of it): its
// height and what it draws, with Y relative to the slot's top.
type slot struct {
	h     float64
	lines []Line
}

// para makes a block of role r from styled spans.
func (c *composer) para(r Role, spans []markup.Span) block {
	s := c.s
	f, pf := s.Font(r), s.Para(r)
	set := setLines(spans, f.Style, f.Size, s.Page.Left, s.TextWidth(), pf.Indent, pf.Align)
	return c.slots(r, set, pf.AfterPt*PtToMM, pf.KeepNext)
}

func (c *composer) slots(r Role, set [][]Run, after float64, keep bool) block {
	lh, asc, size := c.s.LineHeight(r), c.s.Ascent(r), c.s.Font(r).Size
	b := block{after: after, keepNext: keep}
	for _, rs := range set {
		b.lines = append(b.lines, slot{h: lh, lines: []Line{{Role: r, Size: size, Y: asc, Runs: rs}}})
	}
	return b
}

// flow returns the blocks after the header: addressees, legal bases, body
// paragraphs and the signature.
func (c *composer) flow() []block {
	d := c.d
	var bs []block
	if len(d.Addressees) > 0 {
		bs = append(bs, c.addressees())
	}
	for _, b := range d.BaseLines() {
		bs = append(bs, c.para(Base, plain(b)))
	}
	for _, b := range d.Body {
		bs = append(bs, c.para(bodyRole(b.Kind), b.Spans))
	}
	if n := len(bs); n > 0 {
		bs[0].before = BodyBeforePt * PtToMM
		bs[n-1].after = SignBeforePt * PtToMM
		bs[n-1].keepNext = true
	}
	return append(bs, c.signature())
}

// bodyRole maps a markup block kind to the role it is set in.
func bodyRole(k markup.Kind) Role {
	switch k {
	case markup.Heading:
		return BodyHeading
	case markup.Centered, markup.Title:
		return BodyCentered
	}
	return Body
}

// AddresseeIndents returns where the Kính gửi block stands, in mm from the
// left margin: the label "Kính gửi:", the dash of each addressee (under the
// colon, as the Decree asks) and the text of an addressee's wrapped lines.
// With one addressee, label and addressee share a line centred on the text.
func (s Spec) AddresseeIndents(lines []string) (label, item, hang float64) {
	colon := s.Width(Addressee, "Kính gửi")
	if len(lines) == 1 {
		w := s.Width(Addressee, "Kính gửi: "+lines[0])
		label = max(0, (s.TextWidth()-w)/2)
		return label, label, label + s.Width(Addressee, "Kính gửi: ")
	}
	widest := 0.0
	for _, l := range lines {
		widest = max(widest, s.Width(Addressee, l))
	}
	label = max(0, (s.TextWidth()-colon-widest)/2)
	return label, label + colon, label + colon + s.Width(Addressee, "- ")
}

// addressees lays out "Kính gửi:" and the addressees as one block.
func (c *composer) addressees() block {
	s := c.s
	lines := c.d.AddresseeLines()
	label, item, hang := s.AddresseeIndents(lines)
	f := s.Font(Addressee)
	left, right := s.Page.Left, s.Page.Left+s.TextWidth()
	var set [][]Run
	add := func(text string, x, cont float64) {
		// First line at x, wrapped lines at cont: set at cont with a
		// negative indent, so the first line starts at x.
		set = append(set, setLines(plain(text), f.Style, f.Size, left+cont, right-left-cont, x-cont, Left)...)
	}
	if len(lines) == 1 {
		add("Kính gửi: "+lines[0], label, hang)
	} else {
		add("Kính gửi:", label, label)
		for _, l := range lines {
			add(l, item, hang)
		}
	}
	return c.slots(Addressee, set, 0, true)
}

// SignatureColumns returns the left edges and widths of the signature
// block's columns: Nơi nhận on the left, the signer on the right.
func (s Spec) SignatureColumns() (lx, lw, rx, rw float64) {
	return s.Page.Left, SignLeftWidth, s.Page.Left + SignLeftWidth, SignRightWidth
}

// RecipientHang is how far a recipient's wrapped lines are indented: to the
// text after the dash.
func (s Spec) RecipientHang() float64 { return s.Width(Recipient, "- ") }

// signature lays out Nơi nhận and the signer side by side, as one block that
// never splits.
func (c *composer) signature() block {
	s, d := c.s, c.d
	lx, lw, rx, rw := s.SignatureColumns()
	var lines []Line
	place := func(r Role, set [][]Run, y float64) float64 {
		for _, rs := range set {
			lines = append(lines, Line{Role: r, Size: s.Font(r).Size, Y: y + s.Ascent(r), Runs: rs})
			y += s.LineHeight(r)
		}
		return y
	}
	left := func(r Role, text string, hang float64) [][]Run {
		f := s.Font(r)
		return setLines(plain(text), f.Style, f.Size, lx+hang, lw-hang, -hang, Left)
	}
	yl := 0.0
	if rl := d.RecipientLines(); len(rl) > 0 {
		yl = place(Received, left(Received, "Nơi nhận:", 0), yl)
		for _, r := range rl {
			yl = place(Recipient, left(Recipient, r, s.RecipientHang()), yl)
		}
	}
	if d.Drafter != "" {
		yl = place(Drafter, left(Drafter, d.Drafter, 0), yl)
	}
	yr := 0.0
	for _, l := range d.SignerLines() {
		yr = place(Authority, c.centred(Authority, l, rx, rw), yr)
	}
	yr += SignSpace
	yr = place(SignerName, c.centred(SignerName, d.Signer.Name, rx, rw), yr)
	return block{whole: true, lines: []slot{{h: max(yl, yr), lines: lines}}}
}

// paginate places the flow on pages from y on the first page, keeping
// Word's rules: no single line of a paragraph alone at the foot or the top of
// a page (widow and orphan control), headings with what follows, and the
// signature with at least the last two lines of the body.
func (c *composer) paginate(ctx context.Context, bs []block, y float64) error {
	s := c.s
	bottom := c.bottom(0)
	top := s.Page.Top
	for i := 0; i < len(bs); i++ {
		if err := ctx.Err(); err != nil {
			return err
		}
		b := bs[i]
		if y > top {
			y += b.before
		}
		k := c.fit(bs, i, y, bottom)
		if k == 0 && y <= top+1e-9 {
			k = max(1, fitCount(b.lines, y, bottom)) // too big for any page: overflow rather than loop
		}
		for _, sl := range b.lines[:k] {
			p := c.page()
			for _, l := range sl.lines {
				l.Y += y
				p.Lines = append(p.Lines, l)
			}
			y += sl.h
		}
		if k == len(b.lines) {
			y += b.after
			continue
		}
		c.pages = append(c.pages, Page{})
		y, bottom = top, c.bottom(len(c.pages)-1)
		bs[i].lines = b.lines[k:]
		bs[i].before = 0
		i--
	}
	return nil
}

// bottom is the lowest y text may reach on page i.
func (c *composer) bottom(i int) float64 {
	b := PageHeight - c.s.Page.Bottom
	if i == 0 && c.d.Footer != "" {
		n := len(c.centred(Footer, c.d.Footer, c.s.Page.Left, c.s.TextWidth()))
		b = min(b, c.footerTop(n))
	}
	return b
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
func (c *composer) fit(bs []block, i int, y, bottom float64) int {
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
