package legacy

import (
	"encoding/json"
	"github.com/vanban/vanban/generator/internal/sharedtest"
	"os"
	"slices"
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/encoding/charmap"
	"golang.org/x/text/unicode/norm"
)

// raw returns the Windows-1252 bytes of s: the raw legacy file whose
// mojibake s is. It uses x/text's table, not the package's own. ok is false
// if s has characters that Windows-1252 lacks.
func raw(s string) (b []byte, ok bool) {
	b, err := charmap.Windows1252.NewEncoder().Bytes([]byte(s))
	return b, err == nil
}

// mojibake returns legacy bytes b read as Windows-1252, in UTF-8: what a
// spreadsheet program writes after opening a legacy file as Western text.
func mojibake(t testing.TB, b []byte) string {
	t.Helper()
	s, err := charmap.Windows1252.NewDecoder().Bytes(b)
	if err != nil {
		t.Fatal(err)
	}
	return string(s)
}

func TestParseEncoding(t *testing.T) {
	tests := []struct {
		name string
		want Encoding
		ok   bool
	}{
		{"utf-8", UTF8, true},
		{"UTF8", UTF8, true},
		{"tcvn3", TCVN3, true},
		{"TCVN3", TCVN3, true},
		{"ABC", TCVN3, true},
		{" abc ", TCVN3, true},
		{"vni", VNI, true},
		{"Vni", VNI, true},
		{"", 0, false},
		{"tcvn", 0, false},
		{"vni-win", 0, false},
		{"latin1", 0, false},
		{"utf-16", 0, false},
	}
	for _, tt := range tests {
		got, err := ParseEncoding(tt.name)
		if !tt.ok {
			if err == nil {
				t.Errorf("ParseEncoding(%q) = %v, want an error", tt.name, got)
				continue
			}
			for _, n := range []string{"utf-8", "utf8", "tcvn3", "abc", "vni", tt.name} {
				if !strings.Contains(err.Error(), n) {
					t.Errorf("ParseEncoding(%q) error %q does not mention %q", tt.name, err, n)
				}
			}
			continue
		}
		if err != nil || got != tt.want {
			t.Errorf("ParseEncoding(%q) = %v, %v; want %v", tt.name, got, err, tt.want)
		}
	}
}

func TestString(t *testing.T) {
	tests := []struct {
		e    Encoding
		want string
	}{
		{UTF8, "utf-8"},
		{TCVN3, "tcvn3"},
		{VNI, "vni"},
		{Encoding(3), "Encoding(3)"},
		{Encoding(-1), "Encoding(-1)"},
	}
	for _, tt := range tests {
		if got := tt.e.String(); got != tt.want {
			t.Errorf("Encoding(%d).String() = %q, want %q", int(tt.e), got, tt.want)
		}
		if e, err := ParseEncoding(tt.want); tt.e >= UTF8 && tt.e <= VNI && (err != nil || e != tt.e) {
			t.Errorf("ParseEncoding(%q) = %v, %v; want %v", tt.want, e, err, tt.e)
		}
	}
}

func TestDecodeUTF8(t *testing.T) {
	tests := []struct {
		in, want string
		errAt    string // the offset the error gives, or "" for none
	}{
		{"Hòa An", "Hòa An", ""},
		{"\uFEFFHòa An", "Hòa An", ""},
		{"Ho\u0300a An", "Hòa An", ""},
		{"a,b\r\n1,2\n", "a,b\r\n1,2\n", ""},
		{"", "", ""},
		{"\uFEFF", "", ""},
		{"Uû ban", "Uû ban", ""}, // mojibake is valid UTF-8 and is kept
		{"H\xDFa An", "", "offset 1"},
		{"\uFEFFH\xDFa", "", "offset 4"},
		{"Hòa\xC3", "", "offset 4"},
		{"\xFF", "", "offset 0"},
		{"\xED\xA0\x80", "", "offset 0"}, // a surrogate
	}
	for _, tt := range tests {
		got, err := Decode(UTF8, []byte(tt.in))
		if tt.errAt != "" {
			if err == nil || !strings.Contains(err.Error(), tt.errAt) {
				t.Errorf("Decode(UTF8, %q) error = %v, want one at %s", tt.in, err, tt.errAt)
			}
			continue
		}
		if err != nil || got != tt.want {
			t.Errorf("Decode(UTF8, %q) = %q, %v; want %q", tt.in, got, err, tt.want)
		}
	}
}

