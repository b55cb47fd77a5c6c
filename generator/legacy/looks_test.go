package legacy

import (
	"strings"
	"testing"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

func TestLooks(t *testing.T) {
	legacy := []struct {
		s string // mojibake; its raw bytes are tested too
		e Encoding
	}{
		{"Uû ban nh©n d©n x· Hßa An", TCVN3},
		{"Céng hßa x· héi chñ nghÜa ViÖt Nam", TCVN3},
		{"§éc lËp - Tù do - H¹nh phóc", TCVN3},
		{"Hµ Néi, ngµy 05 th¸ng 02 n¨m 2021", TCVN3},
		{"UBND TØNH CAO B»NG", TCVN3},
		{"Hßa An", TCVN3},
		{"x· Hßa An", TCVN3},
		{"nh©n d©n", TCVN3},
		{"Nam TuÊn", TCVN3},
		{"STT,Hä vµ tªn,Chøc vô\n1,NguyÔn V¨n A,Chñ tÞch\n", TCVN3},

		{"UÛy ban nhaân daân xaõ Hoøa An", VNI},
		{"Coäng hoøa xaõ hoäi chuû nghóa Vieät Nam", VNI},
		{"Ñoäc laäp - Töï do - Haïnh phuùc", VNI},
		{"Haø Noäi, ngaøy 05 thaùng 02 naêm 2021", VNI},
		{"Vieät Nam", VNI},
		{"Hoøa An", VNI},
		{"ñoàng", VNI},
		{"Long Bieân", VNI},
		{"STT,Hoï vaø teân,Chöùc vuï\n1,Nguyeãn Vaên A,Chuû tòch\n", VNI},
	}
	for _, tt := range legacy {
		b, ok := raw(tt.s)
		if !ok {
			t.Fatalf("%q has characters Windows-1252 lacks", tt.s)
		}
		for _, s := range []string{tt.s, string(b)} {
			if e, ok := Looks(s); !ok || e != tt.e {
				t.Errorf("Looks(%q) = %v, %v; want %v, true", s, e, ok, tt.e)
			}
		}
	}

	plain := []string{
		"",
		"Uỷ ban nhân dân xã Hòa An",
		"Cộng hòa xã hội chủ nghĩa Việt Nam",
		"Hà Nội, ngày 05 tháng 02 năm 2021",
		"Nguyễn Văn A",
		"Hòa An",
		"Ho\u0300a An", // decomposed
		"Xin chào các bạn",
		"Ông Ích Khiêm; Ý Yên; Ea Súp; Ia Púch; Cư M'gar",
		"The quick brown fox jumps over the lazy dog.",
		"Café",
		"Zoë, Chloé, Hélène, Noël, naïve, façade, résumé, São Paulo",
		"Mädchen, Straße, Müller, Ångström, Øresund, Björk",
		"Señor Ibáñez, Peña, Muñoz, niño",
		"col·lecció",
		"12/05/2021",
		"1.234.567,89 ₫; 3,5%; -0,25",
		"2021-02-05T10:30:00",
		"« Bonjour » – “quoted” — ‘x’ … € ™",
		"§ 5; © 2024 Acme; 20 °C; ½ kg; 5 µm; 1ª; a · b",
	}
	for _, s := range plain {
		if e, ok := Looks(s); ok {
			t.Errorf("Looks(%q) = %v, true; want false", s, e)
		}
	}
}

// TestLooksNames checks Looks on every province and ward name: never on the
// Unicode names, short or full, and on their legacy forms, name by name and
// all together.
func TestLooksNames(t *testing.T) {
	names, full := unitNames(t)
	for _, n := range append(full, names...) {
		if e, ok := Looks(n); ok {
			t.Errorf("Looks(%q) = %v, true; want false", n, e)
		}
	}
	all := strings.Join(names, "\n")
	if e, ok := Looks(all); ok {
		t.Errorf("Looks(all names) = %v, true; want false", e)
	}
	if e, ok := Looks(strings.Join(full, "\n")); ok {
		t.Errorf("Looks(all full names) = %v, true; want false", e)
	}

	for _, e := range []Encoding{TCVN3, VNI} {
		encode := encodeVNI
		if e == TCVN3 {
			encode = encodeTCVN3
		}
		b := encode(t, all)
		for _, in := range []string{string(b), mojibake(t, b)} {
			if got, ok := Looks(in); !ok || got != e {
				t.Errorf("Looks(all names in %v) = %v, %v; want %v, true", e, got, ok, e)
			}
		}
		// Short names that read well two ways are missed, but few are; full
		// names have "Xã", "Phường" or "Tỉnh" to go by.
		for _, set := range []struct {
			names   []string
			percent int
		}{{names, 85}, {full, 99}} {
			changed, hit := 0, 0
			for _, n := range set.names {
				m := mojibake(t, encode(t, n))
				if m == n {
					continue
				}
				changed++
				got, ok := Looks(m)
				if ok && got != e {
					t.Errorf("Looks(%q) = %v, want %v or nothing", m, got, e)
				}
				if ok {
					hit++
				}
			}
			if hit*100 < changed*set.percent {
				t.Errorf("Looks flagged %d of %d names in %v, want at least %d%%", hit, changed, e, set.percent)
			}
			t.Logf("%v: %d of %d names flagged", e, hit, changed)
		}
	}
}

func TestSyllable(t *testing.T) {
	tests := []struct {
		w    string
		want bool
	}{
		{"a", true},
		{"à", true},
		{"ăn", true},
		{"nghiêng", true},
		{"người", true},
		{"Người", true},
		{"NGƯỜI", true},
		{"quyết", true},
		{"quốc", true},
		{"quỳnh", true},
		{"gìn", true},
		{"giữa", true},
		{"khuỷu", true},
		{"thuở", true},
		{"xoong", true},
		{"hòa", true},
		{"hoà", true},
		{"thủy", true},
		{"thuỷ", true},
		{"kỳ", true},
		{"đường", true},
		{"bát", true},
		{"bạc", true},
		{"tiền", true},
		{"khoẻ", true},
		{"huỳnh", true},
		{"khuếch", true},
		{"oanh", true},

		{"", false},
		{"b", false},
		{"ă", false},     // needs a final consonant
		{"bat", false},   // a stop takes only the acute or the dot below
		{"bàt", false},   // likewise
		{"tìên", false},  // two tone marks
		{"tíên", false},  // likewise
		{"giaõ", false},  // tone mark on the semivowel
		{"tíen", false},  // tone mark off the last vowel before a final consonant
		{"onh", false},   // nh follows only a, ê, i, y, oa, uê, uy
		{"tiênh", false}, // likewise
		{"xoon", false},  // oo only before ng or c
		{"ing", false},   // ng does not follow i
		{"chy", false},   // chi
		{"ngi", false},   // nghi
		{"ge", false},    // ghe
		{"ce", false},    // ke
		{"ka", false},    // ca
		{"quo", false},   // no such spelling
		{"aâ", false},    // no such vowel
		{"café", false},  // f
		{"straße", false},
		{"hoàng hà", false}, // two syllables
	}
	for _, tt := range tests {
		if got := syllable(tt.w); got != tt.want {
			t.Errorf("syllable(%q) = %v, want %v", tt.w, got, tt.want)
		}
	}
}

func FuzzDecode(f *testing.F) {
	for _, tt := range decodeCases {
		f.Add([]byte(tt.mojibake))
		if b, ok := raw(tt.mojibake); ok {
			f.Add(b)
		}
	}
	f.Add([]byte("\uFEFFHòa An"))
	f.Add([]byte{0xEF, 0xBB})
	f.Add([]byte("a\xF9\xE2\xF8"))
	f.Fuzz(func(t *testing.T, b []byte) {
		for _, e := range []Encoding{UTF8, TCVN3, VNI} {
			s, err := Decode(e, b)
			if e == UTF8 && (err == nil) != utf8.Valid(b) {
				t.Fatalf("Decode(UTF8, %q) error = %v, but utf8.Valid = %v", b, err, utf8.Valid(b))
			}
			if e != UTF8 && err != nil {
				t.Fatalf("Decode(%v, %q): %v", e, b, err)
			}
			if err != nil {
				continue
			}
			if !utf8.ValidString(s) {
				t.Fatalf("Decode(%v, %q) = %q, not valid UTF-8", e, b, s)
			}
			if !norm.NFC.IsNormalString(s) {
				t.Fatalf("Decode(%v, %q) = %q, not NFC", e, b, s)
			}
		}
	})
}

func FuzzLooks(f *testing.F) {
	for _, tt := range decodeCases {
		f.Add(tt.mojibake)
		f.Add(tt.want)
	}
	f.Add("x¹ + y²")
	f.Fuzz(func(t *testing.T, s string) {
		e, ok := Looks(s)
		if ok && e != TCVN3 && e != VNI || !ok && e != UTF8 {
			t.Fatalf("Looks(%q) = %v, %v", s, e, ok)
		}
	})
}
