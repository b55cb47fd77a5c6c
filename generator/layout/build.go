package layout

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/vanban/vanban/generator/document"
	"github.com/vanban/vanban/generator/markup"
	"github.com/vanban/vanban/generator/problem"
)

// Build makes the flow of d: every layout decision of the Decree, made once,
// for both writers. It fails when something cannot be laid out at all, such
// as a header taller than the first page; the error names the input key.
func Build(d *document.Document) (*Flow, error) {
	return BuildWith(d, nil)
}

// BuildWith is Build taking the lines of paragraphs set before from
// lines, and keeping there those it sets: the same flow, made faster when
// documents share paragraphs. lines may be nil.
func BuildWith(d *document.Document, lines *Lines) (*Flow, error) {
	s := New(d.Page)
	s.lines = lines
	f := &Flow{Spec: s, PageNumber: s.Font(PageNumber)}
	header := s.header(d)
	if h, room := header.Rows[0].Height()+header.Rows[1].Height(), s.room(); h > room {
		return nil, tooLong(header, room)
	}
	f.Blocks = append(f.Blocks, Block{Grid: header})
	for _, p := range s.title(d) {
		f.Blocks = append(f.Blocks, Block{Para: p})
	}
	text, err := s.text(d)
	if err != nil {
		return nil, err
	}
	f.Blocks = append(f.Blocks, text...)
	f.Blocks = append(f.Blocks, Block{Grid: s.signature(d)})
	if d.Footer != "" {
		f.Footer = s.set(s.centred(Footer, "footer", d.Footer, s.Page.Left, s.TextWidth()))
	}
	for i, a := range d.Appendices {
		af, err := s.appendix(d, i, a)
		if err != nil {
			return nil, err
		}
		f.Appendices = append(f.Appendices, af)
	}
	return f, nil
}

// appendix is the flow of an appendix, which starts a page of its own:
// "Phụ lục" (or "Phụ lục II" when there are several), its title, the
// reference to the document it belongs to, and its body.
func (s Spec) appendix(d *document.Document, i int, a document.Appendix) (*Flow, error) {
	s.Landscape = a.Landscape
	x, w := s.Page.Left, s.TextWidth()
	label := "Phụ lục"
	if len(d.Appendices) > 1 {
		label += " " + roman(i+1)
	}
	key := "appendix." + strconv.Itoa(i)
	ps := []*Paragraph{s.centred(AppendixLabel, key, label, x, w)}
	if a.Title != "" {
		ps = append(ps, s.centred(AppendixTitle, key+".title", a.Title, x, w))
	}
	ps = append(ps, s.centred(AppendixRef, key, d.AppendixReference(), x, w))
	var bs []Block
	for _, p := range ps {
		p.KeepNext = true
		bs = append(bs, Block{Para: s.set(p)})
	}
	body, err := s.blocks(a.Body, x, w, key+".body")
	if err != nil {
		return nil, err
	}
	if len(body) > 0 {
		if p := body[0].Para; p != nil {
			p.Before = BodyBeforePt * PtToMM
		} else {
			bs[len(bs)-1].Para.After = BodyBeforePt * PtToMM
		}
	}
	return &Flow{Spec: s, Blocks: append(bs, body...), PageNumber: s.Font(PageNumber)}, nil
}

// roman writes n (1 to 39) in Roman numerals, as appendices are numbered.
func roman(n int) string {
	tens := strings.Repeat("X", n/10)
	return tens + [...]string{"", "I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX"}[n%10]
}

// room is the height available to text on a page after the first: what a
// block must fit in to be kept whole.
func (s Spec) room() float64 {
	return s.PageH() - s.Page.Bottom - s.Page.Top
}

// The fixed lines of the header's right column.
const (
	NationalName = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
	MottoText    = "Độc lập - Tự do - Hạnh phúc"
)

// widest returns the widest natural width among lines: the length a rule
// under a centred paragraph takes its measure from.
func widest(lines [][]Run) float64 {
	w := 0.0
	for _, rs := range lines {
		if n := len(rs); n > 0 {
			w = max(w, rs[n-1].X+rs[n-1].W-rs[0].X)
		}
	}
	return w
}

// HeaderColumns returns the left edges and widths of the header's columns,
// in mm from the page's left edge.
func (s Spec) HeaderColumns() (lx, lw, rx, rw float64) {
	lx = s.Page.Left + HeaderIndent
	return lx, HeaderLeftWidth, lx + HeaderLeftWidth, HeaderRightWidth
}

