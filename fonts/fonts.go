// Package fonts embeds Liberation Serif 2.x, the freely licensed face with the
// metrics of Times New Roman, and reads the few numbers layout needs from it:
// advance widths and line metrics.
//
// The PDF writer embeds these files; the DOCX writer names Times New Roman,
// which Word draws with the same widths, so lines break at the same words in
// both. The licence is in the LICENSE file beside this one (SIL OFL 1.1).
package fonts

import (
	_ "embed"
	"encoding/binary"
	"errors"
	"fmt"
	"sync"
	"unicode"
)

// Style selects one of the four embedded faces.
type Style uint8

// The four faces. Bold and Italic combine.
const (
	Regular Style = 0
	Bold    Style = 1
	Italic  Style = 2
	// BoldItalic is Bold|Italic.
	BoldItalic Style = Bold | Italic
)

// String returns the style as fpdf spells it: "", "B", "I" or "BI".
func (s Style) String() string {
	return [...]string{"", "B", "I", "BI"}[s&3]
}

var (
	//go:embed LiberationSerif-Regular.ttf
	regularTTF []byte
	//go:embed LiberationSerif-Bold.ttf
	boldTTF []byte
	//go:embed LiberationSerif-Italic.ttf
	italicTTF []byte
	//go:embed LiberationSerif-BoldItalic.ttf
	boldItalicTTF []byte
)

// TTF returns the font file of a style. The bytes are shared: do not modify them.
func TTF(s Style) []byte {
	return [...][]byte{regularTTF, boldTTF, italicTTF, boldItalicTTF}[s&3]
}

// Face holds the metrics of one face, in font units.
type Face struct {
	UnitsPerEm int
	Ascent     int // hhea ascender, above the baseline
	Descent    int // hhea descender, below the baseline, positive
	LineGap    int
	// low holds the advances of runes below lowMax, where nearly all text
	// is (Latin, Vietnamese, general punctuation), as a table rather than
	// a map lookup per letter; -1 marks a rune the face lacks. high holds
	// the advances of the rest.
	low  []int32
	high map[rune]uint16
}

const lowMax = 0x2100

// Has reports whether the face has a glyph for r within the repertoire
// documents may use: Latin and Vietnamese, Greek, punctuation, symbols.
func (f *Face) Has(r rune) bool {
	if r >= 0 && r < lowMax {
		return f.low[r] >= 0
	}
	_, ok := f.high[r]
	return ok
}

// Width returns the advance width of s at size points, in points. Runes the
// face lacks count as nothing: input is checked with Has before layout.
func (f *Face) Width(s string, size float64) float64 {
	units := 0
	for _, r := range s {
		if r >= 0 && r < lowMax {
			units += int(max(f.low[r], 0))
			continue
		}
		units += int(f.high[r])
	}
	return float64(units) * size / float64(f.UnitsPerEm)
}

// LineHeight returns the height of a single-spaced line at size points, as
// Word and LibreOffice compute it (ascender + descender + line gap).
func (f *Face) LineHeight(size float64) float64 {
	return float64(f.Ascent+f.Descent+f.LineGap) * size / float64(f.UnitsPerEm)
}

// faces holds, for each style, the reduced font and its metrics. They are
// made once, on first use, and never changed after.
var faces = sync.OnceValues(func() ([4]face, error) {
	var fs [4]face
	for s := Regular; s <= BoldItalic; s++ {
		ttf, err := reduce(TTF(s))
		if err != nil {
			return fs, fmt.Errorf("fonts: style %q: %w", s, err)
		}
		f, err := parse(ttf)
		if err != nil {
			return fs, fmt.Errorf("fonts: style %q: %w", s, err)
		}
		fs[s] = face{ttf, f}
	}
	return fs, nil
})

type face struct {
	ttf     []byte
	metrics *Face
}

// load returns the faces. The embedded files are known to be good, so a
// failure here is a build defect and panics.
func load() [4]face {
	fs, err := faces()
	if err != nil {
		panic(err)
	}
	return fs
}

// PDF returns the font file of a style for embedding in PDFs: the embedded
// face cut to the characters documents may use (see Has). The bytes are
// shared: do not modify them.
func PDF(s Style) []byte { return load()[s&3].ttf }

// Metrics returns the metrics of a style.
func Metrics(s Style) *Face { return load()[s&3].metrics }

// HasAll reports whether every face has a glyph for r and for its upper,
// lower and title case: text may be set in any style, and the agency, the
// type name and the signer's name are printed in a case other than typed
// ("Ɯ" typed in a name is printed "ɯ", which the faces lack).
func HasAll(r rune) bool {
	if r >= 0 && r < 1<<16 {
		return drawable()[r/64]&(1<<(r%64)) != 0
	}
	return hasAll(r)
}

// drawable holds HasAll for every rune of the Basic Multilingual Plane,
// worked out once: every rune of every input is checked, and a lookup in
// four faces for up to four cases each cost a tenth of a batch.
var drawable = sync.OnceValue(func() *[1 << 16 / 64]uint64 {
	var bits [1 << 16 / 64]uint64
	for r := rune(0); r < 1<<16; r++ {
		if hasAll(r) {
			bits[r/64] |= 1 << (r % 64)
		}
	}
	return &bits
})

