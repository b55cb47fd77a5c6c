package sign

import (
	"bytes"
	"fmt"
	"slices"
	"strconv"
	"strings"
)

// The PDF objects this package reads and writes (ISO 32000-1 §7.3). A
// string is kept as its bytes, a stream with its dictionary and its data as
// stored (still encoded).
type (
	object any // nil, bool, int64, float64, pdfString, name, array, dict, ref, *stream
	name   string
	array  []object
	dict   map[name]object
	ref    struct{ num, gen int }
	// pdfString is a string object; hex says it is written in hexadecimal.
	pdfString struct {
		b   []byte
		hex bool
	}
	stream struct {
		dict dict
		data []byte
	}
)

// maxDepth bounds the nesting of arrays and dictionaries a parser follows,
// so that a hostile file cannot exhaust the stack.
const maxDepth = 64

// parser reads objects from b starting at pos.
type parser struct {
	b     []byte
	pos   int
	depth int
}

func isSpace(c byte) bool {
	return c == ' ' || c == '\n' || c == '\r' || c == '\t' || c == '\f' || c == 0
}

func isDelim(c byte) bool { return strings.IndexByte("()<>[]{}/%", c) >= 0 }

// skip passes white space and comments.
func (p *parser) skip() {
	for p.pos < len(p.b) {
		c := p.b[p.pos]
		switch {
		case isSpace(c):
			p.pos++
		case c == '%':
			for p.pos < len(p.b) && p.b[p.pos] != '\n' && p.b[p.pos] != '\r' {
				p.pos++
			}
		default:
			return
		}
	}
}

// keyword reads a regular token: a number, true, false, null, R, obj...
func (p *parser) keyword() string {
	p.skip()
	start := p.pos
	for p.pos < len(p.b) && !isSpace(p.b[p.pos]) && !isDelim(p.b[p.pos]) {
		p.pos++
	}
	return string(p.b[start:p.pos])
}

func (p *parser) errorf(format string, args ...any) error {
	return fmt.Errorf("byte %d: "+format, append([]any{p.pos}, args...)...)
}

// value reads one object; a reference "n g R" is read as a ref.
func (p *parser) value() (object, error) {
	p.skip()
	if p.pos >= len(p.b) {
		return nil, p.errorf("unexpected end of file")
	}
	switch c := p.b[p.pos]; {
	case c == '/':
		return p.name()
	case c == '(':
		return p.literal()
	case c == '<' && p.pos+1 < len(p.b) && p.b[p.pos+1] == '<':
		return p.dictOrStream()
	case c == '<':
		return p.hex()
	case c == '[':
		return p.array()
	}
	start := p.pos
	tok := p.keyword()
	switch tok {
	case "":
		return nil, p.errorf("unexpected %q", p.b[p.pos])
	case "true":
		return true, nil
	case "false":
		return false, nil
	case "null":
		return nil, nil
	}
	if n, err := strconv.ParseInt(tok, 10, 64); err == nil {
		// Perhaps a reference: two integers and R.
		save := p.pos
		if g, err := strconv.Atoi(p.keyword()); err == nil && g >= 0 && n >= 0 && n < 1<<31 {
			if p.keyword() == "R" {
				return ref{int(n), g}, nil
			}
		}
		p.pos = save
		return n, nil
	}
	if f, err := strconv.ParseFloat(tok, 64); err == nil && !strings.ContainsAny(tok, "eEnNiIxX") {
		return f, nil
	}
	p.pos = start
	return nil, p.errorf("unexpected %q", tok)
}

func (p *parser) name() (object, error) {
	p.pos++ // '/'
	var b []byte
	for p.pos < len(p.b) && !isSpace(p.b[p.pos]) && !isDelim(p.b[p.pos]) {
		c := p.b[p.pos]
		if c == '#' && p.pos+2 < len(p.b) {
			if v, err := strconv.ParseUint(string(p.b[p.pos+1:p.pos+3]), 16, 8); err == nil {
				b = append(b, byte(v))
				p.pos += 3
				continue
			}
		}
		b = append(b, c)
		p.pos++
	}
	return name(b), nil
}

