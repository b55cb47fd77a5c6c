// Package layout holds every number of the Decree 30 layout — margins,
// sizes, spacing, indents, column widths — and lays a document out into
// pages of positioned lines.
//
// Both writers read their numbers from here: the PDF writer draws the pages
// Compose returns, and the DOCX writer builds paragraphs and tables from the
// same Spec, so that Word and LibreOffice break lines and pages where the
// PDF does. Lengths are in millimetres unless a name says points (pt).
package layout

import (
	"github.com/vanban/vanban/fonts"
	"github.com/vanban/vanban/generator/document"
)

// A4 paper, portrait.
const (
	PageWidth  = 210.0
	PageHeight = 297.0
)

// PtToMM converts points to millimetres.
const PtToMM = 25.4 / 72

// Fixed numbers of the layout that no input changes. The header's columns
// follow the official sample "Mẫu 1.4": its left axis stands about 29 mm and
// its right axis about 113 mm right of the left margin.
const (
	HeaderIndent     = -4.5  // left edge of the header table, from the left margin
	HeaderLeftWidth  = 67.0  // left column: agency, number
	HeaderRightWidth = 102.0 // right column: national name, motto, date
	SignLeftWidth    = HeaderIndent + HeaderLeftWidth
	SignRightWidth   = HeaderRightWidth // so the signature shares the date's axis

	RulePt           = 0.5  // thickness of every rule
	RuleParaPt       = 1.0  // font size of the empty paragraph that carries a rule
	RuleGapPt        = 3.0  // space above a rule, so it reads as a rule, not an underline
	AgencyRuleFrac   = 0.4  // agency and summary rules: 1/3 to 1/2 of the line above
	NumberRowPt      = 6.0  // space above the number and date row
	MarkGapPt        = 6.0  // space above the V/v line and above a mark's box
	MarkBoxHeight    = 8.0  // urgency and circulation boxes (Decree: 8 mm)
	MarkPadding      = 4.0  // circulation box: text width plus this on each side
	CellPadding      = 1.9  // a table cell's text from its borders, left and right (Word's 0.19 cm)
	TypeBeforePt     = 18.0 // space above the type name
	BodyBeforePt     = 12.0 // space between the header part and the body
	EnactingAfterPt  = 9.0  // space after the enacting authority (forms 1.1–1.3)
	AddresseeAfterPt = 12.0 // space after the Kính gửi block (the sample leaves an empty line), pt
	ParaAfterPt      = 6.0  // space after each body paragraph (Decree: at least 6)
	SignBeforePt     = 12.0 // space between the body and the signature block
	SignSpace        = 28.0 // room for the signature and seal (Decree: 25-30 mm)
	SealDiameter     = 36.0 // a People's Committee's seal, the default of box 8, mm
	SignatureAspect  = 2.0  // width over height of box 7c: a signature is wider than tall
	HeaderDistance   = 10.0 // top of the page number, from the top edge
	FooterDistance   = 8.0  // bottom of the address footer, from the bottom edge
)

// Spec is the set of numbers one document is laid out with: the fixed ones
// above plus the page settings the input chose.
type Spec struct {
	Page      document.Page
	Landscape bool   // A4 turned: an appendix may ask for it
	lines     *Lines // paragraphs set before, shared with other documents; nil for none
}

// PageW is the page's width: A4, portrait or landscape.
func (s Spec) PageW() float64 {
	if s.Landscape {
		return PageHeight
	}
	return PageWidth
}

// PageH is the page's height.
func (s Spec) PageH() float64 {
	if s.Landscape {
		return PageWidth
	}
	return PageHeight
}

// New returns the Spec for page settings p.
func New(p document.Page) Spec { return Spec{Page: p} }

// TextWidth is the width between the left and right margins.
func (s Spec) TextWidth() float64 { return s.PageW() - s.Page.Left - s.Page.Right }

// Role names a kind of text on the page; each has its font and paragraph format.
type Role uint8

// The roles, in the order they appear on a page.
const (
	PageNumber    Role = iota
	Parent             // cơ quan chủ quản
	Agency             // cơ quan ban hành
	Number             // Số: 15/PĐ-UBND
	LetterSummary      // V/v ... of a Công văn
	Mark               // urgency and circulation
	National           // CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
	Motto              // Độc lập - Tự do - Hạnh phúc
	Date               // Hòa An, ngày ...
	TypeName           // PHÁT ĐỘNG THI ĐUA
	Summary            // trích yếu
	Addressee          // Kính gửi
	Enacting           // the enacting authority: ỦY BAN NHÂN DÂN XÃ NGỌC ĐƯỜNG
	Base               // Căn cứ ...
	Body               // paragraphs
	BodyHeading        // I. MỤC ĐÍCH, YÊU CẦU
	BodyCentered       // QUYẾT ĐỊNH:, Chương I, and division titles
	Received           // Nơi nhận:
	Recipient          // - Sở Nội vụ;
	Drafter            // PL.(300)
	Authority          // TM. ỦY BAN NHÂN DÂN / CHỦ TỊCH
	SignerName         // Trịnh Trường Huy
	Footer             // agency address, first page
	RulePara           // the empty paragraph that carries a rule
	TableHead          // a table's header row
	TableCell          // a table's cells
	AppendixLabel      // Phụ lục II
	AppendixTitle      // DANH SÁCH THÀNH VIÊN
	AppendixRef        // (Kèm theo Quyết định số …)
)

