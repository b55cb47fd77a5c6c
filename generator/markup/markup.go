package markup

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// Style is a set of font style flags.
type Style uint8

// The style flags. The zero Style is upright text of regular weight.
const (
	Bold   Style = 1 << iota // bold weight
	Italic                   // italic, sloping
)

// Span is a run of text in one style.
type Span struct {
	Text  string
	Style Style
}

// Kind says how a block is laid out.
type Kind uint8

// The kinds of block.
const (
	Paragraph Kind = iota // justified, first line indented (ordinary paragraphs, khoản "1.", điểm "a)", "- " items)
	Heading               // a whole-paragraph bold heading, indented like a paragraph: "I. MỤC ĐÍCH, YÊU CẦU", "II. NỘI DUNG"
	Centered              // a centred bold line: "# text", "QUYẾT ĐỊNH:", "Chương I", "Mục 1"
	Title                 // the title line that follows a division (Phần/Chương/Mục/Tiểu mục): centred, bold, UPPERCASE
	Tabular               // a pipe table: see Table
)

// Block is one paragraph of the body.
type Block struct {
	Kind  Kind
	Spans []Span // never empty but in a table, no span's Text is empty, and adjacent spans differ in Style
	Table *Table // the table of a Tabular block
	Line  int    // 1-based line in the body text where the block starts (for error messages)
}

// Parse splits body into blocks and parses each block's inline markup.
// The body should be in Unicode normalisation form C: Parse neither
// normalises nor validates it. Parse returns nil for a blank body.
func Parse(body string) []Block {
	var p parser
	for _, para := range split(body) {
		p.add(para)
	}
	return p.blocks
}

// A paragraph is a run of non-blank lines of the body.
type paragraph struct {
	line  int      // 1-based line number of lines[0]
	lines []string // each cleaned, none empty, at least one
}

// split splits body into paragraphs at blank lines.
func split(body string) []paragraph {
	var paras []paragraph
	blank := true
	for i, line := range strings.Split(body, "\n") {
		line = clean(line)
		switch {
		case line == "":
			blank = true
		case blank:
			paras = append(paras, paragraph{line: i + 1, lines: []string{line}})
			blank = false
		default:
			last := &paras[len(paras)-1]
			last.lines = append(last.lines, line)
		}
	}
	return paras
}

