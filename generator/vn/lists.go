package vn

import (
	"strings"
	"unicode/utf8"
)

// Recipient formats one line of the "Nơi nhận" (recipients) list: a dash, the
// recipient and a semicolon, as in "- Sở Nội vụ;". Users often type the dash
// or the semicolon themselves, so a leading dash, en dash, em dash, "+" or
// "*" and trailing ";", "," or "." are removed first rather than doubled.
// The text between is kept as typed. Blank input gives "".
func Recipient(s string) string {
	t := bare(s)
	if t == "" {
		return ""
	}
	return "- " + t + ";"
}

// Archive formats the archive line that ends the recipients list, as in
// "- Lưu: VT, NV.", from the places of archive "VT, NV". Input that already
// has the form, such as "Lưu: VT, NV." or "- Lưu: VT, NV", is accepted too:
// the dash, the "Lưu:" prefix in any case and trailing punctuation are
// removed before the line is built. Blank input gives "".
func Archive(s string) string {
	t := bare(s)
	if p, ok := cutLuu(t); ok {
		t = bare(p)
	}
	if t == "" {
		return ""
	}
	return "- Lưu: " + t + "."
}

// cutLuu returns s without a leading "Lưu:" (in any case, spaces allowed
// before the colon) and reports whether it was there.
func cutLuu(s string) (string, bool) {
	const luu = "lưu"
	n := len(luu)
	if len(s) < n || !strings.EqualFold(s[:n], luu) {
		// Upper-case "LƯU" is as long as "lưu" in UTF-8, so slicing
		// by the length of "lưu" is enough to compare.
		return s, false
	}
	rest := strings.TrimLeft(s[n:], " ")
	if !strings.HasPrefix(rest, ":") {
		return s, false
	}
	return rest[1:], true
}

// Bases punctuates the legal bases of a decision ("Căn cứ ..."): each ends
// with ";" except the last, which ends with ".". Punctuation the user typed
// at the end (";", ",", "." or ":") is removed first so it is not doubled.
// Blank entries are dropped. Bases returns a new slice.
func Bases(bs []string) []string {
	out := make([]string, 0, len(bs))
	for _, b := range bs {
		if t := strings.TrimRight(clean1(b), ";,.: "); t != "" {
			out = append(out, t+";")
		}
	}
	if n := len(out); n > 0 {
		out[n-1] = strings.TrimSuffix(out[n-1], ";") + "."
	}
	return out
}

// Addressees punctuates the "Kính gửi" (to) list. A single addressee stands
// on the "Kính gửi:" line on its own, without dash or punctuation. Several
// stand one per line as "- X;", the last as "- X.". Dashes and punctuation
// the user typed are removed first, and blank entries are dropped.
// Addressees returns a new slice.
func Addressees(as []string) []string {
	out := make([]string, 0, len(as))
	for _, a := range as {
		if t := bare(a); t != "" {
			out = append(out, t)
		}
	}
	if len(out) == 1 {
		return out
	}
	for i, t := range out {
		end := ";"
		if i == len(out)-1 {
			end = "."
		}
		out[i] = "- " + t + end
	}
	return out
}

// clean1 returns s tidied by Clean and on a single line, since each entry
// of a list stands on its own line.
func clean1(s string) string {
	return strings.Join(strings.Fields(Clean(s)), " ")
}

// bare returns a list entry without the leading dash or bullet and the
// trailing punctuation a user may have typed.
func bare(s string) string {
	t := clean1(s)
	for t != "" {
		r, n := utf8.DecodeRuneInString(t)
		if !strings.ContainsRune("-–—+*", r) {
			break
		}
		t = strings.TrimLeft(t[n:], " ")
	}
	return strings.TrimRight(t, ";,. ")
}
