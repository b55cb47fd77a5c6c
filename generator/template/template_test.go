package template

import (
	"errors"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/BurntSushi/toml"
)

func TestInlineAndPlace(t *testing.T) {
	for _, c := range []struct{ in, inline, place string }{
		{"Xã Hòa An", "xã Hòa An", "Hòa An"},
		{"Phường Ba Đình", "phường Ba Đình", "Ba Đình"},
		{"Thành phố Huế", "thành phố Huế", "Huế"},
		{"Thị xã Buôn Hồ", "thị xã Buôn Hồ", "Buôn Hồ"},
		{"Thị trấn Năm Căn", "thị trấn Năm Căn", "Năm Căn"},
		{"Đặc khu Côn Đảo", "đặc khu Côn Đảo", "Côn Đảo"},
		{"Tỉnh Cao Bằng", "tỉnh Cao Bằng", "Cao Bằng"},
		{"Huyện Hòa An", "huyện Hòa An", "Hòa An"},
		{"Quận 1", "quận 1", "Quận 1"},
		{"Phường 15", "phường 15", "Phường 15"},
		{"Phường Hà Giang 1", "phường Hà Giang 1", "Phường Hà Giang 1"},
		{"xã Bắc Sơn", "xã Bắc Sơn", "Bắc Sơn"},
		{"Thành Phố Bắc Kạn", "thành phố Bắc Kạn", "Bắc Kạn"},
		{"XÃ HÒA AN", "XÃ HÒA AN", "HÒA AN"},
		{"Xã", "xã", "Xã"},
		{"Xãhội", "Xãhội", "Xãhội"},
		{"Hà Nội", "Hà Nội", "Hà Nội"},
		{"Ủy ban nhân dân", "Ủy ban nhân dân", "Ủy ban nhân dân"},
		{"Xa\u0303 Hòa An", "xã Hòa An", "Hòa An"}, // decomposed input
		{"", "", ""},
	} {
		if got := Inline(c.in); got != c.inline {
			t.Errorf("Inline(%q) = %q, want %q", c.in, got, c.inline)
		}
		if got := Place(c.in); got != c.place {
			t.Errorf("Place(%q) = %q, want %q", c.in, got, c.place)
		}
	}
}

func fields() []Field {
	return []Field{
		{Name: "don_vi", Label: "Đơn vị", Kind: Text, Required: true},
		{Name: "ngay", Label: "Ngày", Kind: Date},
		{Name: "so", Label: "Số", Kind: Number},
		{Name: "noi_nhan", Label: "Nơi nhận", Kind: Lines},
		{Name: "noi_dung", Label: "Nội dung", Kind: Multiline},
	}
}

func value(t *testing.T, f Field, raw any) Value {
	t.Helper()
	v, err := f.Parse(raw)
	if err != nil {
		t.Fatal(err)
	}
	return v
}

func TestPlaceholders(t *testing.T) {
	fs := fields()
	vals := map[string]Value{
		"don_vi":   value(t, fs[0], "Xã Hòa An"),
		"ngay":     value(t, fs[1], "5/2/2026"),
		"so":       value(t, fs[2], "7"),
		"noi_nhan": value(t, fs[3], "UBND tỉnh\nCác xã"),
		"noi_dung": value(t, fs[4], "**Một**\n\nHai"),
	}
	for _, c := range []struct {
		text string
		want any
	}{
		{"{{don_vi}}", "Xã Hòa An"},
		{"{{ don_vi|upper }}", "XÃ HÒA AN"},
		{"UBND {{don_vi | inline}}", "UBND xã Hòa An"},
		{"{{don_vi | place}}, {{ngay | date}}", "Hòa An, ngày 05 tháng 02 năm 2026"},
		{"{{don_vi | lower}}", "xã hòa an"},
		{"{{don_vi | place | upper}}", "HÒA AN"},
		{"{{ngay}}", "2026-02-05"}, // alone: the date itself
		{"ngày {{ngay}}", "ngày 05/02/2026"},
		{"{{ngay | day}}/{{ngay | month}}/{{ngay | year}}", "05/02/2026"},
		{"{{so}}", int64(7)},
		{"{{ngay | year}}", int64(2026)},
		{"năm {{ngay | year}}", "năm 2026"},
		{"Số {{so}}", "Số 7"},
		{"{{so | number}}", "07"},
		{"{{noi_nhan}}", []any{"UBND tỉnh", "Các xã"}},
		{"{{noi_nhan | upper}}", []any{"UBND TỈNH", "CÁC XÃ"}},
		{"- {{noi_nhan}}", "- UBND tỉnh\nCác xã"},
		{"{{noi_dung}}", "**Một**\n\nHai"},
		{"no placeholders {", "no placeholders {"},
	} {
		tpl, probs := New("t", "T", "", "", fs, map[string]any{"summary": c.text, "x": []any{"{{don_vi}}", "{{ngay}}", "{{so}}", "{{noi_nhan}}", "{{noi_dung}}"}})
		if len(probs) > 0 {
			t.Fatalf("%q: %v", c.text, probs[0])
		}
		f, probs := tpl.Expand(vals)
		if len(probs) > 0 {
			t.Fatalf("%q: %v", c.text, probs[0])
		}
		if got := f.Doc["summary"]; !reflect.DeepEqual(got, c.want) {
			t.Errorf("%q = %#v, want %#v", c.text, got, c.want)
		}
	}
}

