// Package tomlpos finds where a key is written in a TOML document, so that
// errors found after decoding can point at a line and column.
//
// The TOML decoder reports syntax errors with positions, but once a document
// has been decoded, the values carry no record of where they were written.
// Scan reads the source text a second time and records the position of every
// key, table header, value and array element, so that a check made on the
// decoded values (a number out of range, an unknown or missing key) can be
// reported against the text the user wrote.
//
// Key paths are given as their parts, unquoted and unescaped, as the decoder
// reports them: the key written as
//
//	[page.margins]
//	"top" = 20
//
// has the path "page", "margins", "top". An element of an array, or of an
// array of tables, is named by the array's path followed by the element's
// decimal index: the second [[rows]] table is "rows", "1", and its key name is
// "rows", "1", "name".
//
// Scan accepts TOML 1.0 as well as the TOML 1.1 additions understood by the
// decoder (newlines, comments and trailing commas in inline tables, and the \e
// and \xHH escapes). It does not validate the document: it is meant to be run
// on text the decoder has already accepted, and on anything else it records
// what it can.
package tomlpos

import (
	"bytes"
	"strconv"
	"strings"
	"unicode/utf8"
)

// Pos is a 1-based line and column (column counted in runes, tabs count as one).
//
// Lines are separated by '\n'; a '\r' before it is an ordinary character of
// the line. A byte order mark at the start of the document is not counted,
// and each byte of an invalid UTF-8 sequence counts as one column.
type Pos struct{ Line, Col int }

// String returns the position in the form "line:col".
func (p Pos) String() string {
	return strconv.Itoa(p.Line) + ":" + strconv.Itoa(p.Col)
}

// Index records where each key of a TOML document is defined.
//
// An Index is created by Scan and is not modified afterwards, so it is safe
// for concurrent use.
type Index struct {
	// Key paths are numbered as the nodes of a trie: the root, the empty
	// path, is 0, and ids maps a path and one more part to its number.
	ids    map[edge]int
	keys   map[int]keyPos
	values map[int]Pos
}

// edge names the path made of the path numbered parent and one more part.
type edge struct {
	parent int
	part   string
}

// keyPos is the recorded position of a key. A key is explicit where it is
// defined (the last part of a key or header) and implicit where it is only
// crossed on the way to another key (the "a" of "a.b = 1" or of "[a.b]").
type keyPos struct {
	pos      Pos
	explicit bool
}

// Scan indexes src. It never fails: src is meant to have been accepted by a
// TOML decoder already, and on text it cannot follow, Scan records what it
// could and goes on with the next line.
//
// Where a key is written more than once, as a table crossed by several
// headers or dotted keys, or as an array of tables, the first place that
// defines it is recorded; a place that only crosses it is recorded only if
// nothing defines it. For example, in
//
//	[a.b]
//	[a]
//
// the key "a" is at line 2, while both "a" and "a", "0" of a series of [[a]]
// tables are at the first header.
func Scan(src []byte) *Index {
	s := &scanner{
		src:  src,
		line: 1,
		col:  1,
		ix: &Index{
			ids:    make(map[edge]int),
			keys:   make(map[int]keyPos),
			values: make(map[int]Pos),
		},
		tables: make(map[int]int),
	}
	s.off = bomLen(src)
	s.document()
	return s.ix
}

// Key returns the position of the key with the given path, such as
// ("page", "margins", "top") or ("date"): the position of the first character
// of the key's last part as written, which for a quoted key is the opening
// quote. The boolean is false if the key is not written in the document.
//
// A table that is only implied by a header or a dotted key, such as "page" in
// [page.margins], is written there and is found. An element of an array of
// tables ("rows", "1") is at the last part of its [[rows]] header; an element
// of an inline array has no key and is found only by Value.
func (ix *Index) Key(path ...string) (Pos, bool) {
	id, ok := ix.lookup(path)
	if !ok {
		return Pos{}, false
	}
	k, ok := ix.keys[id]
	return k.pos, ok
}

// Value returns the position of the first character of the value of the key
// with the given path, after the '=' and any spaces. The elements of an array
// are named by the array's path followed by their decimal index, so that
// Value("recipients", "2") is the position of the third element of the
// recipients array. The boolean is false if the value is not written in the
// document.
//
// Tables defined by a header have no value; for them, and for the elements of
// an array of tables, use Key.
func (ix *Index) Value(path ...string) (Pos, bool) {
	id, ok := ix.lookup(path)
	if !ok {
		return Pos{}, false
	}
	p, ok := ix.values[id]
	return p, ok
}

