package generator

import (
	"archive/zip"
	"bytes"
	"compress/zlib"
	"encoding/hex"
	"encoding/xml"
	"io"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
	"unicode/utf16"
)

// This file reads text back out of the PDF and DOCX the writers produce, so
// tests can compare it with the input. It reads a PDF as a reader extracts
// text: the strings of the content streams are codes of the current font,
// two bytes each (Identity-H), mapped to text by the font's ToUnicode CMap.
// It knows only the PDF syntax our writer emits: "N 0 obj ... endobj"
// objects, compressed streams, a resource dictionary naming the fonts.

var (
	objectRE   = regexp.MustCompile(`(?s)(\d+) 0 obj(.*?)endobj`)
	streamRE   = regexp.MustCompile(`(?s)^(.*?)stream\r?\n(.*)\r?\nendstream`)
	fontDictRE = regexp.MustCompile(`(?s)/Font <<(.*?)>>`)
	fontRefRE  = regexp.MustCompile(`/(\w+) (\d+) 0 R`)
	toUniRE    = regexp.MustCompile(`/ToUnicode (\d+) 0 R`)
	bfcharRE   = regexp.MustCompile(`<([0-9A-Fa-f]+)> *<([0-9A-Fa-f]+)>`)
	bfrangeRE  = regexp.MustCompile(`<([0-9A-Fa-f]+)> *<([0-9A-Fa-f]+)> *<([0-9A-Fa-f]+)>`)
	tfRE       = regexp.MustCompile(`/(\w+) ([0-9.]+) Tf`)
	descRE     = regexp.MustCompile(`/DescendantFonts \[(\d+) 0 R\]`)
	wRE        = regexp.MustCompile(`(?s)/W \[(.*?)\]\s*(/|>>)`)
	dwRE       = regexp.MustCompile(`/DW (\d+)`)
)

// pdfObject is one object of a PDF: its dictionary and, if it has one, its
// stream, decompressed.
type pdfObject struct {
	dict   []byte
	stream []byte
}

// pdfObjects returns a PDF's objects by number, in file order.
func pdfObjects(t testing.TB, pdf []byte) (map[string]pdfObject, []string) {
	t.Helper()
	objs := map[string]pdfObject{}
	var order []string
	for _, m := range objectRE.FindAllSubmatch(pdf, -1) {
		o := pdfObject{dict: m[2]}
		if sm := streamRE.FindSubmatch(m[2]); sm != nil {
			o.dict = sm[1]
			o.stream = sm[2]
			if bytes.Contains(sm[1], []byte("/FlateDecode")) {
				r, err := zlib.NewReader(bytes.NewReader(sm[2]))
				if err != nil {
					t.Fatalf("object %s: %v", m[1], err)
				}
				if o.stream, err = io.ReadAll(r); err != nil {
					t.Fatalf("object %s: %v", m[1], err)
				}
			}
		}
		objs[string(m[1])] = o
		order = append(order, string(m[1]))
	}
	return objs, order
}

// pdfFont is what the text extraction needs of a font: the text of each
// two-byte code, from its ToUnicode CMap, and the code's advance in
// thousandths of the font size, from the CID font's /W and /DW.
type pdfFont struct {
	text  map[uint16]string
	width map[uint16]float64
	dw    float64
}

// advance is the width of a code, in thousandths of the font size.
func (f *pdfFont) advance(code uint16) float64 {
	if w, ok := f.width[code]; ok {
		return w
	}
	return f.dw
}

// cidWidths reads a CID font's /W array: "c [w1 w2 …]" and "c1 c2 w".
func cidWidths(t testing.TB, dict []byte) map[uint16]float64 {
	t.Helper()
	out := map[uint16]float64{}
	m := wRE.FindSubmatch(dict)
	if m == nil {
		return out
	}
	toks := strings.Fields(strings.NewReplacer("[", " [ ", "]", " ] ").Replace(string(m[1])))
	num := func(s string) float64 {
		f, err := strconv.ParseFloat(s, 64)
		if err != nil {
			t.Fatalf("/W holds %q", s)
		}
		return f
	}
	for i := 0; i < len(toks); {
		first := num(toks[i])
		if i+1 < len(toks) && toks[i+1] == "[" {
			i += 2
			for c := first; toks[i] != "]"; i, c = i+1, c+1 {
				out[uint16(c)] = num(toks[i])
			}
			i++
			continue
		}
		last, w := num(toks[i+1]), num(toks[i+2])
		for c := first; c <= last; c++ {
			out[uint16(c)] = w
		}
		i += 3
	}
	return out
}

