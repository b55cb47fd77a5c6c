package vn

import (
	"fmt"
	"strings"
	"unicode"

	"github.com/vanban/vanban/generator/problem"
)

// mixedCase lists the abbreviations that Decree 30 spells in mixed case, so
// that they are not confused with other abbreviations: CTr (Chương trình)
// beside CT (Chỉ thị), QyĐ (Quy định) beside QĐ (Quyết định) and TTr
// (Tờ trình) beside TT (Thông tư).
var mixedCase = [...]string{"CTr", "QyĐ", "TTr"}

// Code checks a document code ("ký hiệu", the part after the number and the
// slash in "Số: 15/PĐ-UBND") and returns it in canonical form. A code is one
// or more groups joined by "-", each group made of letters (Vietnamese
// letters such as Đ included) and digits only. Surrounding spaces are
// trimmed. Each group is upper-cased, except that a group matching one of
// the Decree's mixed-case abbreviations (CTr, QyĐ, TTr) in any case takes
// the Decree's spelling: "ctr-ubnd" becomes "CTr-UBND" and "pđ-ubnd"
// becomes "PĐ-UBND". The error, if any, is a *problem.Error whose Value is s.
func Code(s string) (string, error) {
	c := NFC(strings.TrimSpace(s))
	if c == "" {
		return "", problem.New(s, "document code is empty", "ký hiệu văn bản để trống")
	}
	for _, r := range c {
		if unicode.IsSpace(r) {
			return "", codeError(s, c,
				"contains a space; groups are joined by \"-\" without spaces",
				"có dấu cách; các nhóm nối với nhau bằng dấu \"-\", không có dấu cách")
		}
		if r != '-' && !isCodeRune(r) {
			return "", codeError(s, c,
				fmt.Sprintf("contains %s; only letters, digits and \"-\" are allowed", showRune(r)),
				fmt.Sprintf("có ký tự %s không được phép; chỉ dùng chữ cái, chữ số và dấu \"-\"", showRune(r)))
		}
	}
	switch {
	case strings.HasPrefix(c, "-"):
		return "", codeError(s, c, "starts with \"-\"", "bắt đầu bằng dấu \"-\"")
	case strings.HasSuffix(c, "-"):
		return "", codeError(s, c, "ends with \"-\"", "kết thúc bằng dấu \"-\"")
	case strings.Contains(c, "--"):
		return "", codeError(s, c, "has two \"-\" together", "có hai dấu \"-\" liền nhau")
	}
	groups := strings.Split(c, "-")
	for i, g := range groups {
		groups[i] = codeGroup(g)
	}
	return strings.Join(groups, "-"), nil
}

// codeError returns the problem with the code s, shown to the user in its
// trimmed, normalised form c.
func codeError(s, c, msg, msgVI string) *problem.Error {
	return problem.New(s, fmt.Sprintf("document code %q %s", c, msg), fmt.Sprintf("ký hiệu văn bản %q %s", c, msgVI))
}

// showRune returns r quoted for an error message, or as U+XXXX when it
// would not be seen on its own, such as a combining mark or a control
// character.
func showRune(r rune) string {
	if unicode.IsGraphic(r) && !unicode.Is(unicode.M, r) {
		return fmt.Sprintf("%q", r)
	}
	return fmt.Sprintf("%U", r)
}

// isCodeRune reports whether r may appear in a group of a code: an ASCII
// digit or a Latin letter, which covers the Vietnamese alphabet.
func isCodeRune(r rune) bool {
	return '0' <= r && r <= '9' || unicode.IsLetter(r) && unicode.Is(unicode.Latin, r)
}

// codeGroup returns the canonical spelling of one group of a code.
func codeGroup(g string) string {
	for _, m := range mixedCase {
		if strings.EqualFold(g, m) {
			return m
		}
	}
	return Upper(g)
}
