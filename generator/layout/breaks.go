package layout

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/vanban/vanban/fonts"
	"github.com/vanban/vanban/generator/markup"
)

// Run is a piece of a line in one style, placed at X (mm, from the page's
// left edge). W is the width it must fill: more than its natural width on a
// justified line, where the difference is shared among its spaces.
type Run struct {
	Text    string
	Style   fonts.Style
	X, W    float64
	Stretch bool // spaces widen to fill W
}

// Line is one line of text: its runs, and the baseline's distance from the
// top of the page (mm). Size is the font size in points.
type Line struct {
	Role Role
	Size float64
	Y    float64
	Runs []Run
}

// frag is a piece of a word in one style.
type frag struct {
	text  string
	style fonts.Style
}

// word is a run of text that breaks cannot cut, possibly in several
// styles, and the style of the space that precedes it. A joined word
// follows the previous one with no space: it is the part after a hyphen
// inside a word ("03/KH-" "UBBC"), where lines may break.
type word struct {
	frags      []frag
	spaceStyle fonts.Style
	spaces     int     // spaces before the word when it does not start a line: 1, or more as typed
	width      float64 // mm
	joined     bool
}

// gap returns the spaces before w: one, unless more were typed, as in the
// blanks of a draft's "Số:      /PĐ-UBND".
func (w word) gap() int { return max(w.spaces, 1) }

// words splits styled spans at spaces and after in-word hyphens, measuring
// each piece at size points.
func words(spans []markup.Span, base fonts.Style, size float64) []word {
	var ws []word
	var cur word
	pending := false // a space was seen before the current word
	nsp := 0         // spaces since the last word
	flush := func() {
		if len(cur.frags) > 0 {
			ws = append(ws, cur)
		}
		cur = word{}
	}
	addText := func(text string, st fonts.Style) {
		if len(cur.frags) == 0 && pending {
			cur.spaceStyle, cur.spaces = st, nsp
		}
		nsp = 0
		if n := len(cur.frags); n > 0 && cur.frags[n-1].style == st {
			cur.frags[n-1].text += text
		} else {
			cur.frags = append(cur.frags, frag{text, st})
		}
		cur.width += fonts.Metrics(st).Width(text, size) * PtToMM
	}
	for _, sp := range spans {
		st := base | fonts.Style(sp.Style)
		for _, piece := range strings.SplitAfter(sp.Text, " ") {
			text, space := strings.CutSuffix(piece, " ")
			for text != "" {
				head, rest := cutHyphen(text, len(cur.frags) > 0)
				addText(head, st)
				text = rest
				if rest != "" {
					flush()
					cur.joined, cur.spaceStyle = true, st
				}
			}
			if space {
				flush()
				nsp++
				pending = len(ws) > 0
				cur.spaceStyle = st
			}
		}
	}
	flush()
	if len(ws) > 0 {
		ws[0].spaceStyle = ws[0].frags[0].style
	}
	return ws
}

// cutHyphen splits text after its first hyphen that allows a line break:
// one inside a word (after some text), followed by a letter rather than a
// digit, as the Unicode line breaking rules (UAX #14) that Word and
// LibreOffice follow allow. started says the word already has text.
func cutHyphen(text string, started bool) (head, rest string) {
	for i, r := range text {
		if r != '-' || (i == 0 && !started) {
			continue
		}
		next, _ := utf8.DecodeRuneInString(text[i+1:])
		if i+1 < len(text) && unicode.IsLetter(next) {
			return text[:i+1], text[i+1:]
		}
	}
	return text, ""
}

func spaceWidth(st fonts.Style, size float64) float64 {
	return fonts.Metrics(st).Width(" ", size) * PtToMM
}

// LineSlack is the room a line keeps to spare: a word that fits with less
// goes to the next line. LibreOffice lays text out at a coarser resolution
// than the PDF, so that a word fitting to within a hundredth of a
// millimetre fits in the PDF but not in LibreOffice (3 of 14 samples broke
// a line at another word); words fitting with 0.02 mm to spare fit in both.
const LineSlack = 0.015 // mm

