// This file is not in upstream fpdf: it was added by the vanban fork (see
// FORK.md) so that a document embeds fonts as ISO 32000-1 §9.6.4 and §9.7.4
// describe them, and so that a cut font can be made once and embedded in
// many documents.

package fpdf

import (
	"bytes"
	"compress/zlib"
	"crypto/sha256"
	"encoding/binary"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"sync"
	"unicode/utf16"
)

// Subset is a UTF8Font cut to a set of runes, with everything a document
// needs to embed it already made: the cut font file, compressed; its widths;
// its ToUnicode CMap; its name. Register it with AddUTF8FontSubset.
//
// Text set in a Subset is written as CIDs that are the glyph ids of the cut
// font, so its CIDToGIDMap is /Identity, and the ToUnicode CMap maps each
// CID back to its rune. Upstream writes runes as CIDs and maps them to
// glyphs with a 128 KB CIDToGIDMap stream per face.
//
// A Subset depends only on its font and its runes, and is never modified
// after UTF8Font.Subset returns it, so any number of documents in any number
// of goroutines may share one: a caller may keep Subsets and reuse them.
type Subset struct {
	font      *UTF8Font
	name      string          // BaseFont and FontName: tag+PostScript name
	cid       map[rune]uint16 // each rune's CID, its glyph id in the cut font
	low       []uint16        // cid by rune for runes below len(low), 0 if none
	file      []byte          // the cut font, zlib-compressed
	length1   int             // the cut font's size uncompressed
	widths    string          // the /W array's contents, by CID
	toUnicode []byte          // the ToUnicode CMap, zlib-compressed
}

// Name returns the subset's PostScript name as the PDF gives it: a tag of
// six upper-case letters, a plus sign and the font's PostScript name. The
// tag is derived from the font and the runes, so the same subset has the
// same name in every document and different subsets different names.
func (s *Subset) Name() string { return s.name }

// Size returns the size in bytes of the cut font file, compressed, as it is
// embedded.
func (s *Subset) Size() int { return len(s.file) }

// Subset cuts the font to runes (in any order, repeats allowed; 0 is
// ignored). It fails if the font has no glyph for one of them: text in
// that rune could not be shown.
func (font *UTF8Font) Subset(runes []rune) (sub *Subset, err error) {
	// The cut walks the glyphs without bounds checks; ParseUTF8Font
	// checked the tables, not every glyph. Report a panic as an error.
	defer func() {
		if r := recover(); r != nil {
			sub, err = nil, fmt.Errorf("fpdf: cutting %s: %v", font.psName, r)
		}
	}()
	runes = slices.Clone(runes)
	slices.Sort(runes)
	runes = slices.Compact(runes)
	if len(runes) > 0 && runes[0] == 0 {
		runes = runes[1:]
	}
	used := make(map[int]int, len(runes))
	for _, r := range runes {
		if _, ok := font.cut.charSymbolDictionary[int(r)]; !ok {
			return nil, fmt.Errorf("fpdf: %s has no glyph for %U", font.psName, r)
		}
		used[int(r)] = int(r)
	}
	utf := &utf8FontFile{fileReader: &fileReader{array: font.data}, cut: font.cut}
	cut := utf.GenerateCutFont(used)
	if cut == nil {
		return nil, fmt.Errorf("fpdf: cutting %s failed", font.psName)
	}
	sub = &Subset{
		font:    font,
		name:    subsetTag(font, runes) + "+" + font.psName,
		cid:     make(map[rune]uint16, len(runes)),
		length1: len(cut),
	}
	for _, r := range runes {
		sub.cid[r] = uint16(utf.CodeSymbolDictionary[int(r)])
	}
	// A table for the runes of Latin and Vietnamese text: a map lookup for
	// every letter drawn costs more than the rest of drawing it.
	sub.low = make([]uint16, 0x2000)
	for r, c := range sub.cid {
		if int(r) < len(sub.low) {
			sub.low[r] = c
		}
	}
	sub.widths = sub.makeWidths(runes)
	if sub.file, err = compressBest(cut); err != nil {
		return nil, err
	}
	if sub.toUnicode, err = compressBest(sub.makeToUnicode(runes)); err != nil {
		return nil, err
	}
	return sub, nil
}

// subsetTag returns the six upper-case letters that name a subset: a hash
// of the font and of its runes, so that it is the same for the same subset
// and, but for a collision, different for different ones.
func subsetTag(font *UTF8Font, runes []rune) string {
	h := sha256.New()
	h.Write(font.digest[:])
	var b [4]byte
	for _, r := range runes {
		binary.BigEndian.PutUint32(b[:], uint32(r))
		h.Write(b[:])
	}
	sum := h.Sum(nil)
	tag := make([]byte, 6)
	for i := range tag {
		tag[i] = 'A' + sum[i]%26
	}
	return string(tag)
}

