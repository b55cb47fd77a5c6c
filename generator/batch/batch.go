// Package batch fills one template with every row of a table, a CSV file
// from a spreadsheet or a TOML file of [[rows]], and writes a PDF and a DOCX
// for each row, with a manifest of what it wrote.
//
// A bad row is reported with its row number, field and reason, and the
// other rows go on. Rows are rendered in parallel and put, in row order,
// into a Sink: a directory (Dir), where each file is written to a temporary
// name and renamed, so it appears whole or not at all, even when the run is
// cancelled; or a zip stream (Zip), such as an HTTP response. The same
// template and data always give byte-identical files, manifest and zip.
//
//	form, err := generator.OpenForm("phat-dong-thi-dua")
//	...
//	data, err := batch.ReadFile("don-vi.csv", csvBytes, form.Template, legacy.UTF8)
//	...
//	report, err := batch.Run(ctx, form, data, batch.Options{Dir: "out"})
//
// or, to a zip:
//
//	z := batch.NewZip(w)
//	report, err := batch.Run(ctx, form, data, batch.Options{Sink: z})
//	if err == nil {
//		err = z.Close()
//	}
package batch

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/csv"
	"encoding/hex"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"runtime"
	"slices"
	"strconv"
	"sync"
	"time"

	"github.com/vanban/vanban/generator"
	"github.com/vanban/vanban/generator/template"
)

// ManifestName is the manifest's file name in the output directory or
// archive.
const ManifestName = "manifest.csv"

// Options says where and how a batch writes.
type Options struct {
	// Sink receives the files and the manifest; nil means the directory
	// Dir, created if missing.
	Sink    Sink
	Dir     string   // output directory when Sink is nil
	Formats []string // "pdf", "docx" or both (the default)
	Jobs    int      // rows rendered at once; 0 means one per CPU
	// Name is the file name pattern, with the template's placeholders and
	// {{row}}; empty means the row number and the template's file_name.
	Name string
	// Progress, if set, is called after each row is put (or has failed or
	// been cancelled), in row order, with the rows done and the total, from
	// one goroutine at a time.
	Progress func(done, total int)
	// RowTimeout, if set, bounds the rendering of one row: a row that takes
	// longer fails with a message, and the others go on.
	RowTimeout time.Duration
	// Vietnamese puts the Vietnamese message of a row's error, where it has
	// one (generator.Errors, *generator.InputError), in the manifest, in
	// place of the English. The status column is the same.
	Vietnamese bool
}

// Result is what became of one row.
type Result struct {
	Row    int
	Files  []File // in the order of Options.Formats: those written
	Err    error  // generator.Errors placed at the row's cells, or a write error
	Status string // "ok", "error" or "cancelled"
}

// File is one written file.
type File struct {
	Name   string // name in the output directory or archive
	SHA256 string // hex
}

// Report is the outcome of a batch: one Result per row, in row order.
type Report struct {
	Results []Result
	Failed  int // rows with Status "error"
	// Manifest is the manifest's path when the sink is a Dir, and its name
	// in the sink, ManifestName, otherwise.
	Manifest string
}

// Run fills form with every row of data and puts the documents, then the
// manifest, into opt.Sink (or the directory opt.Dir). Rows are rendered by
// opt.Jobs goroutines at once and put in row order, from one goroutine, so
// the sink receives the same files in the same order whatever order rows
// finish in; rendering runs at most a few rows ahead of the next row to put.
//
// Failed rows are in the report, and the other rows go on. Run returns an
// error only when the batch could not run to its end:
//   - the context was cancelled: the report holds the rows done, and the
//     manifest lists the rest as cancelled;
//   - the sink failed: a sink that cannot take a file (a full disk, a
//     broken stream) can seldom take the next, so the row is "error" with
//     the sink's error (and the files put before it), the rest are
//     "cancelled", and the manifest is still put;
//   - the manifest could not be put.
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
	if opt.Sink == nil {
		opt.Sink = Dir(opt.Dir)
	}
	rep := &Report{Results: make([]Result, len(data.Rows)), Manifest: ManifestName}
	if d, ok := opt.Sink.(Dir); ok {
		if err := os.MkdirAll(string(d), 0o755); err != nil {
			return nil, err
		}
		CleanTemp(string(d), TempAge)
		rep.Manifest = filepath.Join(string(d), ManifestName)
	}
	names, err := fileNames(form, data, opt.Name)
	if err != nil {
		return nil, err
	}
	for i := range rep.Results {
		rep.Results[i] = Result{Row: data.Rows[i].Number, Status: "cancelled"}
	}
	sinkErr := run(ctx, form, data, names, opt, rep)
	for _, r := range rep.Results {
		if r.Status == "error" {
			rep.Failed++
		}
	}
	if err := writeManifest(rep, data, opt); err != nil {
		return rep, errors.Join(sinkErr, fmt.Errorf("write manifest: %w", err))
	}
	if sinkErr != nil {
		return rep, sinkErr
	}
	return rep, ctx.Err()
}

