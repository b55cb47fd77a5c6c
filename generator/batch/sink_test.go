package batch

import (
	"archive/zip"
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/csv"
	"encoding/hex"
	"errors"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/vanban/vanban/generator/legacy"
)

// units is a table of n rows, the fourth without its required chairman.
func units(n int) string {
	var b strings.Builder
	b.WriteString("don_vi,chu_tich,so\n")
	for i := range n {
		chair := "Nguyễn Văn A"
		if i == 3 {
			chair = ""
		}
		b.WriteString("Xã Số " + strings.Repeat("I", i%7+1) + "," + chair + ",1\n")
	}
	return b.String()
}

// zipBatch runs a batch into a zip and returns the archive's bytes.
func zipBatch(t *testing.T, ctx context.Context, d *Data, opt Options) ([]byte, *Report, error) {
	t.Helper()
	var buf bytes.Buffer
	z := NewZip(&buf)
	opt.Sink = z
	rep, err := Run(ctx, form(t), d, opt)
	if cerr := z.Close(); cerr != nil {
		t.Fatalf("Close: %v", cerr)
	}
	return buf.Bytes(), rep, err
}

// unzip opens an archive and returns its entries, in order, and their
// contents.
func unzip(t *testing.T, b []byte) ([]*zip.File, map[string][]byte) {
	t.Helper()
	zr, err := zip.NewReader(bytes.NewReader(b), int64(len(b)))
	if err != nil {
		t.Fatal(err)
	}
	files := map[string][]byte{}
	for _, f := range zr.File {
		rc, err := f.Open()
		if err != nil {
			t.Fatal(err)
		}
		files[f.Name], err = io.ReadAll(rc)
		rc.Close()
		if err != nil {
			t.Fatalf("%s: %v", f.Name, err)
		}
	}
	return zr.File, files
}

func readManifest(t *testing.T, b []byte) [][]string {
	t.Helper()
	recs, err := csv.NewReader(bytes.NewReader(b)).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	return recs
}

func TestZipSameBytes(t *testing.T) {
	d := readCSV(t, form(t), units(9), legacy.UTF8)
	var first []byte
	for _, jobs := range []int{1, 4, 4} {
		b, rep, err := zipBatch(t, context.Background(), d, Options{Jobs: jobs})
		if err != nil {
			t.Fatal(err)
		}
		if rep.Failed != 1 || rep.Results[3].Status != "error" || rep.Manifest != ManifestName {
			t.Fatalf("Jobs %d: failed %d, row 4 %s, manifest %q", jobs, rep.Failed, rep.Results[3].Status, rep.Manifest)
		}
		if first == nil {
			first = b
		} else if !bytes.Equal(b, first) {
			t.Fatalf("Jobs %d: the zip differs from Jobs 1's", jobs)
		}
	}
	entries, files := unzip(t, first)
	var names, want []string
	for _, f := range entries {
		names = append(names, f.Name)
		wantMethod := zip.Store
		if f.Name == ManifestName {
			wantMethod = zip.Deflate
		}
		if f.Method != wantMethod || !f.Modified.Equal(modified) {
			t.Errorf("%s: method %d, time %v", f.Name, f.Method, f.Modified)
		}
	}
	m := readManifest(t, files[ManifestName])
	for _, rec := range m[1:] {
		if rec[2] != "ok" {
			continue
		}
		for _, col := range []int{3, 5} { // pdf, docx
			want = append(want, rec[col])
			sum := sha256.Sum256(files[rec[col]])
			if hex.EncodeToString(sum[:]) != rec[col+1] {
				t.Errorf("%s: SHA-256 is not the manifest's", rec[col])
			}
		}
	}
	want = append(want, ManifestName)
	if !slices.Equal(names, want) || len(names) != 2*8+1 {
		t.Errorf("entries %v, want %v", names, want)
	}
	if m[4][2] != "error" || !strings.Contains(m[4][7], "chu_tich") {
		t.Errorf("row 4 in the manifest: %v", m[4])
	}
}