func TestDecodeUnknown(t *testing.T) {
	for _, e := range []Encoding{-1, 3, 100} {
		if _, err := Decode(e, []byte("a")); err == nil {
			t.Errorf("Decode(%v) gave no error", e)
		}
	}
}

// decodeCases are hand-written: the mojibake (the legacy bytes read as
// Windows-1252) and the Unicode text it stands for.
var decodeCases = []struct {
	e              Encoding
	mojibake, want string
}{
	{TCVN3, "Uû ban nh©n d©n x· Hßa An", "Uỷ ban nhân dân xã Hòa An"},
	{TCVN3, "Céng hßa x· héi chñ nghÜa ViÖt Nam", "Cộng hòa xã hội chủ nghĩa Việt Nam"},
	{TCVN3, "§éc lËp - Tù do - H¹nh phóc", "Độc lập - Tự do - Hạnh phúc"},
	{TCVN3, "Hµ Néi, ngµy 05 th¸ng 02 n¨m 2021", "Hà Nội, ngày 05 tháng 02 năm 2021"},
	{TCVN3, "Thµnh phè Hå ChÝ Minh", "Thành phố Hồ Chí Minh"},
	{TCVN3, "§ång Nai; ¡n; ¢u; £m; ¤ng; ¥n; ¦ng", "Đồng Nai; Ăn; Âu; Êm; Ông; Ơn; Ưng"},
	{TCVN3, "ng­êi; §iÒu 1. QuyÕt ®Þnh", "người; Điều 1. Quyết định"},
	// .VnTimeH capitals come back in lower case, except the seven with codes.
	{TCVN3, "UBND TØNH CAO B»NG", "UBND TỉNH CAO BằNG"},
	{TCVN3, "§¥N VÞ", "ĐƠN Vị"},
	// Windows punctuation at 0x80 to 0x9F stays punctuation.
	{TCVN3, "“Hßa An” – 5‰ …", "“Hòa An” – 5‰ …"},
	// Characters no Windows-1252 byte gives are kept.
	{TCVN3, "Hßa An – Hòa An – 漢", "Hòa An – Hũa An – 漢"},

	{VNI, "UÛy ban nhaân daân xaõ Hoøa An", "Ủy ban nhân dân xã Hòa An"},
	{VNI, "Uyû ban nhaân daân", "Uỷ ban nhân dân"},
	{VNI, "Coäng hoøa xaõ hoäi chuû nghóa Vieät Nam", "Cộng hòa xã hội chủ nghĩa Việt Nam"},
	{VNI, "Ñoäc laäp - Töï do - Haïnh phuùc", "Độc lập - Tự do - Hạnh phúc"},
	{VNI, "Xin chaøo caùc baïn", "Xin chào các bạn"},
	{VNI, "Haø Noäi, ngaøy 05 thaùng 02 naêm 2021", "Hà Nội, ngày 05 tháng 02 năm 2021"},
	{VNI, "Thaønh phoá Hoà Chí Minh", "Thành phố Hồ Chí Minh"},
	{VNI, "ngöôøi; Ñieàu 1. Quyeát ñònh", "người; Điều 1. Quyết định"},
	{VNI, "UÛY BAN NHAÂN DAÂN TÆNH CAO BAÈNG", "ỦY BAN NHÂN DÂN TỈNH CAO BẰNG"},
	{VNI, "ÑÔN VÒ; ÖÙNG; ÔÛ; AÊN; Kyø; kyû; Nguyeãn", "ĐƠN VỊ; ỨNG; Ở; ĂN; Kỳ; kỷ; Nguyễn"},
	{VNI, "vieäc; yeâu; khuyeân; quyeát; Muøa xuaân", "việc; yêu; khuyên; quyết; Mùa xuân"},
	// Markers only join letters that can carry them.
	{VNI, "Cafeù; eê; ñaâ; xù; â", "Café; eê; đâ; xù; â"},
	// A marker in the other case still joins its letter.
	{VNI, "HOøA; Uû; hoØa", "HÒA; Ủ; hòa"},
	{VNI, "“Hoøa An” – 5‰ …", "“Hòa An” – 5‰ …"},
}

