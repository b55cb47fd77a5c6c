package markup

import "strings"

// Inline parses inline emphasis in one paragraph's text. It reads the
// asterisks and backslashes of s and leaves every other byte as it is,
// white space included. Inline returns nil for an empty s, and at least
// one span otherwise.
func Inline(s string) []Span {
	toks := tokenize(s)
	match(toks)
	return merge(render(toks))
}

// Text returns the plain text of spans (what a reader sees), concatenated.
func Text(spans []Span) string {
	var b strings.Builder
	for _, s := range spans {
		b.WriteString(s.Text)
	}
	return b.String()
}

// A token is literal text or a run of one to three asterisks.
type token struct {
	text string // the literal text, or the run's asterisks
	run  bool
	flip Style // for a run: the styles it switches, once matched
}

// tokenize splits s into literal text and runs, and reads escapes.
func tokenize(s string) []token {
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
			// Plain text up to the next asterisk or backslash, at once.
			j := strings.IndexAny(s[i+1:], `*\`)
			if j < 0 {
				j = len(s)
			} else {
				j += i + 1
			}
			text.WriteString(s[i:j])
			i = j
		}
	}
	flush()
	return toks
}

// match decides which runs take effect. A run of one asterisk switches
// italic, of two bold, of three both. The switches of one style pair off in
// order, the first with the second, the third with the fourth; if their
// number is odd, the last never closes, so it does not take effect and its
// asterisks stay literal.
func match(toks []token) {
	for _, style := range []Style{Bold, Italic} {
		last, n := -1, 0
		for i, t := range toks {
			if t.run && switches(len(t.text))&style != 0 {
				toks[i].flip |= style
				last = i
				n++
			}
		}
		if n%2 == 1 {
			toks[last].flip &^= style
		}
	}
}

// switches returns the styles that a run of n asterisks switches.
func switches(n int) Style {
	switch n {
	case 1:
		return Italic
	case 2:
		return Bold
	}
	return Bold | Italic
}

// render turns matched tokens into spans, which may be empty and may share
// a style with their neighbours.
func render(toks []token) []Span {
	spans := make([]Span, 0, len(toks))
	var cur Style
	for _, t := range toks {
		if !t.run {
			spans = append(spans, Span{t.text, cur})
			continue
		}
		// The asterisks a run does not use go between the styles it
		// closes and those it opens, so that they stay outside both:
		// "***a**" prints "*" and then bold "a".
		used := 0
		if t.flip&Bold != 0 {
			used += 2
		}
		if t.flip&Italic != 0 {
			used++
		}
		opening := t.flip &^ cur
		cur &^= t.flip
		spans = append(spans, Span{t.text[used:], cur})
		cur |= opening
	}
	return spans
}

// merge drops the empty spans and joins each run of spans of one style into
// one span. It reuses the array of spans.
func merge(spans []Span) []Span {
	out := spans[:0]
	for _, s := range spans {
		if s.Text != "" {
			out = append(out, s)
		}
	}
	n := 0
	for k := 0; k < len(out); {
		j := k + 1
		for j < len(out) && out[j].Style == out[k].Style {
			j++
		}
		if j > k+1 {
			// Joining the run at once rather than span by span keeps a
			// long paragraph of many marks from taking quadratic time.
			out[k].Text = Text(out[k:j])
		}
		out[n] = out[k]
		n++
		k = j
	}
	if n == 0 {
		return nil
	}
	return out[:n]
}

// restyle adds style to every span. It reuses the array of spans.
func restyle(spans []Span, style Style) []Span {
	for k := range spans {
		spans[k].Style |= style
	}
	return merge(spans)
}

// bold returns s as one bold span.
func bold(s string) []Span {
	return []Span{{s, Bold}}
}
