package template

import (
	"fmt"
	"github.com/vanban/vanban/generator/problem"
	"strings"
)

// text is a template string: literal text and placeholders, in order.
type text struct {
	parts []part
}

// part is literal text (field == "") or a placeholder.
type part struct {
	lit     string
	field   string
	helpers []string
}

// syntaxError is a malformed placeholder, or a helper that does not fit.
func syntaxError(en, vi string) *problem.Error { return &problem.Error{Msg: en, MsgVI: vi} }

// parseText splits s into literal text and placeholders.
func parseText(s string) (*text, error) {
	t := &text{}
	for {
		i := strings.Index(s, "{{")
		if i < 0 {
			break
		}
		if i > 0 {
			t.parts = append(t.parts, part{lit: s[:i]})
		}
		j := strings.Index(s[i:], "}}")
		if j < 0 {
			return nil, syntaxError(fmt.Sprintf("%q opens a placeholder that is never closed with }}", excerpt(s[i:])),
				fmt.Sprintf("%q mở một chỗ điền nhưng không có }} để đóng", excerpt(s[i:])))
		}
		p, err := parsePlaceholder(s[i+2 : i+j])
		if err != nil {
			return nil, err
		}
		t.parts = append(t.parts, p)
		s = s[i+j+2:]
	}
	if s != "" {
		t.parts = append(t.parts, part{lit: s})
	}
	return t, nil
}

func excerpt(s string) string {
	if r := []rune(s); len(r) > 30 {
		return string(r[:30]) + "…"
	}
	return s
}

// parsePlaceholder reads "name | helper | helper".
func parsePlaceholder(s string) (part, error) {
	words := strings.Split(s, "|")
	for i := range words {
		words[i] = strings.TrimSpace(words[i])
		if !fieldName.MatchString(words[i]) {
			what, whatVI := "a field name", "tên trường"
			if i > 0 {
				what, whatVI = "a helper", "tên hàm"
			}
			return part{}, syntaxError(
				fmt.Sprintf("{{%s}}: %q is not %s (write {{name}} or {{name | helper}})", s, words[i], what),
				fmt.Sprintf("{{%s}}: %q không phải %s (hãy viết {{ten}} hoặc {{ten | ham}})", s, words[i], whatVI))
		}
	}
	return part{field: words[0], helpers: words[1:]}, nil
}

// single returns the placeholder when t is exactly one placeholder and
// nothing else, not even spaces.
func (t *text) single() (part, bool) {
	if len(t.parts) == 1 && t.parts[0].field != "" {
		return t.parts[0], true
	}
	return part{}, false
}

// literal returns t's text when it has no placeholders.
func (t *text) literal() (string, bool) {
	var b strings.Builder
	for _, p := range t.parts {
		if p.field != "" {
			return "", false
		}
		b.WriteString(p.lit)
	}
	return b.String(), true
}