func TestDecode(t *testing.T) {
	for _, tt := range decodeCases {
		got, err := Decode(tt.e, []byte(tt.mojibake))
		if err != nil || got != tt.want {
			t.Errorf("Decode(%v, %q) = %q, %v; want %q", tt.e, tt.mojibake, got, err, tt.want)
		}
		b, ok := raw(tt.mojibake)
		if !ok {
			continue // has characters that no legacy byte stands for
		}
		if utf8.Valid(b) {
			t.Fatalf("raw form of %q is valid UTF-8", tt.mojibake)
		}
		got, err = Decode(tt.e, b)
		if err != nil || got != tt.want {
			t.Errorf("Decode(%v, % x) = %q, %v; want %q", tt.e, b, got, err, tt.want)
		}
	}
}

// TestAlphabets decodes every Vietnamese letter, as the reference tables
// list them (Unikey's data.cpp for TCVN3, xvnkb's vni.h for VNI), written
// here by hand.
func TestAlphabets(t *testing.T) {
	tests := []struct {
		e              Encoding
		mojibake, want string
	}{
		{TCVN3,
			"a ¸ µ ¶ · ¹ © Ê Ç È É Ë ¨ ¾ » ¼ ½ Æ e Ð Ì Î Ï Ñ ª Õ Ò Ó Ô Ö i Ý × Ø Ü Þ " +
				"o ã ß á â ä « è å æ ç é ¬ í ê ë ì î u ó ï ñ ò ô ­ ø õ ö ÷ ù y ý ú û ü þ ® " +
				"¢ ¡ £ ¤ ¥ ¦ §",
			"a á à ả ã ạ â ấ ầ ẩ ẫ ậ ă ắ ằ ẳ ẵ ặ e é è ẻ ẽ ẹ ê ế ề ể ễ ệ i í ì ỉ ĩ ị " +
				"o ó ò ỏ õ ọ ô ố ồ ổ ỗ ộ ơ ớ ờ ở ỡ ợ u ú ù ủ ũ ụ ư ứ ừ ử ữ ự y ý ỳ ỷ ỹ ỵ đ " +
				"Â Ă Ê Ô Ơ Ư Đ"},
		{VNI,
			"a aù aø aû aõ aï aâ aá aà aå aã aä aê aé aè aú aü aë e eù eø eû eõ eï " +
				"eâ eá eà eå eã eä o où oø oû oõ oï oâ oá oà oå oã oä ô ôù ôø ôû ôõ ôï " +
				"u uù uø uû uõ uï ö öù öø öû öõ öï i í ì æ ó ò y yù yø yû yõ î ñ",
			"a á à ả ã ạ â ấ ầ ẩ ẫ ậ ă ắ ằ ẳ ẵ ặ e é è ẻ ẽ ẹ " +
				"ê ế ề ể ễ ệ o ó ò ỏ õ ọ ô ố ồ ổ ỗ ộ ơ ớ ờ ở ỡ ợ " +
				"u ú ù ủ ũ ụ ư ứ ừ ử ữ ự i í ì ỉ ĩ ị y ý ỳ ỷ ỹ ỵ đ"},
		{VNI,
			"A AÙ AØ AÛ AÕ AÏ AÂ AÁ AÀ AÅ AÃ AÄ AÊ AÉ AÈ AÚ AÜ AË E EÙ EØ EÛ EÕ EÏ " +
				"EÂ EÁ EÀ EÅ EÃ EÄ O OÙ OØ OÛ OÕ OÏ OÂ OÁ OÀ OÅ OÃ OÄ Ô ÔÙ ÔØ ÔÛ ÔÕ ÔÏ " +
				"U UÙ UØ UÛ UÕ UÏ Ö ÖÙ ÖØ ÖÛ ÖÕ ÖÏ I Í Ì Æ Ó Ò Y YÙ YØ YÛ YÕ Î Ñ",
			"A Á À Ả Ã Ạ Â Ấ Ầ Ẩ Ẫ Ậ Ă Ắ Ằ Ẳ Ẵ Ặ E É È Ẻ Ẽ Ẹ " +
				"Ê Ế Ề Ể Ễ Ệ O Ó Ò Ỏ Õ Ọ Ô Ố Ồ Ổ Ỗ Ộ Ơ Ớ Ờ Ở Ỡ Ợ " +
				"U Ú Ù Ủ Ũ Ụ Ư Ứ Ừ Ử Ữ Ự I Í Ì Ỉ Ĩ Ị Y Ý Ỳ Ỷ Ỹ Ỵ Đ"},
	}
	for _, tt := range tests {
		b, ok := raw(tt.mojibake)
		if !ok {
			t.Fatalf("%q has characters Windows-1252 lacks", tt.mojibake)
		}
		for _, in := range [][]byte{[]byte(tt.mojibake), b} {
			got, err := Decode(tt.e, in)
			if err != nil {
				t.Fatal(err)
			}
			g, w := strings.Fields(got), strings.Fields(tt.want)
			if len(g) != len(w) {
				t.Fatalf("Decode(%v) gave %d letters, want %d: %q", tt.e, len(g), len(w), got)
			}
			for i := range w {
				if g[i] != w[i] {
					t.Errorf("Decode(%v, %q) = %q, want %q", tt.e, strings.Fields(tt.mojibake)[i], g[i], w[i])
				}
			}
		}
	}
}

