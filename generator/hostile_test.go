package generator

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"testing/fstest"
	"time"
)

// deep returns inputs nested depth levels deep, in every way TOML nests.
func deep(depth int) map[string]string {
	return map[string]string{
		"inline tables": "x = " + strings.Repeat("{a=", depth) + "1" + strings.Repeat("}", depth) + "\n",
		"arrays":        "x = " + strings.Repeat("[", depth) + "1" + strings.Repeat("]", depth) + "\n",
		"dotted key":    strings.Repeat("a.", depth) + "a = 1\n",
		"header":        "[" + strings.Repeat("a.", depth) + "a]\n",
		"under header":  "[" + strings.Repeat("a.", 20) + "a]\n" + strings.Repeat("b.", 20) + "b = 1\n",
	}
}

// Issue 14, item 1: a deeply nested input is refused before the decoder,
// whose time and memory grow with the square of the depth, sees it; in
// every path that decodes TOML.
func TestDeepTOML(t *testing.T) {
	readers := map[string]func([]byte) error{
		"Parse":         func(b []byte) error { _, err := Parse(b); return err },
		"ParseTemplate": func(b []byte) error { _, err := ParseTemplate("t.toml", b); return err },
		"ReadForm":      func(b []byte) error { _, err := ReadForm("f.toml", b); return err },
	}
	for what, in := range deep(10000) {
		for name, read := range readers {
			start := time.Now()
			err := read([]byte(in))
			var es Errors
			if !errors.As(err, &es) || len(es) != 1 || !strings.Contains(es[0].Msg, "nested deeper than 32") || es[0].Line == 0 {
				t.Errorf("%s, %s: %v", what, name, err)
			}
			if d := time.Since(start); d > 2*time.Second {
				t.Errorf("%s, %s: %v to refuse", what, name, d)
			}
		}
	}
	_, err := Parse([]byte("x = [[[[1]]]]\n[page.margins]\ntop = 20\n"))
	if err != nil && strings.Contains(err.Error(), "nested") {
		t.Errorf("shallow input refused: %v", err)
	}
	_, err = Parse([]byte("body = \"" + strings.Repeat("x", MaxTOMLSize) + "\"\n"))
	if err == nil || !strings.Contains(err.Error(), "larger than 16 MB") {
		t.Errorf("oversize input: %v", err)
	}
}

const input = "template = %q\n[values]\ndon_vi = \"Xã A\"\nchu_tich = \"A\"\n"

func inputFor(ref string) string { return strings.Replace(input, "%q", `"`+ref+`"`, 1) }

// Issue 14, item 2: a template is a regular file of bounded size, in the
// folder the caller allows, never followed through another input.
func TestTemplateKey(t *testing.T) {
	dir := writeFiles(t, map[string]string{
		"tb.toml":    tplFile,
		"a.toml":     inputFor("a.toml"),
		"b.toml":     inputFor("c.toml"),
		"c.toml":     inputFor("b.toml"),
		"zero.toml":  inputFor("zero"),
		"dev.toml":   inputFor("/dev/zero"),
		"up.toml":    inputFor("../tb.toml"),
		"proc.toml":  inputFor("/proc/self/environ"),
		"link.toml":  inputFor("z.toml"),
		"good.toml":  inputFor("tb.toml"),
		"sub.toml":   inputFor("mau/tb.toml"),
		"built.toml": inputFor("thong-bao"),
	})
	os.Mkdir(filepath.Join(dir, "mau"), 0o755)
	os.WriteFile(filepath.Join(dir, "mau", "tb.toml"), []byte(tplFile), 0o644)
	if err := os.Symlink("/dev/zero", filepath.Join(dir, "z.toml")); err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct{ file, want string }{
		{"a.toml", "names a template itself"},          // a cycle of one
		{"b.toml", "names a template itself"},          // and of two
		{"dev.toml", "must be in the input's folder"},  // absolute
		{"proc.toml", "must be in the input's folder"}, // and never echoed
		{"up.toml", "must be in the input's folder"},   // above the input
		{"link.toml", "not a regular file"},            // a device beside the input
		{"zero.toml", `no built-in template "zero"`},   // a bare name is a built-in's
		{"good.toml", ""}, {"sub.toml", ""}, {"built.toml", `template "thong-bao" has no field "chu_tich"`},
	} {
		_, err := ParseFile(filepath.Join(dir, c.file))
		switch {
		case c.want == "" && err != nil:
			t.Errorf("%s: %v", c.file, err)
		case c.want != "" && (err == nil || !strings.Contains(err.Error(), c.want)):
			t.Errorf("%s: got %v, want %q", c.file, err, c.want)
		}
		if err != nil && strings.Contains(err.Error(), "PATH=") {
			t.Errorf("%s: the error shows a file's content: %v", c.file, err)
		}
	}

	// Parse and ParseNamed read no file at all: built-in templates only.
	for _, ref := range []string{"tb.toml", "/proc/self/environ", "/dev/zero", "go.mod", "generator.go"} {
		_, err := Parse([]byte(inputFor(ref)))
		if err == nil || !strings.Contains(err.Error(), "template") || strings.Contains(err.Error(), "module") {
			t.Errorf("Parse, template %q: %v", ref, err)
		}
	}
	// A library caller chooses the folder.
	fsys := fstest.MapFS{"mau/tb.toml": {Data: []byte(tplFile)}}
	if _, err := ParseWith([]byte(inputFor("mau/tb.toml")), Options{Name: "x.toml", Templates: fsys}); err != nil {
		t.Errorf("ParseWith an fs.FS: %v", err)
	}
	big := fstest.MapFS{"big.toml": {Data: make([]byte, MaxTOMLSize+1)}}
	if _, err := ParseWith([]byte(inputFor("big.toml")), Options{Templates: big}); err == nil || !strings.Contains(err.Error(), "larger than") {
		t.Errorf("oversize template: %v", err)
	}
}

