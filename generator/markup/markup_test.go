package markup

import (
	"reflect"
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"
)

func r(s string) Span  { return Span{s, 0} }
func b(s string) Span  { return Span{s, Bold} }
func i(s string) Span  { return Span{s, Italic} }
func bi(s string) Span { return Span{s, Bold | Italic} }

func spans(s ...Span) []Span { return s }

const seed = `với chủ đề “*Phát huy sức mạnh đại đoàn kết, thi đua thực hiện thành công ` +
	`cuộc bầu cử Đại biểu Quốc hội khóa XV và đại biểu Hội đồng nhân dân các cấp ` +
	`nhiệm kỳ 2021 - 2026*” với các nội dung như sau:`

func TestInline(t *testing.T) {
	tests := []struct {
		in   string
		want []Span
	}{
		{"", nil},
		{"chữ thường", spans(r("chữ thường"))},
		{"**đậm**", spans(b("đậm"))},
		{"*nghiêng*", spans(i("nghiêng"))},
		{"***đậm nghiêng***", spans(bi("đậm nghiêng"))},
		{"a **b** c *d* e", spans(r("a "), b("b"), r(" c "), i("d"), r(" e"))},
		{seed, spans(
			r("với chủ đề “"),
			i("Phát huy sức mạnh đại đoàn kết, thi đua thực hiện thành công cuộc bầu cử "+
				"Đại biểu Quốc hội khóa XV và đại biểu Hội đồng nhân dân các cấp nhiệm kỳ 2021 - 2026"),
			r("” với các nội dung như sau:"),
		)},

		// Nesting and overlapping.
		{"**đậm *và nghiêng* đậm**", spans(b("đậm "), bi("và nghiêng"), b(" đậm"))},
		{"*nghiêng **và đậm** nghiêng*", spans(i("nghiêng "), bi("và đậm"), i(" nghiêng"))},
		{"*a **b* c**", spans(i("a "), bi("b"), b(" c"))},
		{"***a** b*", spans(bi("a"), i(" b"))},
		{"***a* b**", spans(bi("a"), b(" b"))},
		{"**a***b*", spans(b("a"), i("b"))},
		{"*a***b**", spans(i("a"), b("b"))},
		{"**a** **b**", spans(b("a"), r(" "), b("b"))},
		{"**a****b**", spans(b("a****b"))},

		// Unclosed marks stay literal.
		{"a * b", spans(r("a * b"))},
		{"5 * 3 = 15", spans(r("5 * 3 = 15"))},
		{"**chưa đóng", spans(r("**chưa đóng"))},
		{"*", spans(r("*"))},
		{"**", spans(r("**"))},
		{"***", spans(r("***"))},
		{"*a* b *c", spans(i("a"), r(" b *c"))},
		{"**a** b **c", spans(b("a"), r(" b **c"))},
		{"***a**", spans(r("*"), b("a"))},
		{"**a***", spans(b("a"), r("*"))},
		{"***a*", spans(r("**"), i("a"))},
		{"*a***", spans(i("a"), r("**"))},
		{"2 * 3 * 4", spans(r("2 "), i(" 3 "), r(" 4"))},

		// Four or more asterisks are text.
		{"****", spans(r("****"))},
		{"a ***** b", spans(r("a ***** b"))},
		{"****a****", spans(r("****a****"))},

		// Escapes.
		{`\*`, spans(r("*"))},
		{`2 \* 3 \* 4`, spans(r("2 * 3 * 4"))},
		{`\*không nghiêng\*`, spans(r("*không nghiêng*"))},
		{`*a \* b*`, spans(i("a * b"))},
		{`\**a*`, spans(r("*"), i("a"))},
		{`**\***`, spans(b("*"))},
		{`\# số`, spans(r("# số"))},
		{`C:\\tmp`, spans(r(`C:\tmp`))},
		{`\\*a*`, spans(r(`\`), i("a"))},
		{`\n \a \ `, spans(r(`\n \a \ `))},
		{`cuối \`, spans(r(`cuối \`))},
		{`\`, spans(r(`\`))},

		// Other characters are text.
		{`a < b && c > "d" ]]> ‘e’`, spans(r(`a < b && c > "d" ]]> ‘e’`))},
		{"# không phải tiêu đề", spans(r("# không phải tiêu đề"))},
	}
	for _, tt := range tests {
		if got := Inline(tt.in); !reflect.DeepEqual(got, tt.want) {
			t.Errorf("Inline(%q) =\n\t%v\nwant\n\t%v", tt.in, got, tt.want)
		}
	}
}

func TestText(t *testing.T) {
	if got := Text(spans(r("a "), b("b"), i(" c"))); got != "a b c" {
		t.Errorf("Text = %q, want %q", got, "a b c")
	}
	if got := Text(nil); got != "" {
		t.Errorf("Text(nil) = %q, want empty", got)
	}
}

func para(line int, s ...Span) Block   { return Block{Kind: Paragraph, Spans: s, Line: line} }
func head(line int, s ...Span) Block   { return Block{Kind: Heading, Spans: s, Line: line} }
func center(line int, s ...Span) Block { return Block{Kind: Centered, Spans: s, Line: line} }
func title(line int, s ...Span) Block  { return Block{Kind: Title, Spans: s, Line: line} }

func TestParse(t *testing.T) {
	tests := []struct {
		name string
		in   string
		want []Block
	}{
		{"empty", "", nil},
		{"blank", " \n\t\n  \r\n", nil},
		{"one line", "Một đoạn.", []Block{para(1, r("Một đoạn."))}},

		// Rule 1: paragraphs, wrapping and spaces.
		{"paragraphs",
			"Đoạn một.\n\nĐoạn hai.\n \t \n\n  Đoạn ba.",
			[]Block{para(1, r("Đoạn một.")), para(3, r("Đoạn hai.")), para(6, r("Đoạn ba."))}},
		{"wrapped",
			"  Thực hiện   Chỉ thị\tsố 03/CT-UBND \n\t của Ủy ban nhân dân tỉnh;  ",
			[]Block{para(1, r("Thực hiện Chỉ thị số 03/CT-UBND của Ủy ban nhân dân tỉnh;"))}},
		{"emphasis across lines",
			"chủ đề “*Phát huy\nsức mạnh*” như sau:",
			[]Block{para(1, r("chủ đề “"), i("Phát huy sức mạnh"), r("” như sau:"))}},
		{"emphasis stays in its paragraph",
			"a *b\n\nc* d",
			[]Block{para(1, r("a *b")), para(3, r("c* d"))}},
		{"line numbers",
			"\n\nMột.\n\n\nHai\nba.\n\nBốn.\n",
			[]Block{para(3, r("Một.")), para(6, r("Hai ba.")), para(9, r("Bốn."))}},
		{"CRLF",
			"Một\r\nhai.\r\n\r\n# Ba\r\n \r\nQUYẾT ĐỊNH:\r\n",
			[]Block{para(1, r("Một hai.")), center(4, b("Ba")), center(6, b("QUYẾT ĐỊNH:"))}},
		{"stray CR",
			"a\rb\r",
			[]Block{para(1, r("a b"))}},
		{"items",
			"1. Khoản một.\n\na) Điểm a.\n\n- Gạch đầu dòng;",
			[]Block{para(1, r("1. Khoản một.")), para(3, r("a) Điểm a.")), para(5, r("- Gạch đầu dòng;"))}},
		{"seed", seed, []Block{para(1, Inline(seed)...)}},
		{"xml characters",
			`<w:t> & "x" ]]> 'y'`,
			[]Block{para(1, r(`<w:t> & "x" ]]> 'y'`))}},

		// Rule 2: centred lines.
		{"hash",
			"# Phần thứ nhất: *tổng kết*",
			[]Block{center(1, b("Phần thứ nhất: "), bi("tổng kết"))}},
		{"hash keeps case",
			"#   chữ thường  **đậm**",
			[]Block{center(1, b("chữ thường đậm"))}},
		{"hash tab", "#\tMột", []Block{center(1, b("Một"))}},
		{"hash wrapped", "# Một\nhai", []Block{center(1, b("Một hai"))}},
		{"hash without space", "#Một", []Block{para(1, r("#Một"))}},
		{"hash alone", "#", []Block{para(1, r("#"))}},
		{"double hash", "## Một", []Block{para(1, r("## Một"))}},
		{"escaped hash", `\# Một`, []Block{para(1, r("# Một"))}},
		{"hash inside", "Số # 5", []Block{para(1, r("Số # 5"))}},

		// Rule 3: QUYẾT ĐỊNH and QUYẾT NGHỊ.
		{"decision", "QUYẾT ĐỊNH:", []Block{center(1, b("QUYẾT ĐỊNH:"))}},
		{"decision lower", "quyết định:", []Block{center(1, b("QUYẾT ĐỊNH:"))}},
		{"decision mixed", "Quyết Định", []Block{center(1, b("QUYẾT ĐỊNH:"))}},
		{"decision space", "QUYẾT ĐỊNH :", []Block{center(1, b("QUYẾT ĐỊNH:"))}},
		{"decision spaces", "  Quyết   định\t  : ", []Block{center(1, b("QUYẾT ĐỊNH:"))}},
		{"decision wrapped", "Quyết\nđịnh:", []Block{center(1, b("QUYẾT ĐỊNH:"))}},
		{"resolution", "quyết nghị", []Block{center(1, b("QUYẾT NGHỊ:"))}},
		{"decision two colons", "QUYẾT ĐỊNH::", []Block{para(1, r("QUYẾT ĐỊNH::"))}},
		{"decision in a sentence",
			"QUYẾT ĐỊNH: ban hành",
			[]Block{para(1, r("QUYẾT ĐỊNH: ban hành"))}},
		{"decision bold marks", "**QUYẾT ĐỊNH:**", []Block{para(1, b("QUYẾT ĐỊNH:"))}},

		// Rule 4: divisions and titles.
		{"chapter and title in two paragraphs",
			"Chương I\n\nQuy định *chung*\n\nĐiều 1. Phạm vi",
			[]Block{
				center(1, b("Chương I")),
				title(3, b("QUY ĐỊNH "), bi("CHUNG")),
				{Kind: Heading, Line: 5, Spans: []Span{b("Điều 1. Phạm vi")}},
			}},
		{"chapter and title in one paragraph",
			"Chương I\nQuy định\nchung\n\nĐiều 1. Phạm vi",
			[]Block{
				center(1, b("Chương I")),
				title(2, b("QUY ĐỊNH CHUNG")),
				{Kind: Heading, Line: 5, Spans: []Span{b("Điều 1. Phạm vi")}},
			}},
		{"chapter lower case", "chương iv", []Block{center(1, b("Chương IV"))}},
		{"chapter upper case",
			"CHƯƠNG XXXIX\nĐIỀU KHOẢN THI HÀNH",
			[]Block{center(1, b("Chương XXXIX")), title(2, b("ĐIỀU KHOẢN THI HÀNH"))}},
		{"chapter wrapped", "Chương\nII", []Block{center(1, b("Chương II"))}},
		{"part", "  phần   ii  \n\n  những vấn đề chung ", []Block{
			center(1, b("Phần II")),
			title(3, b("NHỮNG VẤN ĐỀ CHUNG")),
		}},
		{"section", "Mục 1\nQuy định chung", []Block{center(1, b("Mục 1")), title(2, b("QUY ĐỊNH CHUNG"))}},
		{"subsection", "TIỂU MỤC 12\n\ntổ chức", []Block{center(1, b("Tiểu mục 12")), title(3, b("TỔ CHỨC"))}},
		{"title from a heading-like paragraph",
			"Chương I\n\nI. Quy định\n\nII. Nội dung",
			[]Block{center(1, b("Chương I")), title(3, b("I. QUY ĐỊNH")), head(5, b("II. Nội dung"))}},
		{"title only once",
			"Chương I\n\nQuy định chung\n\nĐoạn thường.",
			[]Block{center(1, b("Chương I")), title(3, b("QUY ĐỊNH CHUNG")), para(5, r("Đoạn thường."))}},
		{"division after division",
			"Chương II\n\nMục 1\n\nQuy định chung",
			[]Block{center(1, b("Chương II")), center(3, b("Mục 1")), title(5, b("QUY ĐỊNH CHUNG"))}},
		{"division with title after division",
			"Chương II\n\nMục 1\nQuy định chung\n\nĐoạn.",
			[]Block{
				center(1, b("Chương II")),
				center(3, b("Mục 1")),
				title(4, b("QUY ĐỊNH CHUNG")),
				para(6, r("Đoạn.")),
			}},
		{"title with hash",
			"Chương I\n\n# Quy định chung\n\nMục 2\n#  Tổ chức",
			[]Block{
				center(1, b("Chương I")),
				title(3, b("QUY ĐỊNH CHUNG")),
				center(5, b("Mục 2")),
				title(6, b("TỔ CHỨC")),
			}},
		{"division last", "Đoạn.\n\nChương I", []Block{para(1, r("Đoạn.")), center(3, b("Chương I"))}},
		{"not a roman numeral", "Chương XL", []Block{para(1, r("Chương XL"))}},
		{"no numeral", "Chương", []Block{para(1, r("Chương"))}},
		{"arabic chapter", "Chương 1", []Block{para(1, r("Chương 1"))}},
		{"roman section", "Mục I", []Block{para(1, r("Mục I"))}},
		{"division with a full stop", "Chương I.", []Block{para(1, r("Chương I."))}},
		{"division on one line with title",
			"Chương I Quy định chung",
			[]Block{para(1, r("Chương I Quy định chung"))}},
		{"division in a sentence",
			"Theo quy định tại\nChương I",
			[]Block{para(1, r("Theo quy định tại Chương I"))}},

		// Rule 5: headings.
		{"heading I", "I. MỤC ĐÍCH, YÊU CẦU", []Block{head(1, b("I. MỤC ĐÍCH, YÊU CẦU"))}},
		{"heading IV", "IV. Tổ chức *thực hiện*", []Block{head(1, b("IV. Tổ chức "), bi("thực hiện"))}},
		{"heading XII", "XII. Khác", []Block{head(1, b("XII. Khác"))}},
		{"heading XXXIX", "XXXIX. Cuối", []Block{head(1, b("XXXIX. Cuối"))}},
		{"heading wrapped", "II. NỘI\nDUNG", []Block{head(1, b("II. NỘI DUNG"))}},
		{"not roman", "Ixia. is a plant", []Block{para(1, r("Ixia. is a plant"))}},
		{"invalid roman", "IIII. Bốn", []Block{para(1, r("IIII. Bốn"))}},
		{"roman too big", "XL. Bốn mươi", []Block{para(1, r("XL. Bốn mươi"))}},
		{"lower-case roman", "ii. Hai", []Block{para(1, r("ii. Hai"))}},
		{"roman without space", "II.Hai", []Block{para(1, r("II.Hai"))}},
		{"roman alone", "II.", []Block{para(1, r("II."))}},
		{"letter point", "a) Điểm", []Block{para(1, r("a) Điểm"))}},
		{"roman in bold marks", "**I. MỤC TIÊU**", []Block{para(1, b("I. MỤC TIÊU"))}},

		// Rule 6: articles.
		{"article",
			"Điều 1. Ban hành kèm theo Quyết định này *Quy chế*.",
			[]Block{para(1, b("Điều 1."), r(" Ban hành kèm theo Quyết định này "), i("Quy chế"), r("."))}},
		{"article title", "Điều 12. Hiệu lực", []Block{{Kind: Heading, Line: 1, Spans: []Span{b("Điều 12. Hiệu lực")}}}},
		{"article title, italic word", "Điều 3. Tổ chức *thực hiện*", []Block{{Kind: Heading, Line: 1, Spans: []Span{{"Điều 3. Tổ chức ", Bold}, {"thực hiện", Bold | Italic}}}}},
		{"article sentence", "Điều 3. Quyết định này có hiệu lực kể từ ngày ký.", []Block{para(1, b("Điều 3."), r(" Quyết định này có hiệu lực kể từ ngày ký."))}},
		{"article colon", "Điều 1. Tặng Bằng khen cho:", []Block{para(1, b("Điều 1."), r(" Tặng Bằng khen cho:"))}},
		{"article bold rest", "Điều 3. **Tổ chức**.", []Block{para(1, b("Điều 3."), r(" "), b("Tổ chức"), r("."))}},
		{"article merged", "Điều 3.**Tổ chức**", []Block{{Kind: Heading, Line: 1, Spans: []Span{b("Điều 3.Tổ chức")}}}},
		{"article alone", "Điều 4.", []Block{para(1, b("Điều 4."))}},
		{"article lower case", "điều 1. chữ thường", []Block{para(1, r("điều 1. chữ thường"))}},
		{"article without number", "Điều này có hiệu lực.", []Block{para(1, r("Điều này có hiệu lực."))}},
		{"article without stop", "Điều 5 quy định", []Block{para(1, r("Điều 5 quy định"))}},
	}
	for _, tt := range tests {
		if got := Parse(tt.in); !reflect.DeepEqual(got, tt.want) {
			t.Errorf("%s: Parse(%q) =\n\t%v\nwant\n\t%v", tt.name, tt.in, got, tt.want)
		}
	}
}