// pdfFonts returns, for each font resource name, what its codes say and
// how wide they are.
func pdfFonts(t testing.TB, objs map[string]pdfObject) map[string]*pdfFont {
	t.Helper()
	fonts := map[string]*pdfFont{}
	for _, o := range objs {
		m := fontDictRE.FindSubmatch(o.dict)
		if m == nil {
			continue
		}
		for _, ref := range fontRefRE.FindAllSubmatch(m[1], -1) {
			tu := toUniRE.FindSubmatch(objs[string(ref[2])].dict)
			if tu == nil {
				t.Fatalf("font /%s (object %s) has no ToUnicode CMap", ref[1], ref[2])
			}
			f := &pdfFont{text: toUnicode(t, objs[string(tu[1])].stream), dw: 1000}
			if d := descRE.FindSubmatch(objs[string(ref[2])].dict); d != nil {
				cid := objs[string(d[1])].dict
				f.width = cidWidths(t, cid)
				if dw := dwRE.FindSubmatch(cid); dw != nil {
					f.dw, _ = strconv.ParseFloat(string(dw[1]), 64)
				}
			}
			fonts[string(ref[1])] = f
		}
	}
	return fonts
}

// toUnicode reads a ToUnicode CMap's bfchar and bfrange sections.
func toUnicode(t testing.TB, cmap []byte) map[uint16]string {
	t.Helper()
	codes := map[uint16]string{}
	hex16 := func(h []byte) []uint16 {
		u := make([]uint16, len(h)/4)
		for i := range u {
			v, err := strconv.ParseUint(string(h[4*i:4*i+4]), 16, 16)
			if err != nil {
				t.Fatalf("ToUnicode: %q: %v", h, err)
			}
			u[i] = uint16(v)
		}
		return u
	}
	for _, sec := range regexp.MustCompile(`(?s)beginbf(char|range)(.*?)endbf`).FindAllSubmatch(cmap, -1) {
		if string(sec[1]) == "char" {
			for _, m := range bfcharRE.FindAllSubmatch(sec[2], -1) {
				codes[hex16(m[1])[0]] = string(utf16.Decode(hex16(m[2])))
			}
			continue
		}
		for _, m := range bfrangeRE.FindAllSubmatch(sec[2], -1) {
			lo, hi, dst := hex16(m[1])[0], hex16(m[2])[0], hex16(m[3])
			for c := int(lo); c <= int(hi); c++ {
				d := slices.Clone(dst)
				d[len(d)-1] += uint16(c - int(lo))
				codes[uint16(c)] = string(utf16.Decode(d))
			}
		}
	}
	return codes
}

// pdfPages returns the lines of text on each page, in drawing order. A line
// ends where the next text operation moves to another baseline.
func pdfPages(t testing.TB, pdf []byte) [][]string {
	t.Helper()
	objs, order := pdfObjects(t, pdf)
	fonts := pdfFonts(t, objs)
	var pages [][]string
	for _, n := range order {
		content := objs[n].stream
		if !bytes.Contains(objs[n].dict, []byte("/Length1")) && bytes.Contains(content, []byte("BT ")) {
			pages = append(pages, contentLines(t, content, fonts))
		}
	}
	return pages
}

// contentLines extracts the text of one page's content stream. Runs on
// one baseline join into a line; a space stands between two that do not
// touch, such as a table's cells.
func contentLines(t testing.TB, c []byte, fonts map[string]*pdfFont) []string {
	t.Helper()
	var lines []string
	var cur strings.Builder
	lastY, lastEnd := "", 0.0
	var font *pdfFont
	size := 0.0
	for _, op := range bytes.Split(c, []byte("BT "))[1:] {
		end := bytes.Index(op, []byte(" ET"))
		if end < 0 {
			continue
		}
		op = op[:end]
		if m := tfRE.FindSubmatch(op); m != nil {
			if font = fonts[string(m[1])]; font == nil {
				t.Fatalf("content uses font /%s, which the page does not name", m[1])
			}
			size, _ = strconv.ParseFloat(string(m[2]), 64)
		}
		fields := bytes.Fields(op)
		// "x y Td" or "0 Tw x y Td": the y is the field before "Td".
		y, x := "", 0.0
		for i, f := range fields {
			if string(f) == "Td" && i >= 2 {
				y = string(fields[i-1])
				x, _ = strconv.ParseFloat(string(fields[i-2]), 64)
				break
			}
		}
		if y == "" {
			continue // a font change, no text
		}
		if y != lastY && cur.Len() > 0 {
			lines = append(lines, cur.String())
			cur.Reset()
		} else if y == lastY && x > lastEnd+0.5 {
			cur.WriteByte(' ')
		}
		lastY = y
		text, width := pdfStrings(t, op, font)
		cur.WriteString(text)
		lastEnd = x + width*size/1000
	}
	if cur.Len() > 0 {
		lines = append(lines, cur.String())
	}
	return lines
}

