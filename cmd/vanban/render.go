package main

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"

	"github.com/vanban/vanban/generator"
	"github.com/vanban/vanban/generator/batch"
)

// defaultDir is where render and batch write unless -o says otherwise.
const defaultDir = "out"

// read parses one input; "-" is standard input.
func read(name string, stdin io.Reader) (*generator.Document, error) {
	if name != "-" {
		return generator.ParseFile(name)
	}
	data, err := io.ReadAll(stdin)
	if err != nil {
		return nil, fmt.Errorf("read standard input: %w", err)
	}
	// Templates named by path are read from the working directory.
	return generator.ParseWith(data, generator.Options{Name: "<stdin>", Templates: os.DirFS(".")})
}

func check(e *env, args []string) int {
	fs := e.newFlags("check",
		"Kiểm tra tệp mà không ghi gì; mỗi lỗi được báo kèm tệp, dòng, cột và khóa.",
		"Check inputs without writing anything; report every problem with its file, line, column and key.")
	if code, ok := fs.parse(args, 1); !ok {
		return code
	}
	code := exitOK
	for _, name := range fs.Args() {
		if _, err := read(name, e.stdin); err != nil {
			e.report(err)
			code = exitInput
			continue
		}
		fmt.Fprintf(e.stdout, "%s: %s\n", name, e.t("tốt", "ok"))
	}
	return code
}

func render(e *env, args []string) int {
	fs := e.newFlags("render",
		`Ghi THƯ_MỤC/TÊN.pdf và THƯ_MỤC/TÊN.docx cho mỗi tệp (TÊN là tên tệp, bỏ .toml). "-" đọc từ đầu vào chuẩn và ghi một định dạng ra đầu ra chuẩn.`,
		`Write DIR/NAME.pdf and DIR/NAME.docx for each input. "-" reads standard input and writes one format to standard output.`)
	dir := fs.String("o", defaultDir, e.t("`THƯ_MỤC` ghi tệp (tạo nếu chưa có)", "output `DIR`ectory (created if missing)"))
	formatList := fs.String("format", "pdf,docx", e.t("các `định_dạng` cách nhau dấu phẩy: pdf, docx", "comma-separated output `formats`: pdf, docx"))
	if code, ok := fs.parse(args, 1); !ok {
		return code
	}
	formats, err := generator.ParseFormats(*formatList)
	if err != nil {
		fs.usageError(err.Error())
		return exitUsage
	}
	for _, name := range fs.Args() {
		if name == "-" && len(formats) != 1 {
			fs.usageError(e.t("đầu vào chuẩn ghi ra đầu ra chuẩn: hãy chọn một định dạng, -format pdf hoặc -format docx",
				"standard input writes to standard output: choose one format, -format pdf or -format docx"))
			return exitUsage
		}
	}
	// Temporary files of an earlier run that was killed.
	batch.CleanTemp(*dir, batch.TempAge)
	code := exitOK
	for _, name := range fs.Args() {
		if err := e.ctx.Err(); err != nil {
			e.errorf("%s", e.t("đã dừng", "interrupted"))
			return exitInput
		}
		d, err := read(name, e.stdin)
		if err != nil {
			e.report(err)
			code = exitInput
			continue
		}
		var wrote []string
		for _, f := range formats {
			path, err := emit(e, d, name, *dir, f)
			if err != nil {
				var pe *generator.InputError
				if errors.As(err, &pe) && pe.File == "" {
					pe.File = name // a layout problem: say which input
				}
				e.report(fmt.Errorf("%s: %w", name, err))
				code = exitInput
				break // the next format would fail the same way
			}
			if path != "" {
				wrote = append(wrote, path)
			}
		}
		if len(wrote) > 0 {
			e.errorf("%s %s", e.t("đã ghi", "wrote"), strings.Join(wrote, ", "))
		}
	}
	return code
}

// emit writes one format of d: to standard output for "-", else to
// DIR/NAME.EXT, whose path it returns.
func emit(e *env, d *generator.Document, name, dir, format string) (string, error) {
	var buf bytes.Buffer
	if err := generator.Write(e.ctx, &buf, d, format); err != nil {
		return "", err
	}
	if name == "-" {
		_, err := buf.WriteTo(e.stdout)
		return "", err
	}
	base := strings.TrimSuffix(filepath.Base(name), filepath.Ext(name))
	path := filepath.Join(dir, base+"."+format)
	return path, batch.WriteFile(path, buf.Bytes())
}