// cidOrder returns the runes in the order of their CIDs, one rune for each
// CID. Two runes drawn with the same glyph share a CID, and the ToUnicode
// CMap can give only one of them: the smaller.
func (s *Subset) cidOrder(runes []rune) []rune {
	out := make([]rune, 0, len(runes))
	seen := make(map[uint16]bool, len(runes))
	for _, r := range runes { // runes is sorted: the smaller comes first
		if !seen[s.cid[r]] {
			seen[s.cid[r]] = true
			out = append(out, r)
		}
	}
	slices.SortFunc(out, func(a, b rune) int { return int(s.cid[a]) - int(s.cid[b]) })
	return out
}

// makeWidths returns the /W array's contents: the width of each CID, in
// runs of consecutive CIDs ("c [w1 w2 ...]").
func (s *Subset) makeWidths(runes []rune) string {
	var b strings.Builder
	next := -1
	for _, r := range s.cidOrder(runes) {
		c := int(s.cid[r])
		w := 0
		if int(r) < len(s.font.cw) {
			w = s.font.cw[r]
		}
		if w == 65535 {
			w = 0
		}
		if c != next {
			if next >= 0 {
				b.WriteString("]\n")
			}
			b.WriteString(strconv.Itoa(c))
			b.WriteString(" [")
		} else {
			b.WriteByte(' ')
		}
		b.WriteString(strconv.Itoa(w))
		next = c + 1
	}
	if next >= 0 {
		b.WriteString("]")
	}
	return b.String()
}

// makeToUnicode returns the ToUnicode CMap (ISO 32000-1 §9.10.3): each CID
// to the UTF-16BE of its rune, in groups of at most 100 as the CMap format
// allows.
func (s *Subset) makeToUnicode(runes []rune) []byte {
	var b bytes.Buffer
	b.WriteString("/CIDInit /ProcSet findresource begin\n12 dict begin\nbegincmap\n" +
		"/CIDSystemInfo\n<</Registry (Adobe)\n/Ordering (UCS)\n/Supplement 0\n>> def\n" +
		"/CMapName /Adobe-Identity-UCS def\n/CMapType 2 def\n" +
		"1 begincodespacerange\n<0000> <FFFF>\nendcodespacerange\n")
	order := s.cidOrder(runes)
	for len(order) > 0 {
		n := min(len(order), 100)
		fmt.Fprintf(&b, "%d beginbfchar\n", n)
		for _, r := range order[:n] {
			fmt.Fprintf(&b, "<%04X> <", s.cid[r])
			for _, u := range utf16.Encode([]rune{r}) {
				fmt.Fprintf(&b, "%04X", u)
			}
			b.WriteString(">\n")
		}
		b.WriteString("endbfchar\n")
		order = order[n:]
	}
	b.WriteString("endcmap\nCMapName currentdict /CMap defineresource pop\nend\nend")
	return b.Bytes()
}

// bestPool holds zlib writers at their best compression for reuse: a new
// one allocates about a megabyte, which cost more than compressing a
// subset with it. Reset makes a used writer equivalent to a new one, so
// the output is unchanged. (vanban fork)
var bestPool sync.Pool

// compressBest compresses with zlib at its best compression: a subset is
// made once and embedded in many documents, so the time is well spent.
func compressBest(data []byte) ([]byte, error) {
	var b bytes.Buffer
	zw, _ := bestPool.Get().(*zlib.Writer)
	if zw != nil {
		zw.Reset(&b)
	} else {
		var err error
		if zw, err = zlib.NewWriterLevel(&b, zlib.BestCompression); err != nil {
			return nil, err
		}
	}
	if _, err := zw.Write(data); err != nil {
		return nil, fmt.Errorf("fpdf: compressing a subset: %w", err)
	}
	if err := zw.Close(); err != nil {
		return nil, fmt.Errorf("fpdf: compressing a subset: %w", err)
	}
	bestPool.Put(zw)
	return b.Bytes(), nil
}

// appendCIDs appends the CIDs of the runes of s, two bytes each, big-endian,
// escaped for a PDF literal string. It reports false, with the bytes
// appended so far, if the subset has no CID for a rune.
func (s *Subset) appendCIDs(b []byte, text string) ([]byte, rune, bool) {
	for _, r := range text {
		var c uint16
		if r >= 0 && int(r) < len(s.low) && s.low[r] != 0 {
			c = s.low[r]
		} else if c2, ok := s.cid[r]; ok {
			c = c2
		} else {
			return b, r, false
		}
		b = appendEscaped(appendEscaped(b, byte(c>>8)), byte(c))
	}
	return b, 0, true
}

// appendEscaped appends c to a PDF literal string as escape (the method)
// would: a backslash before \, ( and ), and \r for a carriage return.
func appendEscaped(b []byte, c byte) []byte {
	switch c {
	case '\\', '(', ')':
		return append(b, '\\', c)
	case '\r':
		return append(b, '\\', 'r')
	}
	return append(b, c)
}

// AddUTF8FontSubset registers a subset under a family and style, as
// AddUTF8FontParsed registers a whole font; see AddFont for familyStr and
// styleStr. Text drawn in it may use only the subset's runes: any other is
// an error of the document (see Error). The subset is only read.
//
// As with AddUTF8FontParsed, registering a family and style a second time
// does nothing.
func (f *Fpdf) AddUTF8FontSubset(familyStr, styleStr string, sub *Subset) {
	var font *UTF8Font
	if sub != nil {
		font = sub.font
	}
	f.addParsedFont("AddUTF8FontSubset", familyStr, styleStr, font, func(def fontDefType) fontDefType {
		def.usedRunes = map[int]int{}
		def.subset = sub
		return def
	})
}

