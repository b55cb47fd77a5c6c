package batch

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/vanban/vanban/generator"
	"github.com/vanban/vanban/generator/legacy"
)

// Issue 14, item 1: batch data in TOML is checked for nesting before it
// is decoded.
func TestReadTOMLDeep(t *testing.T) {
	f := form(t)
	in := "[[rows]]\ndon_vi = " + strings.Repeat("[", 10000) + "1" + strings.Repeat("]", 10000) + "\n"
	_, err := ReadTOML("dv.toml", []byte(in), f.Template)
	if err == nil || !strings.HasPrefix(err.Error(), "dv.toml:2:") || !strings.Contains(err.Error(), "nested deeper") {
		t.Errorf("got %v", err)
	}
}

// fastest returns the shortest of three runs of f.
func fastest(f func()) time.Duration {
	best := time.Duration(1 << 62)
	for range 3 {
		start := time.Now()
		f()
		best = min(best, time.Since(start))
	}
	return best
}

// Issue 14, item 4: a header of 200,000 columns (1.5 MB) is refused in
// time linear in its size: no slower, byte for byte, than a file of the
// same size with 10 columns a line. It took 56 s when each field's column
// was counted from the start of the line.
func TestWideHeader(t *testing.T) {
	f := form(t)
	wide := strings.Repeat("cot_xyz,", 200000) + "\n1\n"
	narrow := strings.Repeat("a,b,c,d,e,f,g,h,i,j\n", len(wide)/20)
	var err error
	tw := fastest(func() { _, err = ReadCSV("dv.csv", []byte(wide), f.Template, legacy.UTF8) })
	if err == nil || !strings.HasPrefix(err.Error(), "dv.csv:1:8001: the header: more than 1000 columns") {
		t.Errorf("wide header: %v", err)
	}
	tn := fastest(func() { ReadCSV("dv.csv", []byte(narrow), f.Template, legacy.UTF8) })
	if tw > 3*tn {
		t.Errorf("a 200,000-column header takes %v, %.1f times a 10-column file of the same size (%v)", tw, float64(tw)/float64(tn), tn)
	}
	// The position helper itself, on one line of 200,000 fields.
	line := strings.Repeat("ờ,", 200000)
	p := newPlacer(line)
	tp := fastest(func() {
		for i := range 200000 {
			if got := p.pos(1, i*len("ờ,")+1); got.col != 2*i+1 {
				t.Fatalf("field %d at column %d, want %d", i, got.col, 2*i+1)
			}
		}
	})
	short := newPlacer(strings.Repeat(strings.Repeat("ờ,", 10)+"\n", 20000))
	ts := fastest(func() {
		for l := range 20000 {
			for i := range 10 {
				short.pos(l+1, i*len("ờ,")+1)
			}
		}
	})
	if tp > 3*ts {
		t.Errorf("positions on one line of 200,000 fields take %v, %.1f times 20,000 lines of 10 (%v)", tp, float64(tp)/float64(ts), ts)
	}
}

// Issue 14, item 4: limits on cells, columns and rows, with a clear
// message and place.
func TestDataLimits(t *testing.T) {
	f := form(t)
	for _, c := range []struct{ name, csv, want string }{
		{"big cell", "don_vi,chu_tich\nXã A," + strings.Repeat("x", MaxCell+1) + "\n", "dv.csv:2:6: row 1, column 2: a cell longer than 256 KB"},
		{"wide row", "don_vi,chu_tich\n" + strings.Repeat("x,", MaxColumns) + "x\n", "dv.csv:2:2001: row 1: more than 1000 columns"},
		{"many rows", "don_vi,chu_tich\n" + strings.Repeat("Xã A,B\n", MaxRows+1), "dv.csv: more than 100000 rows"},
	} {
		_, err := ReadCSV("dv.csv", []byte(c.csv), f.Template, legacy.UTF8)
		if err == nil || !strings.HasPrefix(err.Error(), c.want) {
			t.Errorf("%s: got %v, want %q", c.name, err, c.want)
		}
	}
	if _, err := ReadCSV("dv.csv", make([]byte, MaxDataSize+1), f.Template, legacy.UTF8); err == nil || !strings.Contains(err.Error(), "larger than 64 MB") {
		t.Errorf("big file: %v", err)
	}
	rows := "[[rows]]\ndon_vi = \"A\"\n"
	if _, err := ReadTOML("dv.toml", []byte(strings.Repeat(rows, MaxRows+1)), f.Template); err == nil || !strings.Contains(err.Error(), "more than 100000 rows") {
		t.Errorf("many TOML rows: %v", err)
	}
	// Load reads regular files only.
	if _, err := Load("/dev/zero", f.Template, legacy.UTF8); err == nil || !strings.Contains(err.Error(), "not a regular file") {
		t.Errorf("Load /dev/zero: %v", err)
	}
}

// Issue 14, item 4: a row's render has a time limit, as a preview has.
func TestRowTimeout(t *testing.T) {
	f := form(t)
	d := readCSV(t, f, "don_vi,chu_tich\nXã A,Nguyễn Văn A\n", legacy.UTF8)
	rep, err := Run(context.Background(), f, d, Options{Sink: discard{}, Formats: []string{"pdf"}, RowTimeout: time.Nanosecond})
	if err != nil {
		t.Fatal(err)
	}
	if r := rep.Results[0]; r.Status != "error" || r.Err == nil || !strings.Contains(r.Err.Error(), "took longer than 1ns") {
		t.Errorf("result %+v", r)
	}
}

type discard struct{}

func (discard) Put(string, []byte) error { return nil }

