package generator

import (
	"errors"
	"os"
	"slices"
	"strconv"
	"strings"
	"testing"
)

// The README's key table names every key of the schema.
func TestREADMENamesEveryKey(t *testing.T) {
	readme, err := os.ReadFile("../README.md")
	if err != nil {
		t.Fatal(err)
	}
	for _, k := range Schema() {
		cell := k.Key
		switch {
		case k.Repeat:
			cell = "[[appendix]]"
		case strings.HasPrefix(k.Key, "page.margins."):
			cell = "page.margins"
		}
		if !strings.Contains(string(readme), "| `"+cell+"` |") {
			t.Errorf("README's key table has no row for %s", cell)
		}
	}
}

// minimal is an input with every required key and nothing else, one
// required key to a line.
const minimal = `code = "TB-UBND"
place = "Hòa An"
body = "Một đoạn."
[issuer]
name = "ỦY BAN NHÂN DÂN XÃ HÒA AN"
[signer]
position = "CHỦ TỊCH"
name = "Nguyễn Văn A"
`

// The keys the schema says are required are the ones the parser requires.
func TestSchemaRequiredKeys(t *testing.T) {
	if _, err := Parse([]byte("type = \"THÔNG BÁO\"\n" + minimal)); err != nil {
		t.Fatalf("the minimal input: %v", err)
	}
	var required []string
	for _, k := range Schema() {
		if k.Required && !k.Repeat {
			required = append(required, k.Key)
		}
	}
	for _, key := range required {
		_, name, _ := strings.Cut(key, ".")
		if name == "" {
			name = key
		}
		var lines []string
		for _, l := range strings.Split("type = \"THÔNG BÁO\"\n"+minimal, "\n") {
			if !strings.HasPrefix(l, name+" =") || key == "signer.name" && strings.Contains(l, "XÃ") {
				lines = append(lines, l)
			}
		}
		_, err := Parse([]byte(strings.Join(lines, "\n")))
		var es Errors
		if !errors.As(err, &es) || !slices.ContainsFunc(es, func(e *InputError) bool { return e.Key == key }) {
			t.Errorf("without %s: err = %v, want a problem at %s", key, err, key)
		}
	}
	// And no other key is required: the minimal input, less the type, is
	// refused only for the summary a Công văn needs.
	_, err := Parse([]byte(minimal))
	var es Errors
	if !errors.As(err, &es) || len(es) != 1 || es[0].Key != "summary" {
		t.Errorf("a Công văn without summary: %v", err)
	}
}

// Every number's range in the schema is the parser's.
func TestSchemaRanges(t *testing.T) {
	for _, k := range Schema() {
		if k.Kind != KindDecimal && k.Kind != KindInteger || k.Max == 0 {
			continue
		}
		table, name := "", k.Key
		if i := strings.LastIndexByte(k.Key, '.'); i >= 0 {
			table, name = k.Key[:i], k.Key[i+1:]
		}
		for _, v := range []float64{k.Min - 1, k.Max + 1} {
			in := "type = \"THÔNG BÁO\"\n" + minimal
			val := strconv.FormatFloat(v, 'f', -1, 64)
			if table == "" {
				in = name + " = " + val + "\n" + in
			} else {
				in += "[" + table + "]\n" + name + " = " + val + "\n"
			}
			_, err := Parse([]byte(in))
			var es Errors
			if !errors.As(err, &es) || !slices.ContainsFunc(es, func(e *InputError) bool { return e.Key == k.Key }) {
				t.Errorf("%s = %s: err = %v, want a problem at %s", k.Key, val, err, k.Key)
			}
		}
	}
}
