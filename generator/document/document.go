// Package document is the one model of an administrative document that both
// the PDF and the DOCX writers read. A Document holds checked, normalised
// values; its methods give the exact strings the page shows (the number line,
// the date line, punctuated recipients), so the two writers cannot word
// anything differently.
package document

import (
	"strconv"
	"strings"
	"time"

	"github.com/vanban/vanban/generator/markup"
	"github.com/vanban/vanban/generator/vn"
)

// Document is one administrative document, ready to lay out. Parse in package
// generator builds one from TOML; a program may also fill one in directly,
// after which it should call Check (or generator.Check).
type Document struct {
	Type        string    // tên loại, upper case; empty for a Công văn
	Summary     string    // trích yếu; for a Công văn the V/v text, without "V/v"
	Number      int       // 0 for a draft without a number
	Code        string    // ký hiệu, canonical ("PĐ-UBND")
	Date        time.Time // zero for a draft without a date
	Year        int       // the year a draft without a date shows, or 0
	Place       string    // địa danh
	Addressees  []string  // Kính gửi, as typed (punctuation comes from AddresseeLines)
	EnactedBy   string    // the enacting authority of a decision, upper case; optional
	Bases       []string  // Căn cứ, as typed
	Body        []markup.Block
	Recipients  []string // Nơi nhận, as typed
	Archive     string   // "VT, NV"
	Urgency     string   // HỎA TỐC, THƯỢNG KHẨN, KHẨN or empty
	Circulation string   // XEM XONG TRẢ LẠI, LƯU HÀNH NỘI BỘ or empty
	Drafter     string   // ô 12: drafter's initials and copies, "PL.(300)"
	Footer      string   // agency address line, first page only
	Issuer      Issuer
	Signer      Signer
	Page        Page
	Appendices  []Appendix // phụ lục, each on pages of its own after the signature
}

// Appendix is a phụ lục: a part that follows the signed document on pages
// of its own, such as a list or a table too wide for the text.
type Appendix struct {
	Title     string // upper case; optional
	Body      []markup.Block
	Landscape bool // its pages are A4 landscape
}

// Issuer is the agency that issues the document.
type Issuer struct {
	Parent string // cơ quan chủ quản, upper case, optional
	Name   string // cơ quan ban hành, upper case; "\n" forces a line break
}

// Signer is the person who signs and the capacity they sign in.
type Signer struct {
	Authority string // "TM. ỦY BAN NHÂN DÂN", "KT. CHỦ TỊCH"; optional; "\n" between lines
	Position  string // "CHỦ TỊCH"
	Name      string // "Trịnh Trường Huy"
}

// Page holds the page settings the input may choose within the Decree's ranges.
type Page struct {
	Top, Bottom, Left, Right float64 // margins in mm
	Size                     float64 // body text size in points: 13 or 14
	LineSpacing              float64 // 1.0 to 1.5 lines
	Indent                   float64 // first-line indent in mm: 10 or 12.7
}

// DefaultPage is what offices commonly use and what a document gets when the
// input leaves [page] out.
var DefaultPage = Page{Top: 20, Bottom: 20, Left: 30, Right: 15, Size: 14, LineSpacing: 1, Indent: 12.7}

// IsLetter reports whether the document is a Công văn: one without a type name.
func (d *Document) IsLetter() bool { return d.Type == "" }

// NumberLine is "Số: 15/PĐ-UBND", or the blank form of a draft.
func (d *Document) NumberLine() string { return vn.NumberLine(d.Number, d.Code) }

// DateLine is "Hòa An, ngày 05 tháng 02 năm 2021", or the blank form of a draft.
func (d *Document) DateLine() string {
	if d.Date.IsZero() {
		return vn.DraftDateLine(d.Place, d.Year)
	}
	return vn.DateLine(d.Place, d.Date)
}

// LetterSummary is a Công văn's summary as printed under its number: "V/v ...".
func (d *Document) LetterSummary() string {
	s := d.Summary
	if strings.HasPrefix(strings.ToLower(s), "v/v") {
		s = strings.TrimSpace(s[3:])
	}
	return "V/v " + s
}

