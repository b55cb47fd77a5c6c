package generator

import (
	"errors"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/vanban/vanban/generator/markup"
	"github.com/vanban/vanban/generator/template"
)

// builtinNames are the built-in templates the project promises.
var builtinNames = []string{"bao-cao", "cong-van", "giay-moi", "ke-hoach", "phat-dong-thi-dua", "quyet-dinh", "thong-bao", "to-trinh"}

// text returns everything a document prints, for looking for leftovers.
func docText(d *Document) string {
	parts := []string{d.Type, d.Summary, d.Place, d.Archive, d.Issuer.Parent, d.Issuer.Name,
		d.Signer.Authority, d.Signer.Position, d.Signer.Name}
	parts = append(parts, d.Addressees...)
	parts = append(parts, d.Bases...)
	parts = append(parts, d.Recipients...)
	for _, b := range d.Body {
		parts = append(parts, markup.Text(b.Spans))
	}
	return strings.Join(parts, "\n")
}

// checkCommune checks what every built-in template prints for a commune-level
// People's Committee: the committee over the unit (when unit is given), no
// parent agency, the place without the unit's type, nothing left of a
// placeholder, and the body's closing "./.".
func checkCommune(t *testing.T, d *Document, unit string) {
	t.Helper()
	if !strings.HasPrefix(d.Issuer.Name, "ỦY BAN NHÂN DÂN\n") {
		t.Errorf("issuer %q, want ỦY BAN NHÂN DÂN over the unit", d.Issuer.Name)
	}
	if want := "ỦY BAN NHÂN DÂN\n" + strings.ToUpper(unit); unit != "" && d.Issuer.Name != want {
		t.Errorf("issuer %q, want %q", d.Issuer.Name, want)
	}
	if d.Issuer.Parent != "" {
		t.Errorf("parent %q: a commune-level committee has none", d.Issuer.Parent)
	}
	if strings.HasPrefix(d.Place, "Xã ") || strings.HasPrefix(d.Place, "Phường ") || strings.HasPrefix(d.Place, "Đặc khu ") {
		t.Errorf("place %q keeps the unit's type", d.Place)
	}
	if s := docText(d); strings.Contains(s, "{{") || strings.Contains(s, "}}") {
		t.Errorf("a placeholder is left in the document:\n%s", s)
	}
	if len(d.Body) == 0 || !strings.HasSuffix(markup.Text(d.Body[len(d.Body)-1].Spans), "./.") {
		t.Errorf("the body does not end with ./.")
	}
}

// Every built-in template loads, and the starting file `vanban new` writes
// for it renders as it is.
func TestBuiltinTemplates(t *testing.T) {
	ts, err := Templates()
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, tpl := range ts {
		names = append(names, tpl.Name)
	}
	if !slices.Equal(names, builtinNames) {
		t.Errorf("built-in templates %v, want %v", names, builtinNames)
	}
	for _, tpl := range ts {
		t.Run(tpl.Name, func(t *testing.T) {
			if tpl.Title == "" || tpl.Description == "" || tpl.FileName == "" {
				t.Errorf("title %q, description %q, file_name %q: all three are wanted", tpl.Title, tpl.Description, tpl.FileName)
			}
			for _, f := range tpl.Fields {
				if f.Help == "" {
					t.Errorf("field %s has no help text", f.Name)
				}
			}
			path := filepath.Join(t.TempDir(), tpl.Name+".toml")
			if err := os.WriteFile(path, tpl.Starter(tpl.Name), 0o644); err != nil {
				t.Fatal(err)
			}
			d := parseSample(t, path)
			checkCommune(t, d, "Xã Hòa An")
			render(t, d)
		})
	}
}

// Every sample input for a built-in template renders.
func TestTemplateSamples(t *testing.T) {
	names, _ := filepath.Glob("../samples/templates/*.toml")
	if len(names) != len(builtinNames) {
		t.Errorf("%d template samples, want one per built-in template (%d)", len(names), len(builtinNames))
	}
	for _, name := range names {
		t.Run(filepath.Base(name), func(t *testing.T) {
			f, err := OpenForm(name)
			if err != nil {
				t.Fatal(err)
			}
			if want := strings.TrimSuffix(filepath.Base(name), ".toml"); f.Ref != want {
				t.Errorf("sample names template %q, want %q", f.Ref, want)
			}
			for _, fl := range f.Template.Fields {
				if _, ok := f.Values[fl.Name]; !ok {
					t.Errorf("no value for field %s: a sample fills every field", fl.Name)
				}
			}
			d := parseSample(t, name)
			checkCommune(t, d, "")
			render(t, d)
		})
	}
}

// The election batch base lacks exactly the per-unit values, and with one
// CSV row's worth of them it renders.
func TestBatchBase(t *testing.T) {
	const name = "../samples/batch/bau-cu-2026.toml"
	_, err := ParseFile(name)
	var errs Errors
	if !errors.As(err, &errs) {
		t.Fatalf("alone: %v, want the missing per-unit values", err)
	}
	var missing []string
	for _, e := range errs {
		missing = append(missing, e.Field)
	}
	slices.Sort(missing)
	if want := []string{"chu_tich", "don_vi", "tinh"}; !slices.Equal(missing, want) {
		t.Errorf("alone, missing %v, want %v", missing, want)
	}
	f, err := OpenForm(name)
	if err != nil {
		t.Fatal(err)
	}
	for _, row := range []map[string]any{
		{"don_vi": "Xã Hòa An", "tinh": "Tỉnh Cao Bằng", "chu_tich": "Nông Văn Thành", "so": "7"},
		{"don_vi": "Phường Ba Đình", "tinh": "Thành phố Hà Nội", "chu_tich": "Trần Văn Nam", "so": ""},
		{"don_vi": "Đặc khu Côn Đảo", "tinh": "Thành phố Hồ Chí Minh", "chu_tich": "LÊ VĂN HẢI", "so": "102"},
	} {
		d, err := f.Fill(row)
		if err != nil {
			t.Fatalf("%v: %v", row, err)
		}
		checkCommune(t, d, row["don_vi"].(string))
		s := docText(d)
		for _, want := range []string{
			"Chủ tịch Ủy ban nhân dân " + template.Inline(row["don_vi"].(string)),
			"Sở Nội vụ " + template.Inline(row["tinh"].(string)),
		} {
			if !strings.Contains(s, want) {
				t.Errorf("%s: no %q in the document", row["don_vi"], want)
			}
		}
		render(t, d)
	}
}
