package main

import (
	"context"
	"errors"
	"fmt"
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
func listTemplates(e *env, args []string) int {
	fs := e.newFlags("templates",
		`Liệt kê các mẫu có sẵn. "vanban new TÊN" in tệp khởi đầu cho một mẫu.`,
		`List the built-in templates. "vanban new NAME" prints a starting input for one.`)
	if code, ok := fs.parse(args, 0); !ok {
		return code
	}
	ts, err := generator.Templates()
	if err != nil {
		e.report(err)
		return exitInput
	}
	w := tabwriter.NewWriter(e.stdout, 0, 8, 2, ' ', 0)
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
func newInput(e *env, args []string) int {
	fs := e.newFlags("new",
		`In tệp khởi đầu đã điền sẵn ví dụ cho một mẫu có sẵn (xem "vanban templates") hoặc một tệp mẫu.`,
		`Print a filled-in starting input for a built-in template (see "vanban templates") or a template file.`)
	if code, ok := fs.parse(args, 1); !ok {
		return code
	}
	if fs.NArg() != 1 {
		fs.usageError(e.t("cần đúng một mẫu", "give one template"))
		return exitUsage
	}
	t, err := generator.LoadTemplate(fs.Arg(0))
	if err != nil {
		e.report(err)
		return exitInput
	}
	e.stdout.Write(t.Starter(fs.Arg(0)))
	return exitOK
}

// maxReported is how many problems batch prints before it refers to the
// manifest.
const maxReported = 30

func batchCmd(e *env, args []string) int {
	fs := e.newFlags("batch",
		"Điền MẪU bằng từng dòng của DỮ_LIỆU, ghi một PDF và một DOCX cho mỗi dòng, cùng THƯ_MỤC/manifest.csv ghi kết quả.\n"+
			"MẪU là tên một mẫu có sẵn, một tệp mẫu, hoặc một tệp văn bản ghi tên mẫu và các giá trị chung cho mọi dòng.\n"+
			"DỮ_LIỆU là CSV (dòng đầu: tên trường hoặc nhãn) hoặc TOML (các bảng [[rows]]). Mã thoát 1 nếu có dòng lỗi.",
		"Fill TEMPLATE with each row of DATA and write a PDF and a DOCX per row, with DIR/manifest.csv.\n"+
			"TEMPLATE is a built-in template's name, a template file, or an input file that names a template\n"+
			"and gives the values common to every row. DATA is CSV (first line: field names or labels) or\n"+
			"TOML ([[rows]] tables). Exit status 1 if any row failed.")
	dir := fs.String("o", defaultDir, e.t("`THƯ_MỤC` ghi tệp (tạo nếu chưa có)", "output `DIR`ectory (created if missing)"))
	formatList := fs.String("format", "pdf,docx", e.t("các `định_dạng` cách nhau dấu phẩy: pdf, docx", "comma-separated output `formats`: pdf, docx"))
	jobs := fs.Int("j", 0, e.t("`N` dòng tạo cùng lúc (mặc định: bằng số CPU)", "`N` rows rendered at once (default: one per CPU)"))
	name := fs.String("name", "", e.t("`mẫu_tên` tệp, ví dụ \"{{row}}-{{don_vi}}\" (mặc định: số dòng và file_name của mẫu)",
		"file name `PATTERN`, such as \"{{row}}-{{don_vi}}\" (default: row number and the template's file_name)"))
	rowTimeout := fs.Duration("row-timeout", 30*time.Second, e.t("thời gian tối đa cho một dòng (`THỜI_GIAN`, ví dụ 30s); 0: không giới hạn",
		"the longest one row may take (`DURATION`, such as 30s); 0: no limit"))
	encName := fs.String("encoding", "utf-8", e.t("`bảng_mã` của tệp CSV: utf-8, tcvn3 (ABC) hoặc vni", "text `encoding` of a CSV file: utf-8, tcvn3 (ABC) or vni"))
	if code, ok := fs.parse(args, 0); !ok {
		return code
	}
	if fs.NArg() != 2 {
		fs.usageError(e.t("cần MẪU và DỮ_LIỆU", "needs TEMPLATE and DATA"))
		return exitUsage
	}
	formats, err := generator.ParseFormats(*formatList)
	if err != nil {
		fs.usageError(err.Error())
		return exitUsage
	}
	enc, err := legacy.ParseEncoding(*encName)
	if err != nil {
		fs.usageError("-encoding: " + err.Error())
		return exitUsage
	}
	form, err := generator.OpenForm(fs.Arg(0))
	if err != nil {
		e.report(err)
		return exitInput
	}
	data, err := batch.Load(fs.Arg(1), form.Template, enc)
	if err != nil {
		e.report(err)
		return exitInput
	}
	for i, w := range data.Warnings {
		if i == maxReported {
			e.errorf(e.t("cảnh báo: còn %d cảnh báo nữa", "warning: %d more warnings"), len(data.Warnings)-i)
			break
		}
		e.errorf("%s %s", e.t("cảnh báo:", "warning:"), e.t(w.Vietnamese(), w.String()))
	}
	opt := batch.Options{Dir: *dir, Formats: formats, Jobs: *jobs, Name: *name, RowTimeout: *rowTimeout, Vietnamese: !e.en}
	if bar := progress(e, len(data.Rows)); bar != nil {
		opt.Progress = func(done, total int) { bar.Set(done) }
		defer bar.Finish()
	}
	start := time.Now()
	rep, err := batch.Run(e.ctx, form, data, opt)
	if rep == nil {
		e.errorf("%v", err)
		return exitInput
	}
	if opt.Progress != nil {
		fmt.Fprintln(e.stderr)
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
		msg := r.Err.Error()
		if !e.en {
			msg = generator.Vietnamese(r.Err)
		}
		for line := range strings.SplitSeq(msg, "\n") {
			e.errorf("%s %d: %s", e.t("dòng", "row"), r.Row, line)
		}
	}
	if shown > maxReported {
		e.errorf(e.t("còn %d dòng lỗi nữa: xem %s", "%d more rows failed: see %s"), shown-maxReported, rep.Manifest)
	}
	if errors.Is(err, context.Canceled) {
		e.errorf(e.t("đã dừng: đã ghi %d trên %d dòng; kết quả: %s", "interrupted: %d of %d rows written; manifest: %s"), ok, len(rep.Results), rep.Manifest)
		return exitInput
	}
	if err != nil {
		e.errorf("%v", err)
		return exitInput
	}
	e.errorf(e.t("%d dòng: %d văn bản đã ghi, %d dòng lỗi, trong %.1f giây; kết quả từng dòng: %s",
		"%d rows: %d written, %d failed, in %.1fs; manifest: %s"),
		len(rep.Results), ok, rep.Failed, time.Since(start).Seconds(), rep.Manifest)
	if rep.Failed > 0 {
		return exitInput
	}
	return exitOK
}

// progress returns a progress bar on standard error when it is a
// terminal, and nil in scripts, which get the one-line summary only.
func progress(e *env, total int) *progressbar.ProgressBar {
	f, ok := e.stderr.(*os.File)
	if !ok || !term.IsTerminal(int(f.Fd())) {
		return nil
	}
	return progressbar.NewOptions(total,
		progressbar.OptionSetWriter(e.stderr),
		progressbar.OptionSetDescription("vanban"),
		progressbar.OptionShowCount(),
		progressbar.OptionSetItsString(e.t("văn bản", "documents")),
		progressbar.OptionShowIts(),
		progressbar.OptionSetPredictTime(true),
		progressbar.OptionThrottle(100*time.Millisecond),
		progressbar.OptionFullWidth(),
	)
}
