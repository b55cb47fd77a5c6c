package layout

import (
	"context"
	"errors"
	"github.com/vanban/vanban/generator/problem"
	"math"
	"strconv"
	"strings"
	"testing"

	"github.com/vanban/vanban/fonts"
	"github.com/vanban/vanban/generator/document"
	"github.com/vanban/vanban/generator/markup"
)

const para = "Thực hiện tốt công tác tuyên truyền, phổ biến sâu rộng về ý nghĩa và tầm quan trọng của cuộc bầu cử; các quy định của Luật Bầu cử đại biểu Quốc hội và đại biểu Hội đồng nhân dân; vị trí, vai trò của người đại biểu nhân dân."

func TestJustifiedLines(t *testing.T) {
	left, width, indent := 30.0, 165.0, 12.7
	lines := setLines(plain(para), fonts.Regular, 14, left, width, indent, Justify)
	if len(lines) < 3 {
		t.Fatalf("%d lines, want at least 3", len(lines))
	}
	for i, rs := range lines {
		start, end := rs[0].X, rs[len(rs)-1].X+rs[len(rs)-1].W
		wantStart := left
		if i == 0 {
			wantStart += indent
		}
		if math.Abs(start-wantStart) > 1e-9 {
			t.Errorf("line %d starts at %.3f, want %.3f", i, start, wantStart)
		}
		last := i == len(lines)-1
		if !last && math.Abs(end-(left+width)) > 1e-6 {
			t.Errorf("line %d ends at %.3f, want the right margin %.3f", i, end, left+width)
		}
		if last && (end > left+width || rs[0].Stretch) {
			t.Errorf("last line is stretched: ends at %.3f", end)
		}
	}
	var words []string
	for _, rs := range lines {
		words = append(words, lineText(rs))
	}
	if got := strings.Join(words, " "); got != para {
		t.Errorf("lines say %q", got)
	}
}

func TestCentredLines(t *testing.T) {
	lines := setLines(plain("ỦY BAN NHÂN DÂN HUYỆN HÒA AN TỈNH CAO BẰNG"), fonts.Bold, 13, 25.5, 67, 0, Center)
	if len(lines) != 2 {
		t.Fatalf("%d lines, want 2", len(lines))
	}
	for _, rs := range lines {
		mid := (rs[0].X + rs[len(rs)-1].X + rs[len(rs)-1].W) / 2
		if math.Abs(mid-(25.5+33.5)) > 1e-6 {
			t.Errorf("line %q centred on %.3f, want %.3f", lineText(rs), mid, 59.0)
		}
	}
}

func TestCutHyphen(t *testing.T) {
	for _, c := range []struct {
		in         string
		started    bool
		head, rest string
	}{
		{"03/KH-UBBC", false, "03/KH-", "UBBC"},
		{"PĐ-UBND", false, "PĐ-", "UBND"},
		{"2021-2026", false, "2021-2026", ""}, // no break before a digit
		{"-abc", false, "-abc", ""},           // a leading dash is not a break
		{"-abc", true, "-", "abc"},            // but inside a word it is
		{"abc-", false, "abc-", ""},
		{"a-b-c", false, "a-", "b-c"},
		{"Đắk-Lắk", false, "Đắk-", "Lắk"},
	} {
		head, rest := cutHyphen(c.in, c.started)
		if head != c.head || rest != c.rest {
			t.Errorf("cutHyphen(%q, %v) = %q, %q; want %q, %q", c.in, c.started, head, rest, c.head, c.rest)
		}
	}
}

func TestHyphenBreaksLines(t *testing.T) {
	// Room for "Kế hoạch số 03/KH-" but not for the whole code.
	width := fonts.Metrics(fonts.Regular).Width("Kế hoạch số 03/KH-", 14)*PtToMM + 0.5
	lines := setLines(plain("Kế hoạch số 03/KH-UBBC ngày"), fonts.Regular, 14, 0, width, 0, Justify)
	if len(lines) != 2 || lineText(lines[0]) != "Kế hoạch số 03/KH-" || lineText(lines[1]) != "UBBC ngày" {
		for _, l := range lines {
			t.Logf("%q", lineText(l))
		}
		t.Errorf("want a break after the hyphen of 03/KH-UBBC")
	}
}

