package register

import (
	"bytes"
	"encoding/csv"
	"fmt"
	"io"
	"strconv"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/vanban/vanban/fonts"
	"github.com/vanban/vanban/generator/internal/fpdf"
	"github.com/vanban/vanban/generator/pdf"
)

// Headings are the ten columns of the register, as Appendix IV names them.
var Headings = [10]string{
	"Số, ký hiệu văn bản",
	"Ngày tháng văn bản",
	"Tên loại và trích yếu nội dung văn bản",
	"Người ký",
	"Nơi nhận văn bản",
	"Đơn vị, người nhận bản lưu",
	"Số lượng bản",
	"Ngày chuyển",
	"Ký nhận",
	"Ghi chú",
}

// Columns returns the ten columns of e, as printed.
func (e *Entry) Columns() [10]string {
	copies := ""
	if e.Copies > 0 {
		copies = strconv.Itoa(e.Copies)
	}
	return [10]string{e.NumberCode(), e.Date.Format("02/01/2006"), e.Title, e.Signer, e.Recipients,
		e.Archive, copies, e.Sent, e.Received, e.Remark()}
}

// WriteText writes the register as a plain-text table, one book (agency
// and year) and series after another.
func WriteText(w io.Writer, entries []Entry) error {
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	for i, b := range books(entries) {
		if i > 0 {
			fmt.Fprintln(tw)
		}
		for j, s := range b.series {
			if j > 0 {
				fmt.Fprintln(tw)
			}
			fmt.Fprintf(tw, "SỔ ĐĂNG KÝ VĂN BẢN ĐI: %s, năm %d, %s\n", b.agency, b.year, s.name)
			fmt.Fprintln(tw, "Số, ký hiệu\tNgày\tTên loại và trích yếu\tNgười ký\tNơi nhận\tBản lưu\tSố bản\tGhi chú")
			for _, e := range s.entries {
				c := e.Columns()
				fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n", c[0], c[1], c[2], c[3], c[4], c[5], c[6], c[9])
			}
		}
	}
	return tw.Flush()
}

// WriteCSV writes the register's ten columns as CSV, after the agency, the
// year and the series, with a heading row.
func WriteCSV(w io.Writer, entries []Entry) error {
	cw := csv.NewWriter(w)
	cw.Write(append([]string{"Cơ quan", "Năm", "Sổ"}, Headings[:]...))
	for _, e := range entries {
		c := e.Columns()
		cw.Write(append([]string{e.Agency, strconv.Itoa(e.Year), e.Series}, c[:]...))
	}
	cw.Flush()
	return cw.Error()
}

// book is the register of one agency for one year, its series in order.
type book struct {
	agency string
	year   int
	series []seriesRows
}

type seriesRows struct {
	name    string
	entries []Entry
}

// books groups entries, sorted as List returns them, into books.
func books(entries []Entry) []book {
	var out []book
	for _, e := range entries {
		if len(out) == 0 || out[len(out)-1].agency != e.Agency || out[len(out)-1].year != e.Year {
			out = append(out, book{agency: e.Agency, year: e.Year})
		}
		b := &out[len(out)-1]
		if len(b.series) == 0 || b.series[len(b.series)-1].name != e.Series {
			b.series = append(b.series, seriesRows{name: e.Series})
		}
		s := &b.series[len(b.series)-1]
		s.entries = append(s.entries, e)
	}
	return out
}

// The printed register: landscape A4, in millimetres.
const (
	pageW, pageH = 297.0, 210.0
	margin       = 15.0
	bodyPt       = 10.0
	lineH        = 4.6 // one line of 10 pt text
	padX, padY   = 1.2, 1.2
)

// widths of the ten columns, summing to the page between the margins.
var widths = [10]float64{26, 20, 62, 26, 40, 24, 14, 18, 18, 19}

const family = "LiberationSerif"

// WritePDF writes the printable register: for each agency and year a cover
// "SỔ ĐĂNG KÝ VĂN BẢN ĐI", then the ten columns as a table, series after
// series, on numbered landscape A4 pages. The output depends only on the
// entries.
func WritePDF(w io.Writer, entries []Entry) error {
	f := fpdf.NewCustom(&fpdf.InitType{OrientationStr: "L", UnitStr: "mm", Size: fpdf.SizeType{Wd: pageH, Ht: pageW}})
	f.SetAutoPageBreak(false, 0)
	f.SetMargins(margin, margin, margin)
	f.SetCellMargin(0)
	f.SetCatalogSort(true)
	stamp := latest(entries)
	f.SetCreationDate(stamp)
	f.SetModificationDate(stamp)
	f.SetTitle("Sổ đăng ký văn bản đi", true)
	f.SetCreator("vanban", true)
	f.SetProducer("vanban", true)
	f.SetLang("vi-VN")
	if err := pdf.AddFaces(f, family, texts(entries), fonts.Regular, fonts.Bold, fonts.Italic); err != nil {
		return fmt.Errorf("register: pdf: %w", err)
	}
	p := &printer{f: f}
	f.SetFooterFunc(p.footer)
	bs := books(entries)
	if len(bs) == 0 {
		bs = []book{{}}
	}
	for _, b := range bs {
		p.cover(b)
		for _, s := range b.series {
			p.table(s)
		}
	}
	if err := f.Error(); err != nil {
		return fmt.Errorf("register: pdf: %w", err)
	}
	var buf bytes.Buffer
	if err := f.Output(&buf); err != nil {
		return fmt.Errorf("register: pdf: %w", err)
	}
	_, err := buf.WriteTo(w)
	return err
}

