package batch

import (
	"bytes"
	"context"
	"encoding/csv"
	"errors"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/vanban/vanban/generator"
	"github.com/vanban/vanban/generator/legacy"
)

func form(t testing.TB) *generator.Form {
	t.Helper()
	f, err := generator.OpenForm("testdata/thu-moi.toml")
	if err != nil {
		t.Fatal(err)
	}
	return f
}

func readCSV(t testing.TB, f *generator.Form, text string, enc legacy.Encoding) *Data {
	t.Helper()
	d, err := ReadCSV("dv.csv", []byte(text), f.Template, enc)
	if err != nil {
		t.Fatal(err)
	}
	return d
}

func manifest(t *testing.T, dir string) [][]string {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(dir, ManifestName))
	if err != nil {
		t.Fatal(err)
	}
	recs, err := csv.NewReader(bytes.NewReader(b)).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	return recs
}

func listDir(t *testing.T, dir string) []string {
	t.Helper()
	es, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, e := range es {
		names = append(names, e.Name())
	}
	return names
}

func TestBadRowAmongGood(t *testing.T) {
	f := form(t)
	d := readCSV(t, f, "STT,Tên đơn vị,so,ngay,chu_tich\n"+
		"1,Xã Hòa An,1,05/03/2026,Nguyễn Văn An\n"+
		"2,Phường Ba Đình,abc,,Trần Thị Bình\n"+
		"\n"+
		"3,Xã Bạch Đằng,3,,\n"+
		"4,Đặc khu Côn Đảo,4,31/02/2026,Lê Văn Cường\n"+
		"5,Phường 1,5,,Phạm Thị Dung\n", legacy.UTF8)
	if len(d.Warnings) != 1 || !strings.Contains(d.Warnings[0].String(), `column "STT" is not a field`) {
		t.Errorf("warnings = %v", d.Warnings)
	}
	dir := t.TempDir()
	var calls atomic.Int32
	rep, err := Run(context.Background(), f, d, Options{Dir: dir, Jobs: 2, Progress: func(done, total int) {
		calls.Add(1)
		if total != 5 {
			t.Errorf("total = %d", total)
		}
	}})
	if err != nil {
		t.Fatal(err)
	}
	if calls.Load() != 5 || rep.Failed != 3 {
		t.Fatalf("progress calls %d, failed %d", calls.Load(), rep.Failed)
	}
	wantErr := map[int]string{
		2: `dv.csv:3:18: so: "abc" is not a whole number`,
		3: `dv.csv:5:19: chu_tich: a value for "chu_tich" (Chủ tịch) is required`,
		4: `dv.csv:6:21: ngay: "31/02/2026" is not a date that exists`,
	}
	for _, r := range rep.Results {
		want, bad := wantErr[r.Row]
		switch {
		case bad && (r.Status != "error" || r.Err == nil || !strings.HasPrefix(r.Err.Error(), want)):
			t.Errorf("row %d: %s %v, want error %q", r.Row, r.Status, r.Err, want)
		case !bad && r.Status != "ok":
			t.Errorf("row %d: %s %v", r.Row, r.Status, r.Err)
		}
	}
	if got, want := listDir(t, dir), []string{"1-Xa-Hoa-An.docx", "1-Xa-Hoa-An.pdf", "5-Phuong-1.docx", "5-Phuong-1.pdf", ManifestName}; !slices.Equal(got, want) {
		t.Errorf("files = %v, want %v", got, want)
	}
	m := manifest(t, dir)
	if len(m) != 6 || strings.Join(m[0], ",") != "row,line,status,pdf,pdf_sha256,docx,docx_sha256,error" {
		t.Fatalf("manifest = %v", m)
	}
	if m[1][2] != "ok" || m[1][3] != "1-Xa-Hoa-An.pdf" || len(m[1][4]) != 64 || m[2][2] != "error" || !strings.Contains(m[2][7], "not a whole number") {
		t.Errorf("manifest rows: %v / %v", m[1], m[2])
	}
	if m[3][1] != "5" {
		t.Errorf("row 3 is on line 5 (a blank line is skipped): %v", m[3])
	}
}