// Issue 14, item 6: a character that changes what is read is refused with
// its place, in a document, in an input's values and in values from a
// form or a batch; ordinary Vietnamese, precomposed or not, is not.
func TestInvisibleCharacters(t *testing.T) {
	bad := []rune{'\u202a', '\u202b', '\u202c', '\u202d', '\u202e', '\u200e', '\u200f', '\u2066', '\u2067',
		'\u2068', '\u2069', '\u0080', '\u0085', '\u009f', '\u2028', '\u2029', '\u061c', '\u2060', '\u206f'}
	for _, r := range bad {
		doc := strings.Replace(good, `summary = "Đợt thi đua đặc biệt"`, `summary = "số tiền `+string(r)+`000 005 đồng"`, 1)
		_, err := ParseNamed("in.toml", []byte(doc))
		want := fmt.Sprintf("in.toml:2:20: summary: character U+%04X cannot be printed: it is an invisible control character", r)
		if err == nil || !strings.HasPrefix(err.Error(), want) {
			t.Errorf("U+%04X in a document: %v", r, err)
		}
	}
	dir := writeFiles(t, map[string]string{"tb.toml": tplFile,
		"in.toml": "template = \"tb.toml\"\n[values]\ndon_vi = \"Xã A\"\nchu_tich = \"Ông \u202eA\"\n"})
	_, err := ParseFile(filepath.Join(dir, "in.toml"))
	if err == nil || !strings.Contains(err.Error(), "in.toml:4:17: values.chu_tich: character U+202E cannot be printed: it is an invisible") {
		t.Errorf("in [values]: %v", err)
	}
	f, err := OpenForm(filepath.Join(dir, "tb.toml"))
	if err != nil {
		t.Fatal(err)
	}
	_, err = f.Fill(map[string]any{"don_vi": "Xã A", "chu_tich": "A\u2067B"})
	var es Errors
	if !errors.As(err, &es) || len(es) != 1 || es[0].Field != "chu_tich" || !strings.Contains(es[0].Msg, "U+2067") {
		t.Errorf("from a form: %v", err) // one problem: not "required" as well
	}
	// Issue 14, item 9: nor for a NUL, which a CSV cell may hold.
	_, err = f.Fill(map[string]any{"don_vi": "Xã A", "chu_tich": "A\x00B"})
	if !errors.As(err, &es) || len(es) != 1 || es[0].Field != "chu_tich" || !strings.Contains(es[0].Msg, "U+0000") {
		t.Errorf("NUL from a form: %v", err)
	}
	// Vietnamese in every form it arrives in, and the invisible characters
	// Clean drops, are fine.
	for _, s := range []string{"Hòa An", "Ho\u0300a An", "Nguye\u0302\u0303n", "Hòa\u200b An", "Hòa\u00adAn", "Hòa\u200dAn"} {
		if _, err := f.Fill(map[string]any{"don_vi": s, "chu_tich": s}); err != nil {
			t.Errorf("%q: %v", s, err)
		}
	}
}

