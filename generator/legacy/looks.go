package legacy

import (
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

// Looks reports whether s looks like Vietnamese in TCVN3 or VNI that was
// not declared as such, and if so in which. s may be the raw bytes of a
// file or their Windows-1252 reading in UTF-8 (see Decode).
//
// Looks reads s word by word, skipping words of ASCII letters only and
// words of one character. It reads each word three ways, as it stands, as TCVN3 and as
// VNI, and counts the readings that give a Vietnamese syllable with
// plausible capitals: "Hßa" reads well only as TCVN3 ("Hòa"), "Hoøa" only
// as VNI, "Hòa" as it stands (and as VNI, where it is the same). Words with
// characters beyond Latin-1, such as "ễ" or "ă", are taken for Unicode.
// Looks answers true for a legacy encoding when its reading gives more
// syllables than each of the other two, for at least a third of the words,
// and when at least one of those words cannot be Unicode Vietnamese: it
// has a character Vietnamese does not use, such as "©" or "ø", capitals
// inside it, or for VNI a vowel followed by a marker, as in "eâ".
//
// So Unicode Vietnamese, English, foreign names such as "Café" or "Peña",
// numbers and dates are not flagged. Nor are short texts whose words read
// well two ways: "Phóc Léc" is Vietnamese as it stands, and TCVN3 for
// "Phúc Lộc". Looks judges the text as a whole: a few legacy cells in a
// Unicode file do not make it legacy.
func Looks(s string) (Encoding, bool) {
	u := units([]byte(s))
	var words, plain int
	var tcvn, vni struct{ n, sure int } // words that read well; those of them that cannot be Unicode
	for i := 0; i < len(u); {
		if !wordUnit(u[i]) {
			i++
			continue
		}
		j := i
		high, wide := false, false
		for ; j < len(u) && wordUnit(u[j]); j++ {
			high = high || u[j] >= 0x80
			wide = wide || u[j] >= 0x100
		}
		w := u[i:j]
		i = j
		if !high || len(w) == 1 {
			continue // a lone "«", "·" or "ª" is punctuation more likely than a TCVN3 letter
		}
		words++
		if wide {
			plain++
			continue
		}
		as := asIs(w)
		capitals := cased(as, nil)
		fine := capitals && syllable(as)
		if fine {
			plain++
		}
		// A word that is no syllable as it stands is no Unicode Vietnamese
		// either if it has odd capitals, such as TCVN3's "Ê" for "ấ" in
		// "TuÊn", or a character that Vietnamese does not use. The micro
		// sign before a unit ("µm") is not taken for TCVN3's "à".
		foreign := !fine && (!capitals ||
			strings.ContainsFunc(strings.TrimPrefix(as, "µ"), func(r rune) bool {
				return r >= 0x80 && !strings.ContainsRune(vietLatin, r)
			}))
		if t := decodeTCVN3(w); syllable(t) && cased(t, tcvn3Lower(w)) {
			tcvn.n++
			if foreign {
				tcvn.sure++
			}
		}
		if v := decodeVNI(w); syllable(v) && cased(v, nil) && vniCased(w) {
			vni.n++
			if foreign || !fine && vniMarked(w) {
				vni.sure++
			}
		}
	}
	switch {
	case tcvn.sure > 0 && tcvn.n > plain && tcvn.n > vni.n && 3*tcvn.n >= words:
		return TCVN3, true
	case vni.sure > 0 && vni.n > plain && vni.n > tcvn.n && 3*vni.n >= words:
		return VNI, true
	}
	return UTF8, false
}

// vietLatin lists the Vietnamese letters in Latin-1, which Unicode
// Vietnamese shares with Windows-1252.
const vietLatin = "ÀÁÂÃÈÉÊÌÍÒÓÔÕÙÚÝàáâãèéêìíòóôõùúý"

// wordUnit reports whether code unit c belongs to a word: a letter or mark,
// or any byte from 0xA1 up, since TCVN3 letters read in Windows-1252 include
// symbols such as "©" (â) and "·" (ã).
func wordUnit(c rune) bool {
	switch {
	case c < 0x80:
		return 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z'
	case c < 0xA1:
		return false
	case c < 0x100:
		return true
	}
	return unicode.IsLetter(c) || unicode.IsMark(c)
}

// asIs returns code units below 0x100 read as Windows-1252.
func asIs(w []rune) string {
	var b strings.Builder
	for _, c := range w {
		b.WriteRune(latin(byte(c)))
	}
	return b.String()
}

// cased reports whether the letters of w are all lower case, all upper
// case, or an upper-case letter followed by lower case. It skips the
// letters whose index, counted in runes of w, is in skip.
func cased(w string, skip map[int]bool) bool {
	var upper, lower, first int // counts, and the case of the first letter
	i := 0
	for _, r := range w {
		if !skip[i] {
			switch {
			case unicode.IsUpper(r):
				upper++
				if upper+lower == 1 {
					first = 1
				}
			case unicode.IsLower(r):
				lower++
			}
		}
		i++
	}
	return upper == 0 || lower == 0 || upper == 1 && first == 1
}

// tcvn3Lower returns the indexes of the TCVN3 lower-case letters in w,
// which stand for capitals too in the .VnTimeH fonts.
func tcvn3Lower(w []rune) map[int]bool {
	var m map[int]bool
	for i, c := range w {
		if c < 0x100 && unicode.IsLower(tcvn3[c]) {
			if m == nil {
				m = make(map[int]bool)
			}
			m[i] = true
		}
	}
	return m
}

// vniCased reports whether every VNI marker in w has the case of its base
// letter, as VNI keyboards type them.
func vniCased(w []rune) bool {
	for i := 0; i+1 < len(w); i++ {
		base, c := vniRune(w[i]), w[i+1]
		if c < 0x100 && vniMarks[c].takes(base) {
			if unicode.IsUpper(base) != (c < 0xE0) {
				return false
			}
			i++
		}
	}
	return true
}

// vniMarked reports whether w has an ASCII vowel followed by a VNI marker
// that it can carry.
func vniMarked(w []rune) bool {
	for i := 0; i+1 < len(w); i++ {
		if w[i] < 0x80 && w[i+1] < 0x100 && vniMarks[w[i+1]].takes(w[i]) {
			return true
		}
	}
	return false
}

// Rules for syllable: the onsets, the vowel nuclei and the final
// consonants. A nucleus that ends in a semivowel (ai, ao, iêu…) takes no
// final consonant, some (ă, â, iê, uô…) need one, the rest may take one or
// not.
var (
	onsets = []string{"ngh", "ng", "nh", "ch", "gh", "gi", "kh", "ph", "qu", "th", "tr",
		"b", "c", "d", "đ", "g", "h", "k", "l", "m", "n", "p", "r", "s", "t", "v", "x", ""}
	codas = []string{"", "ng", "nh", "ch", "c", "m", "n", "p", "t"}
	// The onsets after which a lone y may be the vowel, as in "kỳ", "lý".
	yOnsets = []string{"", "h", "k", "l", "m", "n", "qu", "s", "t", "v"}
	// The nuclei before a final nh or ch, as in "anh", "huỳnh", "khuếch".
	beforeNh = []string{"a", "ê", "i", "y", "oa", "uê", "uy"}
)

const (
	open   = iota // a final consonant may follow or not
	closed        // no final consonant may follow
	needs         // a final consonant must follow
)

var nuclei = map[string]int{
	"a": open, "ă": needs, "â": needs, "e": open, "ê": open, "i": open, "o": open,
	"ô": open, "ơ": open, "u": open, "ư": open, "y": open,
	"oa": open, "oă": needs, "oe": open, "uê": open, "uy": open, "uâ": needs,
	"ia": closed, "iê": needs, "ua": closed, "uô": needs, "ưa": closed, "ươ": needs,
	"yê": needs, "uơ": closed, "oo": needs,
	"ai": closed, "ao": closed, "au": closed, "ay": closed, "âu": closed, "ây": closed,
	"eo": closed, "êu": closed, "iu": closed, "oi": closed, "ôi": closed, "ơi": closed,
	"ui": closed, "ưi": closed, "ưu": closed,
	"iêu": closed, "yêu": closed, "oai": closed, "oao": closed, "oay": closed,
	"oeo": closed, "uây": closed, "uôi": closed, "ươi": closed, "ươu": closed,
	"uya": closed, "uyu": closed, "uyê": needs,
}

// toned maps each lower-case Vietnamese letter with a tone mark to the
// letter without it and the mark: 'ộ' to 'ô' and a dot below.
var toned = func() map[rune][2]rune {
	m := make(map[rune][2]rune)
	for _, base := range "aăâeêioôơuưy" {
		for _, tone := range []rune{grave, acute, tilde, hook, dotBelow} {
			r, _ := utf8.DecodeRuneInString(norm.NFC.String(string([]rune{base, tone})))
			m[r] = [2]rune{base, tone}
		}
	}
	return m
}()

// syllable reports whether w, in any case, is one Vietnamese syllable: an
// onset, a vowel nucleus and a final consonant that may go together, with
// at most one tone mark, placed on the nucleus where Vietnamese spelling
// puts it, old style or new.
func syllable(w string) bool {
	var buf [8]rune
	letters := buf[:0]
	var tone rune
	at := -1 // the index in letters of the letter with the tone mark
	for _, r := range norm.NFC.String(w) {
		if len(letters) == len(buf) {
			return false // longer than "nghiêng"
		}
		r = unicode.ToLower(r)
		if t, ok := toned[r]; ok {
			if tone != 0 {
				return false
			}
			r, tone, at = t[0], t[1], len(letters)
		}
		letters = append(letters, r)
	}
	s := string(letters)
	for _, on := range onsets {
		rest, ok := strings.CutPrefix(s, on)
		if !ok || rest == "" {
			continue
		}
		at := at - utf8.RuneCountInString(on) // now counted in the nucleus
		end := 0                              // of the nucleus in rest
		for range 3 {
			_, n := utf8.DecodeRuneInString(rest[end:])
			if n == 0 {
				break
			}
			end += n
			nu, coda := rest[:end], rest[end:]
			if kind, ok := nuclei[nu]; ok && fits(on, nu, kind, coda) && toneFits(nu, kind, coda, tone, at) {
				return true
			}
		}
	}
	return false
}

// fits reports whether onset on, nucleus nu of the given kind and final
// consonant coda make a syllable, leaving the tone aside.
func fits(on, nu string, kind int, coda string) bool {
	if !slices.Contains(codas, coda) {
		return false
	}
	first, _ := utf8.DecodeRuneInString(nu)
	last, _ := utf8.DecodeLastRuneInString(nu)
	front := strings.ContainsRune("eêiy", first)
	switch on {
	case "c", "ng":
		if front {
			return false
		}
	case "g":
		if first == 'e' || first == 'ê' {
			return false
		}
	case "k", "gh", "ngh":
		if !front || on != "k" && first == 'y' {
			return false
		}
	case "qu":
		if strings.ContainsRune("ouư", first) {
			return false
		}
	case "gi":
		if first == 'i' {
			return false
		}
	}
	if nu == "y" && !slices.Contains(yOnsets, on) {
		return false // i is written after the other onsets: "chi", not "chy"
	}
	switch {
	case coda == "":
		return kind != needs
	case kind == closed:
		return false
	case coda == "nh" || coda == "ch":
		return slices.Contains(beforeNh, nu)
	case coda == "ng" || coda == "c":
		return last != 'i' && last != 'y'
	case nu == "oo":
		return false
	}
	return true
}

// toneFits reports whether a syllable with nucleus nu of the given kind
// and final consonant coda may carry tone (0 for none) on the letter at
// index at of the nucleus. A syllable ending in c, ch, p or t takes only an
// acute or a dot below. A closed nucleus never takes the mark on its last
// letter, the semivowel, except uơ ("thuở"); before a final consonant the
// nucleus takes it on its last letter.
func toneFits(nu string, kind int, coda string, tone rune, at int) bool {
	if coda == "c" || coda == "ch" || coda == "p" || coda == "t" {
		if tone != acute && tone != dotBelow {
			return false
		}
	}
	if tone == 0 {
		return true
	}
	n := utf8.RuneCountInString(nu)
	switch {
	case at < 0 || at >= n:
		return false
	case kind == closed && at == n-1 && nu != "uơ":
		return false
	case coda != "" && at != n-1:
		return false
	}
	return true
}