// TestTCVN3Bytes decodes every raw byte and checks that TCVN3 gives
// Windows-1252 for each byte that is not a Vietnamese letter, and a letter
// for the others: 74 in all, 67 lower-case letters and 7 capitals, of which
// only 0xFD (ý) is the same letter in Windows-1252.
func TestTCVN3Bytes(t *testing.T) {
	letters := 0
	for c := 0x80; c <= 0xFF; c++ {
		got, err := Decode(TCVN3, []byte{byte(c)})
		if err != nil {
			t.Fatal(err)
		}
		cp := mojibake(t, []byte{byte(c)})
		if cp == "\uFFFD" { // undefined in Windows-1252
			cp = string(rune(c))
		}
		r, _ := utf8.DecodeRuneInString(got)
		if got == cp {
			continue
		}
		if !unicode.Is(unicode.Latin, r) || utf8.RuneCountInString(got) != 1 {
			t.Errorf("byte %#x gives %q", c, got)
		}
		letters++
	}
	if letters != 73 {
		t.Errorf("%d bytes are letters other than in Windows-1252, want 73", letters)
	}
}

// TestCP1252 checks the package's Windows-1252 table against x/text's.
func TestCP1252(t *testing.T) {
	for c := 0; c < 0x100; c++ {
		want := charmap.Windows1252.DecodeByte(byte(c))
		if want == utf8.RuneError {
			want = rune(c)
		}
		if got := latin(byte(c)); got != want {
			t.Errorf("latin(%#x) = %U, want %U", c, got, want)
		}
	}
}

// Encoders for the round trip, written from the reference tables in a
// different shape from the decoder's: by letter and tone rather than by
// byte.

// Tones in the order of the rows below.
var tones = []rune{0, grave, hook, tilde, acute, dotBelow}

