// Package legacy converts text in the legacy Vietnamese encodings that
// provincial offices still type in, TCVN3 and VNI, to Unicode.
//
// TCVN3 (also called ABC, from TCVN 5712:1993) is an 8-bit encoding used with
// the .VnTime family of fonts. Each Vietnamese letter is one byte from 0xA1
// to 0xFE: "â" is 0xA9, "ã" 0xB7, "ò" 0xDF. Only seven capitals have codes
// of their own (Ă Â Ê Ô Ơ Ư Đ); the other capitals are typed with the
// lower-case codes in a separate font, .VnTimeH, that draws every letter as
// a capital. The bytes 0x80 to 0x9F are not letters: as in Unikey's TCVN3
// table, they keep the Windows punctuation, such as curly quotes and dashes.
//
// VNI (VNI-Windows) writes a letter as an ASCII base letter followed by
// marker bytes that the VNI fonts draw as diacritics: "ệ" is "e" then 0xE4,
// "ò" is "o" then 0xF8. After a capital the markers take their upper-case
// forms, 0x20 lower ("Ò" is "O" then 0xD8). A few letters are single bytes:
// đ, ơ, ư, the i with a tone mark and ỵ.
//
// A spreadsheet typed in these fonts arrives as CSV in one of two forms, and
// Decode takes both: the raw bytes, each the legacy code (the file is then
// not valid UTF-8), or the same bytes already read as Windows-1252 (or
// Latin-1) and saved as UTF-8, which is valid UTF-8 but shows mojibake such
// as
// "Uû ban nh©n d©n" (TCVN3) or "UÛy ban nhaân daân" (VNI) for
// "Uỷ ban nhân dân". Looks tells whether text looks like such mojibake.
//
// Files are small, so the package works on whole files: pass the result of
// Decode to encoding/csv through strings.NewReader.
package legacy

import (
	"fmt"
	"strings"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

// Encoding is a text encoding that Decode reads.
type Encoding int

// The encodings.
const (
	UTF8  Encoding = iota // Unicode in UTF-8
	TCVN3                 // TCVN3, also called ABC: the .VnTime fonts
	VNI                   // VNI-Windows: the VNI-Times fonts
)

// names lists the names ParseEncoding accepts, the canonical one first.
var names = [...][]string{
	UTF8:  {"utf-8", "utf8"},
	TCVN3: {"tcvn3", "abc"},
	VNI:   {"vni"},
}

// ParseEncoding returns the encoding with the given name, in any case:
// "utf-8" or "utf8", "tcvn3" or "abc", and "vni".
func ParseEncoding(name string) (Encoding, error) {
	n := strings.ToLower(strings.TrimSpace(name))
	for e, ns := range names {
		for _, s := range ns {
			if n == s {
				return Encoding(e), nil
			}
		}
	}
	return 0, fmt.Errorf("legacy: unknown encoding %q; use utf-8 (or utf8), tcvn3 (or abc) or vni", name)
}

// String returns the canonical name of e: "utf-8", "tcvn3" or "vni".
func (e Encoding) String() string {
	if e >= 0 && int(e) < len(names) {
		return names[e][0]
	}
	return fmt.Sprintf("Encoding(%d)", int(e))
}

// bom is the byte order mark some Windows programs put before UTF-8 text.
const bom = "\uFEFF"

// Decode converts a whole file in encoding e to Unicode in NFC.
//
// For UTF8, Decode checks that b is valid UTF-8, reporting the byte offset
// of the first invalid byte, removes a leading byte order mark and
// normalises.
//
// For TCVN3 and VNI, b may hold the raw legacy bytes or their Windows-1252
// reading saved as UTF-8 (see the package comment). Valid UTF-8 is taken to
// be the second form, and its byte order mark is removed; anything else is
// taken to be raw bytes. (Legacy bytes make valid UTF-8 only by rare
// chance: no province or ward name does, in either encoding.) Bytes that
// are not letters in the legacy encoding keep their Windows-1252 meaning.
// Characters beyond Latin-1, which no legacy byte gives, such as "ễ", are
// kept as they are, but Latin-1 letters such as "ò" are taken for legacy
// bytes: a file must not mix Unicode with legacy text.
//
// A VNI marker joins the letter before it if that letter can carry it,
// whatever the case of either: the fonts draw "Oø" much as "OØ".
//
// TCVN3 has no codes for most capitals with diacritics (see the package
// comment), so Decode returns them in lower case: "Ủy" typed in .VnTimeH
// comes back as "ủy". Only Ă Â Ê Ô Ơ Ư Đ come back as capitals.
func Decode(e Encoding, b []byte) (string, error) {
	switch e {
	case UTF8:
		for i := 0; i < len(b); {
			r, n := utf8.DecodeRune(b[i:])
			if r == utf8.RuneError && n == 1 {
				return "", fmt.Errorf("legacy: invalid UTF-8 at byte offset %d; the file may be in TCVN3 or VNI", i)
			}
			i += n
		}
		return norm.NFC.String(strings.TrimPrefix(string(b), bom)), nil
	case TCVN3:
		return norm.NFC.String(decodeTCVN3(units(b))), nil
	case VNI:
		return norm.NFC.String(decodeVNI(units(b))), nil
	}
	return "", fmt.Errorf("legacy: unknown encoding %v", e)
}

// units returns the legacy code units of b. Values below 0x100 are bytes
// of the legacy encoding; larger values are characters that no legacy
// letter stands for, to be kept as they are. Raw bytes are their own units.
// Valid UTF-8 is taken for the legacy bytes read as Windows-1252 (or
// Latin-1): its characters up to U+00FF are the bytes of the same value,
// and the punctuation that Windows-1252 puts at 0x80 to 0x9F, being no
// letter in TCVN3 or VNI, is kept as it is.
func units(b []byte) []rune {
	if !utf8.Valid(b) {
		u := make([]rune, len(b))
		for i, c := range b {
			u[i] = rune(c)
		}
		return u
	}
	return []rune(strings.TrimPrefix(string(b), bom))
}

// decodeTCVN3 converts TCVN3 code units to Unicode.
func decodeTCVN3(u []rune) string {
	var b strings.Builder
	b.Grow(len(u))
	for _, c := range u {
		b.WriteRune(tcvn3Rune(c))
	}
	return b.String()
}

// tcvn3Rune returns the character of TCVN3 code unit c.
func tcvn3Rune(c rune) rune {
	if c >= 0x100 {
		return c
	}
	if r := tcvn3[c]; r != 0 {
		return r
	}
	return latin(byte(c))
}

// decodeVNI converts VNI code units to Unicode, with each base letter and
// its marker written as the letter followed by combining marks; the caller
// composes them to NFC.
func decodeVNI(u []rune) string {
	var b strings.Builder
	b.Grow(len(u))
	for i := 0; i < len(u); i++ {
		base := vniRune(u[i])
		b.WriteRune(base)
		if i+1 < len(u) && u[i+1] < 0x100 {
			if m := vniMarks[u[i+1]]; m.takes(base) {
				if m.quality != 0 {
					b.WriteRune(m.quality)
				}
				if m.tone != 0 {
					b.WriteRune(m.tone)
				}
				i++
			}
		}
	}
	return b.String()
}

// vniRune returns the character of VNI code unit c taken on its own.
func vniRune(c rune) rune {
	if c >= 0x100 {
		return c
	}
	if r := vniLetter[c]; r != 0 {
		return r
	}
	return latin(byte(c))
}