// Nearest returns the position of the longest prefix of path that is written
// in the document, and the length of that prefix. It is meant for reporting a
// missing key: the error can point at the header of the table that lacks it.
// If no prefix of path is written, Nearest returns Pos{1, 1} and 0.
//
// A prefix is written if Key finds it or, failing that, if Value finds it (an
// element of an inline array); Nearest returns the position that Key, or else
// Value, returns for it.
func (ix *Index) Nearest(path ...string) (Pos, int) {
	if ix == nil {
		return Pos{1, 1}, 0
	}
	ids := make([]int, 0, len(path))
	id := 0
	for _, part := range path {
		next, ok := ix.ids[edge{id, part}]
		if !ok {
			break
		}
		id = next
		ids = append(ids, id)
	}
	for n := len(ids); n > 0; n-- {
		if k, ok := ix.keys[ids[n-1]]; ok {
			return k.pos, n
		}
		if p, ok := ix.values[ids[n-1]]; ok {
			return p, n
		}
	}
	return Pos{1, 1}, 0
}

// lookup returns the number of a non-empty path.
func (ix *Index) lookup(path []string) (int, bool) {
	if ix == nil || len(path) == 0 {
		return 0, false
	}
	id := 0
	for _, part := range path {
		next, ok := ix.ids[edge{id, part}]
		if !ok {
			return 0, false
		}
		id = next
	}
	return id, true
}

// child returns the number of the path made of the path numbered parent and
// part, numbering it if it is new.
func (ix *Index) child(parent int, part string) int {
	e := edge{parent, part}
	id, ok := ix.ids[e]
	if !ok {
		id = len(ix.ids) + 1
		ix.ids[e] = id
	}
	return id
}

func (ix *Index) addKey(id int, p Pos, explicit bool) {
	if old, ok := ix.keys[id]; ok && (old.explicit || !explicit) {
		return
	}
	ix.keys[id] = keyPos{p, explicit}
}

func (ix *Index) addValue(id int, p Pos) {
	if _, ok := ix.values[id]; !ok {
		ix.values[id] = p
	}
}

// maxDepth bounds the nesting of arrays and inline tables, so that hostile
// input cannot exhaust the stack.
const maxDepth = 1000

var (
	quote3 = []byte(`"""`)
	apos3  = []byte("'''")
)

// bomLen returns the length of the byte order mark that src starts with, or
// 0. Like the decoder, it accepts the UTF-16 marks as well as the UTF-8 one.
func bomLen(src []byte) int {
	switch {
	case bytes.HasPrefix(src, []byte("\xEF\xBB\xBF")):
		return 3
	case bytes.HasPrefix(src, []byte("\xFE\xFF")), bytes.HasPrefix(src, []byte("\xFF\xFE")):
		return 2
	}
	return 0
}

// eof is returned by peek at the end of the input.
const eof = -1

type scanner struct {
	src       []byte
	off       int
	line, col int
	depth     int

	ix     *Index
	cur    int         // path of the table named by the last header
	tables map[int]int // number of tables in each array of tables
}

func (s *scanner) pos() Pos { return Pos{s.line, s.col} }

// peek returns the byte at the current offset, or eof.
func (s *scanner) peek() int {
	if s.off >= len(s.src) {
		return eof
	}
	return int(s.src[s.off])
}

// peekAt returns the byte n bytes past the current offset, or eof.
func (s *scanner) peekAt(n int) int {
	if s.off+n >= len(s.src) {
		return eof
	}
	return int(s.src[s.off+n])
}

// hasPrefix reports whether the input continues with t.
func (s *scanner) hasPrefix(t []byte) bool {
	return bytes.HasPrefix(s.src[s.off:], t)
}

// next advances past one rune, or one byte of invalid UTF-8.
func (s *scanner) next() {
	if s.off >= len(s.src) {
		return
	}
	c := s.src[s.off]
	if c < utf8.RuneSelf {
		s.off++
		if c == '\n' {
			s.line++
			s.col = 1
			return
		}
	} else {
		_, n := utf8.DecodeRune(s.src[s.off:])
		s.off += n
	}
	s.col++
}

// advance calls next n times.
func (s *scanner) advance(n int) {
	for ; n > 0; n-- {
		s.next()
	}
}

// skipSpace skips spaces and tabs (and carriage returns, which TOML allows
// only before a newline).
func (s *scanner) skipSpace() {
	for {
		switch s.peek() {
		case ' ', '\t', '\r':
			s.next()
		default:
			return
		}
	}
}

// skipComment skips a comment, if one starts here, up to the newline.
func (s *scanner) skipComment() {
	if s.peek() != '#' {
		return
	}
	for c := s.peek(); c != eof && c != '\n'; c = s.peek() {
		s.next()
	}
}

// skipBlank skips white space, newlines and comments.
func (s *scanner) skipBlank() {
	for {
		switch s.peek() {
		case ' ', '\t', '\r', '\n':
			s.next()
		case '#':
			s.skipComment()
		default:
			return
		}
	}
}