// tcvn3Rows gives, for each toneless lower-case vowel, its TCVN3 bytes with
// no tone, grave, hook, tilde, acute and dot below.
var tcvn3Rows = map[string][6]byte{
	"a": {'a', 0xB5, 0xB6, 0xB7, 0xB8, 0xB9},
	"ă": {0xA8, 0xBB, 0xBC, 0xBD, 0xBE, 0xC6},
	"â": {0xA9, 0xC7, 0xC8, 0xC9, 0xCA, 0xCB},
	"e": {'e', 0xCC, 0xCE, 0xCF, 0xD0, 0xD1},
	"ê": {0xAA, 0xD2, 0xD3, 0xD4, 0xD5, 0xD6},
	"i": {'i', 0xD7, 0xD8, 0xDC, 0xDD, 0xDE},
	"o": {'o', 0xDF, 0xE1, 0xE2, 0xE3, 0xE4},
	"ô": {0xAB, 0xE5, 0xE6, 0xE7, 0xE8, 0xE9},
	"ơ": {0xAC, 0xEA, 0xEB, 0xEC, 0xED, 0xEE},
	"u": {'u', 0xEF, 0xF1, 0xF2, 0xF3, 0xF4},
	"ư": {0xAD, 0xF5, 0xF6, 0xF7, 0xF8, 0xF9},
	"y": {'y', 0xFA, 0xFB, 0xFC, 0xFD, 0xFE},
}

// tcvn3Capitals are the only capitals with codes of their own.
var tcvn3Capitals = map[rune]byte{'Ă': 0xA1, 'Â': 0xA2, 'Ê': 0xA3, 'Ô': 0xA4, 'Ơ': 0xA5, 'Ư': 0xA6, 'Đ': 0xA7}

// split returns the toneless letter of Vietnamese letter r, in NFC, and the
// index of its tone in tones.
func split(r rune) (string, int) {
	var b strings.Builder
	tone := 0
	for _, c := range norm.NFD.String(string(r)) {
		if i := slices.Index(tones, c); i > 0 {
			tone = i
			continue
		}
		b.WriteRune(c)
	}
	return norm.NFC.String(b.String()), tone
}

// encodeTCVN3 returns s in TCVN3, writing capitals that have no code with
// the lower-case codes, as in the .VnTimeH fonts.
func encodeTCVN3(t testing.TB, s string) []byte {
	var out []byte
	for _, r := range s {
		if c, ok := tcvn3Capitals[r]; ok {
			out = append(out, c)
			continue
		}
		if r == 'đ' {
			out = append(out, 0xAE)
			continue
		}
		base, tone := split(unicode.ToLower(r))
		row, ok := tcvn3Rows[base]
		switch {
		case ok && (tone > 0 || row[0] >= 0x80):
			out = append(out, row[tone]) // capitals too
		case r < 0x80:
			out = append(out, byte(r))
		default:
			t.Fatalf("cannot encode %q in TCVN3", r)
		}
	}
	return out
}

// tcvn3Expressible returns s as TCVN3 can carry it: capitals that have no
// code of their own in lower case.
func tcvn3Expressible(s string) string {
	return strings.Map(func(r rune) rune {
		if r < 0x80 || !unicode.IsUpper(r) {
			return r
		}
		if _, ok := tcvn3Capitals[r]; ok {
			return r
		}
		return unicode.ToLower(r)
	}, s)
}

// VNI marker rows, lower case, in the order of tones.
var (
	vniTones      = [6]byte{0, 0xF8, 0xFB, 0xF5, 0xF9, 0xEF}
	vniCircumflex = [6]byte{0xE2, 0xE0, 0xE5, 0xE3, 0xE1, 0xE4}
	vniBreve      = [6]byte{0xEA, 0xE8, 0xFA, 0xFC, 0xE9, 0xEB}
	vniI          = [6]byte{'i', 0xEC, 0xE6, 0xF3, 0xED, 0xF2}
)

// encodeVNI returns s in VNI.
func encodeVNI(t testing.TB, s string) []byte {
	var out []byte
	for _, r := range s {
		lower := unicode.ToLower(r)
		var up byte // subtracted from lower-case codes for a capital
		if r != lower {
			up = 0x20
		}
		base, tone := split(lower)
		switch {
		case lower == 'đ':
			out = append(out, 0xF1-up)
		case base == "i" && tone > 0:
			out = append(out, vniI[tone]-up)
		case base == "y" && tones[tone] == dotBelow:
			out = append(out, 0xEE-up)
		case base == "â" || base == "ê" || base == "ô":
			out = append(out, byte(norm.NFD.String(base)[0])-up, vniCircumflex[tone]-up)
		case base == "ă":
			out = append(out, 'a'-up, vniBreve[tone]-up)
		case base == "ơ" || base == "ư":
			c := map[string]byte{"ơ": 0xF4, "ư": 0xF6}[base] - up
			out = append(out, c)
			if tone > 0 {
				out = append(out, vniTones[tone]-up)
			}
		case len(base) == 1 && base[0] < 0x80:
			out = append(out, base[0]-up)
			if tone > 0 {
				out = append(out, vniTones[tone]-up)
			}
		default:
			t.Fatalf("cannot encode %q in VNI", r)
		}
	}
	return out
}