func TestBodyEscapes(t *testing.T) {
	fs := fields()
	tpl, probs := New("t", "T", "", "", fs, map[string]any{
		"body":    "UBND {{don_vi}}\n\n{{noi_nhan}}\n\n{{noi_dung}}",
		"summary": "{{don_vi}} {{ngay}} {{so}}",
	})
	if len(probs) > 0 {
		t.Fatal(probs[0])
	}
	f, probs := tpl.Expand(map[string]Value{
		"don_vi":   value(t, fs[0], `*A* #1 \ {{so}}`),
		"noi_nhan": value(t, fs[3], []any{"*x*", "y"}),
		"noi_dung": value(t, fs[4], "**đậm**"),
	})
	if len(probs) > 0 {
		t.Fatal(probs[0])
	}
	want := "UBND \\*A\\* \\#1 \\\\ {{so}}\n\n\\*x\\*\n\ny\n\n**đậm**"
	if got := f.Doc["body"]; got != want {
		t.Errorf("body = %q, want %q", got, want)
	}
	if got := f.Doc["summary"]; got != `*A* #1 \ {{so}}  ` {
		t.Errorf("summary = %q: values outside the body are not escaped", got)
	}
}

func TestEmptyValues(t *testing.T) {
	fs := fields()
	tpl, probs := New("t", "T", "", "", fs, map[string]any{
		"number": "{{so}}", "date": "{{ngay}}", "place": "{{don_vi}}",
		"recipients": []any{"A", "{{noi_nhan}}", "B"}, "body": "{{noi_dung}}",
	})
	if len(probs) > 0 {
		t.Fatal(probs[0])
	}
	f, probs := tpl.Expand(map[string]Value{"don_vi": value(t, fs[0], "Xã A")})
	if len(probs) > 0 {
		t.Fatal(probs[0])
	}
	for _, k := range []string{"number", "date", "body"} {
		if v, ok := f.Doc[k]; ok {
			t.Errorf("%s = %#v: an empty lone placeholder leaves the key out", k, v)
		}
	}
	if got := f.Doc["recipients"]; !reflect.DeepEqual(got, []any{"A", "B"}) {
		t.Errorf("recipients = %#v", got)
	}
	if got := f.Fields([]string{"recipients", "1"}); !reflect.DeepEqual(got, []string{"noi_nhan"}) {
		t.Errorf("origin of recipients.1 = %v", got)
	}
	if got := f.Fields([]string{"place"}); !reflect.DeepEqual(got, []string{"don_vi"}) {
		t.Errorf("origin of place = %v", got)
	}
}

func TestRequiredAndDefaults(t *testing.T) {
	fs := fields()
	fs[1].Default = value(t, fs[1], time.Date(2026, 3, 1, 0, 0, 0, 0, time.FixedZone("date-local", 0)))
	tpl, _ := New("t", "T", "", "", fs, map[string]any{"a": "{{don_vi}}{{ngay}}{{so}}{{noi_nhan}}{{noi_dung}}"})
	_, probs := tpl.Expand(map[string]Value{"ngay": {}, "nua": {}})
	if len(probs) != 2 || probs[0].Field != "don_vi" || probs[1].Field != "nua" {
		t.Fatalf("problems = %v", probs)
	}
	if !strings.Contains(probs[1].Msg, "has no field") {
		t.Errorf("unknown field: %v", probs[1])
	}
	f, probs := tpl.Expand(map[string]Value{"don_vi": value(t, fs[0], "X")})
	if len(probs) > 0 {
		t.Fatal(probs)
	}
	if got := f.Doc["a"]; got != "X01/03/2026" {
		t.Errorf("default not used: %q", got)
	}
}