// texts are the strings of entries the register prints, beyond the
// labels' letters that pdf.Repertoire holds: the faces are cut to them.
func texts(entries []Entry) []string {
	var ts []string
	for _, e := range entries {
		ts = append(ts, e.Agency, e.Series, e.Code, e.Title, e.Signer, e.Recipients, e.Archive,
			e.Sent, e.Received, e.Note, e.Reason, e.Remark())
	}
	return ts
}

// latest is the time of the last change to entries, the PDF's date.
func latest(entries []Entry) time.Time {
	t := time.Date(2000, 1, 1, 0, 0, 0, 0, time.UTC)
	for _, e := range entries {
		for _, u := range []time.Time{e.IssuedAt, e.Cancelled} {
			if u.After(t) {
				t = u
			}
		}
	}
	return t.UTC()
}

// printer draws the register's pages; page counts the pages of the current
// book, which numbers its own pages.
type printer struct {
	f    *fpdf.Fpdf
	page int
}

// footer numbers every page but the cover.
func (p *printer) footer() {
	if p.page == 0 {
		return
	}
	p.f.SetFont(family, "", 10)
	p.f.SetXY(margin, pageH-10)
	p.f.CellFormat(pageW-2*margin, 4, "Trang "+strconv.Itoa(p.page), "", 0, "C", false, 0, "")
}

// cover draws a book's cover: the agency, the title and the year.
func (p *printer) cover(b book) {
	p.page = 0
	p.f.AddPage()
	p.f.SetAlpha(1, "Normal") // declares PDF 1.4, as generator/pdf does
	center := func(y float64, style string, size float64, s string) {
		p.f.SetFont(family, style, size)
		for _, line := range p.f.SplitText(s, pageW-2*margin-40) {
			p.f.SetXY(margin, y)
			p.f.CellFormat(pageW-2*margin, size*0.3528*1.3, line, "", 0, "C", false, 0, "")
			y += size * 0.3528 * 1.3
		}
	}
	center(35, "B", 14, b.agency)
	center(80, "B", 26, "SỔ ĐĂNG KÝ VĂN BẢN ĐI")
	year := ""
	if b.year != 0 {
		year = "Năm " + strconv.Itoa(b.year)
	}
	center(100, "B", 16, year)
	var first, last string
	n := 0
	for _, s := range b.series {
		n += len(s.entries)
		if len(s.entries) > 0 {
			if first == "" || s.entries[0].Date.Format(time.DateOnly) < first {
				first = s.entries[0].Date.Format(time.DateOnly)
			}
			if l := s.entries[len(s.entries)-1].Date.Format(time.DateOnly); l > last {
				last = l
			}
		}
	}
	if n > 0 {
		from, _ := time.Parse(time.DateOnly, first)
		to, _ := time.Parse(time.DateOnly, last)
		center(125, "", 13, fmt.Sprintf("Từ ngày %s đến ngày %s", from.Format("02/01/2006"), to.Format("02/01/2006")))
		center(133, "", 13, fmt.Sprintf("%d văn bản", n))
	} else {
		center(125, "I", 13, "Chưa có văn bản nào")
	}
}

// table draws one series' rows, with the column headings on every page.
func (p *printer) table(s seriesRows) {
	y := p.newPage(s.name)
	for _, e := range s.entries {
		cells := e.Columns()
		p.f.SetFont(family, "", bodyPt)
		var lines [10][]string
		h := 0.0
		for i, c := range cells {
			lines[i] = p.f.SplitText(c, widths[i]-2*padX)
			h = max(h, float64(len(lines[i]))*lineH+2*padY)
		}
		if y+h > pageH-margin-5 {
			y = p.newPage(s.name)
		}
		p.row(y, h, lines, "")
		y += h
	}
}

// newPage starts a table page: the series' name and the headings. It
// returns where the first row goes.
func (p *printer) newPage(series string) float64 {
	p.f.AddPage()
	p.page++
	p.f.SetFont(family, "B", 11)
	p.f.SetXY(margin, margin)
	p.f.CellFormat(pageW-2*margin, 5, "Sổ: "+series, "", 0, "L", false, 0, "")
	y := margin + 7
	p.f.SetFont(family, "B", bodyPt)
	var head, nums [10][]string
	h := 0.0
	for i, s := range Headings {
		head[i] = p.f.SplitText(s, widths[i]-2*padX)
		h = max(h, float64(len(head[i]))*lineH+2*padY)
		nums[i] = []string{"(" + strconv.Itoa(i+1) + ")"}
	}
	p.row(y, h, head, "B")
	y += h
	p.f.SetFont(family, "I", bodyPt)
	p.row(y, lineH+padY, nums, "I")
	return y + lineH + padY
}

// row draws one table row of height h at y: the cells' lines and borders.
// style "" sets the text left, headings are centred.
func (p *printer) row(y, h float64, lines [10][]string, style string) {
	p.f.SetFont(family, style, bodyPt)
	p.f.SetLineWidth(0.2)
	x := margin
	for i, ls := range lines {
		p.f.Rect(x, y, widths[i], h, "D")
		align := "L"
		if style != "" || i == 1 || i == 6 {
			align = "C"
		}
		for j, l := range ls {
			p.f.SetXY(x+padX, y+padY/2+float64(j)*lineH)
			p.f.CellFormat(widths[i]-2*padX, lineH, strings.TrimSpace(l), "", 0, align, false, 0, "")
		}
		x += widths[i]
	}
}
