package legacy

import (
	"unicode"
	"unicode/utf8"
)

// Misread reports whether s, text that is valid UTF-8, is Unicode
// Vietnamese that reading it as e would garble: a spreadsheet saved as
// Unicode and given with the wrong encoding, which turns "Xã Hòa An" into
// "Xó Hũa An". It returns the byte offset in s of the first word that
// shows it.
//
// sure is true when s holds a Vietnamese letter beyond Latin-1, such as
// "ư", "đ" or "ạ", which the Windows-1252 reading of legacy text never
// holds. Otherwise Misread reads the words that e would change, and
// answers true when most of them are Vietnamese syllables as they stand,
// as "Xã" and "Hòa" are; the Windows-1252 reading of legacy text is
// mostly symbols, as in "X· Hßa". A short text may read well both ways
// ("Phóc Léc" is TCVN3 for "Phúc Lộc"), so without sure, the answer is a
// reason to warn, not to refuse.
func Misread(e Encoding, s string) (offset int, sure, found bool) {
	if e == UTF8 {
		return 0, false, false
	}
	first := -1
	var changed, fine int
	for i := 0; i < len(s); {
		r, n := utf8.DecodeRuneInString(s[i:])
		if !wordRune(r) {
			i += n
			continue
		}
		start, high := i, false
		for i < len(s) {
			r, n := utf8.DecodeRuneInString(s[i:])
			if !wordRune(r) {
				break
			}
			if vietnameseWide(r) {
				return start, true, true
			}
			high = high || r >= 0x80
			i += n
		}
		if !high {
			continue
		}
		w := s[start:i]
		if d, _ := Decode(e, []byte(w)); d == w {
			continue
		}
		changed++
		if syllable(w) && cased(w, nil) {
			fine++
			if first < 0 {
				first = start
			}
		}
	}
	if 2*fine > changed {
		return first, false, true
	}
	return 0, false, false
}

// wordRune reports whether r belongs to a word of Unicode text.
func wordRune(r rune) bool {
	return r < 0x80 && ('a' <= r && r <= 'z' || 'A' <= r && r <= 'Z') ||
		r >= 0xA1 && r != utf8.RuneError && (r < 0x100 || unicode.IsLetter(r) || unicode.IsMark(r))
}

// vietnameseWide reports whether r is a Vietnamese letter beyond Latin-1,
// in NFC or as a combining tone mark: ă đ ĩ ũ ơ ư, their capitals, and the
// letters with a hook or a dot below.
func vietnameseWide(r rune) bool {
	switch {
	case r == 'ă' || r == 'Ă' || r == 'đ' || r == 'Đ' || r == 'ĩ' || r == 'Ĩ' ||
		r == 'ũ' || r == 'Ũ' || r == 'ơ' || r == 'Ơ' || r == 'ư' || r == 'Ư':
		return true
	case 0x1EA0 <= r && r <= 0x1EF9: // Latin Extended Additional: ạ ả ấ … ỹ
		return true
	case isTone(r):
		return true
	}
	return false
}

func isTone(r rune) bool {
	switch r {
	case '\u0300', '\u0301', '\u0303', '\u0309', '\u0323':
		return true
	}
	return false
}