func FuzzParse(f *testing.F) {
	for _, s := range []string{
		"",
		seed,
		"Đoạn một.\n\nĐoạn hai,\n  tiếp.\r\n",
		"# Tiêu đề *nghiêng*\n\nQUYẾT ĐỊNH:\n\nĐiều 1. **Ban hành** kèm theo.",
		"Chương I\nQuy định chung\n\nChương ii\n\nnội dung\n\nMục 3\n\nTiểu mục 4\nx",
		"I. MỤC ĐÍCH\n\nIV. x\n\nIxia. y",
		`\# \* \\ \x ***a** b* ****`,
		"a * b ** c *** d",
		"chương ıv",
		"*\xc3*\xa9*",
		"| STT | Họ và *tên* |\n|:-:|---|\n| 1 | A \\| B |\n| 2 |",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, in string) {
		checkInline(t, in)
		blocks := Parse(in)
		crlf := Parse(strings.ReplaceAll(in, "\n", "\r\n"))
		if !reflect.DeepEqual(blocks, crlf) {
			t.Errorf("Parse(%q) = %v, but with CRLF line ends %v", in, blocks, crlf)
		}
		src := sources(in)
		line := 0
		for _, blk := range blocks {
			if blk.Line <= line {
				t.Fatalf("Parse(%q): block at line %d follows one at line %d", in, blk.Line, line)
			}
			line = blk.Line
			if blk.Kind == Tabular {
				checkTable(t, in, blk, src[blk.Line])
				continue
			}
			checkSpans(t, in, blk.Spans)
			checkBlock(t, in, blk, src[blk.Line])
			checkRunes(t, in, Text(blk.Spans))
		}
	})
}

