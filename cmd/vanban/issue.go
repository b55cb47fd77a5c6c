package main

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"time"

	"github.com/vanban/vanban/generator"
	"github.com/vanban/vanban/generator/register"
)

// dbEnv names the environment variable that may hold the register's
// database, so that every command finds the same one.
const dbEnv = "VANBAN_DB"

// dbFlag adds -db to fs.
func dbFlag(fs interface {
	String(name, value, usage string) *string
}) *string {
	return fs.String("db", "", "the outgoing register: a SQLite `FILE` or a postgres:// URL (default $"+dbEnv+", else vanban.db)")
}

// openRegister opens the register named by -db, $VANBAN_DB or vanban.db.
func openRegister(ctx context.Context, db string) (*register.Register, error) {
	if db == "" {
		db = os.Getenv(dbEnv)
	}
	if db == "" {
		db = "vanban.db"
	}
	return register.Open(ctx, db)
}

// issueCmd gives each input the next number of its series from the
// outgoing register and writes the documents carrying it.
func issueCmd(e *env, args []string) int {
	ctx, stdout := e.ctx, e.stdout
	fs := e.newFlags("issue", "issue [-db CSDL] [-o THƯ_MỤC] [-date NĂM-THÁNG-NGÀY] TỆP.toml...\n\n"+
		"Cấp cho mỗi văn bản số tiếp theo trong sổ đăng ký văn bản đi rồi ghi THƯ_MỤC/TÊN.pdf và\n"+
		"THƯ_MỤC/TÊN.docx mang số đó. Văn bản không được tự ghi số; khóa series ở đầu tệp chọn dãy số\n"+
		"(mặc định: văn bản hành chính).", "issue [-db DB] [-o DIR] [-date YYYY-MM-DD] FILE.toml...\n\n"+
		"Give each input its number from the outgoing register (sổ đăng ký văn bản đi) and write\n"+
		"DIR/NAME.pdf and DIR/NAME.docx carrying it. An input must not have a number of its own;\n"+
		"the top-level key series names its numbering series (default: administrative documents).")
	db := dbFlag(fs)
	dir := fs.String("o", ".", e.t("`THƯ_MỤC` ghi tệp (tạo nếu chưa có); tệp đã ban hành không bao giờ bị ghi đè",
		"output `DIR`ectory (created if missing); issued files are never overwritten"))
	dateFlag := fs.String("date", "", e.t("`ngày` của văn bản, NĂM-THÁNG-NGÀY (mặc định: ngày trong tệp, không có thì hôm nay)",
		"the documents' `date`, YYYY-MM-DD (default: the input's date, else today in Vietnam)"))
	if code, ok := fs.parse(args, 1); !ok {
		return code
	}
	var opts register.IssueOptions
	if *dateFlag != "" {
		d, err := time.Parse(time.DateOnly, *dateFlag)
		if err != nil {
			fs.usageError(fmt.Sprintf(e.t("-date %q: hãy ghi ngày dạng 2026-02-05", "-date %q: write the date as 2026-02-05"), *dateFlag))
			return exitUsage
		}
		opts.Date = d
	}
	for _, name := range fs.Args() {
		if name == "-" {
			fs.usageError(e.t("hãy ban hành tệp, không phải đầu vào chuẩn: sổ ghi tên từng tệp",
				"issue files, not standard input: the register keeps each file's name"))
			return exitUsage
		}
	}
	r, err := openRegister(ctx, *db)
	if err != nil {
		e.report(err)
		return exitInput
	}
	defer r.Close()
	opts.Save = register.SaveFiles(*dir)
	code := exitOK
	for _, name := range fs.Args() {
		if ctx.Err() != nil {
			e.errorf("%s", e.t("đã dừng", "interrupted"))
			return exitInput
		}
		data, err := readLimited(name, generator.MaxTOMLSize)
		if err != nil {
			e.report(err)
			code = exitInput
			continue
		}
		d, err := r.Issue(ctx, register.Input{Name: name, TOML: data}, opts)
		if err != nil {
			e.report(err)
			code = exitInput
			continue
		}
		out := filepath.Join(*dir, d.Name)
		fmt.Fprintf(stdout, "%s: Số: %s, ngày %s (%s): %s.pdf, %s.docx\n", name, d.NumberCode(),
			d.Date.Format("02/01/2006"), d.Series, out, out)
	}
	return code
}
