package generator

import (
	"errors"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/vanban/vanban/generator/markup"
)

// tplFile is a small template for the tests below.
const tplFile = `type = "THÔNG BÁO"
summary = "{{chu_de}}"
code = "TB-UBND"
number = "{{so}}"
date = "{{ngay}}"
place = "{{don_vi | place}}"
body = "Ủy ban nhân dân {{don_vi | inline}} thông báo {{chu_de}}."
recipients = ["{{noi_nhan}}"]

[issuer]
name = "ỦY BAN NHÂN DÂN\n{{don_vi | upper}}"

[signer]
position = "CHỦ TỊCH"
name = "{{chu_tich}}"

[template]
title = "Thông báo (thử)"

[[fields]]
name = "don_vi"
label = "Tên đơn vị"
required = true
example = "Xã Hòa An"

[[fields]]
name = "chu_de"
label = "Chủ đề"
default = "lịch tiếp công dân"

[[fields]]
name = "so"
label = "Số"
kind = "number"

[[fields]]
name = "ngay"
label = "Ngày"
kind = "date"
default = 2026-03-02

[[fields]]
name = "noi_nhan"
label = "Nơi nhận"
kind = "lines"

[[fields]]
name = "chu_tich"
label = "Chủ tịch"
required = true
example = "Nguyễn Văn A"
`