// checkTable checks that a table keeps every character of its source but
// the bars, dashes, colons, asterisks and backslashes that make it up.
func checkTable(t *testing.T, in string, blk Block, src string) {
	if blk.Table == nil || len(blk.Spans) != 0 {
		t.Fatalf("Parse(%q): table block %v", in, blk)
	}
	for _, c := range blk.Table.Header {
		checkSpans(t, in, c)
	}
	for _, r := range blk.Table.Rows {
		for _, c := range r.Cells {
			checkSpans(t, in, c)
		}
	}
	strip := strings.NewReplacer("|", "", "-", "", ":", "", "*", "", `\`, "", " ", "", "\t", "", "\r", "", "\n", "")
	if got, want := strip.Replace(strings.Join(TableText(blk.Table), "")), strip.Replace(src); got != want {
		t.Errorf("Parse(%q): table reads %q, its source %q", in, got, want)
	}
}

// checkInline checks what Inline promises for any string: it changes only
// asterisks and backslashes, and gives no span for no text.
// tokenizeRef is tokenize a byte at a time, as it was written first.
func tokenizeRef(s string) []token {
	var toks []token
	var text strings.Builder
	flush := func() {
		if text.Len() > 0 {
			toks = append(toks, token{text: text.String()})
			text.Reset()
		}
	}
	for i := 0; i < len(s); {
		switch {
		case s[i] == '\\' && i+1 < len(s) && strings.IndexByte(`*#\`, s[i+1]) >= 0:
			text.WriteByte(s[i+1])
			i += 2
		case s[i] == '*':
			j := i + 1
			for j < len(s) && s[j] == '*' {
				j++
			}
			if j-i > 3 {
				text.WriteString(s[i:j])
			} else {
				flush()
				toks = append(toks, token{text: s[i:j], run: true})
			}
			i = j
		default:
			text.WriteByte(s[i])
			i++
		}
	}
	flush()
	return toks
}

