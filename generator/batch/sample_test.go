package batch

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"flag"
	"github.com/vanban/vanban/generator/internal/sharedtest"
	"os"
	"testing"
	"unicode"
	"unicode/utf8"
)

var update = flag.Bool("update", false, "rewrite samples/batch/bau-cu-2026.csv from ../shared/data")

const (
	unitsFile  = "data/units-2026.json"
	sampleFile = "../../samples/batch/bau-cu-2026.csv"
)

// sampleCSV derives the election sample from units-2026.json (MIT, from
// github.com/thanglequoc/vietnamese-provinces-database): one row per ward,
// commune and special zone, in the file's order.
func sampleCSV(t *testing.T) []byte {
	b, err := os.ReadFile(sharedtest.Path(t, unitsFile))
	if err != nil {
		t.Fatal(err)
	}
	var provinces []struct {
		FullName string
		Wards    []struct{ FullName string }
	}
	if err := json.Unmarshal(b, &provinces); err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	w := csv.NewWriter(&buf)
	w.Write([]string{"tinh", "don_vi", "chu_tich"})
	for _, p := range provinces {
		for _, u := range p.Wards {
			// One record is typed "xã Bắc Sơn"; a unit's name starts with a
			// capital.
			r, n := utf8.DecodeRuneInString(u.FullName)
			name := string(unicode.ToUpper(r)) + u.FullName[n:]
			// The data has no chairmen's names: "Nguyễn Văn A" is the name
			// the Decree's own forms use.
			w.Write([]string{p.FullName, name, "Nguyễn Văn A"})
		}
	}
	w.Flush()
	return buf.Bytes()
}

func TestSampleCSV(t *testing.T) {
	want := sampleCSV(t)
	if *update {
		if err := os.WriteFile(sampleFile, want, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	got, err := os.ReadFile(sampleFile)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(got, want) {
		t.Errorf("%s is not what units-2026.json gives; run go test ./generator/batch -run SampleCSV -update", sampleFile)
	}
	if n := bytes.Count(got, []byte("\n")) - 1; n != 3321 {
		t.Errorf("%d rows, want 3321", n)
	}
}