func TestStylesInOneLine(t *testing.T) {
	spans := []markup.Span{{Text: "chủ đề “"}, {Text: "Phát huy", Style: markup.Italic}, {Text: "” với"}}
	lines := setLines(spans, fonts.Regular, 14, 0, 165, 0, Justify)
	if len(lines) != 1 {
		t.Fatalf("%d lines", len(lines))
	}
	rs := lines[0]
	if len(rs) != 3 || rs[1].Style != fonts.Italic || rs[1].Text != "Phát huy" {
		t.Fatalf("runs %+v", rs)
	}
	for i := 1; i < len(rs); i++ {
		if math.Abs(rs[i].X-(rs[i-1].X+rs[i-1].W)) > 1e-9 {
			t.Errorf("run %d does not follow run %d", i, i-1)
		}
	}
}

func slots(n int, h float64) []slot {
	s := make([]slot, n)
	for i := range s {
		s[i].h = h
	}
	return s
}

// fit applies Word's rules: no orphan, no widow, keep-with-next.
func TestFit(t *testing.T) {
	for _, c := range []struct {
		name     string
		lines    int
		keepNext bool
		next     block
		room     float64 // lines of room left on the page
		want     int
	}{
		{"all fit", 5, false, block{}, 10, 5},
		{"split in the middle", 10, false, block{}, 6, 6},
		{"orphan: one line would stay", 10, false, block{}, 1, 0},
		{"widow: one line would go", 10, false, block{}, 9, 8},
		{"three lines never split", 3, false, block{}, 2, 0},
		{"keep with an unsplittable next: all goes", 6, true, block{whole: true, lines: slots(1, 10)}, 8, 0},
		{"keep with an unsplittable next, too long to fit", 6, true, block{whole: true, lines: slots(1, 10)}, 5, 4},
		{"keep with next, no room for any", 3, true, block{whole: true, lines: slots(1, 10)}, 8, 0},
		{"keep with a paragraph: two of its lines", 4, true, block{lines: slots(6, 1)}, 5, 2},
	} {
		t.Run(c.name, func(t *testing.T) {
			bs := []block{{lines: slots(c.lines, 1), keepNext: c.keepNext}}
			if c.next.lines != nil {
				bs = append(bs, c.next)
			}
			if got := fit(bs, 0, 0, c.room); got != c.want {
				t.Errorf("fit = %d, want %d", got, c.want)
			}
		})
	}
}

func testDoc(body string) *document.Document {
	return &document.Document{
		Type: "KẾ HOẠCH", Summary: "Thử", Code: "KH-UBND", Place: "Hòa An", Year: 2026,
		Body:       markup.Parse(body),
		Recipients: []string{"Sở Nội vụ"}, Archive: "VT",
		Issuer: document.Issuer{Name: "ỦY BAN NHÂN DÂN HUYỆN HÒA AN"},
		Signer: document.Signer{Position: "CHỦ TỊCH", Name: "Trịnh Trường Huy"},
		Page:   document.DefaultPage,
	}
}

// However long the body, the signature never stands on a page without at
// least two lines of the body, and nothing runs past the bottom margin.
func TestSignatureNeverAlone(t *testing.T) {
	sentence := "Thực hiện tốt công tác tuyên truyền về ý nghĩa của cuộc bầu cử đại biểu Quốc hội. "
	for n := 1; n <= 80; n++ {
		var paras []string
		for i := 0; i < n; i++ {
			paras = append(paras, strings.Repeat(sentence, 1+i%4))
		}
		d := testDoc(strings.Join(paras, "\n\n"))
		pages, err := Compose(context.Background(), d)
		if err != nil {
			t.Fatal(err)
		}
		for pi, p := range pages {
			body, signed := 0, false
			for _, l := range p.Lines {
				if l.Role == Body {
					body++
				}
				if l.Role == SignerName {
					signed = true
				}
				if l.Y > PageHeight-d.Page.Bottom {
					t.Fatalf("n=%d: page %d: a line at %.1f mm runs into the bottom margin", n, pi+1, l.Y)
				}
			}
			if signed && body < 2 {
				t.Errorf("n=%d: the signature is on page %d with %d body lines", n, pi+1, body)
			}
		}
	}
}