// Issue 14, item 7: Unicode given as a legacy encoding is refused, or, if
// it may be either, warned about with its row.
func TestWrongEncoding(t *testing.T) {
	f := form(t)
	_, err := ReadCSV("dv.csv", []byte("don_vi,chu_tich\nPhường Ba Đình,A\n"), f.Template, legacy.TCVN3)
	if err == nil || !strings.HasPrefix(err.Error(), `dv.csv:2:1: the file is Unicode (UTF-8) already ("Phường Ba Đình"): reading it as tcvn3 would garble it`) {
		t.Errorf("sure: %v", err)
	}
	for _, enc := range []legacy.Encoding{legacy.TCVN3, legacy.VNI} {
		d, err := ReadCSV("dv.csv", []byte("don_vi,chu_tich\nXa A,B\nXã Hòa An,Nguyen Van A\n"), f.Template, enc)
		if err != nil {
			t.Fatal(err)
		}
		if len(d.Warnings) != 1 || d.Warnings[0].Row != 2 || !strings.HasPrefix(d.Warnings[0].String(), "dv.csv:3:") ||
			!strings.Contains(d.Warnings[0].String(), "row 2: \"") || !strings.Contains(d.Warnings[0].String(), "reads as Unicode Vietnamese already") {
			t.Errorf("%v: warnings %v", enc, d.Warnings)
		}
	}
	// Real TCVN3 text, as bytes or as read in Windows-1252, is not.
	for _, text := range []string{"don_vi,chu_tich\nX\xb7 H\xdfa An,A\n", "don_vi,chu_tich\nX· Hßa An,A\n"} {
		d, err := ReadCSV("dv.csv", []byte(text), f.Template, legacy.TCVN3)
		if err != nil || len(d.Warnings) != 0 || d.Rows[0].Values["don_vi"] != "Xã Hòa An" {
			t.Errorf("%q: %v %v %v", text, err, d.Warnings, d.Rows)
		}
	}
}

// Issue 14, item 9: old Mac line endings, and a short row's place.
func TestCSVLines(t *testing.T) {
	f := form(t)
	d := readCSV(t, f, "don_vi,chu_tich\rXã A,Nguyễn Văn A\rXã B,Trần Văn B\r", legacy.UTF8)
	if len(d.Rows) != 2 || d.Rows[1].Values["chu_tich"] != "Trần Văn B" || d.Rows[1].Line != 3 {
		t.Errorf("CR-only file: %+v", d.Rows)
	}
	d = readCSV(t, f, "don_vi,so,chu_tich\nXã Hòa An,3\n", legacy.UTF8)
	rep, err := Run(context.Background(), f, d, Options{Sink: discard{}, Formats: []string{"pdf"}})
	if err != nil {
		t.Fatal(err)
	}
	if e := rep.Results[0].Err; e == nil || !strings.HasPrefix(e.Error(), "dv.csv:2:11: chu_tich:") {
		t.Errorf("short row: %v", e)
	}
}

// Issue 14, item 9: a panic while making a row fails the row; it does not
// crash the program from a worker goroutine.
func TestRowPanic(t *testing.T) {
	f := form(t)
	d := readCSV(t, f, "don_vi,chu_tich\nXã A,Nguyễn Văn A\n", legacy.UTF8)
	p := render(context.Background(), nil, &generator.Form{}, d, 0, []string{"pdf"}, 0) // no template: a nil dereference
	if p.res.Status != "error" || p.res.Err == nil || !strings.Contains(p.res.Err.Error(), "internal error") || p.i != 0 {
		t.Errorf("got %+v", p)
	}
}

// FuzzReadData reads CSV and TOML data in every encoding: never a panic,
// every problem placed in the file, every row within the limits and
// filled or refused with its place.
func FuzzReadData(f *testing.F) {
	form := form(f)
	f.Add([]byte("don_vi,chu_tich\nXã Hòa An,Nguyễn Văn A\n"), uint8(0), false)
	f.Add([]byte("don_vi;so;ngay\r\"X\"\"ã\";3;05/03/2026\r"), uint8(1), false)
	f.Add([]byte("don_vi\nX\xb7 H\xdfa An\n"), uint8(1), false)
	f.Add([]byte("don_vi,chu_tich\nXaõ A,\u202e\x00\n"), uint8(2), false)
	f.Add([]byte("[[rows]]\ndon_vi = \"Xã A\"\nso = 3\n[[rows]]\nngay = 2026-03-05\n"), uint8(0), true)
	f.Add([]byte("[[rows]]\ndon_vi = [[[[\"x\"]]]]\n"), uint8(0), true)
	f.Fuzz(func(t *testing.T, data []byte, enc uint8, asTOML bool) {
		name := "dv.csv"
		if asTOML {
			name = "dv.toml"
		}
		d, err := ReadFile(name, data, form.Template, legacy.Encoding(enc%3))
		if err != nil {
			var e *generator.InputError
			var es generator.Errors
			if errors.As(err, &es) && len(es) > 0 {
				e = es[0]
			} else if !errors.As(err, &e) {
				t.Fatalf("not an InputError: %T %v", err, err)
			}
			if e.File != name {
				t.Errorf("problem not in the file: %v", err)
			}
			return
		}
		if len(d.Rows) == 0 || len(d.Rows) > MaxRows {
			t.Fatalf("%d rows", len(d.Rows))
		}
		for _, r := range d.Rows[:min(3, len(d.Rows))] {
			if r.Line < 1 {
				t.Errorf("row %d at line %d", r.Number, r.Line)
			}
			_, err := form.Fill(r.Values)
			var es generator.Errors
			if err != nil && !errors.As(err, &es) {
				t.Fatalf("Fill: not Errors: %v", err)
			}
			for _, e := range es {
				r.place(d.File, e)
				if e.File == "" || e.Line < 1 {
					t.Errorf("problem without a place: %v", e)
				}
			}
		}
	})
}
