// Package vn implements the Vietnamese text rules that Decree 30/2020/NĐ-CP
// sets for administrative documents: Unicode normalisation, upper case,
// signers' names, dates and numbers, document codes ("ký hiệu"), the
// punctuation of recipients, legal bases and addressees, and the urgency and
// circulation marks.
//
// Every function is pure: it depends only on its arguments and is safe for
// concurrent use.
package vn

import (
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

// NFC returns s in Unicode normalisation form C. Text typed on macOS and on
// some Vietnamese keyboards arrives decomposed ("o" followed by a combining
// grave accent); fonts and comparisons expect the precomposed form ("ò").
func NFC(s string) string {
	return norm.NFC.String(s)
}

// Upper returns s in upper case after normalising it to NFC, so that
// "ủy ban nhân dân huyện hòa an" becomes "ỦY BAN NHÂN DÂN HUYỆN HÒA AN"
// and đ, ư, ơ become Đ, Ư, Ơ.
func Upper(s string) string {
	// Unicode's simple case mappings cover every Vietnamese letter, so no
	// language-specific rules are needed; normalising again afterwards
	// keeps the result in NFC whatever the input held.
	return NFC(strings.ToUpper(NFC(s)))
}

// PersonName returns a signer's full name as the Decree wants it: lower case
// with capitals. A name typed all in upper case or all in lower case is
// title-cased word by word ("TRỊNH TRƯỜNG HUY" becomes "Trịnh Trường Huy");
// a letter after an apostrophe or hyphen starts a new part, as in the Ê Đê
// name "H'Hen". A name typed in mixed case is kept as typed, since only the
// user knows the capitals of names such as "H'Hen Niê". Runs of spaces are
// collapsed and the name is trimmed.
func PersonName(s string) string {
	s = strings.Join(strings.Fields(Clean(s)), " ")
	var upper, lower bool
	for _, r := range s {
		upper = upper || unicode.IsUpper(r)
		lower = lower || unicode.IsLower(r)
	}
	if upper && lower {
		return s
	}
	return title(s)
}

// title upper-cases the first letter of each word, and of each part after
// an apostrophe or hyphen, and lower-cases the other letters.
func title(s string) string {
	var b strings.Builder
	b.Grow(len(s))
	start := true
	for _, r := range s {
		switch {
		case unicode.IsLetter(r) && start:
			b.WriteRune(unicode.ToTitle(r))
			start = false
		case unicode.IsLetter(r):
			b.WriteRune(unicode.ToLower(r))
		default:
			b.WriteRune(r)
			start = start || r == ' ' || r == '\'' || r == '’' || r == '-'
		}
	}
	return NFC(b.String())
}

// Fold returns a key for comparing Vietnamese text regardless of case and of
// where the tone mark was placed: old-style "Hoà", "thuỷ", "HOẢ" and
// new-style "Hòa", "thủy", "HỎA" fold equal. Both placements are in use and
// the project accepts either as typed.
func Fold(s string) string {
	rs := []rune(strings.ToLower(norm.NFD.String(s)))
	out := make([]rune, 0, len(rs))
	var tones []rune
	for _, r := range rs {
		if isTone(r) {
			tones = append(tones, r)
			continue
		}
		if !unicode.IsLetter(r) && !unicode.Is(unicode.Mn, r) {
			// The syllable has ended: its tone goes after it.
			out = append(out, tones...)
			tones = tones[:0]
		}
		out = append(out, r)
	}
	out = append(out, tones...)
	return NFC(string(out))
}

// isTone reports whether r is one of the five combining marks that write
// Vietnamese tones (the sixth tone is unmarked).
func isTone(r rune) bool {
	switch r {
	case '\u0300', '\u0301', '\u0303', '\u0309', '\u0323':
		return true
	}
	return false
}

// Clean tidies text typed by a user: it trims s, normalises it to NFC,
// turns tabs and runs of spaces into one space and removes zero-width
// characters (U+200B to U+200D, U+FEFF) and soft hyphens (U+00AD), which
// are invisible but break words and comparisons, and which Vietnamese
// text has no use for (the joiners U+200C and U+200D shape other
// scripts). Newlines separate paragraphs and are kept, but
// "\r\n" and "\r" become "\n". Other Unicode spaces, such as the no-break
// space that word processors paste, count as spaces.
func Clean(s string) string {
	// The usual case, found in one pass: the text is clean already but
	// for white space at its ends (a TOML multi-line string ends in a
	// newline).
	if t := strings.Trim(s, asciiSpace); cleanAlready(t) {
		return t
	}
	return clean(s)
}

// clean is Clean the long way, a step for each rule.
func clean(s string) string {
	s = strings.ReplaceAll(s, "\r\n", "\n")
	s = strings.Map(func(r rune) rune {
		switch {
		case dropped(r):
			return -1
		case r == '\r':
			return '\n'
		}
		return r
	}, s)
	// Normalise only once the zero-width characters, which would block
	// composition, are gone.
	s = NFC(s)
	if spacedAlready(s) {
		return s // the usual case: a copy would change nothing
	}
	var b strings.Builder
	b.Grow(len(s))
	space := false
	for _, r := range s {
		if r != '\n' && unicode.IsSpace(r) && !Invisible(r) {
			space = true
			continue
		}
		if space {
			b.WriteByte(' ')
			space = false
		}
		b.WriteRune(r)
	}
	return strings.TrimSpace(b.String())
}

// asciiSpace is the white space Clean trims from the ends of a text.
const asciiSpace = " \t\n\r"

// cleanAlready reports, in one pass, whether s is text that Clean leaves
// as it is: plain runes (see plainRunes), printable ASCII, and single
// spaces and newlines between them, neither at either end nor a space
// after a space. It may answer false for text that Clean would keep too;
// Clean then takes the long way.
func cleanAlready(s string) bool {
	if s == "" {
		return true
	}
	switch s[0] {
	case ' ', '\n':
		return false
	}
	switch s[len(s)-1] {
	case ' ', '\n':
		return false
	}
	plain := plainRunes()
	for i := 0; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf {
			switch {
			case c == ' ' && s[i-1] == ' ':
				return false
			case c < ' ' && c != '\n', c == 0x7f:
				return false
			}
			i++
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		if r >= plainLimit || plain[r/64]&(1<<(r%64)) == 0 {
			return false // also U+FFFD, which stands for invalid UTF-8
		}
		i += size
	}
	return true
}

// plainLimit bounds the runes plainRunes knows: the fonts' repertoire
// lies below it.
const plainLimit = 0x2600

// plainRunes is a bitmap of the non-ASCII runes below plainLimit that
// Clean keeps wherever they stand: in NFC whatever comes before or after
// them (canonical combining class 0 and NFC quick check Yes: a text of
// such runes is in NFC, UAX #15), and neither white space, a control or
// format character, nor a rune Clean drops. It is worked out once.
var plainRunes = sync.OnceValue(func() *[plainLimit / 64]uint64 {
	var bits [plainLimit / 64]uint64
	for r := rune(utf8.RuneSelf); r < plainLimit; r++ {
		s := string(r)
		p := norm.NFC.PropertiesString(s)
		if r == utf8.RuneError || dropped(r) || Invisible(r) || unicode.IsSpace(r) ||
			!norm.NFC.IsNormalString(s) || p.CCC() != 0 || !p.BoundaryBefore() {
			continue
		}
		bits[r/64] |= 1 << (r % 64)
	}
	return &bits
})

// dropped reports whether Clean removes r.
func dropped(r rune) bool {
	switch r {
	case '\u200b', '\u200c', '\u200d', '\ufeff', '\u00ad':
		return true
	}
	return false
}

// Invisible reports whether r is a control or format character other than
// '\n' and '\t': the C0 and C1 controls (U+0000–001F, U+007F–009F), the
// line and paragraph separators U+2028 and U+2029, and every format
// character (Unicode category Cf), among them the bidirectional controls
// U+200E, U+200F, U+202A–202E and U+2066–2069, which make a viewer show
// text in another order than it is stored ("\u202e000 005" shows as
// "500 000" in one program and "000 005" in another). Such a character is
// never needed in a Vietnamese document and is refused, not dropped, so
// that what is printed is what was read.
func Invisible(r rune) bool {
	if r == '\n' || r == '\t' {
		return false
	}
	return unicode.IsControl(r) || r == '\u2028' || r == '\u2029' || unicode.Is(unicode.Cf, r) && !dropped(r)
}

// BadRune reports the first rune in s that the document cannot show: a
// control character other than '\n' and '\t' (see Invisible), U+FFFD
// (which also stands for invalid UTF-8), or a rune for which ok reports
// false. ok is typically
// "the font has a glyph for r"; it may be nil, and it is not consulted for
// '\n' and '\t', which the layout handles rather than the font. BadRune
// returns the rune and its 1-based line and column, counted in runes, so
// that the user can be told where to look.
func BadRune(s string, ok func(rune) bool) (r rune, line, col int, found bool) {
	line, col = 1, 1
	plain := plainRunes()
	for _, r := range s {
		if r >= ' ' && r < 0x7f || r >= utf8.RuneSelf && r < plainLimit && plain[r/64]&(1<<(r%64)) != 0 {
			// Printable ASCII and plain runes are neither controls nor
			// dropped: only ok has a say.
			if ok != nil && !ok(r) {
				return r, line, col, true
			}
			col++
			continue
		}
		switch {
		case r == '\n':
			line++
			col = 1
			continue
		case r == '\t', dropped(r): // Clean removes them
		case r == utf8.RuneError, Invisible(r):
			return r, line, col, true
		case ok != nil && !ok(r):
			return r, line, col, true
		}
		col++
	}
	return 0, 0, 0, false
}

// spacedAlready reports whether Clean's handling of white space would leave
// s as it is: valid UTF-8, no space at either end, and between words single
// ASCII spaces only.
func spacedAlready(s string) bool {
	if s == "" {
		return true
	}
	if strings.TrimSpace(s) != s || !utf8.ValidString(s) { // the copy writes U+FFFD for a bad byte
		return false
	}
	prev := rune(0)
	for _, r := range s {
		if r != '\n' && unicode.IsSpace(r) && !Invisible(r) && (r != ' ' || prev == ' ') {
			return false
		}
		prev = r
	}
	return true
}

// AgencyInText returns an agency's name, typed in upper case for the
// header, as it reads inside a sentence: "ỦY BAN NHÂN DÂN XÃ NGỌC ĐƯỜNG"
// becomes "Ủy ban nhân dân xã Ngọc Đường", "SỞ NỘI VỤ TỈNH CAO BẰNG" becomes
// "Sở Nội vụ tỉnh Cao Bằng". The first letter is a capital; after a unit
// type (xã, phường, tỉnh, thành phố …) every word is part of a place's name
// and takes a capital; after Sở, Bộ or Phòng the next word does. A name
// typed in mixed case is kept as typed.
func AgencyInText(s string) string {
	words := strings.Fields(Clean(s))
	var upper, lower bool
	for _, r := range strings.Join(words, "") {
		upper = upper || unicode.IsUpper(r)
		lower = lower || unicode.IsLower(r)
	}
	if upper && lower {
		return strings.Join(words, " ")
	}
	place := false
	for i, w := range words {
		l := strings.ToLower(w)
		capital := i == 0 || place
		if i > 0 {
			prev := strings.ToLower(words[i-1])
			capital = capital || i == 1 && (prev == "sở" || prev == "bộ" || prev == "phòng")
		}
		if capital {
			words[i] = title(l)
		} else {
			words[i] = l
		}
		if i > 0 && unitType(strings.ToLower(words[i-1])+" "+l) || unitType(l) && !(i+1 < len(words) && unitType(l+" "+strings.ToLower(words[i+1]))) {
			place = true
		}
	}
	return NFC(strings.Join(words, " "))
}

// unitType reports whether s names a type of administrative unit.
func unitType(s string) bool {
	switch s {
	case "xã", "phường", "tỉnh", "huyện", "quận", "thành phố", "thị xã", "thị trấn", "đặc khu":
		return true
	}
	return false
}
