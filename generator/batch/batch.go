// Package batch fills one template with every row of a table, a CSV file
// from a spreadsheet or a TOML file of [[rows]], and writes a PDF and a DOCX
// for each row, with a manifest of what it wrote.
//
// A bad row is reported with its row number, field and reason, and the
// other rows go on. Each file is written to a temporary name and renamed, so
// it appears whole or not at all, even when the run is cancelled. The same
// template and data always give byte-identical files and manifest.
//
//	form, err := generator.OpenForm("phat-dong-thi-dua")
//	...
//	data, err := batch.ReadFile("don-vi.csv", csvBytes, form.Template, legacy.UTF8)
//	...
//	report, err := batch.Run(ctx, form, data, batch.Options{Dir: "out"})
package batch

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/csv"
	"encoding/hex"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strconv"
	"sync"

	"github.com/vanban/vanban/generator"
	"github.com/vanban/vanban/generator/template"
)

// ManifestName is the manifest's file name in the output directory.
const ManifestName = "manifest.csv"

// Options says where and how a batch writes.
type Options struct {
	Dir     string   // output directory, created if missing
	Formats []string // "pdf", "docx" or both (the default)
	Jobs    int      // rows rendered at once; 0 means one per CPU
	// Name is the file name pattern, with the template's placeholders and
	// {{row}}; empty means the row number and the template's file_name.
	Name string
	// Progress, if set, is called after each row with the rows done and
	// the total, from one goroutine at a time.
	Progress func(done, total int)
}

// Result is what became of one row.
type Result struct {
	Row    int
	Files  []File // in the order of Options.Formats
	Err    error  // generator.Errors placed at the row's cells, or a write error
	Status string // "ok", "error" or "cancelled"
}

// File is one written file.
type File struct {
	Name   string // base name in the output directory
	SHA256 string // hex
}

// Report is the outcome of a batch: one Result per row, in row order.
type Report struct {
	Results  []Result
	Failed   int    // rows with Status "error"
	Manifest string // path of the manifest
}

// Run fills form with every row of data and writes the documents and the
// manifest into opt.Dir. It returns an error only when the batch could not
// run to its end: the context was cancelled (the report then holds the rows
// done, and the manifest lists the rest as cancelled) or the manifest could
// not be written. Failed rows are in the report.
func Run(ctx context.Context, form *generator.Form, data *Data, opt Options) (*Report, error) {
	if len(opt.Formats) == 0 {
		opt.Formats = generator.Formats()
	}
	for _, f := range opt.Formats {
		if !slices.Contains(generator.Formats(), f) {
			return nil, fmt.Errorf("unknown format %q: use pdf or docx", f)
		}
	}
	if opt.Jobs <= 0 {
		opt.Jobs = runtime.GOMAXPROCS(0)
	}
	if err := os.MkdirAll(opt.Dir, 0o755); err != nil {
		return nil, err
	}
	names, err := fileNames(form, data, opt.Name)
	if err != nil {
		return nil, err
	}
	rep := &Report{Results: make([]Result, len(data.Rows)), Manifest: filepath.Join(opt.Dir, ManifestName)}
	for i := range rep.Results {
		rep.Results[i] = Result{Row: data.Rows[i].Number, Status: "cancelled"}
	}
	jobs := make(chan int)
	done := make(chan int)
	var wg sync.WaitGroup
	for range min(opt.Jobs, len(data.Rows)) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range jobs {
				rep.Results[i] = row(ctx, form, data, i, names[i], opt)
				done <- i
			}
		}()
	}
	go func() {
		defer close(jobs)
		for i := range data.Rows {
			select {
			case jobs <- i:
			case <-ctx.Done():
				return
			}
		}
	}()
	go func() { wg.Wait(); close(done) }()
	n := 0
	for range done {
		n++
		if opt.Progress != nil {
			opt.Progress(n, len(data.Rows))
		}
	}
	for _, r := range rep.Results {
		if r.Status == "error" {
			rep.Failed++
		}
	}
	if err := writeManifest(rep, data, opt.Formats); err != nil {
		return rep, fmt.Errorf("write manifest: %w", err)
	}
	return rep, ctx.Err()
}