// skipLine skips to the start of the next line.
func (s *scanner) skipLine() {
	for {
		switch s.peek() {
		case eof:
			return
		case '\n':
			s.next()
			return
		}
		s.next()
	}
}

// document scans the whole input: a sequence of table headers and key/value
// pairs, one per line.
func (s *scanner) document() {
	for {
		s.skipBlank()
		if s.peek() == eof {
			return
		}
		if s.peek() == '[' {
			s.header()
		} else {
			s.keyValue(s.cur)
		}
		// Whatever is left of the line is a comment or cannot be followed;
		// skipLine also guarantees progress.
		s.skipLine()
	}
}

// header scans a [table] or [[array of tables]] header and makes it the
// current table.
func (s *scanner) header() {
	s.next() // [
	arr := false
	if s.peek() == '[' {
		s.next()
		arr = true
	}
	parts, poss, ok := s.key()
	if !ok {
		return
	}
	s.skipSpace()
	if s.peek() != ']' {
		return
	}
	s.next()
	if arr {
		if s.peek() != ']' {
			return
		}
		s.next()
	}

	id := 0
	for i, part := range parts {
		last := i == len(parts)-1
		id = s.ix.child(id, part)
		if last && arr {
			s.ix.addKey(id, poss[i], true)
			s.tables[id]++
			id = s.ix.child(id, strconv.Itoa(s.tables[id]-1))
			s.ix.addKey(id, poss[i], true)
			break
		}
		s.ix.addKey(id, poss[i], last)
		if n := s.tables[id]; n > 0 {
			// A header through an array of tables names its last table.
			id = s.ix.child(id, strconv.Itoa(n-1))
			s.ix.addKey(id, poss[i], false)
		}
	}
	s.cur = id
}

// keyValue scans "key = value" in the table numbered table.
func (s *scanner) keyValue(table int) bool {
	parts, poss, ok := s.key()
	if !ok {
		return false
	}
	id := table
	for i, part := range parts {
		id = s.ix.child(id, part)
		s.ix.addKey(id, poss[i], i == len(parts)-1)
	}
	s.skipSpace()
	if s.peek() != '=' {
		return false
	}
	s.next()
	s.skipSpace()
	return s.value(id)
}

// key scans a possibly dotted key, returning its parts and their positions.
func (s *scanner) key() (parts []string, poss []Pos, ok bool) {
	for {
		s.skipSpace()
		p := s.pos()
		var part string
		switch c := s.peek(); {
		case c == '"':
			part, ok = s.basicString(true)
		case c == '\'':
			part, ok = s.literalString()
		case isBareKeyByte(c):
			start := s.off
			for isBareKeyByte(s.peek()) {
				s.next()
			}
			part, ok = string(s.src[start:s.off]), true
		default:
			ok = false
		}
		if !ok {
			return nil, nil, false
		}
		parts = append(parts, part)
		poss = append(poss, p)
		s.skipSpace()
		if s.peek() != '.' {
			return parts, poss, true
		}
		s.next()
	}
}

// isBareKeyByte reports whether c may be part of a bare key. TOML allows only
// ASCII letters, digits, '_' and '-'; any non-ASCII byte is accepted too, so
// that a key is still found where a later version of TOML might allow it.
func isBareKeyByte(c int) bool {
	return 'A' <= c && c <= 'Z' || 'a' <= c && c <= 'z' || '0' <= c && c <= '9' ||
		c == '_' || c == '-' || c >= utf8.RuneSelf
}

// value scans a value and records its position, and those of its elements
// and keys, under the path numbered id.
func (s *scanner) value(id int) bool {
	p := s.pos()
	var ok bool
	switch c := s.peek(); c {
	case '"':
		if s.hasPrefix(quote3) {
			ok = s.multiline('"')
		} else {
			_, ok = s.basicString(false)
		}
	case '\'':
		if s.hasPrefix(apos3) {
			ok = s.multiline('\'')
		} else {
			_, ok = s.literalString()
		}
	case '[':
		s.ix.addValue(id, p)
		return s.array(id)
	case '{':
		s.ix.addValue(id, p)
		return s.inlineTable(id)
	default:
		ok = s.scalar()
	}
	if ok {
		s.ix.addValue(id, p)
	}
	return ok
}

// scalar scans a number, boolean, date or time.
func (s *scanner) scalar() bool {
	start := s.off
	for {
		switch s.peek() {
		case eof, '\t', '\r', '\n', ',', ']', '}', '#', '[', '{', '"', '\'', '=':
			return s.off > start
		case ' ':
			// A local date and a time may be separated by a space:
			// 1979-05-27 07:32:00.
			if isDate(s.src[start:s.off]) && isDigit(s.peekAt(1)) {
				s.next()
				continue
			}
			return s.off > start
		}
		s.next()
	}
}

