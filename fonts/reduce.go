package fonts

import (
	"encoding/binary"
	"sort"
)

// The repertoire documents may use: Latin with every Vietnamese letter,
// Greek (for formulas), combining marks, punctuation and common symbols.
// Text outside it is refused at input, with its position.
var repertoire = [][2]rune{
	{0x0020, 0x007E}, // Basic Latin
	{0x00A0, 0x024F}, // Latin-1, Latin Extended-A and -B
	{0x02B0, 0x036F}, // spacing modifiers, combining diacritics
	{0x0370, 0x03FF}, // Greek
	{0x1E00, 0x1EFF}, // Latin Extended Additional: precomposed Vietnamese
	{0x2000, 0x206F}, // General Punctuation: dashes, quotes, ellipsis
	{0x20A0, 0x20CF}, // currency: ₫, €
	{0x2100, 0x218F}, // letterlike symbols, number forms: №, ™, Ⅰ
	{0x2190, 0x21FF}, // arrows
	{0x2200, 0x22FF}, // mathematical operators
	{0x25A0, 0x25FF}, // geometric shapes: ■, ●
}

func inRepertoire(r rune) bool {
	for _, rg := range repertoire {
		if r >= rg[0] && r <= rg[1] {
			return true
		}
	}
	return false
}

// keepTables are the tables a PDF subset needs; OpenType layout tables
// (GSUB, GPOS, kern) and device tables are of no use to a PDF and go.
var keepTables = map[string]bool{
	"head": true, "hhea": true, "maxp": true, "OS/2": true, "hmtx": true, "cmap": true,
	"loca": true, "glyf": true, "name": true, "post": true, "cvt ": true, "fpgm": true, "prep": true, "gasp": true,
}

// reduce returns a copy of a TrueType font whose cmap maps only the
// repertoire and whose glyf table keeps only the outlines those characters
// need. Glyph ids are unchanged, so every width and metric stays the same.
//
// Upstream fpdf parsed the whole font file for every document it wrote, so
// a smaller file made every document faster. The fork in internal/fpdf
// parses each face once per process, so this now saves only a little
// start-up time; the repertoire check (Has) still rests on it. The embedded
// files are not changed: this is the subsetting every PDF writer does,
// done once per process instead of once per document.
func reduce(b []byte) ([]byte, error) {
	tables, err := tableDirectory(b)
	if err != nil {
		return nil, err
	}
	all, err := cmap4(tables["cmap"])
	if err != nil {
		return nil, err
	}
	head, loca, glyf, maxp := tables["head"], tables["loca"], tables["glyf"], tables["maxp"]
	if len(head) < 54 || len(maxp) < 6 {
		return nil, errShort
	}
	long := binary.BigEndian.Uint16(head[50:]) == 1
	n := int(binary.BigEndian.Uint16(maxp[4:]))
	offset := func(g int) int {
		if long {
			return int(binary.BigEndian.Uint32(loca[4*g:]))
		}
		return 2 * int(binary.BigEndian.Uint16(loca[2*g:]))
	}
	if (long && len(loca) < 4*(n+1)) || (!long && len(loca) < 2*(n+1)) {
		return nil, errShort
	}
	cmap := map[rune]int{}
	keep := map[int]bool{0: true}
	for r, g := range all {
		if inRepertoire(r) && g < n {
			cmap[r] = g
			keep[g] = true
		}
	}
	// Composite glyphs (most accented letters) are built from others.
	for queue := sortedKeys(keep); len(queue) > 0; queue = queue[1:] {
		g := queue[0]
		start, end := offset(g), offset(g+1)
		if start > end || end > len(glyf) {
			return nil, errShort
		}
		for _, c := range components(glyf[start:end]) {
			if c < n && !keep[c] {
				keep[c] = true
				queue = append(queue, c)
			}
		}
	}
	var newGlyf []byte
	newLoca := make([]byte, 4*(n+1))
	for g := 0; g < n; g++ {
		binary.BigEndian.PutUint32(newLoca[4*g:], uint32(len(newGlyf)))
		if keep[g] {
			newGlyf = append(newGlyf, glyf[offset(g):offset(g+1)]...)
			for len(newGlyf)%4 != 0 {
				newGlyf = append(newGlyf, 0)
			}
		}
	}
	binary.BigEndian.PutUint32(newLoca[4*n:], uint32(len(newGlyf)))
	newHead := append([]byte{}, head...)
	binary.BigEndian.PutUint16(newHead[50:], 1) // long loca offsets
	binary.BigEndian.PutUint32(newHead[8:], 0)  // checkSumAdjustment, set below
	out := map[string][]byte{"cmap": buildCmap(cmap), "loca": newLoca, "glyf": newGlyf, "head": newHead}
	for tag, t := range tables {
		if keepTables[tag] && out[tag] == nil {
			out[tag] = t
		}
	}
	return assemble(out), nil
}