func (p *parser) literal() (object, error) {
	p.pos++ // '('
	var b []byte
	level := 1
	for p.pos < len(p.b) {
		c := p.b[p.pos]
		p.pos++
		switch c {
		case '(':
			level++
		case ')':
			level--
			if level == 0 {
				return pdfString{b: b}, nil
			}
		case '\\':
			if p.pos >= len(p.b) {
				break
			}
			e := p.b[p.pos]
			p.pos++
			switch e {
			case 'n':
				c = '\n'
			case 'r':
				c = '\r'
			case 't':
				c = '\t'
			case 'b':
				c = '\b'
			case 'f':
				c = '\f'
			case '\r':
				if p.pos < len(p.b) && p.b[p.pos] == '\n' {
					p.pos++
				}
				continue
			case '\n':
				continue
			default:
				if e >= '0' && e <= '7' {
					v := int(e - '0')
					for i := 0; i < 2 && p.pos < len(p.b) && p.b[p.pos] >= '0' && p.b[p.pos] <= '7'; i++ {
						v = v*8 + int(p.b[p.pos]-'0')
						p.pos++
					}
					c = byte(v)
				} else {
					c = e
				}
			}
		}
		b = append(b, c)
	}
	return nil, p.errorf("unterminated string")
}

func (p *parser) hex() (object, error) {
	p.pos++ // '<'
	end := bytes.IndexByte(p.b[p.pos:], '>')
	if end < 0 {
		return nil, p.errorf("unterminated hexadecimal string")
	}
	var digits []byte
	for _, c := range p.b[p.pos : p.pos+end] {
		if !isSpace(c) {
			digits = append(digits, c)
		}
	}
	p.pos += end + 1
	if len(digits)%2 == 1 {
		digits = append(digits, '0')
	}
	b := make([]byte, len(digits)/2)
	for i := range b {
		v, err := strconv.ParseUint(string(digits[2*i:2*i+2]), 16, 8)
		if err != nil {
			return nil, p.errorf("bad hexadecimal string")
		}
		b[i] = byte(v)
	}
	return pdfString{b: b, hex: true}, nil
}

func (p *parser) enter() error {
	p.depth++
	if p.depth > maxDepth {
		return p.errorf("objects nested more than %d deep", maxDepth)
	}
	return nil
}

func (p *parser) array() (object, error) {
	if err := p.enter(); err != nil {
		return nil, err
	}
	defer func() { p.depth-- }()
	p.pos++ // '['
	var a array
	for {
		p.skip()
		if p.pos >= len(p.b) {
			return nil, p.errorf("unterminated array")
		}
		if p.b[p.pos] == ']' {
			p.pos++
			return a, nil
		}
		v, err := p.value()
		if err != nil {
			return nil, err
		}
		a = append(a, v)
	}
}

// dictOrStream reads a dictionary and, if "stream" follows it, the
// stream's data, whose length is /Length (direct) or, for an indirect
// length, found by looking for "endstream".
func (p *parser) dictOrStream() (object, error) {
	if err := p.enter(); err != nil {
		return nil, err
	}
	defer func() { p.depth-- }()
	p.pos += 2 // "<<"
	d := dict{}
	for {
		p.skip()
		if p.pos+1 < len(p.b) && p.b[p.pos] == '>' && p.b[p.pos+1] == '>' {
			p.pos += 2
			break
		}
		if p.pos >= len(p.b) || p.b[p.pos] != '/' {
			return nil, p.errorf("dictionary key expected")
		}
		k, _ := p.name()
		v, err := p.value()
		if err != nil {
			return nil, err
		}
		d[k.(name)] = v
	}
	save := p.pos
	if p.keyword() != "stream" {
		p.pos = save
		return d, nil
	}
	// The data starts after CRLF or LF.
	if p.pos < len(p.b) && p.b[p.pos] == '\r' {
		p.pos++
	}
	if p.pos < len(p.b) && p.b[p.pos] == '\n' {
		p.pos++
	}
	start := p.pos
	if n, ok := d["Length"].(int64); ok && n >= 0 && int64(start)+n <= int64(len(p.b)) {
		end := start + int(n)
		q := parser{b: p.b, pos: end}
		if q.keyword() == "endstream" {
			p.pos = q.pos
			return &stream{dict: d, data: p.b[start:end]}, nil
		}
	}
	end := bytes.Index(p.b[start:], []byte("endstream"))
	if end < 0 {
		return nil, p.errorf("stream without endstream")
	}
	data := bytes.TrimRight(p.b[start:start+end], "\r\n")
	p.pos = start + end + len("endstream")
	return &stream{dict: d, data: data}, nil
}

