// Tests of the vanban fork's additions (see FORK.md); upstream's tests are
// not copied.

package fpdf

import (
	"bytes"
	"encoding/binary"
	"maps"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/vanban/vanban/fonts"
)

const sampleText = "Cộng hòa xã hội chủ nghĩa Việt Nam — Độc lập, Tự do, Hạnh phúc “№ 5” ₫ α≤β"

func usedRunes(s string) map[int]int {
	m := makeSubsetRange(57)
	for _, r := range s {
		m[int(r)] = int(r)
	}
	delete(m, 0)
	return m
}

// A cut from the shared tables is the cut upstream makes by parsing the file
// again, byte for byte, with the same character-to-glyph map.
func TestParsedCutMatchesParsingAgain(t *testing.T) {
	for s := fonts.Regular; s <= fonts.BoldItalic; s++ {
		for _, data := range [][]byte{fonts.PDF(s), fonts.TTF(s)} {
			font, err := ParseUTF8Font(data)
			if err != nil {
				t.Fatal(err)
			}
			again := newUTF8Font(&fileReader{array: data})
			want := again.GenerateCutFont(usedRunes(sampleText))
			shared := &utf8FontFile{fileReader: &fileReader{array: font.data}, cut: font.cut}
			got := shared.GenerateCutFont(usedRunes(sampleText))
			if len(want) == 0 || !bytes.Equal(got, want) {
				t.Errorf("style %q: cut of %d bytes, want %d identical bytes", s, len(got), len(want))
			}
			if !maps.Equal(shared.CodeSymbolDictionary, again.CodeSymbolDictionary) || shared.LastRune != again.LastRune {
				t.Errorf("style %q: glyph map or last rune differ", s)
			}
		}
	}
}

var fixedTime = time.Date(2021, 2, 5, 0, 0, 0, 0, time.UTC)

func newDoc() *Fpdf {
	f := New("P", "mm", "A4", "")
	f.SetCatalogSort(true)
	f.SetCompression(false)
	f.SetCreationDate(fixedTime)
	f.SetModificationDate(fixedTime)
	return f
}

func draw(f *Fpdf) ([]byte, error) {
	f.AddPage()
	f.SetFont("Serif", "", 12)
	f.Cell(0, 10, sampleText)
	var b bytes.Buffer
	err := f.Output(&b)
	return b.Bytes(), err
}

// A document with a parsed face is the document AddUTF8FontFromBytes makes,
// but for the face's resource name.
func TestAddUTF8FontParsedSameAsFromBytes(t *testing.T) {
	data := fonts.PDF(fonts.Regular)
	font, err := ParseUTF8Font(data)
	if err != nil {
		t.Fatal(err)
	}
	a := newDoc()
	a.AddUTF8FontFromBytes("Serif", "", data)
	idA := a.fonts["serif"].i
	want, err := draw(a)
	if err != nil {
		t.Fatal(err)
	}
	b := newDoc()
	b.AddUTF8FontParsed("Serif", "", font)
	idB := b.fonts["serif"].i
	got, err := draw(b)
	if err != nil {
		t.Fatal(err)
	}
	if len(idB) != len(idA) || idA == idB {
		t.Fatalf("ids %q and %q: want different ids of the same length", idA, idB)
	}
	if !strings.Contains(string(got), "/F"+idB+" ") {
		t.Fatalf("the document does not name the face /F%s", idB)
	}
	if !bytes.Equal(bytes.ReplaceAll(got, []byte(idB), []byte(idA)), want) {
		t.Error("documents differ beyond the face's id")
	}
}

// Two faces, or one face under two keys, get different ids; the same face
// and key get the same id in every document.
func TestParsedFontIDs(t *testing.T) {
	reg, _ := ParseUTF8Font(fonts.PDF(fonts.Regular))
	bold, _ := ParseUTF8Font(fonts.PDF(fonts.Bold))
	f := newDoc()
	f.AddUTF8FontParsed("Serif", "", reg)
	f.AddUTF8FontParsed("Serif", "B", bold)
	f.AddUTF8FontParsed("Other", "", reg)
	ids := map[string]bool{}
	for _, def := range f.fonts {
		ids[def.i] = true
	}
	if len(ids) != 3 {
		t.Errorf("%d distinct ids for 3 registrations", len(ids))
	}
	g := newDoc()
	g.AddUTF8FontParsed("Serif", "", reg)
	if g.fonts["serif"].i != f.fonts["serif"].i {
		t.Error("the same face and key have different ids in two documents")
	}
}