func writeFiles(t *testing.T, files map[string]string) string {
	t.Helper()
	dir := t.TempDir()
	for name, text := range files {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

func TestTemplateInput(t *testing.T) {
	dir := writeFiles(t, map[string]string{"tb.toml": tplFile, "in.toml": `template = "tb.toml"

[values]
don_vi = "Phường Ba Đình"
so = 7
ngay = 2026-03-15
noi_nhan = ["Sở Nội vụ", "UBND các xã"]
chu_tich = "TRẦN VĂN BÌNH"

[page]
size = 13
`})
	d, err := ParseFile(filepath.Join(dir, "in.toml"))
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct{ got, want string }{
		{d.Issuer.Name, "ỦY BAN NHÂN DÂN\nPHƯỜNG BA ĐÌNH"},
		{d.Place, "Ba Đình"},
		{d.NumberLine(), "Số: 07/TB-UBND"},
		{d.DateLine(), "Ba Đình, ngày 15 tháng 3 năm 2026"},
		{d.Summary, "lịch tiếp công dân"},
		{d.Signer.Name, "Trần Văn Bình"},
		{strings.Join(d.RecipientLines(), "|"), "- Sở Nội vụ;|- UBND các xã;"},
	} {
		if c.got != c.want {
			t.Errorf("got %q, want %q", c.got, c.want)
		}
	}
	if d.Page.Size != 13 {
		t.Errorf("page size %v: keys beside the values apply over the template", d.Page.Size)
	}
}

func TestTemplateInputErrors(t *testing.T) {
	for _, c := range []struct{ name, input, want string }{
		{"unknown template", `template = "thong-bo"`,
			`in.toml:1:12: template: no built-in template "thong-bo" (did you mean "thong-bao"?)`},
		{"missing file", `template = "khong-co.toml"`, `in.toml:1:12: template: read template: stat khong-co.toml: no such file`},
		{"required", "template = \"tb.toml\"\n[values]\ndon_vi = \"Xã A\"\n",
			`in.toml:2:2: values.chu_tich: a value for "chu_tich" (Chủ tịch) is required`},
		{"bad number", "template = \"tb.toml\"\n[values]\ndon_vi = \"Xã A\"\nchu_tich = \"A\"\nso = \"mười\"\n",
			`in.toml:5:6: values.so: "mười" is not a whole number`},
		{"unknown field", "template = \"tb.toml\"\n[values]\ndon_vi = \"Xã A\"\nchu_tich = \"A\"\nchu_tic = \"B\"\n",
			`in.toml:5:11: values.chu_tic: template "tb" has no field "chu_tic" (did you mean "chu_tich"?)`},
		{"bad rune", "template = \"tb.toml\"\n[values]\ndon_vi = \"Xã A\"\nchu_tich = \"Ông ☃\"\n",
			`in.toml:4:17: values.chu_tich: character '☃' (U+2603) cannot be printed`},
		{"document problem from a value", "template = \"tb.toml\"\n[values]\ndon_vi = \"Xã A\"\nchu_tich = \"A\"\nchu_de = \"   \"\nngay = \"\"\n",
			""},
		{"override", "template = \"tb.toml\"\n[values]\ndon_vi = \"Xã A\"\nchu_tich = \"A\"\n[page]\nsize = 20\n",
			`in.toml:6:8: page.size: 20 pt is outside the Decree's range 13–14 pt`},
		{"override typo", "template = \"tb.toml\"\nsumary = \"x\"\n[values]\ndon_vi = \"Xã A\"\nchu_tich = \"A\"\n",
			`in.toml:2:1: sumary: unknown key "sumary" (did you mean "summary"?)`},
		{"values not a table", "template = \"tb.toml\"\nvalues = 1\n", `in.toml:2:10: values: must be a table`},
	} {
		t.Run(c.name, func(t *testing.T) {
			dir := writeFiles(t, map[string]string{"tb.toml": tplFile, "in.toml": c.input})
			_, err := ParseFile(filepath.Join(dir, "in.toml"))
			if c.want == "" {
				if err != nil {
					t.Errorf("error %v", err)
				}
				return
			}
			if err == nil {
				t.Fatalf("no error, want %q", c.want)
			}
			got := strings.ReplaceAll(err.Error(), dir+string(filepath.Separator), "")
			if !strings.Contains(got, c.want) {
				t.Errorf("error:\n%s\nwant:\n%s", got, c.want)
			}
			var es Errors
			if errors.As(err, &es) {
				for _, e := range es {
					if e.MsgVI == "" || e.MsgVI == e.Msg {
						t.Errorf("no Vietnamese message: %v", e)
					}
				}
			}
		})
	}
}

func TestTemplateFileErrors(t *testing.T) {
	for _, c := range []struct{ name, edit, want string }{
		{"unknown field", `"{{chu_de}}"->"{{chu_đe}}"`, `tb.toml:2:11: summary: {{chu_đe}}: "chu_đe" is not a field name`},
		{"typo", `"{{chu_de}}"->"{{chu_dee}}"`, `tb.toml:2:11: summary: placeholder {{chu_dee}} names no declared field (did you mean "chu_de"?)`},
		{"unused", `number = "{{so}}"->number = 1`, `field "so" is never used`},
		{"bad helper", `{{don_vi | place}}->{{don_vi | date}}`, `{{don_vi}}: helper "date" applies to a date, not to text`},
		{"unclosed", `{{don_vi | place}}->{{don_vi | place`, `never closed with }}`},
		{"no title", `title = "Thông báo (thử)"->`, `template: title is required`},
		{"bad kind", `kind = "number"->kind = "so"`, `kind "so" is not one of text, multiline, date, number, lines`},
		{"bad default", `default = 2026-03-02->default = "hôm nay"`, `fields.3.default: "hôm nay" is not a date that exists`},
		{"unknown key", `required = true
example = "Xã Hòa An"->required = true
exemple = "x"`, `fields.0.exemple: unknown key "exemple"`},
		{"no label", `label = "Số"->`, `fields.2: label is required`},
		{"bad document key", `code = "TB-UBND"->code = "TB-UBND"
sumary = "x"`, `tb.toml:4:1: sumary: unknown key "sumary" (did you mean "summary"?)`},
		{"bad example", `example = "Nguyễn Văn A"->example = ""`, ``},
		{"example breaks the document", `name = "{{chu_tich}}"->name = "{{chu_tich}}"
position = "X"`, `position`},
	} {
		t.Run(c.name, func(t *testing.T) {
			from, to, _ := strings.Cut(c.edit, "->")
			if !strings.Contains(tplFile, from) {
				t.Fatalf("%q not in the template", from)
			}
			_, err := ParseTemplate("tb.toml", []byte(strings.Replace(tplFile, from, to, 1)))
			if c.want == "" {
				if err != nil {
					t.Errorf("error %v", err)
				}
				return
			}
			if err == nil || !strings.Contains(err.Error(), c.want) {
				t.Errorf("error:\n%v\nwant:\n%s", err, c.want)
			}
		})
	}
}

func TestValuesAreData(t *testing.T) {
	dir := writeFiles(t, map[string]string{"tb.toml": tplFile})
	f, err := OpenForm(filepath.Join(dir, "tb.toml"))
	if err != nil {
		t.Fatal(err)
	}
	d, err := f.Fill(map[string]any{"don_vi": "Xã {{chu_tich}} *A*", "chu_tich": "B", "chu_de": "{{don_vi | upper}}"})
	if err != nil {
		t.Fatal(err)
	}
	if d.Summary != "{{don_vi | upper}}" || d.Place != "{{chu_tich}} *A*" {
		t.Errorf("values were read as placeholders: %q, %q", d.Summary, d.Place)
	}
	if got := markup.Text(d.Body[0].Spans); got != "Ủy ban nhân dân xã {{chu_tich}} *A* thông báo {{don_vi | upper}}." {
		t.Errorf("body = %q: values print as typed", got)
	}
}

// FuzzFill fills a built-in template with arbitrary values: Fill either
// reports a problem or gives a document both writers accept.
func FuzzFill(f *testing.F) {
	form, err := OpenForm("phat-dong-thi-dua")
	if err != nil {
		f.Fatal(err)
	}
	f.Add("Xã Hòa An", "Nguyễn Văn A", "05/02/2026", "1. Nội dung *một*.")
	f.Add("{{don_vi}}", "\x00", "31/02/2026", "**")
	f.Add("Phường 1", "  ", "2026-13-01", "# x\n\nQUYẾT ĐỊNH:")
	f.Fuzz(func(t *testing.T, unit, name, date, body string) {
		d, err := form.Fill(map[string]any{"don_vi": unit, "tinh": "Tỉnh Cao Bằng", "chu_tich": name, "ngay": date, "noi_dung": body})
		if err != nil {
			var es Errors
			if !errors.As(err, &es) {
				t.Fatalf("not Errors: %v", err)
			}
			for _, e := range es {
				if e.Field == "" && e.File == "" {
					t.Errorf("problem with no field and no place: %v", e)
				}
			}
			return
		}
		if err := WriteDOCX(io.Discard, d); err != nil {
			t.Fatal(err)
		}
		if err := WritePDF(io.Discard, d); err != nil {
			t.Fatal(err)
		}
	})
}