// row renders and writes one row.
func row(ctx context.Context, form *generator.Form, data *Data, i int, name string, opt Options) Result {
	r := &data.Rows[i]
	res := Result{Row: r.Number}
	if ctx.Err() != nil {
		res.Status = "cancelled"
		return res
	}
	doc, err := form.Fill(r.Values)
	if err != nil {
		var es generator.Errors
		if errors.As(err, &es) {
			for _, e := range es {
				r.place(data.File, e)
			}
		}
		res.Err, res.Status = err, "error"
		return res
	}
	// Render every format before writing any, so a row's files are all
	// from the same document.
	bufs := make([]bytes.Buffer, len(opt.Formats))
	for k, f := range opt.Formats {
		if err := generator.Write(ctx, &bufs[k], doc, f); err != nil {
			res.Err, res.Status = err, "error"
			if ctx.Err() != nil {
				res.Status = "cancelled"
			}
			return res
		}
	}
	for k, f := range opt.Formats {
		file := name + "." + f
		if err := WriteFile(filepath.Join(opt.Dir, file), bufs[k].Bytes()); err != nil {
			res.Err, res.Status = err, "error"
			return res
		}
		sum := sha256.Sum256(bufs[k].Bytes())
		res.Files = append(res.Files, File{Name: file, SHA256: hex.EncodeToString(sum[:])})
	}
	res.Status = "ok"
	return res
}

// fileNames returns each row's file name without extension: safe, unique,
// and the same for the same data whatever order rows finish in.
func fileNames(form *generator.Form, data *Data, pattern string) ([]string, error) {
	np, err := form.Template.NamePattern(pattern)
	if err != nil {
		return nil, fmt.Errorf("file name pattern %q: %w", pattern, err)
	}
	width := len(strconv.Itoa(len(data.Rows)))
	seen := unique{}
	names := make([]string, len(data.Rows))
	for i, r := range data.Rows {
		// As Fill does: a blank cell leaves the form's value.
		vals := map[string]template.Value{}
		for _, f := range form.Template.Fields {
			v, err := f.Parse(r.Values[f.Name])
			if err == nil && v.IsZero() {
				v, err = f.Parse(form.Values[f.Name])
			}
			if err == nil {
				vals[f.Name] = v
			}
		}
		num := fmt.Sprintf("%0*d", width, r.Number)
		s := np.Name(vals, num)
		if pattern == "" {
			s = num + "-" + s
		}
		names[i] = seen.add(SafeName(s))
	}
	return names, nil
}

// writeManifest writes a CSV line per row: its number, status, files with
// their SHA-256, and the reason it failed.
func writeManifest(rep *Report, data *Data, formats []string) error {
	var buf bytes.Buffer
	w := csv.NewWriter(&buf)
	head := []string{"row", "line", "status"}
	for _, f := range formats {
		head = append(head, f, f+"_sha256")
	}
	head = append(head, "error")
	w.Write(head)
	for i, r := range rep.Results {
		rec := []string{strconv.Itoa(r.Row), strconv.Itoa(data.Rows[i].Line), r.Status}
		for k := range formats {
			if k < len(r.Files) {
				rec = append(rec, r.Files[k].Name, r.Files[k].SHA256)
			} else {
				rec = append(rec, "", "")
			}
		}
		msg := ""
		if r.Err != nil {
			msg = r.Err.Error()
		}
		w.Write(append(rec, msg))
	}
	w.Flush()
	if err := w.Error(); err != nil {
		return err
	}
	return WriteFile(rep.Manifest, buf.Bytes())
}

// WriteFile writes data to a temporary file beside path and renames it, so
// that path holds either the whole of data or what it held before.
func WriteFile(path string, data []byte) error {
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		return err
	}
	tmp, err := os.CreateTemp(filepath.Dir(path), "."+filepath.Base(path)+".*.tmp")
	if err != nil {
		return err
	}
	_, werr := tmp.Write(data)
	cerr := tmp.Close()
	if err := errors.Join(werr, cerr); err != nil {
		os.Remove(tmp.Name())
		return err
	}
	if err := os.Chmod(tmp.Name(), 0o644); err != nil {
		os.Remove(tmp.Name())
		return err
	}
	if err := os.Rename(tmp.Name(), path); err != nil {
		os.Remove(tmp.Name())
		return err
	}
	return nil
}