// IssuerLines splits the issuing agency at the line breaks the input forced.
func (d *Document) IssuerLines() []string {
	return strings.Split(d.Issuer.Name, "\n")
}

// AddresseeLines is the Kính gửi list, punctuated.
func (d *Document) AddresseeLines() []string { return vn.Addressees(d.Addressees) }

// BaseLines is the list of legal bases, punctuated.
func (d *Document) BaseLines() []string { return vn.Bases(d.Bases) }

// RecipientLines is the Nơi nhận list as printed: one "- X;" per recipient
// ("- Như trên;" first for a Công văn with addressees) and the archive line
// last. The drafter's line, when given, follows in DrafterLine.
func (d *Document) RecipientLines() []string {
	var lines []string
	if d.IsLetter() && len(d.Addressees) > 0 && !startsAsAbove(d.Recipients) {
		lines = append(lines, vn.Recipient("Như trên"))
	}
	for _, r := range d.Recipients {
		lines = append(lines, vn.Recipient(r))
	}
	if d.Archive != "" {
		lines = append(lines, vn.Archive(d.Archive))
	}
	return lines
}

// startsAsAbove reports whether the user already typed "Như trên" first.
func startsAsAbove(rs []string) bool {
	if len(rs) == 0 {
		return false
	}
	s := strings.Trim(rs[0], " -–;.")
	return vn.Fold(s) == vn.Fold("Như trên")
}

// SignerLines is the signature block above the signature space: the
// authority's lines, when given ("TM. ỦY BAN NHÂN DÂN", "KT. CHỦ TỊCH"),
// then the position, each on its own line.
func (d *Document) SignerLines() []string {
	var lines []string
	if d.Signer.Authority != "" {
		lines = append(lines, strings.Split(d.Signer.Authority, "\n")...)
	}
	if d.Signer.Position != "" {
		lines = append(lines, d.Signer.Position)
	}
	return lines
}

// AppendixReference is the line under an appendix's title that ties it to
// the document: "(Kèm theo Quyết định số 07/QĐ-UBND ngày 09 tháng 01 năm
// 2026 của Ủy ban nhân dân xã Ngọc Đường)", with blanks for a draft's
// number and date.
func (d *Document) AppendixReference() string {
	kind := "Công văn"
	if !d.IsLetter() {
		r := []rune(strings.ToLower(d.Type))
		kind = strings.ToUpper(string(r[:1])) + string(r[1:])
	}
	number := "     "
	if d.Number > 0 {
		number = vn.Number(d.Number)
	}
	date := "ngày     tháng     năm"
	if d.Year > 0 {
		date += " " + strconv.Itoa(d.Year)
	}
	if !d.Date.IsZero() {
		date = "ngày " + vn.Day(d.Date.Day()) + " tháng " + vn.Month(int(d.Date.Month())) + " năm " + strconv.Itoa(d.Date.Year())
	}
	agency := vn.AgencyInText(strings.Join(d.IssuerLines(), " "))
	return "(Kèm theo " + kind + " số " + number + "/" + d.Code + " " + date + " của " + agency + ")"
}

// Timestamp is the date the files carry in their metadata: the
// document's date, or 1 January of a draft's year; never the clock, so that
// output is reproducible.
func (d *Document) Timestamp() time.Time {
	if !d.Date.IsZero() {
		return time.Date(d.Date.Year(), d.Date.Month(), d.Date.Day(), 0, 0, 0, 0, time.UTC)
	}
	y := d.Year
	if y <= 0 {
		y = 2000
	}
	return time.Date(y, 1, 1, 0, 0, 0, 0, time.UTC)
}

// Title is the PDF and DOCX title: the type name and summary, or the V/v line.
func (d *Document) Title() string {
	if d.IsLetter() {
		return d.LetterSummary()
	}
	if d.Summary == "" {
		return d.Type
	}
	return d.Type + " " + d.Summary
}