// writeObject writes v in PDF syntax to b. Dictionaries are written with
// their keys sorted, so the same objects always give the same bytes.
func writeObject(b *bytes.Buffer, v object) {
	switch v := v.(type) {
	case nil:
		b.WriteString("null")
	case bool:
		b.WriteString(strconv.FormatBool(v))
	case int:
		b.WriteString(strconv.Itoa(v))
	case int64:
		b.WriteString(strconv.FormatInt(v, 10))
	case float64:
		s := strconv.FormatFloat(v, 'f', 4, 64)
		s = strings.TrimRight(strings.TrimRight(s, "0"), ".")
		if s == "-0" || s == "" {
			s = "0"
		}
		b.WriteString(s)
	case name:
		b.WriteByte('/')
		for _, c := range []byte(v) {
			if c <= ' ' || c >= 0x7f || c == '#' || isDelim(c) {
				fmt.Fprintf(b, "#%02X", c)
			} else {
				b.WriteByte(c)
			}
		}
	case pdfString:
		if v.hex {
			fmt.Fprintf(b, "<%X>", v.b)
			return
		}
		b.WriteByte('(')
		for _, c := range v.b {
			switch c {
			case '(', ')', '\\':
				b.WriteByte('\\')
				b.WriteByte(c)
			case '\r':
				b.WriteString(`\r`)
			default:
				b.WriteByte(c)
			}
		}
		b.WriteByte(')')
	case ref:
		fmt.Fprintf(b, "%d %d R", v.num, v.gen)
	case array:
		b.WriteByte('[')
		for i, e := range v {
			if i > 0 {
				b.WriteByte(' ')
			}
			writeObject(b, e)
		}
		b.WriteByte(']')
	case dict:
		b.WriteString("<<")
		for _, k := range slices.Sorted(keys(v)) {
			writeObject(b, k)
			b.WriteByte(' ')
			writeObject(b, v[k])
		}
		b.WriteString(">>")
	case *stream:
		v.dict["Length"] = int64(len(v.data))
		writeObject(b, v.dict)
		b.WriteString("\nstream\n")
		b.Write(v.data)
		b.WriteString("\nendstream")
	default:
		panic(fmt.Sprintf("sign: cannot write %T", v))
	}
}

func keys(d dict) func(func(name) bool) {
	return func(yield func(name) bool) {
		for k := range d {
			if !yield(k) {
				return
			}
		}
	}
}

// text returns a PDF text string: PDFDocEncoding's ASCII part as it is,
// anything else as UTF-16BE with a byte order mark.
func text(s string) pdfString {
	ascii := true
	for i := 0; i < len(s); i++ {
		if s[i] >= 0x7f || s[i] < ' ' {
			ascii = false
			break
		}
	}
	if ascii {
		return pdfString{b: []byte(s)}
	}
	b := []byte{0xfe, 0xff}
	for _, r := range s {
		if r >= 0x10000 {
			r -= 0x10000
			hi, lo := 0xd800+(r>>10), 0xdc00+(r&0x3ff)
			b = append(b, byte(hi>>8), byte(hi), byte(lo>>8), byte(lo))
			continue
		}
		b = append(b, byte(r>>8), byte(r))
	}
	return pdfString{b: b, hex: true}
}

// decodeText reads a PDF text string: UTF-16BE with a byte order mark,
// UTF-8 with one (PDF 2.0), or PDFDocEncoding taken as Latin-1.
func decodeText(b []byte) string {
	if len(b) >= 2 && b[0] == 0xfe && b[1] == 0xff {
		var rs []rune
		for i := 2; i+1 < len(b); i += 2 {
			u := rune(b[i])<<8 | rune(b[i+1])
			if u >= 0xd800 && u < 0xdc00 && i+3 < len(b) {
				lo := rune(b[i+2])<<8 | rune(b[i+3])
				u = 0x10000 + (u-0xd800)<<10 + (lo - 0xdc00)
				i += 2
			}
			rs = append(rs, u)
		}
		return string(rs)
	}
	if len(b) >= 3 && b[0] == 0xef && b[1] == 0xbb && b[2] == 0xbf {
		return string(b[3:])
	}
	rs := make([]rune, len(b))
	for i, c := range b {
		rs[i] = rune(c)
	}
	return string(rs)
}