// Many documents in many goroutines share parsed faces: the output is the
// same as alone, the font bytes are never written, and -race finds nothing.
func TestParsedFontConcurrent(t *testing.T) {
	var parsed [4]*UTF8Font
	for s := range parsed {
		var err error
		if parsed[s], err = ParseUTF8Font(fonts.PDF(fonts.Style(s))); err != nil {
			t.Fatal(err)
		}
	}
	before := [4][]byte{}
	for s, p := range parsed {
		before[s] = bytes.Clone(p.data)
	}
	doc := func() ([]byte, error) {
		f := newDoc()
		for s, p := range parsed {
			f.AddUTF8FontParsed("Serif", fonts.Style(s).String(), p)
		}
		f.AddPage()
		for s := range parsed {
			f.SetFont("Serif", fonts.Style(s).String(), 12)
			f.Cell(0, 10, sampleText[s:])
			f.Ln(10)
		}
		var b bytes.Buffer
		err := f.Output(&b)
		return b.Bytes(), err
	}
	want, err := doc()
	if err != nil {
		t.Fatal(err)
	}
	var wg sync.WaitGroup
	errs := make(chan string, 64)
	for range 8 {
		wg.Go(func() {
			for range 4 {
				got, err := doc()
				if err != nil {
					errs <- err.Error()
				} else if !bytes.Equal(got, want) {
					errs <- "a document made concurrently differs"
				}
			}
		})
	}
	wg.Wait()
	close(errs)
	for e := range errs {
		t.Error(e)
	}
	for s, p := range parsed {
		if !bytes.Equal(p.data, before[s]) {
			t.Errorf("style %q: font bytes changed", fonts.Style(s))
		}
	}
}

// Upstream's getMetrics appended to a slice of the font file for glyphs past
// numberOfHMetrics, writing into the (shared) font bytes.
func TestCutDoesNotWriteFontBytes(t *testing.T) {
	data := bytes.Clone(fonts.PDF(fonts.Regular))
	probe, err := ParseUTF8Font(data)
	if err != nil {
		t.Fatal(err)
	}
	// Declare the glyphs from the last one a character maps to onwards as
	// sharing one advance width, as many fonts do, so that their metrics
	// take getMetrics' second branch.
	last := 0
	for _, g := range probe.cut.charSymbolDictionary {
		last = max(last, g)
	}
	hhea := probe.cut.tableDescriptions["hhea"].position
	binary.BigEndian.PutUint16(data[hhea+34:], uint16(last))
	font, err := ParseUTF8Font(data)
	if err != nil {
		t.Fatal(err)
	}
	var text strings.Builder
	for r, g := range font.cut.charSymbolDictionary {
		if g == last {
			text.WriteRune(rune(r))
		}
	}
	before := bytes.Clone(font.data)
	cut := &utf8FontFile{fileReader: &fileReader{array: font.data}, cut: font.cut}
	if out := cut.GenerateCutFont(usedRunes(text.String())); len(out) == 0 {
		t.Fatal("empty cut")
	}
	if !bytes.Equal(font.data, before) {
		t.Error("GenerateCutFont wrote into the font bytes")
	}
}

func TestParseUTF8FontMalformed(t *testing.T) {
	data := fonts.PDF(fonts.Regular)
	for _, bad := range [][]byte{nil, []byte("true"), data[:200], data[:len(data)/2]} {
		if font, err := ParseUTF8Font(bad); err == nil || font != nil {
			t.Errorf("ParseUTF8Font of %d bytes: %v, %v; want an error", len(bad), font, err)
		}
	}
	f := newDoc()
	f.AddUTF8FontParsed("Serif", "", nil)
	if f.Err() == false {
		t.Error("AddUTF8FontParsed(nil) set no error")
	}
}