// Font is a size in points and a style.
type Font struct {
	Size  float64
	Style fonts.Style
}

// Font returns the font of a role. Sizes move together, as the Decree asks:
// with 14 pt body text the national name and the agency take 13, with 13 they
// take 12.
func (s Spec) Font(r Role) Font {
	body := s.Page.Size
	small := body - 1
	switch r {
	case Parent:
		return Font{small, fonts.Regular}
	case Agency, National:
		return Font{small, fonts.Bold}
	case Number:
		return Font{13, fonts.Regular}
	case LetterSummary:
		return Font{small, fonts.Regular}
	case Date, Base:
		return Font{body, fonts.Italic}
	case Motto, TypeName, Summary, Mark, BodyHeading, BodyCentered, Authority, SignerName, Enacting:
		return Font{body, fonts.Bold}
	case Received:
		return Font{12, fonts.BoldItalic}
	case Recipient, Drafter, Footer:
		return Font{11, fonts.Regular}
	case TableCell:
		return Font{small, fonts.Regular} // tables: 12–14 pt; one size below the body
	case TableHead:
		return Font{small, fonts.Bold}
	case AppendixLabel:
		return Font{14, fonts.Bold} // Appendix I of the Decree: 14 pt whatever the body
	case AppendixTitle:
		return Font{body, fonts.Bold}
	case AppendixRef:
		return Font{body, fonts.Italic}
	default: // PageNumber, Addressee, Body
		return Font{body, fonts.Regular}
	}
}

// Align is a paragraph's horizontal alignment.
type Align uint8

// Alignments.
const (
	Left Align = iota
	Center
	Justify
	Right
)

// Para is the paragraph format of a role.
type Para struct {
	Align    Align
	Indent   float64 // first-line indent, mm
	AfterPt  float64 // space after, pt
	Spacing  float64 // line spacing, in lines
	KeepNext bool    // keep on the page of the paragraph that follows
}

// Para returns the paragraph format of a role.
func (s Spec) Para(r Role) Para {
	switch r {
	case Body, Base:
		return Para{Align: Justify, Indent: s.Page.Indent, AfterPt: ParaAfterPt, Spacing: s.Page.LineSpacing}
	case BodyHeading:
		return Para{Align: Justify, Indent: s.Page.Indent, AfterPt: ParaAfterPt, Spacing: s.Page.LineSpacing, KeepNext: true}
	case BodyCentered:
		return Para{Align: Center, AfterPt: ParaAfterPt, Spacing: s.Page.LineSpacing, KeepNext: true}
	case TypeName, Summary:
		return Para{Align: Center, Spacing: 1, KeepNext: true}
	case Enacting:
		return Para{Align: Center, Spacing: 1, KeepNext: true, AfterPt: EnactingAfterPt}
	case Addressee:
		return Para{Align: Left, Spacing: 1, KeepNext: true}
	case Received, Recipient, Drafter, Footer:
		return Para{Align: Left, Spacing: 1}
	default:
		return Para{Align: Center, Spacing: 1}
	}
}

// LineHeight is the height in mm of one line of a role's text, line spacing
// included, as Word and LibreOffice compute it.
func (s Spec) LineHeight(r Role) float64 {
	f := s.Font(r)
	return fonts.Metrics(f.Style).LineHeight(f.Size) * s.Para(r).Spacing * PtToMM
}

// RuleParaHeight is the height in mm of the empty paragraph that carries a
// rule as its top border: the space above it, its own line and the border.
func RuleParaHeight() float64 {
	return (RuleGapPt + fonts.Metrics(fonts.Regular).LineHeight(RuleParaPt) + RulePt) * PtToMM
}

// Width returns the width in mm of s set in role r's font.
func (s Spec) Width(r Role, text string) float64 {
	f := s.Font(r)
	return fonts.Metrics(f.Style).Width(text, f.Size) * PtToMM
}

// Ascent is the distance in mm from the top of a single-spaced line of role
// r to its baseline. With more than single spacing, Word and LibreOffice add
// the extra space above the text, so the baseline moves down with it.
func (s Spec) Ascent(r Role) float64 {
	f := s.Font(r)
	m := fonts.Metrics(f.Style)
	lh := s.LineHeight(r)
	return lh - float64(m.Descent+m.LineGap)*f.Size/float64(m.UnitsPerEm)*PtToMM
}