// The same batch into a directory and into a zip gives the same files.
func TestZipAsDir(t *testing.T) {
	d := readCSV(t, form(t), units(5), legacy.UTF8)
	b, _, err := zipBatch(t, context.Background(), d, Options{Jobs: 2})
	if err != nil {
		t.Fatal(err)
	}
	_, files := unzip(t, b)
	dir := t.TempDir()
	rep, err := Run(context.Background(), form(t), d, Options{Sink: Dir(dir), Jobs: 3})
	if err != nil {
		t.Fatal(err)
	}
	if rep.Manifest != filepath.Join(dir, ManifestName) {
		t.Errorf("manifest %q", rep.Manifest)
	}
	names := listDir(t, dir)
	if len(names) != len(files) {
		t.Errorf("directory %v, zip %d files", names, len(files))
	}
	for _, n := range names {
		got, _ := os.ReadFile(filepath.Join(dir, n))
		if !bytes.Equal(got, files[n]) {
			t.Errorf("%s differs between the directory and the zip", n)
		}
	}
}

func TestZipCancelled(t *testing.T) {
	d := readCSV(t, form(t), units(40), legacy.UTF8)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	b, rep, err := zipBatch(t, ctx, d, Options{Jobs: 2, Progress: func(done, total int) {
		if done == 3 {
			cancel()
		}
	}})
	if !errors.Is(err, context.Canceled) {
		t.Fatalf("err = %v", err)
	}
	entries, files := unzip(t, b)
	if last := entries[len(entries)-1].Name; last != ManifestName {
		t.Fatalf("last entry %s", last)
	}
	m := readManifest(t, files[ManifestName])
	ok := 0
	for i, rec := range m[1:] {
		if rec[2] != rep.Results[i].Status {
			t.Errorf("row %s: manifest %s, report %s", rec[0], rec[2], rep.Results[i].Status)
		}
		if rec[2] == "ok" {
			ok++
		}
	}
	if len(m) != len(d.Rows)+1 || ok != 3 || m[len(m)-1][2] != "cancelled" || len(entries) != 2*ok+1 {
		t.Errorf("%d manifest lines, %d ok, last %v, %d entries", len(m), ok, m[len(m)-1], len(entries))
	}
}

// failSink fails its Put of the file fail and records the rest.
type failSink struct {
	fail string
	puts []string
}

var errFull = errors.New("no space left")

func (s *failSink) Put(name string, data []byte) error {
	if name == s.fail {
		return errFull
	}
	s.puts = append(s.puts, name)
	return nil
}

// A sink's error fails its row and stops the batch; the manifest is still
// put and says so.
func TestSinkFails(t *testing.T) {
	d := readCSV(t, form(t), units(30), legacy.UTF8)
	s := &failSink{fail: "06-Xa-So-IIIIII.docx"}
	rep, err := Run(context.Background(), form(t), d, Options{Sink: s, Jobs: 2})
	if !errors.Is(err, errFull) || !strings.HasPrefix(err.Error(), "row 6: ") {
		t.Fatalf("err = %v", err)
	}
	r := rep.Results[5]
	if r.Status != "error" || !errors.Is(r.Err, errFull) || len(r.Files) != 1 || r.Files[0].Name != "06-Xa-So-IIIIII.pdf" {
		t.Errorf("row 6: %+v", r)
	}
	for _, r := range rep.Results[6:] {
		if r.Status != "cancelled" {
			t.Errorf("row %d after the failure: %s", r.Row, r.Status)
		}
	}
	if rep.Failed != 2 || s.puts[len(s.puts)-1] != ManifestName || len(s.puts) != 2*4+1+1 {
		t.Errorf("failed %d, puts %v", rep.Failed, s.puts)
	}
}

func TestVietnameseManifest(t *testing.T) {
	d := readCSV(t, form(t), "don_vi,chu_tich,so\nXã A,A,1\nXã B,,x\n", legacy.UTF8)
	s := &recordSink{}
	rep, err := Run(context.Background(), form(t), d, Options{Sink: s, Vietnamese: true})
	if err != nil {
		t.Fatal(err)
	}
	m := readManifest(t, s.files[ManifestName])
	if m[1][2] != "ok" || m[1][7] != "" || m[2][2] != "error" {
		t.Fatalf("manifest %v", m)
	}
	msg, en := m[2][7], rep.Results[1].Err.Error()
	if msg == en || strings.Contains(msg, "required") || !strings.HasPrefix(msg, "dv.csv:3:") || strings.Count(msg, "\n") != 1 {
		t.Errorf("error column %q: want two Vietnamese lines", msg)
	}
	if !strings.Contains(en, "required") {
		t.Errorf("report's error %q is not in English", en)
	}
}