// components returns the glyph ids a composite glyph is made of.
func components(g []byte) []int {
	if len(g) < 10 || int16(binary.BigEndian.Uint16(g)) >= 0 {
		return nil
	}
	var ids []int
	for p := 10; p+4 <= len(g); {
		flags := binary.BigEndian.Uint16(g[p:])
		ids = append(ids, int(binary.BigEndian.Uint16(g[p+2:])))
		p += 4
		if flags&0x0001 != 0 { // ARG_1_AND_2_ARE_WORDS
			p += 4
		} else {
			p += 2
		}
		switch {
		case flags&0x0008 != 0: // WE_HAVE_A_SCALE
			p += 2
		case flags&0x0040 != 0: // WE_HAVE_AN_X_AND_Y_SCALE
			p += 4
		case flags&0x0080 != 0: // WE_HAVE_A_TWO_BY_TWO
			p += 8
		}
		if flags&0x0020 == 0 { // MORE_COMPONENTS
			break
		}
	}
	return ids
}

func sortedKeys(m map[int]bool) []int {
	ks := make([]int, 0, len(m))
	for k := range m {
		ks = append(ks, k)
	}
	sort.Ints(ks)
	return ks
}

// buildCmap writes a cmap with one Windows Unicode BMP subtable (format 4),
// one segment per run of consecutive characters with consecutive glyphs.
func buildCmap(m map[rune]int) []byte {
	runes := make([]int, 0, len(m))
	for r := range m {
		runes = append(runes, int(r))
	}
	sort.Ints(runes)
	type seg struct{ start, end, delta int }
	var segs []seg
	for _, r := range runes {
		g := m[rune(r)]
		if k := len(segs) - 1; k >= 0 && segs[k].end == r-1 && (segs[k].delta+r)&0xFFFF == g {
			segs[k].end = r
			continue
		}
		segs = append(segs, seg{r, r, (g - r) & 0xFFFF})
	}
	segs = append(segs, seg{0xFFFF, 0xFFFF, 1})
	sc := len(segs)
	sub := make([]byte, 16+8*sc)
	be := binary.BigEndian
	be.PutUint16(sub[0:], 4)
	be.PutUint16(sub[2:], uint16(len(sub)))
	be.PutUint16(sub[6:], uint16(2*sc))
	sr, es := 2, 0
	for sr*2 <= 2*sc {
		sr, es = sr*2, es+1
	}
	be.PutUint16(sub[8:], uint16(sr))
	be.PutUint16(sub[10:], uint16(es))
	be.PutUint16(sub[12:], uint16(2*sc-sr))
	for i, s := range segs {
		be.PutUint16(sub[14+2*i:], uint16(s.end))
		be.PutUint16(sub[16+2*sc+2*i:], uint16(s.start))
		be.PutUint16(sub[16+4*sc+2*i:], uint16(s.delta))
		// idRangeOffset stays 0: glyph = char + delta.
	}
	c := make([]byte, 12, 12+len(sub))
	be.PutUint16(c[2:], 1)  // one subtable
	be.PutUint16(c[4:], 3)  // Windows
	be.PutUint16(c[6:], 1)  // Unicode BMP
	be.PutUint32(c[8:], 12) // at offset 12
	return append(c, sub...)
}

// assemble writes a font file from tables, with checksums.
func assemble(tables map[string][]byte) []byte {
	tags := make([]string, 0, len(tables))
	for t := range tables {
		tags = append(tags, t)
	}
	sort.Strings(tags)
	n := len(tags)
	be := binary.BigEndian
	out := make([]byte, 12+16*n)
	be.PutUint32(out[0:], 0x00010000)
	be.PutUint16(out[4:], uint16(n))
	sr, es := 1, 0
	for sr*2 <= n {
		sr, es = sr*2, es+1
	}
	be.PutUint16(out[6:], uint16(sr*16))
	be.PutUint16(out[8:], uint16(es))
	be.PutUint16(out[10:], uint16(n*16-sr*16))
	headAt := 0
	for i, tag := range tags {
		t := tables[tag]
		rec := out[12+16*i:]
		copy(rec, tag)
		be.PutUint32(rec[4:], checksum(t))
		be.PutUint32(rec[8:], uint32(len(out)))
		be.PutUint32(rec[12:], uint32(len(t)))
		if tag == "head" {
			headAt = len(out)
		}
		out = append(out, t...)
		for len(out)%4 != 0 {
			out = append(out, 0)
		}
	}
	be.PutUint32(out[headAt+8:], 0xB1B0AFBA-checksum(out))
	return out
}

func checksum(b []byte) uint32 {
	var sum uint32
	for i := 0; i < len(b); i += 4 {
		var w [4]byte
		copy(w[:], b[i:])
		sum += binary.BigEndian.Uint32(w[:])
	}
	return sum
}