// rendered is a row made but not yet put: its result so far and its files'
// bytes and SHA-256, in the order of Options.Formats.
type rendered struct {
	i    int
	res  Result
	data [][]byte
	sums []string
}

// run renders the rows with opt.Jobs workers and puts them into opt.Sink
// in row order, filling rep.Results. It returns the sink's error if the
// sink failed first, and nil otherwise, cancelled or not.
func run(parent context.Context, form *generator.Form, data *Data, names []string, opt Options, rep *Report) error {
	// A sink's error stops the batch as cancelling it does.
	ctx, stop := context.WithCancelCause(parent)
	defer stop(nil)
	// The feeder takes a slot for each row and the writer gives it back
	// once the row is put, so rows are fed at most window ahead of the
	// next row to put and the ring holds every row in between.
	window := 4 * max(1, min(opt.Jobs, len(data.Rows)))
	slots := make(chan struct{}, window)
	jobs := make(chan int)
	out := make(chan rendered, window)
	go func() {
		defer close(jobs)
		for i := range data.Rows {
			select {
			case slots <- struct{}{}:
			case <-ctx.Done():
				return
			}
			select {
			case jobs <- i:
			case <-ctx.Done():
				return
			}
		}
	}()
	// The rows share most of their text: the workers share the lines
	// set for it.
	cache := generator.NewCache()
	var wg sync.WaitGroup
	for range min(opt.Jobs, len(data.Rows)) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range jobs {
				out <- render(ctx, cache, form, data, i, opt.Formats, opt.RowTimeout)
			}
		}()
	}
	go func() { wg.Wait(); close(out) }()

	var sinkErr error
	ring := make([]*rendered, window)
	next := 0
	for r := range out {
		ring[r.i%window] = &r
		for ; next < len(data.Rows) && ring[next%window] != nil; next++ {
			p := ring[next%window]
			ring[next%window] = nil
			var err error
			rep.Results[next], err = put(ctx, opt.Sink, p, names[next], opt.Formats)
			if err != nil && sinkErr == nil {
				sinkErr = fmt.Errorf("row %d: %w", p.res.Row, err)
				stop(sinkErr)
			}
			<-slots
			if opt.Progress != nil {
				opt.Progress(next+1, len(data.Rows))
			}
		}
	}
	if context.Cause(ctx) != sinkErr {
		return nil // the caller's cancellation came first
	}
	return sinkErr
}

// render fills and renders row i in every format.
func render(parent context.Context, cache *generator.Cache, form *generator.Form, data *Data, i int, formats []string, timeout time.Duration) (p rendered) {
	// A bug while making one row fails that row, not the whole program
	// from a goroutine no caller can recover in.
	defer func() {
		if v := recover(); v != nil {
			p.i, p.data, p.sums = i, nil, nil
			p.res.Row, p.res.Files = data.Rows[i].Number, nil
			p.res.Err, p.res.Status = fmt.Errorf("internal error, a bug in vanban: %v", v), "error"
		}
	}()
	ctx := parent
	if timeout > 0 {
		var cancel context.CancelFunc
		ctx, cancel = context.WithTimeout(parent, timeout)
		defer cancel()
	}
	r := &data.Rows[i]
	p = rendered{i: i, res: Result{Row: r.Number}}
	if parent.Err() != nil {
		p.res.Status = "cancelled"
		return p
	}
	doc, err := form.Fill(r.Values)
	if err != nil {
		var es generator.Errors
		if errors.As(err, &es) {
			for _, e := range es {
				r.place(data.File, e)
			}
		}
		p.res.Err, p.res.Status = err, "error"
		return p
	}
	// Render every format before putting any, so a row's files are all
	// from the same document.
	files, err := cache.Render(ctx, doc, formats)
	if err != nil {
		p.res.Err, p.res.Status = err, "error"
		switch {
		case parent.Err() != nil:
			p.res.Status = "cancelled"
		case errors.Is(err, context.DeadlineExceeded):
			p.res.Err = &generator.InputError{File: data.File, Line: r.Line,
				Msg:   fmt.Sprintf("the document took longer than %v to make: it is too long", timeout),
				MsgVI: fmt.Sprintf("văn bản quá dài: không tạo xong trong %v", timeout)}
		}
		return p
	}
	for _, b := range files {
		sum := sha256.Sum256(b)
		p.data = append(p.data, b)
		p.sums = append(p.sums, hex.EncodeToString(sum[:]))
	}
	p.res.Status = "ok"
	return p
}

