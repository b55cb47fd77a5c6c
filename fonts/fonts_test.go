package fonts

import (
	"testing"
)

func TestMetrics(t *testing.T) {
	m := Metrics(Regular)
	if m.UnitsPerEm != 2048 || m.Ascent != 1825 || m.Descent != 443 || m.LineGap != 87 {
		t.Errorf("Liberation Serif metrics %+v, want Times New Roman's 2048/1825/443/87", *m)
	}
	// Times New Roman: space 512, 'a' 909, 'W' 1933 font units.
	for _, c := range []struct {
		s    string
		want float64
	}{{" ", 512}, {"a", 909}, {"W", 1933}} {
		if got := m.Width(c.s, 2048); got != c.want {
			t.Errorf("width of %q = %v, want %v", c.s, got, c.want)
		}
	}
	if got := m.LineHeight(1); got < 1.149 || got > 1.150 {
		t.Errorf("single line = %.4f em, want 1.1499", got)
	}
}

// The reduced faces keep every Vietnamese letter, in every style, with the
// widths of the full faces.
func TestReducedKeepsVietnamese(t *testing.T) {
	letters := "aàảãáạăằẳẵắặâầẩẫấậeèẻẽéẹêềểễếệiìỉĩíịoòỏõóọôồổỗốộơờởỡớợuùủũúụưừửữứựyỳỷỹýỵđ"
	letters += "AÀẢÃÁẠĂẰẲẴẮẶÂẦẨẪẤẬEÈẺẼÉẸÊỀỂỄẾỆIÌỈĨÍỊOÒỎÕÓỌÔỒỔỖỐỘƠỜỞỠỚỢUÙỦŨÚỤƯỪỬỮỨỰYỲỶỸÝỴĐ“”–…₫"
	for s := Regular; s <= BoldItalic; s++ {
		full, err := parse(TTF(s))
		if err != nil {
			t.Fatal(err)
		}
		red := Metrics(s)
		for _, r := range letters {
			if !red.Has(r) {
				t.Errorf("style %q lacks %q", s, r)
			}
			if full.Width(string(r), 1000) != red.Width(string(r), 1000) {
				t.Errorf("style %q: width of %q changed", s, r)
			}
		}
		if red.Has('北') || red.Has('Ж') || red.Has(0x1F642) {
			t.Errorf("style %q: reduced face claims characters outside the repertoire", s)
		}
		if len(PDF(s)) >= len(TTF(s))*6/10 {
			t.Errorf("style %q: reduced face is %d bytes, the full one %d", s, len(PDF(s)), len(TTF(s)))
		}
	}
}

func TestHasAll(t *testing.T) {
	for r, want := range map[rune]bool{'ệ': true, 'Đ': true, 'α': true, '\u0300': true, '北': false, '😀': false, 'Я': false} {
		if got := HasAll(r); got != want {
			t.Errorf("HasAll(%q) = %v, want %v", r, got, want)
		}
	}
}

// components reads composite glyphs of every flag combination.
func TestComponents(t *testing.T) {
	g := []byte{0xFF, 0xFF, 0, 0, 0, 0, 0, 0, 0, 0, // header: -1 contours
		0x00, 0x21, 0, 7, 0, 1, 0, 2, // words args, more components, glyph 7
		0x00, 0x08, 0, 9, 1, 2, 0x40, 0, // byte args, scale, last: glyph 9
	}
	if got := components(g); len(got) != 2 || got[0] != 7 || got[1] != 9 {
		t.Errorf("components = %v, want [7 9]", got)
	}
}

func BenchmarkReduce(b *testing.B) {
	for b.Loop() {
		if _, err := reduce(TTF(Regular)); err != nil {
			b.Fatal(err)
		}
	}
}

// A letter whose other case the faces lack cannot be typed: it would be
// printed in that case.
func TestHasAllCoversCase(t *testing.T) {
	for _, r := range []rune{'a', 'Ư', 'ự', 'Đ'} {
		if !HasAll(r) {
			t.Errorf("HasAll(%q) = false", r)
		}
	}
	if HasAll('Ɯ') { // its lower case ɯ is in no face
		t.Error("HasAll('Ɯ') = true, but ɯ cannot be drawn")
	}
}