// recordSink keeps every file put.
type recordSink struct{ files map[string][]byte }

func (s *recordSink) Put(name string, data []byte) error {
	if s.files == nil {
		s.files = map[string][]byte{}
	}
	s.files[name] = data
	return nil
}

func TestZipNames(t *testing.T) {
	var buf bytes.Buffer
	z := NewZip(&buf)
	for _, name := range []string{"", ".", "/etc/passwd", "../x.pdf", "a/../../x", "a/./b", `..\x.pdf`, "C:x.pdf", "a//b", "a/"} {
		if err := z.Put(name, []byte("x")); err == nil {
			t.Errorf("Put(%q): no error", name)
		}
	}
	if err := z.Put("a/b.txt", []byte("x")); err != nil {
		t.Error(err)
	}
	if err := z.Put("a/b.txt", []byte("y")); err == nil {
		t.Error("a second a/b.txt: no error")
	}
	if err := z.Close(); err != nil {
		t.Fatal(err)
	}
	entries, _ := unzip(t, buf.Bytes())
	if len(entries) != 1 || entries[0].Name != "a/b.txt" {
		t.Errorf("entries %v", entries)
	}
	if err := z.Put("c.txt", nil); err == nil {
		t.Error("Put after Close: no error")
	}
	for _, name := range []string{"../x.pdf", "/x.pdf"} {
		if err := Dir(t.TempDir()).Put(name, nil); err == nil {
			t.Errorf("Dir.Put(%q): no error", name)
		}
	}
}

// failWriter takes n bytes and then fails.
type failWriter struct{ n int }

func (w *failWriter) Write(p []byte) (int, error) {
	if len(p) > w.n {
		n := w.n
		w.n = 0
		return n, errFull
	}
	w.n -= len(p)
	return len(p), nil
}

// Once the stream fails, the archive is broken: every later Put and Close
// say so, and the batch stops.
func TestZipStreamFails(t *testing.T) {
	d := readCSV(t, form(t), units(20), legacy.UTF8)
	z := NewZip(&failWriter{n: 200_000})
	rep, err := Run(context.Background(), form(t), d, Options{Sink: z, Jobs: 2})
	if !errors.Is(err, errFull) {
		t.Fatalf("err = %v", err)
	}
	failed := slices.IndexFunc(rep.Results, func(r Result) bool { return errors.Is(r.Err, errFull) })
	if failed < 0 || rep.Results[failed].Status != "error" {
		t.Fatalf("no row failed with the stream's error: %+v", rep.Results)
	}
	for _, r := range rep.Results[failed+1:] {
		// Row 4 lacks a value: it may have failed before the stream did.
		if r.Status != "cancelled" && r.Row != 4 {
			t.Errorf("row %d after the failure: %s %v", r.Row, r.Status, r.Err)
		}
	}
	if err := z.Put("x.txt", nil); !errors.Is(err, errFull) {
		t.Errorf("Put after the failure: %v", err)
	}
	if err := z.Close(); !errors.Is(err, errFull) {
		t.Errorf("Close after the failure: %v", err)
	}
}

// WriteFile makes the folders missing on the way, replaces a file there
// already, gives every file mode 0644 and leaves no temporary file; a
// path under a regular file fails, leaving nothing.
func TestWriteFile(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "a", "b", "x.pdf")
	for _, data := range []string{"first", "second"} {
		if err := WriteFile(path, []byte(data)); err != nil {
			t.Fatal(err)
		}
		got, err := os.ReadFile(path)
		if err != nil || string(got) != data {
			t.Fatalf("read %q, %v; want %q", got, err, data)
		}
		fi, err := os.Stat(path)
		if err != nil || fi.Mode().Perm() != 0o644 {
			t.Errorf("mode %v, %v; want 0644", fi.Mode(), err)
		}
	}
	entries, _ := os.ReadDir(filepath.Dir(path))
	if len(entries) != 1 {
		t.Errorf("%d entries beside the file, want it alone", len(entries))
	}
	if err := WriteFile(filepath.Join(path, "y.pdf"), []byte("z")); err == nil {
		t.Error("a file under a regular file: no error")
	}
	entries, _ = os.ReadDir(filepath.Dir(path))
	if len(entries) != 1 {
		t.Errorf("%d entries after a failed write, want 1", len(entries))
	}
}