// pdfStrings decodes every string, literal (...) or hex <...>, in a text
// operation: two-byte codes of font, mapped to text by its ToUnicode CMap.
// It also returns the operation's advance in thousandths of the font size:
// the codes' widths less a TJ array's adjustments.
func pdfStrings(t testing.TB, op []byte, font *pdfFont) (string, float64) {
	t.Helper()
	var out strings.Builder
	width := 0.0
	for i := 0; i < len(op); i++ {
		var raw []byte
		switch op[i] {
		case '-', '.', '0', '1', '2', '3', '4', '5', '6', '7', '8', '9':
			// A number in a TJ array moves the next string back by
			// that many thousandths; numbers elsewhere (Td, Tw) stand
			// before the "[" or "(" and are not inside an array.
			j := i
			for j < len(op) && (op[j] == '-' || op[j] == '.' || op[j] >= '0' && op[j] <= '9') {
				j++
			}
			if bytes.Contains(op[:i], []byte("[")) {
				n, _ := strconv.ParseFloat(string(op[i:j]), 64)
				width -= n
			}
			i = j - 1
			continue
		case '(':
			for i++; i < len(op) && op[i] != ')'; i++ {
				if op[i] == '\\' && i+1 < len(op) {
					i++
					switch op[i] {
					case 'r':
						raw = append(raw, '\r')
					case 'n':
						raw = append(raw, '\n')
					default:
						raw = append(raw, op[i])
					}
					continue
				}
				raw = append(raw, op[i])
			}
		case '<':
			j := bytes.IndexByte(op[i:], '>')
			if j < 0 {
				t.Fatalf("unterminated hex string in %q", op)
			}
			var err error
			if raw, err = hex.DecodeString(string(op[i+1 : i+j])); err != nil {
				t.Fatalf("hex string in %q: %v", op, err)
			}
			i += j
		default:
			continue
		}
		if font == nil {
			t.Fatalf("text %q shown with no font set", raw)
		}
		if len(raw)%2 != 0 {
			t.Fatalf("string %q has an odd number of bytes for two-byte codes", raw)
		}
		for j := 0; j < len(raw); j += 2 {
			code := uint16(raw[j])<<8 | uint16(raw[j+1])
			text, ok := font.text[code]
			width += font.advance(code)
			if !ok {
				t.Fatalf("code %04X is not in the font's ToUnicode CMap", code)
			}
			out.WriteString(text)
		}
	}
	return out.String(), width
}

// pdfText is the document's text as a reader sees it: page numbers and the
// first-page footer left out, lines joined with spaces.
func pdfText(t testing.TB, pdf []byte, footer string) string {
	t.Helper()
	var b strings.Builder
	for i, lines := range pdfPages(t, pdf) {
		for _, l := range lines {
			if i > 0 && l == strconv.Itoa(i+1) {
				continue
			}
			// A line broken after a hyphen inside a word ("03/KH-")
			// continues the word on the next line.
			s := b.String()
			if b.Len() > 0 && !(strings.HasSuffix(s, "-") && !strings.HasSuffix(s, " -")) {
				b.WriteByte(' ')
			}
			b.WriteString(strings.TrimSpace(l))
		}
	}
	text := collapse(b.String())
	if footer != "" {
		text = strings.Replace(text, collapse(footer), "", 1)
	}
	return collapse(text)
}

// docxParagraphs returns the text of each non-empty paragraph of a part of
// a DOCX, in order; a line break counts as a space.
func docxParagraphs(t testing.TB, docx []byte, part string) []string {
	t.Helper()
	zr, err := zip.NewReader(bytes.NewReader(docx), int64(len(docx)))
	if err != nil {
		t.Fatalf("docx is not a zip: %v", err)
	}
	for _, f := range zr.File {
		if f.Name != part {
			continue
		}
		rc, err := f.Open()
		if err != nil {
			t.Fatal(err)
		}
		defer rc.Close()
		return xmlParagraphs(t, rc)
	}
	t.Fatalf("docx has no %s", part)
	return nil
}

func xmlParagraphs(t testing.TB, r io.Reader) []string {
	var paras []string
	var cur strings.Builder
	inText := false
	dec := xml.NewDecoder(r)
	for {
		tok, err := dec.Token()
		if err == io.EOF {
			break
		}
		if err != nil {
			t.Fatalf("docx XML is not well-formed: %v", err)
		}
		switch tok := tok.(type) {
		case xml.StartElement:
			switch tok.Name.Local {
			case "t":
				inText = true
			case "br":
				cur.WriteByte(' ')
			}
		case xml.EndElement:
			switch tok.Name.Local {
			case "t":
				inText = false
			case "p":
				if s := collapse(cur.String()); s != "" {
					paras = append(paras, s)
				}
				cur.Reset()
			}
		case xml.CharData:
			if inText {
				cur.Write(tok)
			}
		}
	}
	return paras
}

func collapse(s string) string { return strings.Join(strings.Fields(s), " ") }