// breakWords fills lines greedily, as Word and LibreOffice do: a word goes on
// the line if it fits, with LineSlack to spare, otherwise it starts the next. first and rest are the
// widths available to the first and the following lines. A word wider than
// a whole line is cut between characters.
func breakWords(ws []word, size, first, rest float64) [][]word {
	var lines [][]word
	var line []word
	width, avail := 0.0, first
	for i := 0; i < len(ws); i++ {
		w := ws[i]
		add := w.width
		if len(line) > 0 && !w.joined {
			add += float64(w.gap()) * spaceWidth(w.spaceStyle, size)
		}
		if len(line) > 0 && width+add > avail-LineSlack {
			lines = append(lines, line)
			line, width, avail = nil, 0, rest
			i--
			continue
		}
		if len(line) == 0 && w.width > avail+1e-9 {
			head, tail := cutWord(w, size, avail)
			lines = append(lines, []word{head})
			avail = rest
			if len(tail.frags) > 0 {
				ws[i] = tail
				i--
			}
			continue
		}
		line = append(line, w)
		width += add
	}
	if len(line) > 0 {
		lines = append(lines, line)
	}
	return lines
}

// cutWord splits w so that its head fits in avail (at least one character).
func cutWord(w word, size, avail float64) (head, tail word) {
	width := 0.0
	for fi, f := range w.frags {
		m := fonts.Metrics(f.style)
		for i, r := range f.text {
			cw := m.Width(string(r), size) * PtToMM
			if width+cw > avail && (fi > 0 || i > 0) {
				head = word{frags: append(append([]frag{}, w.frags[:fi]...), frag{f.text[:i], f.style}), spaceStyle: w.spaceStyle, spaces: w.spaces, width: width}
				tail = word{frags: append([]frag{{f.text[i:], f.style}}, w.frags[fi+1:]...), spaceStyle: w.spaceStyle, width: w.width - width}
				if head.frags[len(head.frags)-1].text == "" {
					head.frags = head.frags[:len(head.frags)-1]
				}
				return head, tail
			}
			width += cw
		}
	}
	return w, word{}
}

// naturalWidth is the width of a line's words and the spaces between them.
func naturalWidth(line []word, size float64) (width float64, spaces int) {
	for i, w := range line {
		if i > 0 && !w.joined {
			width += float64(w.gap()) * spaceWidth(w.spaceStyle, size)
			spaces += w.gap()
		}
		width += w.width
	}
	return width, spaces
}

// runs turns a line of words into runs starting at x. extra is added to
// every space, to justify the line.
func runs(line []word, size, x, extra float64) []Run {
	// Each run's text is gathered in buf and measured once, when the
	// style changes: building it by concatenation cost a copy per word.
	var rs []Run
	var buf []byte
	spaces := 0
	style := fonts.Style(255)
	flush := func() {
		if len(buf) == 0 {
			return
		}
		text := string(buf)
		w := fonts.Metrics(style).Width(text, size)*PtToMM + float64(spaces)*extra
		rs = append(rs, Run{Text: text, Style: style, W: w, Stretch: spaces > 0 && extra > 0})
		buf, spaces = buf[:0], 0
	}
	add := func(text string, st fonts.Style, n int) {
		if st != style {
			flush()
			style = st
		}
		buf = append(buf, text...)
		spaces += n
	}
	for i, w := range line {
		if i > 0 && !w.joined {
			for range w.gap() {
				add(" ", w.spaceStyle, 1)
			}
		}
		for _, f := range w.frags {
			add(f.text, f.style, 0)
		}
	}
	flush()
	for i := range rs {
		rs[i].X = x
		x += rs[i].W
	}
	return rs
}

// setLines breaks spans into lines within [left, left+width], aligned as
// align asks, with indent on the first line. It returns the runs of each
// line; the caller places them vertically.
func setLines(spans []markup.Span, base fonts.Style, size, left, width, indent float64, align Align) [][]Run {
	ws := words(spans, base, size)
	if len(ws) == 0 {
		return nil
	}
	lines := breakWords(ws, size, width-indent, width)
	out := make([][]Run, len(lines))
	for i, line := range lines {
		x, avail := left, width
		if i == 0 {
			x, avail = left+indent, width-indent
		}
		nat, spaces := naturalWidth(line, size)
		extra := 0.0
		switch {
		case align == Center:
			x += (avail - nat) / 2
		case align == Right:
			x += avail - nat
		case align == Justify && i < len(lines)-1 && spaces > 0:
			extra = (avail - nat) / float64(spaces)
		}
		out[i] = runs(line, size, x, extra)
	}
	return out
}

// plain makes a one-span text.
func plain(s string) []markup.Span {
	return []markup.Span{{Text: s}}
}

// lineText returns a line's text: what a reader sees.
func lineText(rs []Run) string {
	var b strings.Builder
	for _, r := range rs {
		b.WriteString(r.Text)
	}
	return b.String()
}