func checkInline(t *testing.T, in string) {
	if got, want := tokenize(in), tokenizeRef(in); !reflect.DeepEqual(got, want) {
		t.Fatalf("tokenize(%q) = %v, a byte at a time %v", in, got, want)
	}
	spans := Inline(in)
	checkSpans(t, in, spans)
	if in == "" {
		if spans != nil {
			t.Errorf("Inline(%q) = %v, want nil", in, spans)
		}
		return
	}
	if len(spans) == 0 {
		t.Fatalf("Inline(%q) is empty", in)
	}
	text := Text(spans)
	if squeeze(text) != squeeze(in) {
		t.Errorf("Inline(%q) reads %q", in, text)
	}
	if strings.Count(text, "*") > strings.Count(in, "*") {
		t.Errorf("Inline(%q) adds asterisks: %q", in, text)
	}
	if !strings.ContainsAny(in, `*\`) && !reflect.DeepEqual(spans, []Span{{in, 0}}) {
		t.Errorf("Inline(%q) = %v, want it unchanged", in, spans)
	}
}

// checkSpans checks the promises of Block.Spans.
func checkSpans(t *testing.T, in string, spans []Span) {
	for k, s := range spans {
		if s.Text == "" {
			t.Errorf("input %q: span %d of %v is empty", in, k, spans)
		}
		if s.Style&^(Bold|Italic) != 0 {
			t.Errorf("input %q: span %d of %v has style %d", in, k, spans, s.Style)
		}
		if k > 0 && spans[k-1].Style == s.Style {
			t.Errorf("input %q: spans %d and %d of %v share a style", in, k-1, k, spans)
		}
	}
}

// checkBlock checks that blk says what its source says, src being the source
// lines from blk.Line to the end of their paragraph.
func checkBlock(t *testing.T, in string, blk Block, src string) {
	if src == "" {
		t.Fatalf("Parse(%q): block %v starts on a blank line", in, blk)
	}
	if len(blk.Spans) == 0 {
		t.Fatalf("Parse(%q): block %v has no spans", in, blk)
	}
	text := Text(blk.Spans)
	first, _, _ := strings.Cut(src, "\n")
	for _, s := range blk.Spans {
		if blk.Kind != Paragraph && s.Style&Bold == 0 {
			t.Errorf("Parse(%q): block %v is not bold throughout", in, blk)
		}
	}
	var ok bool
	switch blk.Kind {
	case Paragraph, Heading:
		ok = squeeze(text) == squeeze(src)
	case Title:
		want := squeeze(strings.ToUpper(src))
		ok = squeeze(text) == want || "#"+squeeze(text) == want
	case Centered:
		ok = "#"+squeeze(text) == squeeze(src) ||
			(text == "QUYẾT ĐỊNH:" || text == "QUYẾT NGHỊ:") &&
				strings.TrimSuffix(squeeze(strings.ToUpper(src)), ":") == squeeze(strings.TrimSuffix(text, ":")) ||
			isDivision(text) && (fold(text) == fold(src) || fold(text) == fold(first))
	default:
		t.Fatalf("Parse(%q): block %v has an unknown kind", in, blk)
	}
	if !ok {
		t.Errorf("Parse(%q): block %v does not match its source %q", in, blk, src)
	}
}

// fold returns s squeezed and in lower case, so that it compares with the
// source of a division label whatever case either was typed in.
func fold(s string) string {
	return strings.ToLower(strings.ToUpper(squeeze(s)))
}

// isDivision reports whether s looks like a printed division label.
func isDivision(s string) bool {
	for _, w := range []string{"Phần ", "Chương ", "Mục ", "Tiểu mục "} {
		if strings.HasPrefix(s, w) {
			return true
		}
	}
	return false
}

// checkRunes checks that text holds no character that the input does not,
// but for a change of case and the colon of "QUYẾT ĐỊNH:". It holds only for
// valid UTF-8: the bytes of an invalid sequence that a mark splits may read
// as a character once the mark is gone, as in "# \xc3**\xa0**".
func checkRunes(t *testing.T, in, text string) {
	if !utf8.ValidString(in) {
		return
	}
	have := map[rune]bool{':': true, ' ': true}
	for _, c := range in {
		have[c] = true
		have[unicode.ToUpper(c)] = true
		have[unicode.ToLower(c)] = true
	}
	for _, c := range text {
		if !have[c] {
			t.Errorf("Parse(%q) prints %q, which is not in the input", in, c)
		}
	}
	if !utf8.ValidString(text) {
		t.Errorf("Parse(%q) prints invalid UTF-8 %q", in, text)
	}
}

// sources maps each line number of in to the text of that line and the
// following ones up to the end of its paragraph; blank lines map to "".
func sources(in string) map[int]string {
	lines := strings.Split(in, "\n")
	src := make(map[int]string)
	end := len(lines)
	for k := len(lines) - 1; k >= 0; k-- {
		if strings.Trim(lines[k], " \t\r") == "" {
			end = k
			continue
		}
		src[k+1] = strings.Join(lines[k:end], "\n")
	}
	return src
}

// squeeze drops white space, asterisks and backslashes from s: what is left
// is the text that the markup must neither lose nor add. It works on bytes,
// not runes, so that invalid UTF-8 in s stays as it is.
func squeeze(s string) string {
	var b strings.Builder
	for k := 0; k < len(s); k++ {
		if strings.IndexByte(" \t\r\n*\\", s[k]) < 0 {
			b.WriteByte(s[k])
		}
	}
	return b.String()
}

func TestTable(t *testing.T) {
	in := "Bảng:\n\n| STT | Họ và *tên* | Số tiền |\n|:-:|---|--:|\n| 1 | Nguyễn Văn A \\| B | 100 |\n| 2 | **Trần** Thị C |\n\nSau bảng."
	bs := Parse(in)
	if len(bs) != 3 || bs[1].Kind != Tabular || bs[1].Line != 3 {
		t.Fatalf("Parse = %+v", bs)
	}
	tb := bs[1].Table
	if !reflect.DeepEqual(tb.Align, []Align{AlignCenter, AlignLeft, AlignRight}) {
		t.Errorf("Align = %v", tb.Align)
	}
	if want := [][]Span{{{"STT", 0}}, {{"Họ và ", 0}, {"tên", Italic}}, {{"Số tiền", 0}}}; !reflect.DeepEqual(tb.Header, want) {
		t.Errorf("Header = %v", tb.Header)
	}
	if len(tb.Rows) != 2 || tb.Rows[0].Line != 5 || tb.Rows[1].Line != 6 {
		t.Fatalf("Rows = %+v", tb.Rows)
	}
	if got := Text(tb.Rows[0].Cells[1]); got != "Nguyễn Văn A | B" {
		t.Errorf("escaped bar: %q", got)
	}
	if len(tb.Rows[1].Cells) != 2 || tb.Rows[1].Cells[1][0] != (Span{"Trần", Bold}) {
		t.Errorf("short row: %+v", tb.Rows[1].Cells)
	}
	for _, notTable := range []string{
		"| a | b |",                   // no delimiter row
		"| a | b |\n| --- |",          // delimiter of another width
		"| a | b |\n| x | y |",        // no dashes
		"| a | b |\n| --- | --- |\nx", // a line not in the table
		"a | b\n--- | ---",            // no leading bars
	} {
		if bs := Parse(notTable); len(bs) != 1 || bs[0].Kind == Tabular {
			t.Errorf("Parse(%q) = %+v, want a paragraph", notTable, bs)
		}
	}
}

// cleanRef is clean without its short way.
func cleanRef(line string) string {
	var b strings.Builder
	space := false
	for i := 0; i < len(line); i++ {
		switch c := line[i]; c {
		case ' ', '\t', '\r':
			space = b.Len() > 0
		default:
			if space {
				b.WriteByte(' ')
				space = false
			}
			b.WriteByte(c)
		}
	}
	return b.String()
}

func TestClean(t *testing.T) {
	for _, line := range []string{"", "a", "a b", "Hòa An", " a", "a ", "a  b", "a\tb", "a\r", "\ra", " ", "a b c", "a\u00a0 b"} {
		if got, want := clean(line), cleanRef(line); got != want {
			t.Errorf("clean(%q) = %q, want %q", line, got, want)
		}
	}
}

func FuzzClean(f *testing.F) {
	for _, s := range []string{"a b", " a\t b ", "a  b\r"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, line string) {
		if got, want := clean(line), cleanRef(line); got != want {
			t.Fatalf("clean(%q) = %q, want %q", line, got, want)
		}
	})
}