// header is the two-column header: the agencies over a rule beside the
// national name and motto over a rule; then the number (with a Công văn's
// V/v line and the marks under it) beside the place and date.
func (s Spec) header(d *document.Document) *Grid {
	lx, lw, rx, rw := s.HeaderColumns()
	var left, right []*Paragraph
	if d.Issuer.Parent != "" {
		parent := s.breakUnitName(Parent, d.Issuer.Parent, lw)
		left = append(left, s.set(s.centred(Parent, "issuer.parent", parent, lx, lw)))
	}
	// Under the agency a rule a fraction of its widest line; under the
	// motto one as long as the motto.
	agency := s.set(s.centred(Agency, "issuer.name", s.breakUnitName(Agency, d.Issuer.Name, lw), lx, lw))
	left = append(left, agency, s.rule(widest(agency.Lines)*AgencyRuleFrac, lx, lw, false))
	motto := s.set(s.centred(Motto, "", MottoText, rx, rw))
	right = append(right, s.set(s.centred(National, "", NationalName, rx, rw)), motto,
		s.rule(widest(motto.Lines), rx, rw, false))
	top := Row{Cells: [][]*Paragraph{left, right}, Whole: true}

	number := s.centred(Number, "code", d.NumberLine(), lx, lw)
	number.Before = NumberRowPt * PtToMM
	left = []*Paragraph{s.set(number)}
	if d.IsLetter() && d.Summary != "" {
		v := s.centred(LetterSummary, "summary", d.LetterSummary(), lx, lw)
		v.Before = MarkGapPt * PtToMM
		// The column reaches into the left margin; the V/v lines wrap
		// inside the text area, centred on the column's axis.
		v.Left, v.Right = max(0, s.Page.Left-lx), max(0, s.Page.Left-lx)
		left = append(left, s.set(v))
	}
	for _, m := range s.Marks(d) {
		left = append(left, s.set(s.mark(m, lx, lw)))
	}
	date := s.centred(Date, "place", s.breakDateLine(d.DateLine(), rw), rx, rw)
	date.Before = NumberRowPt * PtToMM
	bottom := Row{Cells: [][]*Paragraph{left, {s.set(date)}}, Whole: true}
	return &Grid{X: lx, Widths: []float64{lw, rw}, Rows: []Row{top, bottom}}
}

// MarkBox is an urgency or circulation mark and the width of its box.
type MarkBox struct {
	Text  string
	Key   string
	Width float64 // mm
}