func TestPageNumbersFromPageTwo(t *testing.T) {
	d := testDoc(strings.Repeat(strings.Repeat("chữ ", 200)+"\n\n", 12))
	pages, err := Compose(context.Background(), d)
	if err != nil {
		t.Fatal(err)
	}
	if len(pages) < 3 {
		t.Fatalf("%d pages, want at least 3", len(pages))
	}
	for i, p := range pages {
		n := 0
		for _, l := range p.Lines {
			if l.Role == PageNumber {
				n++
				if got := lineText(l.Runs); got != strconv.Itoa(i+1) {
					t.Errorf("page %d shows number %q", i+1, got)
				}
				if l.Y > d.Page.Top {
					t.Errorf("page number at %.1f mm is not in the top margin", l.Y)
				}
			}
		}
		if want := min(i, 1); n != want {
			t.Errorf("page %d has %d page numbers, want %d", i+1, n, want)
		}
	}
}

func TestFontsFollowBodySize(t *testing.T) {
	for _, c := range []struct {
		body                  float64
		national, motto, date float64
	}{{14, 13, 14, 14}, {13, 12, 13, 13}} {
		s := New(document.Page{Size: c.body, LineSpacing: 1})
		if s.Font(National).Size != c.national || s.Font(Motto).Size != c.motto || s.Font(Date).Size != c.date {
			t.Errorf("body %g: national %g motto %g date %g", c.body, s.Font(National).Size, s.Font(Motto).Size, s.Font(Date).Size)
		}
		if s.Font(Received).Style != fonts.BoldItalic || s.Font(Recipient).Size != 11 || s.Font(Number).Size != 13 {
			t.Errorf("Nơi nhận, recipients or Số are off")
		}
	}
}

// A signature block taller than a page splits as Word splits a row: every
// recipient is on some page, none below the bottom margin.
func TestLongRecipientListSplits(t *testing.T) {
	d := testDoc("Một đoạn văn.")
	d.Recipients = nil
	for i := 1; i <= 70; i++ {
		d.Recipients = append(d.Recipients, "Ủy ban nhân dân xã số "+strconv.Itoa(i))
	}
	pages, err := Compose(context.Background(), d)
	if err != nil {
		t.Fatal(err)
	}
	seen := map[string]bool{}
	for pi, p := range pages {
		for _, l := range p.Lines {
			if l.Y > PageHeight-d.Page.Bottom+1e-6 {
				t.Errorf("page %d: %q at %.1f mm runs into the bottom margin", pi+1, lineText(l.Runs), l.Y)
			}
			if l.Role == Recipient {
				seen[lineText(l.Runs)] = true
			}
		}
	}
	for _, want := range d.RecipientLines() {
		if !seen[want] {
			t.Errorf("recipient line %q is on no page", want)
		}
	}
	f, err := Build(d)
	if err != nil {
		t.Fatal(err)
	}
	if sig := f.Blocks[len(f.Blocks)-1].Grid; sig.Rows[0].Whole {
		t.Error("a signature row taller than a page is marked whole (Word would clip it)")
	}
}

// A header that cannot fit on the first page is an error naming its key.
func TestHeaderTooLong(t *testing.T) {
	d := testDoc("Một đoạn văn.")
	d.Issuer.Name = strings.Repeat("ỦY BAN\n", 200) + "XÃ"
	_, err := Compose(context.Background(), d)
	var tl *problem.Error
	if !errors.As(err, &tl) || tl.Key != "issuer.name" {
		t.Fatalf("err = %v, want a problem at issuer.name", err)
	}
	if !strings.Contains(tl.Vietnamese(), "trang đầu") {
		t.Errorf("Vietnamese message %q", tl.Vietnamese())
	}
}