func TestTemplateProblems(t *testing.T) {
	for _, c := range []struct {
		text, want string
	}{
		{"{{don_vi", "never closed"},
		{"{{}}", "is not a field name"},
		{"{{Don Vi}}", "is not a field name"},
		{"{{don_vj}}", `names no declared field (did you mean "don_vi"?)`},
		{"{{don_vi | shout}}", `unknown helper "shout"`},
		{"{{don_vi | date}}", `helper "date" applies to a date`},
		{"{{so | upper}}", `helper "upper" applies to text`},
		{"{{ngay | number}}", `helper "number" applies to a number`},
		{"{{ngay | date | date}}", `helper "date" applies to a date`},
		{"{{don_vi |}}", `"" is not a helper`},
	} {
		_, probs := New("t", "T", "", "", fields()[:3], map[string]any{"issuer": map[string]any{"name": c.text}, "x": "{{don_vi}}{{ngay}}{{so}}"})
		if len(probs) == 0 {
			t.Errorf("%q: no problem", c.text)
			continue
		}
		if !strings.Contains(probs[0].Msg, c.want) || probs[0].Key != "issuer.name" || probs[0].MsgVI == "" {
			t.Errorf("%q: %v, want %q at issuer.name", c.text, probs[0], c.want)
		}
	}
	// Declarations.
	_, probs := New("t", "T", "", "", []Field{
		{Name: "a", Kind: Text}, {Name: "a", Kind: Text}, {Name: "B", Kind: Text}, {Name: "row", Kind: Text},
		{Name: "c", Kind: "colour"}, {Name: "unused", Kind: Text},
	}, map[string]any{"x": "{{a}}{{c}}"})
	var msgs []string
	for _, p := range probs {
		msgs = append(msgs, p.Msg)
	}
	all := strings.Join(msgs, "\n")
	for _, want := range []string{"declared twice", `"B" must be lower-case`, `"row" is reserved`, `kind "colour"`, `"unused" is never used`} {
		if !strings.Contains(all, want) {
			t.Errorf("no problem %q in:\n%s", want, all)
		}
	}
}

func TestParseValues(t *testing.T) {
	d := func(y, m, day int) time.Time { return time.Date(y, time.Month(m), day, 0, 0, 0, 0, time.UTC) }
	for _, c := range []struct {
		kind Kind
		raw  any
		want Value
		err  string
	}{
		{Text, "  Xã   Hòa\nAn ", Value{Kind: Text, Text: "Xã Hòa An", set: true}, ""},
		{Text, int64(12), Value{Kind: Text, Text: "12", set: true}, ""},
		{Text, "   ", Value{Kind: Text}, ""},
		{Text, true, Value{}, "must be text"},
		{Multiline, "a\r\n\r\nb", Value{Kind: Multiline, Text: "a\n\nb", set: true}, ""},
		{Date, "2026-03-15", Value{Kind: Date, Date: d(2026, 3, 15), set: true}, ""},
		{Date, "15/03/2026", Value{Kind: Date, Date: d(2026, 3, 15), set: true}, ""},
		{Date, "5/3/2026", Value{Kind: Date, Date: d(2026, 3, 5), set: true}, ""},
		{Date, "31/02/2026", Value{}, "not a date that exists"},
		{Date, "15/03/1900", Value{}, "the year 1900 is outside 1945–2999"},
		{Date, "mai", Value{}, "not a date"},
		{Date, int64(5), Value{}, "must be a date"},
		{Number, "007", Value{Kind: Number, Number: 7, set: true}, ""},
		{Number, int64(15), Value{Kind: Number, Number: 15, set: true}, ""},
		{Number, "-1", Value{}, "not a whole number"},
		{Number, "1e3", Value{}, "not a whole number"},
		{Number, int64(1000000), Value{}, "outside 0–999999"},
		{Lines, "a\n\n b \nc", Value{Kind: Lines, Lines: []string{"a", "b", "c"}, set: true}, ""},
		{Lines, []any{"a", " ", "b"}, Value{Kind: Lines, Lines: []string{"a", "b"}, set: true}, ""},
		{Lines, []any{"a", int64(1)}, Value{}, "list of strings"},
		{Lines, []any{}, Value{Kind: Lines}, ""},
	} {
		f := Field{Name: "f", Kind: c.kind}
		got, err := f.Parse(c.raw)
		if c.err != "" {
			if err == nil || !strings.Contains(err.Error(), c.err) || !isProblemVI(err) {
				t.Errorf("%s %#v: error %v, want %q", c.kind, c.raw, err, c.err)
			}
			continue
		}
		if err != nil || !reflect.DeepEqual(got, c.want) {
			t.Errorf("%s %#v = %#v, %v; want %#v", c.kind, c.raw, got, err, c.want)
		}
	}
}

