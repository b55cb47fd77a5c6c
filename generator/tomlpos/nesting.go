package tomlpos

// Nesting returns the first place where src nests deeper than max, and
// true; or false when it never does. It reads src in one pass, in time
// linear in its length and constant memory, without decoding it, so that
// a caller can refuse a hostile document before a decoder spends time or
// memory on it (BurntSushi/toml takes time and memory growing with the
// square of the depth).
//
// A level is an array or inline table that is open ("[", "{"), or a part
// of a dotted key but the last: "a.b.c = 1" is two levels deep (the tables
// a and b), and a key under the header [x.y] or [[x.y]] starts as deep as
// the header goes. Brackets,
// braces and dots inside strings and comments do not count. The number
// after "=" in "x = 1.5" counts as a dotted key would, one level more,
// which does not matter for any sensible max.
func Nesting(src []byte, max int) (Pos, bool) {
	n := nester{src: src, line: 1, col: 1, lineStart: true}
	n.off = bomLen(src)
	return n.run(max)
}

type nester struct {
	src       []byte
	off       int
	line, col int
	open      []int // dots before each array or inline table open
	levels    int   // levels of the open ones and of the keys they are under
	dots      int   // dots since the last "=", ",", bracket or newline
	key       int   // dots of the key whose value is being read
	base      int   // levels of the last table header
	header    bool  // inside a table header
	headerMax int   // deepest level of the header being read
	lineStart bool  // nothing but blanks since the last newline
}

func (n *nester) run(max int) (Pos, bool) {
	for n.off < len(n.src) {
		c := n.src[n.off]
		switch {
		case c == '#':
			n.skipTo("\n")
			continue
		case c == '"' || c == '\'':
			n.skipString(c)
			n.lineStart = false
			continue
		case c == '[' || c == '{':
			if c == '[' && len(n.open) == 0 && n.lineStart {
				n.header, n.headerMax = true, 0
			}
			// "a.b = {": the table a holds the new one.
			n.open = append(n.open, n.key+n.dots)
			n.levels += 1 + n.key + n.dots
			n.key, n.dots = 0, 0
		case c == ']' || c == '}':
			if k := len(n.open); k > 0 {
				n.levels -= 1 + n.open[k-1]
				n.open = n.open[:k-1]
			}
			n.key, n.dots = 0, 0
			if n.header && len(n.open) == 0 {
				n.header, n.base = false, n.headerMax
			}
		case c == '.':
			n.dots++
		case c == '=':
			n.key, n.dots = n.dots, 0
		case c == ',' || c == '\n':
			n.key, n.dots = 0, 0
		}
		if d := n.level(); d > max {
			return Pos{n.line, n.col}, true
		}
		if c != ' ' && c != '\t' && c != '\r' && c != '\n' {
			n.lineStart = false
		}
		n.step()
	}
	return Pos{}, false
}

// level is how deep the current place is.
func (n *nester) level() int {
	if n.header {
		d := n.levels + n.dots
		n.headerMax = max(n.headerMax, d)
		return d
	}
	return n.base + n.levels + n.key + n.dots
}

// step moves past one byte, counting lines and columns in runes.
func (n *nester) step() {
	if n.off >= len(n.src) {
		return
	}
	c := n.src[n.off]
	n.off++
	switch {
	case c == '\n':
		n.line++
		n.col = 1
		n.lineStart = true
	case c&0xC0 != 0x80: // not a continuation byte
		n.col++
	}
}

// skipTo moves up to the next occurrence of end, or to the end of src.
func (n *nester) skipTo(end string) {
	for n.off < len(n.src) && !n.has(end) {
		n.step()
	}
}

func (n *nester) has(s string) bool {
	return len(n.src)-n.off >= len(s) && string(n.src[n.off:n.off+len(s)]) == s
}

// skipString moves past a string opened by q: basic or literal, on one
// line or three-quoted on several.
func (n *nester) skipString(q byte) {
	three := string([]byte{q, q, q})
	if n.has(three) {
		for range 3 {
			n.step()
		}
		for n.off < len(n.src) {
			if q == '"' && n.src[n.off] == '\\' {
				n.step()
			} else if n.has(three) {
				// A closing run may be up to five quotes: the last three close.
				for n.off < len(n.src) && n.src[n.off] == q {
					n.step()
				}
				return
			}
			if n.off < len(n.src) {
				n.step()
			}
		}
		return
	}
	n.step()
	for n.off < len(n.src) {
		c := n.src[n.off]
		switch {
		case c == '\n':
			return // unterminated: the decoder will say so
		case q == '"' && c == '\\':
			n.step()
			if n.off < len(n.src) && n.src[n.off] == '\n' {
				return
			}
		case c == q:
			n.step()
			return
		}
		n.step()
	}
}
