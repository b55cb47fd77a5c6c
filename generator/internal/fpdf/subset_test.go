// Tests of the vanban fork's font subsets (subset.go, see FORK.md).

package fpdf

import (
	"bytes"
	"compress/zlib"
	"io"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"testing"
	"unicode/utf16"

	"github.com/vanban/vanban/fonts"
)

// Every Vietnamese letter with every tone, in both cases.
const vietnamese = "aàáảãạăằắẳẵặâầấẩẫậeèéẻẽẹêềếểễệiìíỉĩịoòóỏõọôồốổỗộơờớởỡợuùúủũụưừứửữựyỳýỷỹỵđ" +
	"AÀÁẢÃẠĂẰẮẲẴẶÂẦẤẨẪẬEÈÉẺẼẸÊỀẾỂỄỆIÌÍỈĨỊOÒÓỎÕỌÔỒỐỔỖỘƠỜỚỞỠỢUÙÚỦŨỤƯỪỨỬỮỰYỲÝỶỸỴĐ"

func parsed(t testing.TB, s fonts.Style) *UTF8Font {
	t.Helper()
	font, err := ParseUTF8Font(fonts.PDF(s))
	if err != nil {
		t.Fatal(err)
	}
	return font
}

func subset(t testing.TB, font *UTF8Font, text string) *Subset {
	t.Helper()
	sub, err := font.Subset([]rune(text))
	if err != nil {
		t.Fatal(err)
	}
	return sub
}

var subsetNameRE = regexp.MustCompile(`^[A-Z]{6}\+LiberationSerif(-Bold|-Italic|-BoldItalic)?$`)

// A subset is named as ISO 32000-1 §9.6.4 asks: a six-letter tag, a plus
// sign, the font's PostScript name. The tag is the same for the same runes
// in any order and differs for other runes or another face.
func TestSubsetName(t *testing.T) {
	want := []string{"LiberationSerif", "LiberationSerif-Bold", "LiberationSerif-Italic", "LiberationSerif-BoldItalic"}
	names := map[string]bool{}
	for s := fonts.Regular; s <= fonts.BoldItalic; s++ {
		font := parsed(t, s)
		a := subset(t, font, sampleText)
		if !subsetNameRE.MatchString(a.Name()) || !strings.HasSuffix(a.Name(), "+"+want[s]) {
			t.Errorf("style %q: subset named %q, want TAGTAG+%s", s, a.Name(), want[s])
		}
		reversed := []rune(sampleText + sampleText)
		for i, j := 0, len(reversed)-1; i < j; i, j = i+1, j-1 {
			reversed[i], reversed[j] = reversed[j], reversed[i]
		}
		if b := subset(t, font, string(reversed)); b.Name() != a.Name() {
			t.Errorf("style %q: the same runes named %q and %q", s, a.Name(), b.Name())
		}
		names[a.Name()[:6]] = true
		names[subset(t, font, sampleText+"Q").Name()[:6]] = true
	}
	if len(names) != 8 {
		t.Errorf("8 subsets (4 faces, 2 sets each) have %d distinct tags: %v", len(names), names)
	}
}

// A rune the font lacks is an error, not a blank.
func TestSubsetMissingRune(t *testing.T) {
	if _, err := parsed(t, fonts.Regular).Subset([]rune("a\u4e2d")); err == nil || !strings.Contains(err.Error(), "U+4E2D") {
		t.Errorf("got %v, want an error naming U+4E2D", err)
	}
}

// subsetDoc returns a document with text drawn in a subset of each face
// that has all of the text's runes, uncompressed but for the fonts.
func subsetDoc(t testing.TB, subs [4]*Subset, text string) []byte {
	t.Helper()
	f := newDoc()
	for s, sub := range subs {
		f.AddUTF8FontSubset("serif", fonts.Style(s).String(), sub)
	}
	f.AddPage()
	for s := range subs {
		f.SetFont("serif", fonts.Style(s).String(), 12)
		f.CellFormat(0, 10, text, "", 1, "L", false, 0, "")
		f.CellFormat(150, 10, text, "", 1, "J", false, 0, "")
	}
	var b bytes.Buffer
	if err := f.Output(&b); err != nil {
		t.Error(err) // not Fatal: this runs in goroutines too
	}
	return b.Bytes()
}

// The text drawn in a subset comes back exactly through the ToUnicode CMap,
// every tone mark included; the CIDToGIDMap is /Identity, and the subset
// is far smaller than the face.
func TestSubsetText(t *testing.T) {
	text := vietnamese + " " + sampleText
	var subs [4]*Subset
	for s := range subs {
		subs[s] = subset(t, parsed(t, fonts.Style(s)), text)
	}
	pdf := subsetDoc(t, subs, text)
	if n := bytes.Count(pdf, []byte("/CIDToGIDMap /Identity")); n != 4 {
		t.Errorf("%d fonts have an /Identity CIDToGIDMap, want 4", n)
	}
	if bytes.Contains(pdf, []byte("/CIDToGIDMap ")) && bytes.Count(pdf, []byte("/CIDToGIDMap ")) != 4 {
		t.Errorf("a CIDToGIDMap stream is written")
	}
	for s, sub := range subs {
		if !bytes.Contains(pdf, []byte("/BaseFont /"+sub.Name())) || !bytes.Contains(pdf, []byte("/FontName /"+sub.Name())) {
			t.Errorf("style %q: %s is not the BaseFont and FontName", fonts.Style(s), sub.Name())
		}
		if full := len(fonts.PDF(fonts.Style(s))); sub.Size() > full/4 {
			t.Errorf("style %q: subset of %d bytes for a face of %d", fonts.Style(s), sub.Size(), full)
		}
	}
	cmaps := toUnicodeMaps(t, pdf)
	if len(cmaps) != 4 {
		t.Fatalf("%d ToUnicode CMaps, want 4", len(cmaps))
	}
	var got []string
	for _, m := range regexp.MustCompile(`/F(\w+) [0-9.]+ Tf|\(((?:\\.|[^\\)])*)\)`).FindAllSubmatch(pageContent(t, pdf), -1) {
		if m[1] != nil {
			continue
		}
		got = append(got, decodeCIDs(t, unescape(m[2]), cmaps))
	}
	for _, g := range got {
		if strings.ReplaceAll(g, " ", "") == "" {
			continue // the space of a justified run
		}
		if !strings.Contains(text, g) {
			t.Errorf("extracted %q, not in the text", g)
		}
	}
	if joined := strings.Join(got, ""); !strings.Contains(joined, text) {
		t.Errorf("the text does not come back whole:\n%s", joined)
	}
}