// clean trims spaces and tabs from both ends of line and collapses each run
// of them inside it into one space. A carriage return counts as a space, so
// CRLF line ends vanish with the trimming. Other white space, such as a
// no-break space, is the user's business and is kept.
func clean(line string) string {
	if cleanAlready(line) {
		return line // the usual case: no copy
	}
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

// cleanAlready reports whether clean would return line as it is: no tab
// or carriage return, no space at either end, no two spaces together.
func cleanAlready(line string) bool {
	for i := 0; i < len(line); i++ {
		switch line[i] {
		case '\t', '\r':
			return false
		case ' ':
			if i == 0 || i == len(line)-1 || line[i-1] == ' ' {
				return false
			}
		}
	}
	return true
}

// parser turns paragraphs into blocks. The one thing it carries from one
// paragraph to the next is whether the last was a division standing alone,
// since the paragraph after such a division is its title.
type parser struct {
	blocks []Block
	title  bool
}

// add turns a paragraph into its block, or into a division and its title.
func (p *parser) add(para paragraph) {
	text := strings.Join(para.lines, " ")
	title := p.title
	p.title = false
	if t, ok := table(para); ok {
		p.blocks = append(p.blocks, Block{Kind: Tabular, Table: t, Line: para.line})
		return
	}
	if label, ok := division(text); ok {
		p.push(Centered, para.line, bold(label))
		p.title = true
		return
	}
	// A paragraph of one line was tested just above, so here a label on
	// the first line always has a title on the lines after it.
	if label, ok := division(para.lines[0]); ok {
		p.push(Centered, para.line, bold(label))
		p.push(Title, para.line+1, titleSpans(strings.Join(para.lines[1:], " ")))
		return
	}
	if title {
		p.push(Title, para.line, titleSpans(text))
		return
	}
	kind, spans := block(text)
	p.push(kind, para.line, spans)
}

func (p *parser) push(kind Kind, line int, spans []Span) {
	p.blocks = append(p.blocks, Block{Kind: kind, Spans: spans, Line: line})
}

// block lays out the text of a paragraph that is neither a division nor a
// title.
func block(text string) (Kind, []Span) {
	if rest, ok := strings.CutPrefix(text, "# "); ok {
		return Centered, restyle(Inline(rest), Bold)
	}
	if s, ok := decision(text); ok {
		return Centered, bold(s)
	}
	if heading(text) {
		return Heading, restyle(Inline(text), Bold)
	}
	if n := article(text); n > 0 {
		if articleTitle(text[n:]) {
			return Heading, restyle(Inline(text), Bold)
		}
		return Paragraph, merge(append(bold(text[:n]), Inline(text[n:])...))
	}
	return Paragraph, Inline(text)
}

// titleSpans returns the spans of a division's title: bold and upper case.
func titleSpans(text string) []Span {
	// "# " asks for a centred bold line, which a title is already.
	spans := Inline(strings.TrimPrefix(text, "# "))
	for k := range spans {
		spans[k].Text = strings.ToUpper(spans[k].Text)
	}
	return restyle(spans, Bold)
}

// division reports whether s is a division label such as "Chương II" or
// "Mục 3", and returns the label as it is printed.
func division(s string) (string, bool) {
	if len(s) > 64 { // a label is a word and a number, never a paragraph of text
		return "", false
	}
	i := strings.LastIndexByte(s, ' ')
	if i < 0 {
		return "", false
	}
	word, num := strings.ToLower(s[:i]), strings.ToUpper(s[i+1:])
	switch word {
	case "phần", "chương":
		if !roman(num) {
			return "", false
		}
	case "mục", "tiểu mục":
		if num == "" || digits(num) < len(num) {
			return "", false
		}
	default:
		return "", false
	}
	r, n := utf8.DecodeRuneInString(word)
	return string(unicode.ToUpper(r)) + word[n:] + " " + num, true
}

// decision reports whether text is the line "QUYẾT ĐỊNH:" or "QUYẾT NGHỊ:"
// of a decision or a resolution, and returns it as it is printed.
func decision(text string) (string, bool) {
	if len(text) > len("QUYẾT NGHỊ :")+2 { // nothing longer can be the line
		return "", false
	}
	s := strings.ToUpper(strings.TrimSuffix(text, ":"))
	s = strings.TrimSuffix(s, " ")
	if s != "QUYẾT ĐỊNH" && s != "QUYẾT NGHỊ" {
		return "", false
	}
	return s + ":", true
}

// heading reports whether text starts with a Roman numeral, a full stop
// and a space, as in "II. NỘI DUNG".
func heading(text string) bool {
	num, _, ok := strings.Cut(text, ". ")
	return ok && roman(num)
}

// article returns the length of the prefix "Điều 12." that starts text, or
// 0 if text does not start with one.
func article(text string) int {
	rest, ok := strings.CutPrefix(text, "Điều ")
	if !ok {
		return 0
	}
	n := digits(rest)
	if n == 0 || !strings.HasPrefix(rest[n:], ".") {
		return 0
	}
	return len(text) - len(rest) + n + 1
}

// articleTitle reports whether the text after "Điều 12." is the article's
// title rather than its content: a title ends with no punctuation
// ("Phạm vi điều chỉnh"), a sentence does ("… như sau:", "… ngày ký.").
func articleTitle(rest string) bool {
	rest = strings.TrimSpace(Text(Inline(rest)))
	if rest == "" {
		return false
	}
	r, _ := utf8.DecodeLastRuneInString(rest)
	return !strings.ContainsRune(".:;,!?…", r)
}

// roman reports whether s is a Roman numeral from I to XXXIX in capitals.
func roman(s string) bool {
	tens := 0
	for tens < 3 && strings.HasPrefix(s, "X") {
		s = s[1:]
		tens++
	}
	switch s {
	case "":
		return tens > 0
	case "I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX":
		return true
	}
	return false
}

// digits returns the number of ASCII digits at the start of s.
func digits(s string) int {
	n := 0
	for n < len(s) && '0' <= s[n] && s[n] <= '9' {
		n++
	}
	return n
}
