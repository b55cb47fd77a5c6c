package legacy

// The code tables. They follow the TCVN3 and VNI-WIN tables of Unikey's
// converter (VnConv, by Pham Kim Long; unikey/data.cpp in
// github.com/fcitx/fcitx5-unikey), checked against xvnkb (tcvn.h, vni.h in
// github.com/lamdao/xvnkb) and, for the lower-case TCVN3 letters, against
// the TCVN 5712 table of XFree86 (X-TrueType TCVNtoUCS2.c).

// cp1252 holds the Windows-1252 characters of bytes 0x80 to 0x9F. The five
// bytes that Windows-1252 leaves undefined keep their Latin-1 meaning, a C1
// control character, as they do in most decoders that accept them.
var cp1252 = [32]rune{
	'€', 0x81, '‚', 'ƒ', '„', '…', '†', '‡', 'ˆ', '‰', 'Š', '‹', 'Œ', 0x8D, 'Ž', 0x8F,
	0x90, '‘', '’', '“', '”', '•', '–', '—', '˜', '™', 'š', '›', 'œ', 0x9D, 'ž', 'Ÿ',
}

// latin returns the character that byte c stands for in Windows-1252, the
// code page of the Western European Windows on which the legacy fonts were
// used: Latin-1, except for the punctuation at 0x80 to 0x9F.
func latin(c byte) rune {
	if c >= 0x80 && c < 0xA0 {
		return cp1252[c-0x80]
	}
	return rune(c)
}

// tcvn3 maps the bytes of TCVN3 (TCVN 5712:1993, VN3) to letters; zero
// means the byte keeps its Windows-1252 meaning. Upper-case letters with a
// tone mark have no code: the .VnTimeH fonts draw the lower-case codes as
// capitals.
var tcvn3 = [256]rune{
	0xA1: 'Ă', 0xA2: 'Â', 0xA3: 'Ê', 0xA4: 'Ô', 0xA5: 'Ơ', 0xA6: 'Ư', 0xA7: 'Đ',
	0xA8: 'ă', 0xA9: 'â', 0xAA: 'ê', 0xAB: 'ô', 0xAC: 'ơ', 0xAD: 'ư', 0xAE: 'đ',

	0xB5: 'à', 0xB6: 'ả', 0xB7: 'ã', 0xB8: 'á', 0xB9: 'ạ',
	0xBB: 'ằ', 0xBC: 'ẳ', 0xBD: 'ẵ', 0xBE: 'ắ',
	0xC6: 'ặ',
	0xC7: 'ầ', 0xC8: 'ẩ', 0xC9: 'ẫ', 0xCA: 'ấ', 0xCB: 'ậ',
	0xCC: 'è', 0xCE: 'ẻ', 0xCF: 'ẽ', 0xD0: 'é', 0xD1: 'ẹ',
	0xD2: 'ề', 0xD3: 'ể', 0xD4: 'ễ', 0xD5: 'ế', 0xD6: 'ệ',
	0xD7: 'ì', 0xD8: 'ỉ', 0xDC: 'ĩ', 0xDD: 'í', 0xDE: 'ị',
	0xDF: 'ò', 0xE1: 'ỏ', 0xE2: 'õ', 0xE3: 'ó', 0xE4: 'ọ',
	0xE5: 'ồ', 0xE6: 'ổ', 0xE7: 'ỗ', 0xE8: 'ố', 0xE9: 'ộ',
	0xEA: 'ờ', 0xEB: 'ở', 0xEC: 'ỡ', 0xED: 'ớ', 0xEE: 'ợ',
	0xEF: 'ù', 0xF1: 'ủ', 0xF2: 'ũ', 0xF3: 'ú', 0xF4: 'ụ',
	0xF5: 'ừ', 0xF6: 'ử', 0xF7: 'ữ', 0xF8: 'ứ', 0xF9: 'ự',
	0xFA: 'ỳ', 0xFB: 'ỷ', 0xFC: 'ỹ', 0xFD: 'ý', 0xFE: 'ỵ',
}

// Combining marks, as VNI places them over or under a base letter.
const (
	grave      = '\u0300'
	acute      = '\u0301'
	circumflex = '\u0302'
	tilde      = '\u0303'
	breve      = '\u0306'
	hook       = '\u0309'
	dotBelow   = '\u0323'
)

// vniLetter maps the VNI bytes that are letters on their own: đ, ơ, ư, the
// i with a tone mark and ỵ. Zero means the byte is no letter on its own.
var vniLetter = [256]rune{
	0xD1: 'Đ', 0xF1: 'đ',
	0xD4: 'Ơ', 0xF4: 'ơ',
	0xD6: 'Ư', 0xF6: 'ư',
	0xCC: 'Ì', 0xEC: 'ì',
	0xCD: 'Í', 0xED: 'í',
	0xC6: 'Ỉ', 0xE6: 'ỉ',
	0xD3: 'Ĩ', 0xF3: 'ĩ',
	0xD2: 'Ị', 0xF2: 'ị',
	0xCE: 'Ỵ', 0xEE: 'ỵ',
}

// vniMark describes a VNI marker byte, which follows its base letter.
type vniMark struct {
	quality rune // circumflex, breve or 0
	tone    rune // a tone mark or 0
}

// vniMarks maps VNI marker bytes to the marks they add. Each marker has a
// lower-case form, used after lower-case letters, and an upper-case form
// 0x20 below it, drawn higher to clear a capital.
var vniMarks = func() [256]vniMark {
	var m [256]vniMark
	for _, k := range []struct {
		c       byte
		quality rune
		tone    rune
	}{
		{0xF9, 0, acute}, {0xF8, 0, grave}, {0xFB, 0, hook}, {0xF5, 0, tilde}, {0xEF, 0, dotBelow},
		{0xE2, circumflex, 0}, {0xE1, circumflex, acute}, {0xE0, circumflex, grave},
		{0xE5, circumflex, hook}, {0xE3, circumflex, tilde}, {0xE4, circumflex, dotBelow},
		{0xEA, breve, 0}, {0xE9, breve, acute}, {0xE8, breve, grave},
		{0xFA, breve, hook}, {0xFC, breve, tilde}, {0xEB, breve, dotBelow},
	} {
		m[k.c] = vniMark{k.quality, k.tone}
		m[k.c-0x20] = vniMark{k.quality, k.tone}
	}
	return m
}()

// takes reports whether VNI letter base can carry mark m: any vowel a tone
// mark, a, e and o a circumflex, and a alone a breve.
func (m vniMark) takes(base rune) bool {
	switch m.quality {
	case circumflex:
		return base == 'a' || base == 'e' || base == 'o' ||
			base == 'A' || base == 'E' || base == 'O'
	case breve:
		return base == 'a' || base == 'A'
	case 0:
		if m.tone == 0 {
			return false
		}
		switch base {
		case 'a', 'e', 'i', 'o', 'u', 'y', 'ơ', 'ư',
			'A', 'E', 'I', 'O', 'U', 'Y', 'Ơ', 'Ư':
			return true
		}
	}
	return false
}