// Issue 14, item 8: a date's year is in the range the year key allows.
func TestDateRange(t *testing.T) {
	for _, c := range []struct{ date, want string }{
		{"0001-01-01", "in.toml:5:8: date: the year 1 is outside 1945–2999"},
		{"1900-05-01", "the year 1900 is outside 1945–2999"},
		{"9999-12-31", "the year 9999 is outside 1945–2999"},
		{`"01/01/1900"`, "the year 1900 is outside 1945–2999"},
		{"1945-09-02", ""},
		{"2999-12-31", ""},
	} {
		doc := strings.Replace(good, "date = 2021-02-05", "date = "+c.date, 1)
		_, err := ParseNamed("in.toml", []byte(doc))
		if c.want == "" && err != nil || c.want != "" && (err == nil || !strings.Contains(err.Error(), c.want)) {
			t.Errorf("%s: %v, want %q", c.date, err, c.want)
		}
	}
	f, err := OpenForm("thong-bao")
	if err != nil {
		t.Fatal(err)
	}
	for _, ngay := range []any{"01/01/0001", "1900-01-01", "31/12/9999"} {
		_, err := f.Fill(map[string]any{"ngay": ngay})
		if err == nil || !strings.Contains(err.Error(), "outside 1945–2999") {
			t.Errorf("template value %v: %v", ngay, err)
		}
	}
}

// FuzzParseTemplate reads templates: never a panic, never a file read,
// and every problem placed in the template.
func FuzzParseTemplate(f *testing.F) {
	// Small seeds: the fuzzer minimises each input it finds new, and
	// a whole built-in template makes that take minutes.
	f.Add([]byte(tplFile))
	f.Add([]byte(inputFor("/dev/zero")))
	f.Add([]byte("x = " + strings.Repeat("[", 40) + strings.Repeat("]", 40)))
	f.Fuzz(func(t *testing.T, data []byte) {
		tpl, err := ParseTemplate("t.toml", data)
		if err != nil {
			var es Errors
			if !errors.As(err, &es) {
				t.Fatalf("not Errors: %v", err)
			}
			for _, e := range es {
				if e.File == "" && e.Field == "" {
					t.Errorf("problem with no place: %v", e)
				}
			}
			return
		}
		// A template that loads fills, or says why not.
		form := &Form{Template: tpl}
		if _, err := form.Fill(nil); err != nil {
			var es Errors
			if !errors.As(err, &es) {
				t.Fatalf("Fill: not Errors: %v", err)
			}
		}
		// As an input, it may name built-in templates only.
		if _, err := ReadForm("in.toml", data); err != nil && strings.Contains(err.Error(), "read template") {
			t.Errorf("ReadForm read a file: %v", err)
		}
	})
}

// A problem in each of thousands of values is reported for the first 100,
// in time linear in the input: placing each used to split the whole file.
func TestManyProblems(t *testing.T) {
	doc := func(n int) []byte {
		return []byte(strings.Replace(good, `recipients = ["Sở Nội vụ;", "- Lưu trữ"]`, "recipients = ["+strings.Repeat(`"☃",`, n)+`"x"]`, 1))
	}
	var err error
	parse := func(n int) time.Duration {
		best := time.Hour
		for range 3 {
			start := time.Now()
			_, err = Parse(doc(n))
			best = min(best, time.Since(start))
		}
		return best
	}
	small, big := parse(2000), parse(20000)
	var es Errors
	if !errors.As(err, &es) || len(es) != maxProblems+1 || es[maxProblems].Msg != "19900 more problems not shown" || es[0].Line != 11 {
		t.Fatalf("%d problems, last %v", len(es), es[len(es)-1])
	}
	if big > 30*small {
		t.Errorf("10 times the problems take %.0f times as long (%v, %v)", float64(big)/float64(small), small, big)
	}
}