// putSubset writes the objects of a font registered with AddUTF8FontSubset:
// the Type 0 font, its CIDFontType2 descendant, the ToUnicode CMap, the
// CIDSystemInfo, the descriptor and the font file. The cut font, its widths
// and its CMap were made by UTF8Font.Subset; only the object numbers are
// this document's.
func (f *Fpdf) putSubset(sub *Subset) {
	font := sub.font
	f.newobj()
	f.out("<</Type /Font\n/Subtype /Type0\n/BaseFont /" + sub.name +
		"\n/Encoding /Identity-H\n/DescendantFonts [" + strconv.Itoa(f.n+1) +
		" 0 R]\n/ToUnicode " + strconv.Itoa(f.n+2) + " 0 R>>\nendobj")

	f.newobj()
	f.out("<</Type /Font\n/Subtype /CIDFontType2\n/BaseFont /" + sub.name + "\n" +
		"/CIDSystemInfo " + strconv.Itoa(f.n+2) + " 0 R\n/FontDescriptor " + strconv.Itoa(f.n+3) + " 0 R")
	if font.desc.MissingWidth != 0 {
		f.out("/DW " + strconv.Itoa(font.desc.MissingWidth))
	}
	f.out("/W [" + sub.widths + "]")
	f.out("/CIDToGIDMap /Identity>>")
	f.out("endobj")

	f.newobj()
	f.out("<</Length " + strconv.Itoa(len(sub.toUnicode)) + "/Filter /FlateDecode>>")
	f.putSharedStream(sub.toUnicode)
	f.out("endobj")

	f.newobj()
	f.out("<</Registry (Adobe)\n/Ordering (Identity)\n/Supplement 0>>")
	f.out("endobj")

	d := font.desc
	f.newobj()
	var s fmtBuffer
	s.printf("<</Type /FontDescriptor /FontName /%s\n /Ascent %d", sub.name, d.Ascent)
	s.printf(" /Descent %d", d.Descent)
	s.printf(" /CapHeight %d", d.CapHeight)
	s.printf(" /Flags %d", (d.Flags|4)&^32) // symbolic, not non-symbolic
	s.printf("/FontBBox [%d %d %d %d] ", d.FontBBox.Xmin, d.FontBBox.Ymin, d.FontBBox.Xmax, d.FontBBox.Ymax)
	s.printf(" /ItalicAngle %d", d.ItalicAngle)
	s.printf(" /StemV %d", d.StemV)
	s.printf(" /MissingWidth %d", d.MissingWidth)
	s.printf("/FontFile2 %d 0 R>>", f.n+1)
	f.out(s.String())
	f.out("endobj")

	f.newobj()
	f.out("<</Length " + strconv.Itoa(len(sub.file)) + "\n/Filter /FlateDecode\n/Length1 " + strconv.Itoa(sub.length1) + "\n>>")
	f.putSharedStream(sub.file)
	f.out("endobj")
}

// putSharedStream writes a stream as putstream does, from bytes shared with
// other documents: it neither changes them nor copies them to a string.
func (f *Fpdf) putSharedStream(b []byte) {
	f.out("stream")
	must(f.buffer.Write(b))
	f.out("")
	f.out("endstream")
}

// postScriptName reads the font's PostScript name (nameID 6) from its name
// table, in the Windows Unicode or the Macintosh Roman record, and keeps
// only the characters a PDF name may hold unescaped.
func postScriptName(data []byte, t *tableDescription) (string, error) {
	if t == nil || t.position+6 > len(data) {
		return "", fmt.Errorf("no name table")
	}
	name := data[t.position : t.position+t.size]
	u16 := func(off int) int { return int(binary.BigEndian.Uint16(name[off:])) }
	count, strOff := u16(2), u16(4)
	for i := 0; i < count && 6+12*i+12 <= len(name); i++ {
		rec := 6 + 12*i
		platform, encoding, nameID := u16(rec), u16(rec+2), u16(rec+6)
		length, offset := u16(rec+8), u16(rec+10)
		start := strOff + offset
		if nameID != 6 || start+length > len(name) {
			continue
		}
		raw := name[start : start+length]
		var s string
		switch {
		case platform == 3 && (encoding == 1 || encoding == 0) && length%2 == 0:
			u := make([]uint16, length/2)
			for j := range u {
				u[j] = binary.BigEndian.Uint16(raw[2*j:])
			}
			s = string(utf16.Decode(u))
		case platform == 1 && encoding == 0:
			s = string(raw)
		default:
			continue
		}
		s = strings.Map(func(r rune) rune {
			if r <= ' ' || r > '~' || strings.ContainsRune("()<>[]{}/%#", r) {
				return -1
			}
			return r
		}, s)
		if s != "" {
			return s, nil
		}
	}
	return "", fmt.Errorf("no PostScript name (nameID 6)")
}