// unitNames returns the names of the provinces and wards in
// units-2026.json ("Hà Nội", "Ba Đình"), and their full names ("Thành phố
// Hà Nội", "Phường Ba Đình"), from ../shared.
func unitNames(t testing.TB) (names, full []string) {
	t.Helper()
	data, err := os.ReadFile(sharedtest.Path(t, "data/units-2026.json"))
	if err != nil {
		t.Fatal(err)
	}
	var provinces []struct {
		Name, FullName string
		Wards          []struct{ Name, FullName string }
	}
	if err := json.Unmarshal(data, &provinces); err != nil {
		t.Fatal(err)
	}
	for _, p := range provinces {
		names = append(names, p.Name)
		full = append(full, p.FullName)
		for _, w := range p.Wards {
			names = append(names, w.Name)
			full = append(full, w.FullName)
		}
	}
	if len(provinces) != 34 || len(names) != 34+3321 {
		t.Fatalf("units-2026.json has %d provinces and %d names, want 34 and 3355", len(provinces), len(names))
	}
	return names, full
}

func TestEncoders(t *testing.T) {
	tests := []struct {
		e    Encoding
		in   string
		want string // mojibake
	}{
		{TCVN3, "Uỷ ban nhân dân xã Hòa An", "Uû ban nh©n d©n x· Hßa An"},
		{TCVN3, "Ủy Ái Ấn Ứng Đồng Ơn", "ñy ¸i Ên øng §ång ¥n"},
		{VNI, "Ủy ban nhân dân xã Hòa An", "UÛy ban nhaân daân xaõ Hoøa An"},
		{VNI, "Ấn Ứng Đồng Ơn Ỵ ỹ Ỉ Ặ", "AÁn ÖÙng Ñoàng Ôn Î yõ Æ AË"},
	}
	for _, tt := range tests {
		var b []byte
		if tt.e == TCVN3 {
			b = encodeTCVN3(t, tt.in)
		} else {
			b = encodeVNI(t, tt.in)
		}
		if got := mojibake(t, b); got != tt.want {
			t.Errorf("encode %v %q = %q, want %q", tt.e, tt.in, got, tt.want)
		}
	}
}

// TestRoundTrip encodes every province and ward name, short and full, to
// TCVN3 and VNI, in both the raw and the mojibake form, and decodes it
// back. TCVN3 returns the capitals it has no codes for in lower case.
func TestRoundTrip(t *testing.T) {
	names, full := unitNames(t)
	names = append(names, full...)
	lowered := 0
	for _, name := range names {
		want := norm.NFC.String(name)
		for _, e := range []Encoding{TCVN3, VNI} {
			var b []byte
			w := want
			if e == TCVN3 {
				b = encodeTCVN3(t, want)
				w = tcvn3Expressible(want)
				if w != want {
					lowered++
				}
			} else {
				b = encodeVNI(t, want)
			}
			if utf8.Valid(b) && strings.ContainsFunc(string(b), func(r rune) bool { return r >= 0x80 }) {
				t.Errorf("%v bytes of %q are valid UTF-8: Decode takes them for mojibake", e, want)
			}
			for _, in := range [][]byte{b, []byte(mojibake(t, b))} {
				got, err := Decode(e, in)
				if err != nil || got != w {
					t.Errorf("Decode(%v, %q) = %q, %v; want %q", e, in, got, err, w)
				}
			}
		}
	}
	if lowered == 0 {
		t.Error("no name has a capital that TCVN3 lacks; the case rule went untested")
	}
	t.Logf("%d names, %d with a capital TCVN3 writes in lower case", len(names), lowered)
}
