package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/schollz/progressbar/v3"
	"golang.org/x/term"

	"github.com/vanban/vanban/generator"
	"github.com/vanban/vanban/generator/batch"
	"github.com/vanban/vanban/generator/legacy"
)

// listTemplates prints the built-in templates: name, title, description.
func listTemplates(args []string, stdout, stderr io.Writer) int {
	fs := newFlags("templates", "templates\n\nList the built-in templates. \"vanban new NAME\" prints a starting input for one.", stderr)
	if err := fs.Parse(args); err != nil {
		return exitUsage
	}
	ts, err := generator.Templates()
	if err != nil {
		report(stderr, err)
		return exitInput
	}
	w := tabwriter.NewWriter(stdout, 0, 8, 2, ' ', 0)
	for _, t := range ts {
		fmt.Fprintf(w, "%s\t%s\n", t.Name, t.Title)
		if t.Description != "" {
			fmt.Fprintf(w, "\t  %s\n", t.Description)
		}
	}
	w.Flush()
	return exitOK
}

// newInput prints a starting input for a template.
func newInput(args []string, stdout, stderr io.Writer) int {
	fs := newFlags("new", "new TEMPLATE > FILE.toml\n\nPrint a filled-in starting input for a built-in template (see \"vanban templates\") or a template file.", stderr)
	if code, ok := parseFlags(fs, args); !ok {
		return code
	}
	if fs.NArg() != 1 {
		fs.Usage()
		return exitUsage
	}
	t, err := generator.LoadTemplate(fs.Arg(0))
	if err != nil {
		report(stderr, err)
		return exitInput
	}
	stdout.Write(t.Starter(fs.Arg(0)))
	return exitOK
}

// maxReported is how many problems batch prints before it refers to the
// manifest.
const maxReported = 30

func batchCmd(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	fs := newFlags("batch", "batch [-o DIR] [-format pdf,docx] [-j N] [-name PATTERN] [-encoding utf-8|tcvn3|vni] TEMPLATE DATA\n\n"+
		"Fill TEMPLATE with each row of DATA and write a PDF and a DOCX per row, with DIR/manifest.csv.\n"+
		"TEMPLATE is a built-in template's name, a template file, or an input file that names a template\n"+
		"and gives the values common to every row. DATA is CSV (first line: field names or labels) or\n"+
		"TOML ([[rows]] tables). Exit status 1 if any row failed.", stderr)
	dir := fs.String("o", "out", "output `DIR`ectory (created if missing)")
	formatList := fs.String("format", "pdf,docx", "comma-separated output `formats`: pdf, docx")
	jobs := fs.Int("j", 0, "rows rendered at once (default: one per CPU)")
	name := fs.String("name", "", "file name `PATTERN`, such as \"{{row}}-{{don_vi}}\" (default: row number and the template's file_name)")
	encName := fs.String("encoding", "utf-8", "text encoding of a CSV file: utf-8, tcvn3 (ABC) or vni")
	if code, ok := parseFlags(fs, args); !ok {
		return code
	}
	if fs.NArg() != 2 {
		fmt.Fprintln(stderr, "vanban: batch needs TEMPLATE and DATA")
		fs.Usage()
		return exitUsage
	}
	formats, err := generator.ParseFormats(*formatList)
	if err != nil {
		fmt.Fprintf(stderr, "vanban: %v\n", err)
		return exitUsage
	}
	enc, err := legacy.ParseEncoding(*encName)
	if err != nil {
		fmt.Fprintf(stderr, "vanban: -encoding: %v\n", err)
		return exitUsage
	}
	form, err := generator.OpenForm(fs.Arg(0))
	if err != nil {
		report(stderr, err)
		return exitInput
	}
	data, err := batch.Load(fs.Arg(1), form.Template, enc)
	if err != nil {
		report(stderr, err)
		return exitInput
	}
	for i, w := range data.Warnings {
		if i == maxReported {
			fmt.Fprintf(stderr, "vanban: warning: %d more warnings\n", len(data.Warnings)-i)
			break
		}
		fmt.Fprintf(stderr, "vanban: warning: %s\n", w)
	}
	opt := batch.Options{Dir: *dir, Formats: formats, Jobs: *jobs, Name: *name}
	if bar := progress(stderr, len(data.Rows)); bar != nil {
		opt.Progress = func(done, total int) { bar.Set(done) }
		defer bar.Finish()
	}
	start := time.Now()
	rep, err := batch.Run(ctx, form, data, opt)
	if rep == nil {
		fmt.Fprintf(stderr, "vanban: %v\n", err)
		return exitInput
	}
	if opt.Progress != nil {
		fmt.Fprintln(stderr)
	}
	shown, ok := 0, 0
	for _, r := range rep.Results {
		if r.Status == "ok" {
			ok++
		}
		if r.Status != "error" {
			continue
		}
		if shown++; shown > maxReported {
			continue
		}
		for _, line := range strings.Split(r.Err.Error(), "\n") {
			fmt.Fprintf(stderr, "vanban: row %d: %s\n", r.Row, line)
		}
	}
	if shown > maxReported {
		fmt.Fprintf(stderr, "vanban: %d more rows failed: see %s\n", shown-maxReported, rep.Manifest)
	}
	if errors.Is(err, context.Canceled) {
		fmt.Fprintf(stderr, "vanban: interrupted: %d of %d rows written; manifest: %s\n", ok, len(rep.Results), rep.Manifest)
		return exitInput
	}
	if err != nil {
		fmt.Fprintf(stderr, "vanban: %v\n", err)
		return exitInput
	}
	if opt.Progress != nil || rep.Failed > 0 {
		fmt.Fprintf(stderr, "vanban: %d rows: %d written, %d failed, in %.1fs; manifest: %s\n",
			len(rep.Results), ok, rep.Failed, time.Since(start).Seconds(), rep.Manifest)
	}
	if rep.Failed > 0 {
		return exitInput
	}
	return exitOK
}

// progress returns a progress bar on stderr when it is a terminal, and nil
// in scripts, which want silence.
func progress(stderr io.Writer, total int) *progressbar.ProgressBar {
	f, ok := stderr.(*os.File)
	if !ok || !term.IsTerminal(int(f.Fd())) {
		return nil
	}
	return progressbar.NewOptions(total,
		progressbar.OptionSetWriter(stderr),
		progressbar.OptionSetDescription("vanban"),
		progressbar.OptionShowCount(),
		progressbar.OptionSetItsString("văn bản"),
		progressbar.OptionShowIts(),
		progressbar.OptionSetPredictTime(true),
		progressbar.OptionThrottle(100*time.Millisecond),
		progressbar.OptionFullWidth(),
	)
}