func TestHostileNames(t *testing.T) {
	f := form(t)
	long := strings.Repeat("Xã Rất Dài ", 40)
	d := readCSV(t, f, "don_vi,chu_tich\n"+
		"../../etc/passwd,A\n"+
		"/tmp/x,B\n"+
		"\"a\tb|c:d\",C\n"+
		long+",D\n"+
		"CON,E\n"+
		"...,F\n"+
		"Xã Hòa An,G\n"+
		"XÃ HÒA AN,H\n", legacy.UTF8)
	dir := t.TempDir()
	sub := filepath.Join(dir, "out")
	rep, err := Run(context.Background(), f, d, Options{Dir: sub, Formats: []string{"pdf"}, Name: "{{don_vi}}"})
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, r := range rep.Results {
		if r.Status != "ok" {
			t.Fatalf("row %d: %v", r.Row, r.Err)
		}
		names = append(names, r.Files[0].Name)
	}
	want := []string{"etc-passwd.pdf", "tmp-x.pdf", "a-b-c-d.pdf", "", "CON-.pdf", "van-ban.pdf", "Xa-Hoa-An.pdf", "XA-HOA-AN-2.pdf"}
	for i, n := range names {
		if i == 3 {
			if len(n) > maxName+4 || !strings.HasPrefix(n, "Xa-Rat-Dai-") {
				t.Errorf("long name = %q (%d bytes)", n, len(n))
			}
			continue
		}
		if n != want[i] {
			t.Errorf("row %d: name %q, want %q", i+1, n, want[i])
		}
	}
	// Nothing outside the output directory.
	if got := listDir(t, dir); !slices.Equal(got, []string{"out"}) {
		t.Errorf("files beside the output directory: %v", got)
	}
}

func TestSafeName(t *testing.T) {
	for _, c := range []struct{ in, want string }{
		{"Phường Ba Đình", "Phuong-Ba-Dinh"},
		{"Đặc khu Côn Đảo", "Dac-khu-Con-Dao"},
		{"a/b\\c:d*e?f\"g<h>i|j", "a-b-c-d-e-f-g-h-i-j"},
		{"  .hidden  ", "hidden"},
		{"nul", "nul-"},
		{"COM1", "COM1-"},
		{"com10", "com10"},
		{"", "van-ban"},
		{"日本", "van-ban"},
		{"x\u0000y\ny", "x-y-y"},
	} {
		if got := SafeName(c.in); got != c.want {
			t.Errorf("SafeName(%q) = %q, want %q", c.in, got, c.want)
		}
	}
}

func TestTCVN3(t *testing.T) {
	f := form(t)
	// "Xã Hòa An" and "Nguyễn Văn An" typed with .VnTime fonts, saved as
	// bytes: TCVN3 codes, not UTF-8.
	raw := []byte("don_vi,chu_tich\nX\xb7 H\xdfa An,Nguy\xd4n V\xa8n An\n")
	if _, err := ReadCSV("dv.csv", raw, f.Template, legacy.UTF8); err == nil {
		t.Error("TCVN3 bytes read as UTF-8 without an error")
	}
	d, err := ReadCSV("dv.csv", raw, f.Template, legacy.TCVN3)
	if err != nil {
		t.Fatal(err)
	}
	if got := d.Rows[0].Values["don_vi"]; got != "Xã Hòa An" {
		t.Errorf("don_vi = %q", got)
	}
	if got := d.Rows[0].Values["chu_tich"]; got != "Nguyễn Văn An" {
		t.Errorf("chu_tich = %q", got)
	}
	// The same file opened as Windows-1252 and saved as UTF-8, without
	// saying so: a warning names the row and field.
	d = readCSV(t, f, "don_vi,chu_tich\nXã Hòa An,A\nX· Hßa An,B\n", legacy.UTF8)
	if len(d.Warnings) != 1 || d.Warnings[0].Row != 2 || d.Warnings[0].Field != "don_vi" || !strings.Contains(d.Warnings[0].String(), "-encoding tcvn3") {
		t.Errorf("warnings = %v", d.Warnings)
	}
	d = readCSV(t, f, "don_vi,chu_tich\nX· Hßa An,B\n", legacy.TCVN3)
	if got := d.Rows[0].Values["don_vi"]; got != "Xã Hòa An" {
		t.Errorf("mojibake TCVN3: don_vi = %q", got)
	}
}

func TestCancelLeavesNoPartialFile(t *testing.T) {
	f := form(t)
	var b strings.Builder
	b.WriteString("don_vi,chu_tich\n")
	for i := range 40 {
		b.WriteString("Xã Số " + strings.Repeat("I", i%7+1) + ",A\n")
	}
	d := readCSV(t, f, b.String(), legacy.UTF8)
	dir := t.TempDir()
	ctx, cancel := context.WithCancel(context.Background())
	rep, err := Run(ctx, f, d, Options{Dir: dir, Jobs: 2, Progress: func(done, total int) {
		if done == 3 {
			cancel()
		}
	}})
	if !errors.Is(err, context.Canceled) {
		t.Fatalf("err = %v", err)
	}
	written := map[string]bool{}
	ok := 0
	for _, r := range rep.Results {
		if r.Status == "ok" {
			ok++
			for _, f := range r.Files {
				written[f.Name] = true
			}
		}
	}
	if ok < 3 || ok == len(d.Rows) {
		t.Errorf("%d rows written of %d", ok, len(d.Rows))
	}
	for _, n := range listDir(t, dir) {
		if n != ManifestName && !written[n] {
			t.Errorf("file %q left behind", n)
		}
	}
	m := manifest(t, dir)
	if len(m) != len(d.Rows)+1 || m[len(m)-1][2] != "cancelled" {
		t.Errorf("manifest does not list the rest as cancelled: %v", m[len(m)-1])
	}
}

