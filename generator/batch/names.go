package batch

import (
	"fmt"
	"strings"
	"unicode"

	"golang.org/x/text/unicode/norm"
)

// maxName is the longest file name Name makes, in bytes, before the
// extension: well inside every file system's limit of 255.
const maxName = 100

// Plain returns s without diacritics: "Hòa An" becomes "Hoa An" and "Đ"
// becomes "D".
func Plain(s string) string {
	var b strings.Builder
	for _, r := range norm.NFD.String(s) {
		switch {
		case unicode.Is(unicode.Mn, r):
		case r == 'đ':
			b.WriteRune('d')
		case r == 'Đ':
			b.WriteRune('D')
		default:
			b.WriteRune(r)
		}
	}
	return b.String()
}

// SafeName turns s into a file name that is safe on every system whatever s
// holds: ASCII letters and digits joined by "-", without diacritics, path
// separators, control characters, leading dots or a name Windows reserves,
// and at most maxName bytes. An s with nothing usable gives "van-ban".
func SafeName(s string) string {
	var b strings.Builder
	dash := false
	for _, r := range Plain(s) {
		ok := r < unicode.MaxASCII && (unicode.IsLetter(r) || unicode.IsDigit(r)) || r == '_'
		if !ok {
			dash = b.Len() > 0
			continue
		}
		if dash {
			b.WriteByte('-')
			dash = false
		}
		b.WriteRune(r)
	}
	name := b.String()
	if len(name) > maxName {
		name = strings.TrimRight(name[:maxName], "-")
	}
	if name == "" {
		name = "van-ban"
	}
	if reserved(name) {
		name += "-"
	}
	return name
}

// reserved reports whether Windows reserves name for a device, with or
// without an extension.
func reserved(name string) bool {
	base, _, _ := strings.Cut(strings.ToUpper(name), ".")
	switch base {
	case "CON", "PRN", "AUX", "NUL":
		return true
	}
	if len(base) == 4 && (strings.HasPrefix(base, "COM") || strings.HasPrefix(base, "LPT")) && base[3] >= '0' && base[3] <= '9' {
		return true
	}
	return false
}

// unique makes names unique regardless of case, as file systems on Windows
// and macOS compare them, by adding "-2", "-3"... to the later ones.
type unique map[string]bool

func (u unique) add(name string) string {
	try := name
	for i := 2; u[strings.ToLower(try)]; i++ {
		try = fmt.Sprintf("%s-%d", name, i)
	}
	u[strings.ToLower(try)] = true
	return try
}
