package template

import (
	"fmt"
	"strconv"
	"strings"
	"unicode"

	"github.com/vanban/vanban/generator/vn"
)

// Helpers lists the helpers a placeholder may use, in the order the
// documentation gives them.
var Helpers = []string{"upper", "lower", "inline", "place", "date", "day", "month", "year", "number"}

// helperKind returns the kind a helper gives when applied to a value of kind
// k, or an error if it does not apply.
func helperKind(h string, k Kind) (Kind, error) {
	switch h {
	case "upper", "lower", "inline", "place":
		if k == Date || k == Number {
			return "", syntaxError(fmt.Sprintf("helper %q applies to text, not to a %s", h, k),
				fmt.Sprintf("hàm %q dùng cho chữ, không dùng cho %s", h, kindVI(k)))
		}
		return k, nil
	case "date", "day", "month", "year":
		if k != Date {
			return "", syntaxError(fmt.Sprintf("helper %q applies to a date, not to %s", h, k),
				fmt.Sprintf("hàm %q chỉ dùng cho ngày tháng, không dùng cho %s", h, kindVI(k)))
		}
		if h == "year" {
			return Number, nil // so that year = "{{ngay | year}}" gives a number
		}
		return Text, nil
	case "number":
		if k != Number {
			return "", syntaxError(fmt.Sprintf("helper %q applies to a number, not to %s", h, k),
				fmt.Sprintf("hàm %q chỉ dùng cho số, không dùng cho %s", h, kindVI(k)))
		}
		return Text, nil
	}
	return "", syntaxError(fmt.Sprintf("unknown helper %q; the helpers are %s", h, strings.Join(Helpers, ", ")),
		fmt.Sprintf("không có hàm %q; các hàm là %s", h, strings.Join(Helpers, ", ")))
}

func kindVI(k Kind) string {
	switch k {
	case Date:
		return "ngày tháng"
	case Number:
		return "số"
	case Lines:
		return "danh sách"
	}
	return "chữ"
}

// apply runs the helpers over v and returns the text, or the lines for a
// lines value. The helpers were checked against v's kind by New.
func apply(v Value, helpers []string) (string, []string) {
	if v.IsZero() {
		return "", nil
	}
	lines := v.Lines
	s := v.String()
	for _, h := range helpers {
		switch h {
		case "date":
			s = fmt.Sprintf("ngày %s tháng %s năm %d", vn.Day(v.Date.Day()), vn.Month(int(v.Date.Month())), v.Date.Year())
		case "day":
			s = vn.Day(v.Date.Day())
		case "month":
			s = vn.Month(int(v.Date.Month()))
		case "year":
			s = strconv.Itoa(v.Date.Year())
		case "number":
			s = vn.Number(v.Number)
		default:
			if v.Kind == Lines {
				out := make([]string, len(lines))
				for i, l := range lines {
					out[i] = textHelper(h, l)
				}
				lines = out
				continue
			}
			s = textHelper(h, s)
		}
	}
	if v.Kind == Lines {
		return strings.Join(lines, "\n"), lines
	}
	return s, nil
}

func textHelper(h, s string) string {
	switch h {
	case "upper":
		return vn.Upper(s)
	case "lower":
		return vn.NFC(strings.ToLower(vn.NFC(s)))
	case "inline":
		return Inline(s)
	case "place":
		return Place(s)
	}
	return s
}

// unitTypes are the types of administrative unit a unit's name may start
// with, longest first so that "Thành phố" is found before a shorter word.
var unitTypes = []string{"thành phố", "thị trấn", "đặc khu", "thị xã", "phường", "huyện", "tỉnh", "quận", "xã"}

// unitType returns the length in bytes of the unit type s starts with, or 0.
func unitType(s string) int {
	rs := []rune(s)
	for _, t := range unitTypes {
		n := len([]rune(t))
		if len(rs) >= n && strings.ToLower(string(rs[:n])) == t && (len(rs) == n || rs[n] == ' ') {
			return len(string(rs[:n]))
		}
	}
	return 0
}

// Inline returns a unit's name as it reads inside a sentence, its type in
// lower case: "Xã Hòa An" becomes "xã Hòa An" and "THÀNH PHỐ HUẾ" stays as
// it is typed, since capitals throughout are a header's. A name that does
// not start with a unit type is returned unchanged.
func Inline(s string) string {
	s = vn.NFC(s)
	n := unitType(s)
	if n == 0 || allUpper(s) {
		return s
	}
	return strings.ToLower(s[:n]) + s[n:]
}

// Place returns the place name of a date line for a unit: its name without
// its type, "Xã Hòa An" giving "Hòa An", except for units named with a
// number, which keep it, "Phường 1", "Phường Hà Giang 1", as the Decree
// asks. The Decree asks the same for units named after a person or an
// event, which no rule can tell: a template can let such a unit type its
// place name in a field of its own.
func Place(s string) string {
	s = vn.NFC(strings.TrimSpace(s))
	n := unitType(s)
	if n == 0 {
		return s
	}
	rest := strings.TrimSpace(s[n:])
	if rest == "" || strings.IndexFunc(rest, unicode.IsDigit) >= 0 {
		return s
	}
	return rest
}

func allUpper(s string) bool {
	return strings.IndexFunc(s, unicode.IsLower) < 0
}
