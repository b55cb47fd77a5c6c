package docx

import (
	"bytes"
	"fmt"
	"strings"
)

// xmlWriter writes XML elements. It closes what it opens, in order, and
// escapes text and attribute values in one place, so no caller writes a
// closing tag or an unescaped string by hand.
type xmlWriter struct {
	b    bytes.Buffer
	open []string
}

// start opens element name with attributes given as name, value pairs.
func (x *xmlWriter) start(name string, attrs ...string) {
	x.tag(name, attrs)
	x.b.WriteByte('>')
	x.open = append(x.open, name)
}

// empty writes element name with attributes and no content.
func (x *xmlWriter) empty(name string, attrs ...string) {
	x.tag(name, attrs)
	x.b.WriteString("/>")
}

func (x *xmlWriter) tag(name string, attrs []string) {
	if len(attrs)%2 != 0 {
		panic("docx: odd attribute list for " + name) // a programming error, caught by every test
	}
	x.b.WriteByte('<')
	x.b.WriteString(name)
	for i := 0; i < len(attrs); i += 2 {
		x.b.WriteByte(' ')
		x.b.WriteString(attrs[i])
		x.b.WriteString(`="`)
		escape(&x.b, attrs[i+1])
		x.b.WriteByte('"')
	}
}

// end closes the element opened last.
func (x *xmlWriter) end() {
	n := len(x.open) - 1
	x.b.WriteString("</")
	x.b.WriteString(x.open[n])
	x.b.WriteByte('>')
	x.open = x.open[:n]
}

// elem writes element name around what body writes.
func (x *xmlWriter) elem(name string, attrs []string, body func()) {
	x.start(name, attrs...)
	body()
	x.end()
}

// text writes character data.
func (x *xmlWriter) text(s string) { escape(&x.b, s) }

// raw writes markup that is already XML: the declaration.
func (x *xmlWriter) raw(s string) { x.b.WriteString(s) }

// bytes returns what was written, or an error if an element is still open.
func (x *xmlWriter) bytes() ([]byte, error) {
	if len(x.open) > 0 {
		return nil, fmt.Errorf("docx: unclosed elements %s", strings.Join(x.open, ", "))
	}
	return x.b.Bytes(), nil
}

// escape writes s as XML character data or an attribute value. Input was
// checked for control characters, which XML 1.0 cannot hold.
func escape(b *bytes.Buffer, s string) {
	last := 0
	for i := 0; i < len(s); i++ {
		var esc string
		switch s[i] {
		case '&':
			esc = "&amp;"
		case '<':
			esc = "&lt;"
		case '>':
			esc = "&gt;"
		case '"':
			esc = "&quot;"
		default:
			continue
		}
		b.WriteString(s[last:i])
		b.WriteString(esc)
		last = i + 1
	}
	b.WriteString(s[last:])
}