// A long summary is a paragraph of the flow: it runs on to the next page
// rather than off the first.
func TestLongSummaryRunsOn(t *testing.T) {
	d := testDoc("Một đoạn văn.")
	d.Summary = strings.Repeat("về việc tổ chức thực hiện nhiệm vụ ", 100)
	pages, err := Compose(context.Background(), d)
	if err != nil {
		t.Fatal(err)
	}
	var words int
	for _, p := range pages {
		for _, l := range p.Lines {
			if l.Y > PageHeight-d.Page.Bottom+1e-6 {
				t.Fatalf("%q runs into the bottom margin", lineText(l.Runs))
			}
			if l.Role == Summary {
				words += len(strings.Fields(lineText(l.Runs)))
			}
		}
	}
	if want := len(strings.Fields(d.Summary)); words != want {
		t.Errorf("%d words of the summary on the pages, want %d", words, want)
	}
}

// A deputy signing for a collective body: three lines over the name, each
// bold and centred on the signature's axis; the enacting authority stands
// centred and bold between the title's rule and the bases.
func TestThreeLineSignatureAndEnactingAuthority(t *testing.T) {
	d := testDoc("Một đoạn văn.")
	d.Signer = document.Signer{Authority: "TM. ỦY BAN NHÂN DÂN\nKT. CHỦ TỊCH", Position: "PHÓ CHỦ TỊCH", Name: "Nguyễn Văn A"}
	d.EnactedBy = "ỦY BAN NHÂN DÂN XÃ NGỌC ĐƯỜNG"
	d.Bases = []string{"Căn cứ Luật Tổ chức chính quyền địa phương"}
	pages, err := Compose(context.Background(), d)
	if err != nil {
		t.Fatal(err)
	}
	var auth []Line
	var enact, base *Line
	for i, l := range pages[0].Lines {
		switch l.Role {
		case Authority:
			auth = append(auth, l)
		case Enacting:
			enact = &pages[0].Lines[i]
		case Base:
			if base == nil {
				base = &pages[0].Lines[i]
			}
		}
	}
	want := []string{"TM. ỦY BAN NHÂN DÂN", "KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH"}
	if len(auth) != 3 {
		t.Fatalf("%d authority lines, want 3", len(auth))
	}
	_, _, rx, rw := New(d.Page).SignatureColumns()
	for i, l := range auth {
		if got := lineText(l.Runs); got != want[i] {
			t.Errorf("authority line %d = %q, want %q", i, got, want[i])
		}
		if i > 0 && l.Y <= auth[i-1].Y {
			t.Errorf("authority line %d is not below line %d", i, i-1)
		}
		r := l.Runs[0]
		if mid := r.X + r.W/2; math.Abs(mid-(rx+rw/2)) > 0.01 || r.Style != fonts.Bold {
			t.Errorf("authority line %q: centre %.2f, want %.2f, style %v", want[i], mid, rx+rw/2, r.Style)
		}
	}
	if enact == nil || base == nil {
		t.Fatal("no enacting authority or no base on page 1")
	}
	if lineText(enact.Runs) != d.EnactedBy || enact.Runs[0].Style != fonts.Bold || enact.Y >= base.Y {
		t.Errorf("enacting authority %q at %.1f (base at %.1f), style %v", lineText(enact.Runs), enact.Y, base.Y, enact.Runs[0].Style)
	}
}