func TestSameBytesTwice(t *testing.T) {
	f := form(t)
	d := readCSV(t, f, "don_vi,chu_tich,so\nXã Hòa An,A,1\nPhường Ba Đình,B,2\nXã Bạch Đằng,C,3\n", legacy.UTF8)
	var dirs [2]string
	for i, jobs := range []int{1, 3} {
		dirs[i] = t.TempDir()
		if _, err := Run(context.Background(), f, d, Options{Dir: dirs[i], Jobs: jobs}); err != nil {
			t.Fatal(err)
		}
	}
	names := listDir(t, dirs[0])
	if !slices.Equal(names, listDir(t, dirs[1])) || len(names) != 7 {
		t.Fatalf("files differ: %v / %v", names, listDir(t, dirs[1]))
	}
	for _, n := range names {
		a, _ := os.ReadFile(filepath.Join(dirs[0], n))
		b, _ := os.ReadFile(filepath.Join(dirs[1], n))
		if !bytes.Equal(a, b) {
			t.Errorf("%s differs between runs", n)
		}
	}
}

func TestReadTOML(t *testing.T) {
	f := form(t)
	d, err := ReadTOML("dv.toml", []byte("[[rows]]\ndon_vi = \"Xã A\"\nchu_tich = \"A\"\nso = 5\n\n[[rows]]\ndon_vi = \"Xã B\"\nchu_tich = \"B\"\nso = \"x\"\n"), f.Template)
	if err != nil {
		t.Fatal(err)
	}
	rep, err := Run(context.Background(), f, d, Options{Dir: t.TempDir(), Formats: []string{"docx"}})
	if err != nil {
		t.Fatal(err)
	}
	if rep.Results[0].Status != "ok" || rep.Failed != 1 || !strings.HasPrefix(rep.Results[1].Err.Error(), "dv.toml:9:6: so:") {
		t.Errorf("results: %+v", rep.Results)
	}
	for _, bad := range []string{"", "rows = 1", "[[rows]]\nx = ", "[[row]]\na = 1"} {
		if _, err := ReadTOML("dv.toml", []byte(bad), f.Template); err == nil {
			t.Errorf("%q: no error", bad)
		}
	}
}

func TestCSVShapes(t *testing.T) {
	f := form(t)
	for _, c := range []struct{ name, text, err string }{
		{"semicolons", "\ufeffdon_vi;chu_tich\nXã A;A\n", ""},
		{"labels", "TÊN ĐƠN VỊ,Chu tich\nXã A,A\n", ""},
		{"crlf", "don_vi,chu_tich\r\nXã A,A\r\n", ""},
		{"empty", "", "empty"},
		{"header only", "don_vi,chu_tich\n", "no rows"},
		{"duplicate", "don_vi,Tên đơn vị\nA,B\n", "both give field"},
		{"bad quote", "don_vi,chu_tich\n\"A,B\n", "row 1"},
	} {
		d, err := ReadCSV("dv.csv", []byte(c.text), f.Template, legacy.UTF8)
		if c.err != "" {
			if err == nil || !strings.Contains(err.Error(), c.err) {
				t.Errorf("%s: error %v, want %q", c.name, err, c.err)
			}
			continue
		}
		if err != nil {
			t.Errorf("%s: %v", c.name, err)
			continue
		}
		if got := d.Rows[0].Values["don_vi"]; got != "Xã A" || d.Rows[0].Values["chu_tich"] != "A" {
			t.Errorf("%s: values %v", c.name, d.Rows[0].Values)
		}
	}
}

// A blank cell leaves the shared value: in the document and in its name.
func TestBlankCellKeepsSharedValue(t *testing.T) {
	tpl, err := os.ReadFile("testdata/thu-moi.toml")
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	os.WriteFile(filepath.Join(dir, "thu-moi.toml"), tpl, 0o644) // a template file is read beside the input
	in := filepath.Join(dir, "chung.toml")
	os.WriteFile(in, []byte("template = \"thu-moi.toml\"\n[values]\ndon_vi = \"Xã Chung\"\n"), 0o644)
	f, err := generator.OpenForm(in)
	if err != nil {
		t.Fatal(err)
	}
	d := readCSV(t, f, "don_vi,chu_tich\n,Nguyễn Văn A\n", legacy.UTF8)
	rep, err := Run(context.Background(), f, d, Options{Dir: filepath.Join(dir, "out"), Formats: []string{"pdf"}})
	if err != nil {
		t.Fatal(err)
	}
	if r := rep.Results[0]; r.Status != "ok" || r.Files[0].Name != "1-Xa-Chung.pdf" {
		t.Errorf("result %+v", r)
	}
}