func isDigit(c int) bool { return '0' <= c && c <= '9' }

// isDate reports whether b is a date, YYYY-MM-DD.
func isDate(b []byte) bool {
	if len(b) != 10 || b[4] != '-' || b[7] != '-' {
		return false
	}
	for i, c := range b {
		if i != 4 && i != 7 && !isDigit(int(c)) {
			return false
		}
	}
	return true
}

// array scans an array, recording each element under the path numbered id
// and the element's index.
func (s *scanner) array(id int) bool {
	if s.depth >= maxDepth {
		return false
	}
	s.depth++
	defer func() { s.depth-- }()

	s.next() // [
	for i := 0; ; i++ {
		s.skipBlank()
		switch s.peek() {
		case eof:
			return false
		case ']':
			s.next()
			return true
		}
		if !s.value(s.ix.child(id, strconv.Itoa(i))) {
			return false
		}
		s.skipBlank()
		switch s.peek() {
		case ',':
			s.next()
		case ']':
			s.next()
			return true
		default:
			return false
		}
	}
}

// inlineTable scans an inline table, recording its keys under the path
// numbered id.
func (s *scanner) inlineTable(id int) bool {
	if s.depth >= maxDepth {
		return false
	}
	s.depth++
	defer func() { s.depth-- }()

	s.next() // {
	for {
		s.skipBlank()
		switch s.peek() {
		case eof:
			return false
		case '}':
			s.next()
			return true
		}
		if !s.keyValue(id) {
			return false
		}
		s.skipBlank()
		switch s.peek() {
		case ',':
			s.next()
		case '}':
			s.next()
			return true
		default:
			return false
		}
	}
}

// basicString scans a single-line "basic string". If decode is set, it
// returns the string's value with escapes replaced.
func (s *scanner) basicString(decode bool) (string, bool) {
	s.next() // "
	var b strings.Builder
	for {
		c := s.peek()
		switch c {
		case eof, '\n':
			return "", false
		case '"':
			s.next()
			return b.String(), true
		case '\\':
			s.next()
			if !s.escape(&b, decode) {
				return "", false
			}
			continue
		}
		start := s.off
		s.next()
		if decode {
			b.Write(s.src[start:s.off])
		}
	}
}

// escape scans an escape sequence after its backslash, appending its value
// to b if decode is set.
func (s *scanner) escape(b *strings.Builder, decode bool) bool {
	c := s.peek()
	if c == eof || c == '\n' {
		return false
	}
	s.next()
	var r rune
	switch c {
	case 'b':
		r = '\b'
	case 't':
		r = '\t'
	case 'n':
		r = '\n'
	case 'f':
		r = '\f'
	case 'r':
		r = '\r'
	case 'e':
		r = 0x1b
	case 'x', 'u', 'U':
		n := 2
		switch c {
		case 'u':
			n = 4
		case 'U':
			n = 8
		}
		start := s.off
		for i := 0; i < n && isHex(s.peek()); i++ {
			s.next()
		}
		v, err := strconv.ParseUint(string(s.src[start:s.off]), 16, 32)
		if err != nil || s.off-start != n || !utf8.ValidRune(rune(v)) {
			r = utf8.RuneError
		} else {
			r = rune(v)
		}
	default:
		// '"', '\\', and anything invalid, which stands for itself.
		r = rune(c)
		if c >= utf8.RuneSelf {
			r = utf8.RuneError
		}
	}
	if decode {
		b.WriteRune(r)
	}
	return true
}

func isHex(c int) bool {
	return isDigit(c) || 'a' <= c && c <= 'f' || 'A' <= c && c <= 'F'
}

// literalString scans a single-line 'literal string' and returns its value.
func (s *scanner) literalString() (string, bool) {
	s.next() // '
	start := s.off
	for {
		switch s.peek() {
		case eof, '\n':
			return "", false
		case '\'':
			v := string(s.src[start:s.off])
			s.next()
			return v, true
		}
		s.next()
	}
}

// multiline scans a multi-line string delimited by three q characters: a
// basic string (q is a double quote), in which a backslash escapes the next
// character, or a literal string (q is a single quote).
func (s *scanner) multiline(q byte) bool {
	delim := quote3
	if q == '\'' {
		delim = apos3
	}
	s.advance(3)
	for {
		switch c := s.peek(); {
		case c == eof:
			return false
		case c == '\\' && q == '"':
			s.advance(2)
		case c == int(q) && s.hasPrefix(delim):
			// Up to two quotes may end the content just before the
			// closing delimiter: """a""""" is `a""`.
			s.advance(3)
			for i := 0; i < 2 && s.peek() == int(q); i++ {
				s.next()
			}
			return true
		default:
			s.next()
		}
	}
}
