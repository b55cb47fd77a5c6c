package template

import (
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/vanban/vanban/generator/vn"
)

// Value is a field's value, read and checked for its kind. The zero Value
// is empty: no value was given.
type Value struct {
	Kind   Kind
	Text   string    // Text and Multiline
	Lines  []string  // Lines
	Date   time.Time // Date, at midnight UTC
	Number int       // Number
	set    bool
}

// IsZero reports whether v holds no value.
func (v Value) IsZero() bool { return !v.set }

// String returns v as it reads in text without helpers: a date as
// 15/03/2026, lines one per line.
func (v Value) String() string {
	if !v.set {
		return ""
	}
	switch v.Kind {
	case Date:
		return v.Date.Format("02/01/2006")
	case Number:
		return strconv.Itoa(v.Number)
	case Lines:
		return strings.Join(v.Lines, "\n")
	}
	return v.Text
}

// Raw returns v in the form TOML holds it: a string, an integer, a local
// date, or a list of strings. Parse reads it back to the same Value.
func (v Value) Raw() any {
	switch {
	case !v.set:
		return nil
	case v.Kind == Number:
		return int64(v.Number)
	case v.Kind == Lines:
		out := make([]any, len(v.Lines))
		for i, l := range v.Lines {
			out[i] = l
		}
		return out
	case v.Kind == Date:
		return v.Date.Format("2006-01-02")
	}
	return v.Text
}

// Parse reads a raw value for f: a string (as every CSV cell is), an
// integer, a TOML date, a time.Time at midnight or a list of strings. A blank string gives the empty
// Value. Text is cleaned as package vn's Clean does.
// A problem comes back as a *Problem naming the field.
func (f Field) Parse(raw any) (Value, error) {
	v, err := f.parse(raw)
	if err != nil {
		return Value{Kind: f.Kind}, &Problem{Field: f.Name, Msg: msgOf(err), MsgVI: vietnamese(err)}
	}
	return v, nil
}

func (f Field) parse(raw any) (Value, error) {
	v := Value{Kind: f.Kind}
	if raw == nil {
		return v, nil
	}
	if s, ok := raw.(string); ok && strings.TrimSpace(s) == "" && f.Kind != Multiline {
		return v, nil
	}
	switch f.Kind {
	case Text:
		switch x := raw.(type) {
		case string:
			v.Text = strings.Join(strings.Fields(vn.Clean(x)), " ")
		case int64:
			v.Text = strconv.FormatInt(x, 10)
		case int:
			v.Text = strconv.Itoa(x)
		default:
			return v, wrongType(raw, "text in quotes", "chuỗi văn bản trong dấu ngoặc kép")
		}
	case Multiline:
		s, ok := raw.(string)
		if !ok {
			return v, wrongType(raw, "text in quotes", "chuỗi văn bản trong dấu ngoặc kép")
		}
		v.Text = vn.Clean(s)
		if v.Text == "" {
			return Value{Kind: f.Kind}, nil
		}
	case Date:
		d, err := parseDate(raw)
		if err != nil {
			return v, err
		}
		v.Date = d
	case Number:
		n, err := parseNumber(raw)
		if err != nil {
			return v, err
		}
		v.Number = n
	case Lines:
		ls, err := parseLines(raw)
		if err != nil {
			return v, err
		}
		if len(ls) == 0 {
			return v, nil
		}
		v.Lines = ls
	default:
		return v, syntaxError(fmt.Sprintf("field of unknown kind %q", f.Kind), fmt.Sprintf("trường có loại %q không rõ", f.Kind))
	}
	v.set = true
	return v, nil
}

func wrongType(raw any, want, wantVI string) error {
	return syntaxError(fmt.Sprintf("must be %s, not %T", want, raw), fmt.Sprintf("phải là %s", wantVI))
}

// inRange returns d, or a problem when its year is outside the years a
// document may carry.
func inRange(d time.Time) (time.Time, error) {
	if msg, msgVI, ok := vn.YearError(d); !ok {
		return time.Time{}, syntaxError(msg, msgVI)
	}
	return d, nil
}

// parseDate reads a TOML date or a string in the forms 2026-03-15,
// 15/03/2026 or 15/3/2026.
func parseDate(raw any) (time.Time, error) {
	switch x := raw.(type) {
	case time.Time:
		if x.Location().String() != "date-local" && (x.Hour() != 0 || x.Minute() != 0 || x.Second() != 0 || x.Nanosecond() != 0) {
			return time.Time{}, syntaxError("must be a date alone, such as 2026-03-15, without a time",
				"chỉ ghi ngày, ví dụ 2026-03-15, không ghi giờ")
		}
		return inRange(time.Date(x.Year(), x.Month(), x.Day(), 0, 0, 0, 0, time.UTC))
	case string:
		if t, ok := vn.ParseDate(x); ok {
			return inRange(t)
		}
		return time.Time{}, syntaxError(fmt.Sprintf("%q is not a date that exists; write it as 15/03/2026 or 2026-03-15", x),
			fmt.Sprintf("%q không phải là một ngày có thật; hãy ghi dạng 15/03/2026 hoặc 2026-03-15", x))
	}
	return time.Time{}, wrongType(raw, "a date such as 15/03/2026", "ngày tháng, ví dụ 15/03/2026")
}

// parseNumber reads a whole number from 0 to 999999, as an integer or as
// digits in a string.
func parseNumber(raw any) (int, error) {
	var n int64
	switch x := raw.(type) {
	case int64:
		n = x
	case int:
		n = int64(x)
	case string:
		s := strings.TrimSpace(x)
		var err error
		n, err = strconv.ParseInt(s, 10, 64)
		if err != nil || strings.HasPrefix(s, "+") || strings.HasPrefix(s, "-") {
			return 0, syntaxError(fmt.Sprintf("%q is not a whole number", x), fmt.Sprintf("%q không phải là một số nguyên", x))
		}
	default:
		return 0, wrongType(raw, "a whole number", "số nguyên")
	}
	if n < 0 || n > 999999 {
		return 0, syntaxError(fmt.Sprintf("%d is outside 0–999999", n), fmt.Sprintf("%d nằm ngoài khoảng 0–999999", n))
	}
	return int(n), nil
}

// parseLines reads a list of strings, or a string of one line per line.
// Blank lines are dropped.
func parseLines(raw any) ([]string, error) {
	var items []string
	switch x := raw.(type) {
	case string:
		items = strings.Split(vn.Clean(x), "\n")
	case []string:
		items = x
	case []any:
		for _, e := range x {
			s, ok := e.(string)
			if !ok {
				return nil, wrongType(e, `a list of strings, ["...", "..."]`, `danh sách chuỗi, ["...", "..."]`)
			}
			items = append(items, s)
		}
	default:
		return nil, wrongType(raw, `a list of strings, ["...", "..."]`, `danh sách chuỗi, ["...", "..."]`)
	}
	var out []string
	for _, s := range items {
		if s = strings.Join(strings.Fields(vn.Clean(s)), " "); s != "" {
			out = append(out, s)
		}
	}
	return out, nil
}