// put puts a rendered row's files into sink, unless the batch was
// cancelled or stopped, and returns its result and the sink's error.
func put(ctx context.Context, sink Sink, p *rendered, name string, formats []string) (Result, error) {
	res := p.res
	if res.Status != "ok" {
		return res, nil
	}
	if ctx.Err() != nil {
		res.Status = "cancelled"
		return res, nil
	}
	for k, f := range formats {
		file := name + "." + f
		if err := sink.Put(file, p.data[k]); err != nil {
			res.Err, res.Status = err, "error"
			return res, err
		}
		res.Files = append(res.Files, File{Name: file, SHA256: p.sums[k]})
	}
	return res, nil
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
	// The form's values, parsed once: they may be long (a campaign's
	// contents), and rows are many.
	shared := map[string]template.Value{}
	for _, f := range form.Template.Fields {
		if v, err := f.Parse(form.Values[f.Name]); err == nil {
			shared[f.Name] = v
		}
	}
	for i, r := range data.Rows {
		// As Fill does: a blank cell leaves the form's value.
		vals := map[string]template.Value{}
		for _, f := range form.Template.Fields {
			v, err := f.Parse(r.Values[f.Name])
			if err == nil && v.IsZero() {
				v, ok := shared[f.Name]
				if ok {
					vals[f.Name] = v
				}
				continue
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

// writeManifest puts a CSV line per row into the sink: its number, status,
// files with their SHA-256, and the reason it failed.
func writeManifest(rep *Report, data *Data, opt Options) error {
	var buf bytes.Buffer
	w := csv.NewWriter(&buf)
	w.Write(manifestHead(opt))
	for i, r := range rep.Results {
		rec := []string{strconv.Itoa(r.Row), strconv.Itoa(data.Rows[i].Line), r.Status}
		for k := range opt.Formats {
			if k < len(r.Files) {
				rec = append(rec, r.Files[k].Name, r.Files[k].SHA256)
			} else {
				rec = append(rec, "", "")
			}
		}
		msg := ""
		if r.Err != nil {
			msg = r.Err.Error()
			if opt.Vietnamese {
				msg = generator.Vietnamese(r.Err)
			}
		}
		w.Write(append(rec, msg))
	}
	w.Flush()
	if err := w.Error(); err != nil {
		return err
	}
	return opt.Sink.Put(ManifestName, buf.Bytes())
}

// manifestHead is the manifest's first line: in Vietnamese for office
// staff (Options.Vietnamese), else in English.
func manifestHead(opt Options) []string {
	row, line, status, hash, msg := "row", "line", "status", "%s_sha256", "error"
	if opt.Vietnamese {
		row, line, status, hash, msg = "stt", "dòng", "kết quả", "mã kiểm tra %s (sha256)", "lỗi"
	}
	head := []string{row, line, status}
	for _, f := range opt.Formats {
		head = append(head, f, fmt.Sprintf(hash, f))
	}
	return append(head, msg)
}

// WriteFile writes data to a temporary file beside path and renames it, so
// that path holds either the whole of data or what it held before. The
// temporary file is hidden, ".NAME.123456.tmp"; a process killed before
// it renames one leaves it behind, for CleanTemp to remove.
func WriteFile(path string, data []byte) error {
	dir, pattern := filepath.Dir(path), "."+filepath.Base(path)+".*"+tempSuffix
	tmp, err := os.CreateTemp(dir, pattern)
	if errors.Is(err, fs.ErrNotExist) {
		// The folder is made only when missing: a batch writes
		// thousands of files into one.
		if err := os.MkdirAll(dir, 0o755); err != nil {
			return err
		}
		tmp, err = os.CreateTemp(dir, pattern)
	}
	if err != nil {
		return err
	}
	_, werr := tmp.Write(data)
	merr := tmp.Chmod(0o644)
	cerr := tmp.Close()
	if err := errors.Join(werr, merr, cerr); err != nil {
		os.Remove(tmp.Name())
		return err
	}
	if err := os.Rename(tmp.Name(), path); err != nil {
		os.Remove(tmp.Name())
		return err
	}
	return nil
}

const tempSuffix = ".tmp"

// tempName matches the temporary files WriteFile makes for vanban's
// outputs: ".NAME.pdf.123456.tmp", and .docx, .csv (a manifest).
var tempName = regexp.MustCompile(`^\..+\.(pdf|docx|csv)\.[0-9]+\.tmp$`)

// TempAge is how old a temporary file must be for CleanTemp to take it for
// one left by a killed run: no write takes anywhere near that long.
const TempAge = 10 * time.Minute

// CleanTemp removes from dir, not below it, the temporary files that
// WriteFile made for a PDF, a DOCX or a manifest and that are older than
// age: those of a run killed before it renamed them. It touches no other
// file, and returns how many it removed.
func CleanTemp(dir string, age time.Duration) (int, error) {
	entries, err := os.ReadDir(dir)
	if err != nil {
		return 0, err
	}
	n := 0
	for _, e := range entries {
		if !e.Type().IsRegular() || !tempName.MatchString(e.Name()) {
			continue
		}
		fi, err := e.Info()
		if err != nil || time.Since(fi.ModTime()) < age {
			continue
		}
		if os.Remove(filepath.Join(dir, e.Name())) == nil {
			n++
		}
	}
	return n, nil
}