func TestNamePattern(t *testing.T) {
	fs := fields()
	tpl, probs := New("t", "T", "", "{{don_vi}}", fs, map[string]any{"a": "{{don_vi}}{{ngay}}{{so}}{{noi_nhan}}{{noi_dung}}"})
	if len(probs) > 0 {
		t.Fatal(probs[0])
	}
	vals := map[string]Value{"don_vi": value(t, fs[0], "Xã Hòa An"), "so": value(t, fs[2], 3)}
	for _, c := range []struct{ pattern, want, err string }{
		{"", "Xã Hòa An", ""},
		{"{{row}}-{{don_vi | place}}-{{so | number}}", "0012-Hòa An-03", ""},
		{"{{khong}}", "", "names no declared field"},
	} {
		np, err := tpl.NamePattern(c.pattern)
		got := ""
		if err == nil {
			got = np.Name(vals, "0012")
		}
		if c.err != "" {
			if err == nil || !strings.Contains(err.Error(), c.err) {
				t.Errorf("%q: error %v, want %q", c.pattern, err, c.err)
			}
			continue
		}
		if err != nil || got != c.want {
			t.Errorf("%q = %q, %v; want %q", c.pattern, got, err, c.want)
		}
	}
}

func TestStarterLiterals(t *testing.T) {
	for _, c := range []struct {
		v    Value
		want string
	}{
		{Value{Kind: Text, Text: `a "b" \ c`, set: true}, `"a \"b\" \\ c"`},
		{Value{Kind: Text, Text: "x\x01", set: true}, `"x\u0001"`},
		{Value{Kind: Multiline, Text: "một\n\nhai \"\"\"", set: true}, "\"\"\"\nmột\n\nhai \\\"\\\"\\\"\n\"\"\""},
		{Value{Kind: Number, Number: 5, set: true}, "5"},
		{Value{Kind: Date, Date: time.Date(2026, 3, 5, 0, 0, 0, 0, time.UTC), set: true}, "2026-03-05"},
		{Value{Kind: Lines, Lines: []string{"a", "b"}, set: true}, "[\n  \"a\",\n  \"b\",\n]"},
		{Value{Kind: Lines}, "[]"},
		{Value{Kind: Text}, `""`},
	} {
		if got := Literal(c.v); got != c.want {
			t.Errorf("Literal(%#v) = %q, want %q", c.v, got, c.want)
		}
	}
}

func FuzzParseText(f *testing.F) {
	for _, s := range []string{"{{a}}", "x {{ a | upper }} y", "{{", "}}{{a}}}}", "{{a|b|c}}"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		tx, err := parseText(s)
		if err != nil {
			return
		}
		// Joining the parts back gives the text, placeholders normalised.
		var b strings.Builder
		for _, p := range tx.parts {
			if p.field == "" {
				b.WriteString(p.lit)
				continue
			}
			b.WriteString("{{" + strings.Join(append([]string{p.field}, p.helpers...), "|") + "}}")
		}
		if again, err := parseText(b.String()); err != nil || !reflect.DeepEqual(again.parts, tx.parts) && !strings.Contains(s, "}}}") {
			t.Errorf("%q → %q does not read back: %v", s, b.String(), err)
		}
	})
}

func TestQuote(t *testing.T) {
	for _, s := range []string{"", "a", `"`, `""`, `"""`, "a\"\n\"\"\"b\"", "x\\\ny\\", "tab\there\n", "\x01\x7f", "Điều 1.\n\nĐiều 2. “trích”\""} {
		var v struct{ S string }
		if _, err := toml.Decode("s = "+Quote(s), &v); err != nil || v.S != s {
			t.Errorf("Quote(%q) = %s reads back %q, %v", s, Quote(s), v.S, err)
		}
	}
}

// isProblemVI reports whether err is a problem with a Vietnamese message.
func isProblemVI(err error) bool {
	var p *Problem
	return errors.As(err, &p) && p.MsgVI != ""
}