// pageContent returns the one page's content stream.
func pageContent(t testing.TB, pdf []byte) []byte {
	t.Helper()
	i := bytes.Index(pdf, []byte("BT "))
	j := bytes.LastIndex(pdf[:i], []byte("stream\n"))
	k := bytes.Index(pdf[i:], []byte("endstream"))
	return pdf[j+len("stream\n") : i+k]
}

// toUnicodeMaps returns the code-to-text maps of every ToUnicode CMap in
// the document, merged (the CIDs of one face may mean other text in
// another, so this is only for text that all faces draw alike).
func toUnicodeMaps(t testing.TB, pdf []byte) []map[uint16]string {
	t.Helper()
	var maps []map[uint16]string
	for _, m := range regexp.MustCompile(`/ToUnicode (\d+) 0 R`).FindAllSubmatch(pdf, -1) {
		obj := regexp.MustCompile(`(?s)\n` + string(m[1]) + ` 0 obj\n<</Length (\d+)/Filter /FlateDecode>>\nstream\n`).FindSubmatchIndex(pdf)
		if obj == nil {
			t.Fatalf("ToUnicode object %s not found", m[1])
		}
		n, _ := strconv.Atoi(string(pdf[obj[2]:obj[3]]))
		r, err := zlib.NewReader(bytes.NewReader(pdf[obj[1] : obj[1]+n]))
		if err != nil {
			t.Fatal(err)
		}
		cmap, err := io.ReadAll(r)
		if err != nil {
			t.Fatal(err)
		}
		codes := map[uint16]string{}
		for _, e := range regexp.MustCompile(`<([0-9A-F]{4})> <([0-9A-F]+)>`).FindAllSubmatch(cmap, -1) {
			c, _ := strconv.ParseUint(string(e[1]), 16, 16)
			var u []uint16
			for i := 0; i < len(e[2]); i += 4 {
				v, _ := strconv.ParseUint(string(e[2][i:i+4]), 16, 16)
				u = append(u, uint16(v))
			}
			codes[uint16(c)] = string(utf16.Decode(u))
		}
		maps = append(maps, codes)
	}
	return maps
}

func unescape(b []byte) []byte {
	var out []byte
	for i := 0; i < len(b); i++ {
		if b[i] == '\\' && i+1 < len(b) {
			i++
			if b[i] == 'r' {
				out = append(out, '\r')
				continue
			}
		}
		out = append(out, b[i])
	}
	return out
}

// decodeCIDs maps two-byte codes to text with the first CMap that has them
// all.
func decodeCIDs(t testing.TB, raw []byte, cmaps []map[uint16]string) string {
	t.Helper()
next:
	for _, m := range cmaps {
		var b strings.Builder
		for i := 0; i+1 < len(raw); i += 2 {
			s, ok := m[uint16(raw[i])<<8|uint16(raw[i+1])]
			if !ok {
				continue next
			}
			b.WriteString(s)
		}
		return b.String()
	}
	t.Fatalf("codes %X are in no ToUnicode CMap", raw)
	return ""
}

// Text in a rune the subset lacks is an error of the document.
func TestSubsetTextMissingRune(t *testing.T) {
	f := newDoc()
	f.AddUTF8FontSubset("serif", "", subset(t, parsed(t, fonts.Regular), "abc"))
	f.AddPage()
	f.SetFont("serif", "", 12)
	f.CellFormat(0, 10, "abd", "", 1, "L", false, 0, "")
	if err := f.Output(io.Discard); err == nil || !strings.Contains(err.Error(), "U+0064") {
		t.Errorf("got %v, want an error naming U+0064", err)
	}
}

// Documents made at once in many goroutines from shared subsets are the
// bytes of one made alone; a subset cut again is the same bytes.
func TestSubsetShared(t *testing.T) {
	var subs [4]*Subset
	for s := range subs {
		subs[s] = subset(t, parsed(t, fonts.Style(s)), vietnamese+" ")
	}
	want := subsetDoc(t, subs, vietnamese)
	var again [4]*Subset
	for s := range again {
		again[s] = subset(t, parsed(t, fonts.Style(s)), " "+vietnamese)
	}
	if !bytes.Equal(subsetDoc(t, again, vietnamese), want) {
		t.Errorf("subsets cut again give other bytes")
	}
	var wg sync.WaitGroup
	for range 8 {
		wg.Go(func() {
			if got := subsetDoc(t, subs, vietnamese); !bytes.Equal(got, want) {
				t.Errorf("a document made alongside others differs")
			}
		})
	}
	wg.Wait()
}