// A table longer than a page repeats its header row at the top of the
// next, never splits a row, and draws a bordered box for every cell.
func TestTableRunsOnWithItsHeader(t *testing.T) {
	rows := "| STT | Nội dung | Thời hạn |\n|:-:|---|--:|\n"
	for i := 1; i <= 60; i++ {
		rows += "| " + strconv.Itoa(i) + " | Công việc số " + strconv.Itoa(i) + " cần hoàn thành | Tháng " + strconv.Itoa(i%12+1) + " |\n"
	}
	d := testDoc("Mở đầu.\n\n" + rows + "\nKết thúc.")
	pages, err := Compose(context.Background(), d)
	if err != nil {
		t.Fatal(err)
	}
	heads, cells := 0, map[string]bool{}
	for pi, p := range pages {
		var first *Line
		for i, l := range p.Lines {
			if l.Y > PageHeight-d.Page.Bottom+1e-6 {
				t.Errorf("page %d: %q runs into the bottom margin", pi+1, lineText(l.Runs))
			}
			if l.Role == TableHead && lineText(l.Runs) == "STT" {
				heads++
				if first == nil {
					first = &p.Lines[i]
				}
			}
			if l.Role == TableCell {
				cells[lineText(l.Runs)] = true
				if first == nil {
					t.Errorf("page %d: a row stands before the header row", pi+1)
				}
			}
		}
		for _, b := range p.Boxes {
			if b.Y+b.H > PageHeight-d.Page.Bottom+1e-6 {
				t.Errorf("page %d: a cell's box runs into the bottom margin", pi+1)
			}
		}
	}
	if heads < 2 {
		t.Errorf("the header row stands on %d pages, want every page the table runs onto (at least 2)", heads)
	}
	for i := 1; i <= 60; i++ {
		if !cells[strconv.Itoa(i)] {
			t.Errorf("row %d is on no page", i)
		}
	}
}

func TestTableErrors(t *testing.T) {
	for _, c := range []struct {
		body string
		line int
		want string
	}{
		{"Mở.\n\n| A | B |\n|---|---|\n| 1 | 2 | 3 |", 5, "3 cells"},
		{"| " + strings.Repeat("Rấtdàiquákhôngthểngắtđược", 3) + " | " + strings.Repeat("Mộttừdàikhácnữakhôngngắtđược", 3) + " |\n|---|---|", 1, "mm"},
	} {
		_, err := Compose(context.Background(), testDoc(c.body))
		var te *problem.Error
		if !errors.As(err, &te) || te.Key != "body" || te.Line != c.line || !strings.Contains(te.Error(), c.want) || te.MsgVI == "" {
			t.Errorf("body %q: err = %v, want a problem at body line %d saying %q", c.body, err, c.line, c.want)
		}
	}
}

// A row taller than a page splits as Word splits it: each cell runs on
// under the header on the next page, every line on some page, none below
// the bottom margin; the row is not marked whole for Word.
func TestTallTableRowSplits(t *testing.T) {
	var long []string
	for i := 1; i <= 150; i++ {
		long = append(long, "dòng"+strconv.Itoa(i))
	}
	body := "| STT | Nội dung |\n|---|---|\n| 1 | ngắn |\n| 2 | " + strings.Join(long, " "+strings.Repeat("chữ ", 12)) + " |\n| 3 | cuối |"
	d := testDoc(body)
	f, err := Build(d)
	if err != nil {
		t.Fatal(err)
	}
	var tb *Table
	for _, b := range f.Blocks {
		if b.Table != nil {
			tb = b.Table
		}
	}
	if tb == nil || !tb.Rows[0].Whole || tb.Rows[1].Whole || !tb.Rows[2].Whole {
		t.Fatalf("rows' Whole: want true, false, true")
	}
	pages, err := Paginate(context.Background(), f)
	if err != nil {
		t.Fatal(err)
	}
	text, heads := "", 0
	for pi, p := range pages {
		for _, l := range p.Lines {
			if l.Y > PageHeight-d.Page.Bottom+1e-6 {
				t.Errorf("page %d: %q below the bottom margin", pi+1, lineText(l.Runs))
			}
			if l.Role == TableCell {
				text += " " + lineText(l.Runs)
			}
			if l.Role == TableHead && lineText(l.Runs) == "STT" {
				heads++
			}
		}
		for _, b := range p.Boxes {
			if b.Y+b.H > PageHeight-d.Page.Bottom+1e-6 || b.H <= 0 {
				t.Errorf("page %d: a box from %.1f, %.1f mm high", pi+1, b.Y, b.H)
			}
		}
	}
	for _, w := range append(long, "ngắn", "cuối") {
		if !strings.Contains(text+" ", " "+w+" ") {
			t.Errorf("%q is on no page", w)
		}
	}
	if heads < 3 {
		t.Errorf("the header row stands on %d pages, want one per page the table runs onto (3 or more)", heads)
	}
}
