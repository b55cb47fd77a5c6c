package template

import (
	"fmt"
	"strings"
)

// Starter returns a TOML input for the template, ready to render: every
// field with its label and help as a comment and its example (or default)
// as the value. ref is what the input's template key should say: the
// built-in name or the template file's path.
func (t *Template) Starter(ref string) []byte {
	var b strings.Builder
	fmt.Fprintf(&b, "# %s\n", t.Title)
	for _, l := range wrap(t.Description, 76) {
		fmt.Fprintf(&b, "# %s\n", l)
	}
	b.WriteString("#\n# Sửa các giá trị dưới đây, rồi chạy: vanban render TỆP.toml\n")
	fmt.Fprintf(&b, "template = %s\n\n[values]\n", quote(ref))
	for i, f := range t.Fields {
		if i > 0 {
			b.WriteByte('\n')
		}
		need := "không bắt buộc"
		if f.Required {
			need = "bắt buộc"
		}
		fmt.Fprintf(&b, "# %s (%s, %s)\n", f.Label, kindName(f.Kind), need)
		for _, l := range wrap(f.Help, 76) {
			fmt.Fprintf(&b, "# %s\n", l)
		}
		v := f.Example
		if v.IsZero() {
			v = f.Default
		}
		v.Kind = f.Kind
		fmt.Fprintf(&b, "%s = %s\n", f.Name, Literal(v))
	}
	return []byte(b.String())
}

func kindName(k Kind) string {
	switch k {
	case Multiline:
		return "nhiều dòng"
	case Date:
		return "ngày, dạng 2026-03-15"
	case Number:
		return "số"
	case Lines:
		return "danh sách, mỗi dòng một mục"
	}
	return "một dòng"
}

// Literal writes v as a TOML value: a string, a multi-line string, an
// integer, a local date or an array of strings. An empty value is an empty
// string, or an empty array for lines.
func Literal(v Value) string {
	switch {
	case v.IsZero() && v.Kind == Lines:
		return "[]"
	case v.IsZero():
		return `""`
	case v.Kind == Number:
		return fmt.Sprint(v.Number)
	case v.Kind == Date:
		return v.Date.Format("2006-01-02")
	case v.Kind == Lines:
		var b strings.Builder
		b.WriteString("[\n")
		for _, l := range v.Lines {
			fmt.Fprintf(&b, "  %s,\n", quote(l))
		}
		b.WriteString("]")
		return b.String()
	case v.Kind == Multiline && strings.Contains(v.Text, "\n"):
		return multiline(v.Text)
	}
	return quote(v.Text)
}

// quote writes s as a TOML basic string.
func quote(s string) string { return `"` + escapeTOML(s, false) + `"` }

// Quote writes s as a TOML string: a basic string, or a multi-line one,
// one line of text per line of the file, when s holds line breaks. It
// reads back as s exactly.
func Quote(s string) string {
	if strings.Contains(s, "\n") {
		return "\"\"\"\n" + escapeTOML(s, true) + "\"\"\""
	}
	return quote(s)
}

// multiline writes s as a TOML multi-line basic string, one line of text
// per line of the file.
func multiline(s string) string { return "\"\"\"\n" + escapeTOML(s, true) + "\n\"\"\"" }

// escapeTOML escapes s for a basic string, keeping its line breaks and
// tabs as they are in a multi-line one. Escaping every quote keeps """
// out of the text.
func escapeTOML(s string, lines bool) string {
	var b strings.Builder
	for _, r := range s {
		switch {
		case r == '"' || r == '\\':
			b.WriteByte('\\')
			b.WriteRune(r)
		case lines && (r == '\n' || r == '\t'):
			b.WriteRune(r)
		case r == '\n':
			b.WriteString(`\n`)
		case r == '\t':
			b.WriteString(`\t`)
		case r < 0x20 || r == 0x7f:
			fmt.Fprintf(&b, `\u%04X`, r)
		default:
			b.WriteRune(r)
		}
	}
	return b.String()
}

// wrap splits s into lines of at most width runes, at spaces.
func wrap(s string, width int) []string {
	var lines []string
	var cur []string
	n := 0
	for _, w := range strings.Fields(s) {
		l := len([]rune(w))
		if n > 0 && n+1+l > width {
			lines = append(lines, strings.Join(cur, " "))
			cur, n = nil, 0
		}
		if n > 0 {
			n++
		}
		cur = append(cur, w)
		n += l
	}
	if len(cur) > 0 {
		lines = append(lines, strings.Join(cur, " "))
	}
	return lines
}