// Marks returns the marks d asks for, urgency first, with their box widths:
// the Decree's for urgency, the text plus padding for circulation.
func (s Spec) Marks(d *document.Document) []MarkBox {
	var ms []MarkBox
	if d.Urgency != "" {
		ms = append(ms, MarkBox{d.Urgency, "urgency", UrgencyWidth(d.Urgency)})
	}
	if d.Circulation != "" {
		ms = append(ms, MarkBox{d.Circulation, "circulation", s.Width(Mark, d.Circulation) + 2*MarkPadding})
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

// mark is a mark in a single-line box centred in the column [x, x+w].
func (s Spec) mark(m MarkBox, x, w float64) *Paragraph {
	p := s.centred(Mark, m.Key, m.Text, x, w)
	p.Left, p.Right = (w-m.Width)/2, (w-m.Width)/2
	p.Before = MarkGapPt * PtToMM
	p.Exact, p.Border = MarkBoxHeight, BorderBox
	return p
}

// title is the type name, the summary and the rule under them; a Công văn
// has none.
func (s Spec) title(d *document.Document) []*Paragraph {
	if d.IsLetter() {
		return nil
	}
	x, w := s.Page.Left, s.TextWidth()
	t := s.centred(TypeName, "type", d.Type, x, w)
	t.Before = TypeBeforePt * PtToMM
	ps := []*Paragraph{s.set(t)}
	if d.Summary != "" {
		ps = append(ps, s.set(s.centred(Summary, "summary", d.Summary, x, w)))
	}
	// The rule takes its measure from the summary, or the type name.
	rule := widest(ps[len(ps)-1].Lines) * AgencyRuleFrac
	return append(ps, s.rule(rule, x, w, true))
}

// text is the part between the header and the signature: addressees, the
// enacting authority, legal bases and the body. The first paragraph takes
// the space under the header; the last keeps with the signature and leaves
// room above it. A paragraph after a table keeps a paragraph's space from
// it; a table last is followed by an empty paragraph that leaves that room,
// since Word joins two tables that touch.
func (s Spec) text(d *document.Document) ([]Block, error) {
	x, w := s.Page.Left, s.TextWidth()
	var bs []Block
	for _, p := range s.addressees(d) {
		bs = append(bs, Block{Para: s.set(p)})
	}
	if d.EnactedBy != "" {
		bs = append(bs, Block{Para: s.set(s.centred(Enacting, "enacted_by", d.EnactedBy, x, w))})
	}
	for _, b := range d.BaseLines() {
		bs = append(bs, Block{Para: s.set(s.para(Base, "bases", plain(b), x, w))})
	}
	body, err := s.blocks(d.Body, x, w, "body")
	if err != nil {
		return nil, err
	}
	if bs = append(bs, body...); len(bs) == 0 {
		return nil, nil
	}
	if bs[len(bs)-1].Table != nil {
		bs = append(bs, Block{Para: s.set(&Paragraph{Role: Body, Font: Font{Size: 1}, Mark: Font{Size: 1}, X: x, W: w})})
	}
	if p := bs[0].Para; p != nil {
		p.Before = BodyBeforePt * PtToMM
	}
	last := bs[len(bs)-1].Para
	last.After, last.KeepNext = SignBeforePt*PtToMM, true
	return bs, nil
}

// blocks lays out body markup in the column [x, x+w]: paragraphs, set,
// and tables. A paragraph after a table keeps a paragraph's space from it.
func (s Spec) blocks(body []markup.Block, x, w float64, key string) ([]Block, error) {
	var bs []Block
	for _, b := range body {
		if b.Kind == markup.Tabular {
			t, terr := s.table(b, key, x, w)
			if terr != nil {
				return nil, terr
			}
			bs = append(bs, Block{Table: t})
			continue
		}
		p := s.para(bodyRole(b.Kind), key, b.Spans, x, w)
		if n := len(bs); n > 0 && bs[n-1].Table != nil {
			p.Before = ParaAfterPt * PtToMM
		}
		bs = append(bs, Block{Para: s.set(p)})
	}
	return bs, nil
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

// addressees is "Kính gửi:" and the addressees, each a paragraph whose
// first line starts at its place and whose wrapped lines hang under the
// text, all kept with what follows.
func (s Spec) addressees(d *document.Document) []*Paragraph {
	lines := d.AddresseeLines()
	if len(lines) == 0 {
		return nil
	}
	label, item, hang := s.AddresseeIndents(lines)
	at := func(text string, x, cont float64) *Paragraph {
		p := s.para(Addressee, "addressees", plain(text), s.Page.Left, s.TextWidth())
		p.Left, p.First, p.KeepNext = cont, x-cont, true
		return p
	}
	var ps []*Paragraph
	if len(lines) == 1 {
		ps = []*Paragraph{at("Kính gửi: "+lines[0], label, hang)}
	} else {
		ps = []*Paragraph{at("Kính gửi:", label, label)}
		for _, l := range lines {
			ps = append(ps, at(l, item, hang))
		}
	}
	ps[len(ps)-1].After = AddresseeAfterPt * PtToMM
	return ps
}

// SignatureColumns returns the left edges and widths of the signature
// block's columns: Nơi nhận on the left, the signer on the right.
func (s Spec) SignatureColumns() (lx, lw, rx, rw float64) {
	return s.Page.Left, SignLeftWidth, s.Page.Left + SignLeftWidth, SignRightWidth
}

// RecipientHang is how far a recipient's wrapped lines are indented: to the
// text after the dash.
func (s Spec) RecipientHang() float64 { return s.Width(Recipient, "- ") }

// signature is Nơi nhận beside the signer, in one row that stays whole
// when it fits on a page.
func (s Spec) signature(d *document.Document) *Grid {
	lx, lw, rx, rw := s.SignatureColumns()
	var left []*Paragraph
	if rl := d.RecipientLines(); len(rl) > 0 {
		left = append(left, s.set(s.para(Received, "recipients", plain("Nơi nhận:"), lx, lw)))
		for _, r := range rl {
			p := s.para(Recipient, "recipients", plain(r), lx, lw)
			p.Left, p.First = s.RecipientHang(), -s.RecipientHang()
			left = append(left, s.set(p))
		}
	}
	if d.Drafter != "" {
		left = append(left, s.set(s.para(Drafter, "drafter", plain(d.Drafter), lx, lw)))
	}
	if len(left) == 0 {
		// Word needs a paragraph in every cell; this one has no lines.
		left = append(left, s.set(s.para(Recipient, "", nil, lx, lw)))
	}
	var right []*Paragraph
	for _, l := range d.SignerLines() {
		right = append(right, s.set(s.centred(Authority, "signer", l, rx, rw)))
	}
	name := s.centred(SignerName, "signer.name", d.Signer.Name, rx, rw)
	name.Before = SignSpace
	right = append(right, s.set(name))
	row := Row{Cells: [][]*Paragraph{left, right}}
	row.Whole = row.Height() <= s.room()
	return &Grid{X: lx, Widths: []float64{lw, rw}, Rows: []Row{row}}
}

// tooLong is the problem of a header taller than the page: it names the
// key of the tallest paragraph in it.
func tooLong(g *Grid, room float64) error {
	var tallest *Paragraph
	for _, r := range g.Rows {
		for _, c := range r.Cells {
			for _, p := range c {
				if p.Key != "" && (tallest == nil || p.Height() > tallest.Height()) {
					tallest = p
				}
			}
		}
	}
	n := len(tallest.Lines)
	return &problem.Error{Key: tallest.Key,
		Msg:   fmt.Sprintf("%d lines do not fit on the first page", n),
		MsgVI: fmt.Sprintf("%d dòng, không đủ chỗ trên trang đầu", n)}
}
