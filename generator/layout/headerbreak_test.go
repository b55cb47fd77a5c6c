package layout

import (
	"encoding/json"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/vanban/vanban/generator/document"
	"github.com/vanban/vanban/generator/internal/sharedtest"
)

func TestBreakUnitName(t *testing.T) {
	s := New(document.DefaultPage)
	for _, c := range []struct{ in, want string }{
		{"ỦY BAN NHÂN DÂN XÃ HÒA AN", "ỦY BAN NHÂN DÂN\nXÃ HÒA AN"},
		{"ỦY BAN NHÂN DÂN THÀNH PHỐ HÀ NỘI", "ỦY BAN NHÂN DÂN\nTHÀNH PHỐ HÀ NỘI"},
		{"ỦY BAN NHÂN DÂN TỈNH THÁI NGUYÊN", "ỦY BAN NHÂN DÂN\nTỈNH THÁI NGUYÊN"},
		{"SỞ NỘI VỤ", "SỞ NỘI VỤ"},                                     // fits: as typed
		{"ỦY BAN NHÂN DÂN\nXÃ  HÒA AN", "ỦY BAN NHÂN DÂN\nXÃ  HÒA AN"}, // typed breaks and spaces kept
		{"HỘI ĐỒNG NHÂN DÂN XÃ NGỌC ĐƯỜNG", "HỘI ĐỒNG NHÂN DÂN\nXÃ NGỌC ĐƯỜNG"},
	} {
		if got := s.breakUnitName(Agency, c.in, HeaderLeftWidth); got != c.want {
			t.Errorf("breakUnitName(%q) = %q, want %q", c.in, got, c.want)
		}
	}
}

func TestBreakDateLine(t *testing.T) {
	s := New(document.DefaultPage)
	long := "Văn Miếu - Quốc Tử Giám, ngày 06 tháng 01 năm 2026"
	if got := s.breakDateLine(long, 60); got != "Văn Miếu - Quốc Tử Giám,\nngày 06 tháng 01 năm 2026" {
		t.Errorf("breakDateLine = %q", got)
	}
	if got := s.breakDateLine("Hòa An, ngày 05 tháng 02 năm 2021", HeaderRightWidth); got != "Hòa An, ngày 05 tháng 02 năm 2021" {
		t.Errorf("a line that fits was broken: %q", got)
	}
}

// Every ward, commune and special zone of the country, as the issuing
// agency under its province: no word alone on a line, no unit type cut from
// its name, every line inside its column, and the date line broken only
// after the place's comma.
func TestHeaderLinesOfEveryUnit(t *testing.T) {
	data, err := os.ReadFile(sharedtest.Path(t, "data/units-2026.json"))
	if err != nil {
		t.Fatal(err)
	}
	var provinces []struct {
		FullName string
		Wards    []struct{ Name, FullName string }
	}
	if err := json.Unmarshal(data, &provinces); err != nil {
		t.Fatal(err)
	}
	n := 0
	for _, p := range provinces {
		for _, w := range p.Wards {
			n++
			d := &document.Document{
				Type: "QUYẾT ĐỊNH", Code: "QĐ-UBND", Place: w.Name, Date: time.Date(2026, 1, 6, 0, 0, 0, 0, time.UTC),
				Issuer: document.Issuer{Parent: "ỦY BAN NHÂN DÂN " + strings.ToUpper(p.FullName),
					Name: "ỦY BAN NHÂN DÂN " + strings.ToUpper(w.FullName)},
				Signer: document.Signer{Name: "A"}, Page: document.DefaultPage,
			}
			f, err := Build(d)
			if err != nil {
				t.Fatalf("%s: %v", w.FullName, err)
			}
			for _, row := range f.Blocks[0].Grid.Rows {
				for _, cell := range row.Cells {
					for _, pa := range cell {
						checkHeaderLines(t, w.FullName, pa)
					}
				}
			}
		}
	}
	if n != 3321 {
		t.Errorf("%d units, want 3321", n)
	}
}

func checkHeaderLines(t *testing.T, unit string, p *Paragraph) {
	t.Helper()
	var lines []string
	for _, rs := range p.Lines {
		lines = append(lines, lineText(rs))
		if w := widest([][]Run{rs}); w > p.W+1e-6 {
			t.Errorf("%s: %q is %.1f mm wide in a %.1f mm column", unit, lineText(rs), w, p.W)
		}
	}
	switch p.Role {
	case Parent, Agency:
		for i, l := range lines {
			words := strings.Fields(l)
			if len(lines) > 1 && len(words) == 1 {
				t.Errorf("%s: %q stands alone on a line of %q", unit, l, lines)
			}
			if i < len(lines)-1 && cutsType(words) {
				t.Errorf("%s: line %q cuts a unit type from its name: %q", unit, l, lines)
			}
		}
	case Date:
		if len(lines) > 2 || len(lines) == 2 && !strings.HasSuffix(lines[0], ",") {
			t.Errorf("%s: date line broken as %q", unit, lines)
		}
	}
}

// cutsType reports whether a line ends inside a unit type or right after
// one that is not a body ("… XÃ" / "HÒA AN").
func cutsType(words []string) bool {
	no := noBreakAfter(words)
	if no[len(words)-1] {
		return true
	}
	// The line may end with the first words of a longer type.
	last := words[len(words)-1]
	for _, ty := range unitTypes {
		if len(ty) > 1 && strings.EqualFold(last, ty[0]) && !strings.EqualFold(strings.Join(words, " "), "ỦY BAN NHÂN DÂN") {
			for k := 1; k <= len(ty)-1 && k <= len(words); k++ {
				if equalUpper(words[len(words)-k:], ty[:k]) {
					return true
				}
			}
		}
	}
	return false
}