// hasAll is HasAll worked out: r and each of its cases in every face.
func hasAll(r rune) bool {
	fs := load()
	has := func(c rune) bool {
		for _, f := range fs {
			if !f.metrics.Has(c) {
				return false
			}
		}
		return true
	}
	if !has(r) {
		return false
	}
	for _, c := range [...]rune{unicode.ToUpper(r), unicode.ToLower(r), unicode.ToTitle(r)} {
		if c != r && !has(c) {
			return false
		}
	}
	return true
}

var errShort = errors.New("truncated font file")

// parse reads head, hhea, hmtx and the Unicode BMP cmap (format 4).
func parse(b []byte) (*Face, error) {
	tables, err := tableDirectory(b)
	if err != nil {
		return nil, err
	}
	head, hhea, hmtx, cmap := tables["head"], tables["hhea"], tables["hmtx"], tables["cmap"]
	if len(head) < 54 || len(hhea) < 36 || cmap == nil {
		return nil, errShort
	}
	f := &Face{
		UnitsPerEm: int(binary.BigEndian.Uint16(head[18:])),
		Ascent:     int(int16(binary.BigEndian.Uint16(hhea[4:]))),
		Descent:    -int(int16(binary.BigEndian.Uint16(hhea[6:]))),
		LineGap:    int(int16(binary.BigEndian.Uint16(hhea[8:]))),
	}
	nh := int(binary.BigEndian.Uint16(hhea[34:]))
	if nh == 0 || len(hmtx) < nh*4 {
		return nil, errShort
	}
	adv := func(g int) uint16 {
		if g >= nh {
			g = nh - 1 // glyphs past numberOfHMetrics share the last advance
		}
		return binary.BigEndian.Uint16(hmtx[g*4:])
	}
	glyphs, err := cmap4(cmap)
	if err != nil {
		return nil, err
	}
	f.low = make([]int32, lowMax)
	for i := range f.low {
		f.low[i] = -1
	}
	f.high = map[rune]uint16{}
	for r, g := range glyphs {
		if r >= 0 && r < lowMax {
			f.low[r] = int32(adv(g))
		} else {
			f.high[r] = adv(g)
		}
	}
	return f, nil
}

func tableDirectory(b []byte) (map[string][]byte, error) {
	if len(b) < 12 {
		return nil, errShort
	}
	n := int(binary.BigEndian.Uint16(b[4:]))
	if len(b) < 12+16*n {
		return nil, errShort
	}
	t := make(map[string][]byte, n)
	for i := 0; i < n; i++ {
		rec := b[12+16*i:]
		off := int(binary.BigEndian.Uint32(rec[8:]))
		ln := int(binary.BigEndian.Uint32(rec[12:]))
		if off < 0 || ln < 0 || off+ln > len(b) {
			return nil, errShort
		}
		t[string(rec[:4])] = b[off : off+ln]
	}
	return t, nil
}

// cmap4 maps runes to glyph ids from the Windows Unicode BMP subtable.
func cmap4(c []byte) (map[rune]int, error) {
	if len(c) < 4 {
		return nil, errShort
	}
	n := int(binary.BigEndian.Uint16(c[2:]))
	for i := 0; i < n && 4+8*i+8 <= len(c); i++ {
		rec := c[4+8*i:]
		pid, eid := binary.BigEndian.Uint16(rec), binary.BigEndian.Uint16(rec[2:])
		off := int(binary.BigEndian.Uint32(rec[4:]))
		if pid != 3 || eid != 1 || off+14 > len(c) || binary.BigEndian.Uint16(c[off:]) != 4 {
			continue
		}
		return format4(c[off:])
	}
	return nil, errors.New("no Unicode BMP cmap")
}

func format4(t []byte) (map[rune]int, error) {
	segs := int(binary.BigEndian.Uint16(t[6:])) / 2
	if len(t) < 16+8*segs {
		return nil, errShort
	}
	u16 := func(off int) int { return int(binary.BigEndian.Uint16(t[off:])) }
	ends, starts, deltas, ranges := 14, 16+2*segs, 16+4*segs, 16+6*segs
	m := make(map[rune]int, 2048)
	for s := 0; s < segs; s++ {
		end, start := u16(ends+2*s), u16(starts+2*s)
		delta, ro := u16(deltas+2*s), u16(ranges+2*s)
		for c := start; c <= end && c != 0xFFFF; c++ {
			g := 0
			if ro == 0 {
				g = (c + delta) & 0xFFFF
			} else {
				at := ranges + 2*s + ro + 2*(c-start)
				if at+2 > len(t) {
					return nil, errShort
				}
				if g = u16(at); g != 0 {
					g = (g + delta) & 0xFFFF
				}
			}
			if g != 0 {
				m[rune(c)] = g
			}
		}
	}
	return m, nil
}
