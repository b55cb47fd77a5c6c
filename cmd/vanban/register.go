package main

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"os"
	"strings"
	"time"

	"github.com/vanban/vanban/generator/batch"
	"github.com/vanban/vanban/generator/problem"
	"github.com/vanban/vanban/generator/register"
	"github.com/vanban/vanban/generator/sign"
	"github.com/vanban/vanban/generator/vn"
)

// registerCmd prints or exports the outgoing register, cancels a number,
// or backs the register up and restores it.
func registerCmd(e *env, args []string) int {
	ctx := e.ctx
	if len(args) > 0 {
		switch args[0] {
		case "cancel":
			return cancelCmd(e, args[1:])
		case "export":
			return exportCmd(e, args[1:])
		case "import":
			return importCmd(e, args[1:])
		case "attach":
			return attachCmd(e, args[1:])
		}
	}
	fs := e.newFlags("register", "register [-db CSDL] [-year NĂM] [-agency TÊN] [-format text|csv|pdf] [-o TỆP]\n"+
		"       vanban register cancel [-db CSDL] [-year NĂM] [-agency TÊN] -reason LÝ_DO SỐ/KÝ_HIỆU\n"+
		"       vanban register export [-db CSDL] [-o TỆP.csv]\n"+
		"       vanban register import [-db CSDL] TỆP.csv\n"+
		"       vanban register attach [-db CSDL] [-year NĂM] [-agency TÊN] SỐ/KÝ_HIỆU ĐÃ_KÝ.pdf\n\n"+
		"In sổ đăng ký văn bản đi; -format pdf là sổ để in và đóng quyển. cancel thu hồi một số cấp nhầm;\n"+
		"export và import sao lưu và khôi phục cả sổ dưới dạng CSV; attach lưu vào sổ bản PDF đã ký số\n"+
		"(vanban sign) của một văn bản đã ban hành.", "register [-db DB] [-year Y] [-agency NAME] [-format text|csv|pdf] [-o FILE]\n"+
		"       vanban register cancel [-db DB] [-year Y] [-agency NAME] -reason TEXT NUMBER/CODE\n"+
		"       vanban register export [-db DB] [-o FILE.csv]\n"+
		"       vanban register import [-db DB] FILE.csv\n"+
		"       vanban register attach [-db DB] [-year Y] [-agency NAME] NUMBER/CODE SIGNED.pdf\n\n"+
		"Print the outgoing register (sổ đăng ký văn bản đi); -format pdf is the register to print and\n"+
		"bind. cancel marks a number as cancelled (thu hồi); export and import back the register up as CSV;\n"+
		"attach keeps the digitally signed PDF (vanban sign) of an issued document.")
	db := dbFlag(fs)
	year := fs.Int("year", 0, e.t("chỉ `năm` này (mặc định: mọi năm)", "only this `year` (default: every year)"))
	agency := fs.String("agency", "", e.t("chỉ cơ quan ban hành này (`TÊN`, chữ hoa hay thường đều được)", "only this issuing agency (`NAME`, in any case)"))
	format := fs.String("format", "text", e.t("text, csv hoặc pdf", "text, csv or pdf"))
	out := fs.String("o", "", e.t("ghi vào `TỆP` thay vì ra màn hình", "write to `FILE` instead of standard output"))
	if code, ok := parseNoArgs(fs, args); !ok {
		return code
	}
	write := map[string]func(io.Writer, []register.Entry) error{
		"text": register.WriteText, "csv": register.WriteCSV, "pdf": register.WritePDF}[*format]
	if write == nil {
		fs.usageError(fmt.Sprintf(e.t("không có định dạng %q: text, csv hoặc pdf", "unknown format %q: use text, csv or pdf"), *format))
		return exitUsage
	}
	r, err := openRegister(ctx, *db)
	if err != nil {
		e.report(err)
		return exitInput
	}
	defer r.Close()
	name, err := findAgency(ctx, r, *agency)
	if err != nil {
		e.report(err)
		return exitInput
	}
	entries, err := r.List(ctx, register.Filter{Agency: name, Year: *year})
	if err != nil {
		e.report(err)
		return exitInput
	}
	var buf bytes.Buffer
	if err := write(&buf, entries); err != nil {
		e.report(err)
		return exitInput
	}
	return output(e, buf.Bytes(), *out)
}

// parseNoArgs parses flags for a command that takes none.
func parseNoArgs(fs *flags, args []string) (code int, ok bool) {
	if code, ok := fs.parse(args, 0); !ok {
		return code, false
	}
	if fs.NArg() > 0 {
		fs.usageError(fmt.Sprintf(fs.e.t("thừa tham số %q", "unexpected argument %q"), fs.Arg(0)))
		return exitUsage, false
	}
	return 0, true
}

// output writes data to the file path, through a temporary file, or to
// standard output when path is empty.
func output(e *env, data []byte, path string) int {
	var err error
	if path == "" {
		_, err = e.stdout.Write(data)
	} else {
		err = batch.WriteFile(path, data)
	}
	if err != nil {
		e.report(err)
		return exitInput
	}
	return exitOK
}

// findAgency returns the agency the register spells as typed, in any case
// and tone placement; "" stays "" (every agency).
func findAgency(ctx context.Context, r *register.Register, typed string) (string, error) {
	if strings.TrimSpace(typed) == "" {
		return "", nil
	}
	all, err := r.Agencies(ctx)
	if err != nil {
		return "", err
	}
	want := vn.Fold(strings.Join(strings.Fields(typed), " "))
	for _, a := range all {
		if vn.Fold(a) == want {
			return a, nil
		}
	}
	if len(all) == 0 {
		return "", &problem.Error{Key: "agency", Value: typed, Msg: fmt.Sprintf("%q: the register is empty", typed),
			MsgVI: fmt.Sprintf("%q: sổ văn bản đi chưa có văn bản nào", typed)}
	}
	return "", &problem.Error{Key: "agency", Value: typed,
		Msg:   fmt.Sprintf("%q is not in the register; it holds: %s", typed, strings.Join(all, "; ")),
		MsgVI: fmt.Sprintf("%q không có trong sổ; sổ có: %s", typed, strings.Join(all, "; "))}
}

// rowFlags are the flags that, with a NUMBER/CODE, name one row of the
// register: its database, year and agency.
type rowFlags struct {
	db, agency *string
	year       *int
}

// addRowFlags adds them to fs.
func addRowFlags(e *env, fs *flags) *rowFlags {
	return &rowFlags{
		db:   dbFlag(fs),
		year: fs.Int("year", 0, e.t("`năm` của số (mặc định: năm nay)", "the `year` of the number (default: this year in Vietnam)")),
		agency: fs.String("agency", "", e.t("cơ quan ban hành (`TÊN`), cần khi nhiều cơ quan cấp cùng số và ký hiệu",
			"the issuing agency (`NAME`), needed when several gave the same number and code")),
	}
}

// open opens the register and reads number ("01/QĐ-UBND") as a row's
// reference, the year this year in Vietnam at now unless -year says. The
// caller closes the register when code is exitOK.
func (f *rowFlags) open(e *env, number string, now time.Time) (*register.Register, register.Ref, int) {
	year := *f.year
	if year == 0 {
		year = register.Today(now).Year()
	}
	r, err := openRegister(e.ctx, *f.db)
	if err != nil {
		e.report(err)
		return nil, register.Ref{}, exitInput
	}
	name, err := findAgency(e.ctx, r, *f.agency)
	if err != nil {
		r.Close()
		e.report(err)
		return nil, register.Ref{}, exitInput
	}
	ref, err := register.ParseRef(number, name, year)
	if err != nil {
		r.Close()
		e.report(err)
		return nil, register.Ref{}, exitUsage
	}
	return r, ref, exitOK
}

func cancelCmd(e *env, args []string) int {
	ctx, stdout := e.ctx, e.stdout
	fs := e.newFlags("register cancel", "register cancel [-db CSDL] [-year NĂM] [-agency TÊN] -reason LÝ_DO SỐ/KÝ_HIỆU\n\n"+
		"Thu hồi một số cấp nhầm: số vẫn ở trong sổ, ghi lý do, và không bao giờ được cấp lại.\n"+
		"SỐ/KÝ_HIỆU ghi như trên văn bản: 01/QĐ-UBND.", "register cancel [-db DB] [-year Y] [-agency NAME] -reason TEXT NUMBER/CODE\n\n"+
		"Cancel (thu hồi) a number given in error: it stays in the register, marked with the reason,\n"+
		"and is never given again. NUMBER/CODE is as printed: 01/QĐ-UBND.")
	rf := addRowFlags(e, fs)
	reason := fs.String("reason", "", e.t("lý do thu hồi (bắt buộc)", "why the number is cancelled (required)"))
	if code, ok := fs.parse(args, 1); !ok {
		return code
	}
	if fs.NArg() != 1 {
		fs.usageError(e.t("ghi đúng một SỐ/KÝ_HIỆU, ví dụ 01/QĐ-UBND", "give one NUMBER/CODE, such as 01/QĐ-UBND"))
		return exitUsage
	}
	if strings.TrimSpace(*reason) == "" {
		fs.usageError(e.t("thiếu -reason: hãy ghi lý do thu hồi số", "-reason is required: say why the number is cancelled"))
		return exitUsage
	}
	now := time.Now()
	r, ref, code := rf.open(e, fs.Arg(0), now)
	if code != exitOK {
		return code
	}
	defer r.Close()
	c, err := r.Cancel(ctx, ref, *reason, now)
	if err != nil {
		e.report(err)
		return exitInput
	}
	fmt.Fprintf(stdout, e.t("Số: %s (%s, %d): đã thu hồi: %s\n", "Số: %s (%s, %d): cancelled: %s\n"), c.NumberCode(), c.Agency, c.Year, c.Reason)
	return exitOK
}

func exportCmd(e *env, args []string) int {
	ctx := e.ctx
	fs := e.newFlags("register export", "register export [-db CSDL] [-o TỆP.csv]\n\n"+
		"Ghi mọi dòng của sổ, cùng tệp nhập và các tệp đã ban hành, thành CSV: bản sao lưu mà\n"+
		"\"vanban register import\" khôi phục.", "register export [-db DB] [-o FILE.csv]\n\n"+
		"Write every row of the register, with the inputs and the issued files, as CSV: a backup\n"+
		"that \"vanban register import\" restores.")
	db := dbFlag(fs)
	out := fs.String("o", "", e.t("ghi vào `TỆP` thay vì ra màn hình", "write to `FILE` instead of standard output"))
	if code, ok := parseNoArgs(fs, args); !ok {
		return code
	}
	r, err := openRegister(ctx, *db)
	if err != nil {
		e.report(err)
		return exitInput
	}
	defer r.Close()
	var buf bytes.Buffer
	if err := r.Export(ctx, &buf); err != nil {
		e.report(err)
		return exitInput
	}
	return output(e, buf.Bytes(), *out)
}

func importCmd(e *env, args []string) int {
	ctx, stdout := e.ctx, e.stdout
	fs := e.newFlags("register import", "register import [-db CSDL] TỆP.csv\n\n"+
		"Thêm các dòng của bản sao lưu do \"vanban register export\" ghi: tất cả, hoặc không dòng nào nếu\n"+
		"có số đã có trong sổ. Mỗi dãy số sau đó tiếp tục từ số lớn nhất.", "register import [-db DB] FILE.csv\n\n"+
		"Add the rows of a backup written by \"vanban register export\": all of them, or none if any\n"+
		"number is already in the register. Each series then continues after its highest number.")
	db := dbFlag(fs)
	if code, ok := fs.parse(args, 1); !ok {
		return code
	}
	if fs.NArg() != 1 {
		fs.usageError(e.t("ghi đúng một tệp sao lưu", "give one backup file"))
		return exitUsage
	}
	// A backup with its files may be large: it is read as a stream, once
	// it is known to be a regular file (a FIFO would hang the open).
	f, err := openRegular(fs.Arg(0))
	if err != nil {
		e.report(err)
		return exitInput
	}
	defer f.Close()
	r, err := openRegister(ctx, *db)
	if err != nil {
		e.report(err)
		return exitInput
	}
	defer r.Close()
	n, err := r.Import(ctx, f)
	if err != nil {
		e.report(inFile(err, fs.Arg(0)))
		return exitInput
	}
	fmt.Fprintf(stdout, e.t("%s: đã nhập %d dòng\n", "%s: %d rows imported\n"), fs.Arg(0), n)
	return exitOK
}

// serveRegister opens the register the web form issues from: -db, else
// $VANBAN_DB, else none (the form then only drafts).
func serveRegister(e *env, db string) (*register.Register, int) {
	if db == "" {
		db = os.Getenv(dbEnv)
	}
	if db == "" {
		return nil, exitOK
	}
	r, err := register.Open(e.ctx, db)
	if err != nil {
		e.report(err)
		return nil, exitInput
	}
	return r, exitOK
}

// attachCmd keeps in the register the digitally signed PDF of a document
// issued unsigned and signed afterwards with vanban sign (or any tool that
// appends its signatures).
func attachCmd(e *env, args []string) int {
	ctx := e.ctx
	fs := e.newFlags("register attach", "register attach [-db CSDL] [-year NĂM] [-agency TÊN] SỐ/KÝ_HIỆU ĐÃ_KÝ.pdf\n\n"+
		"Lưu vào sổ bản PDF đã ký số của văn bản đã ban hành: tệp phải là đúng bản PDF đã ban hành được\n"+
		"ký thêm, có chữ ký của người có thẩm quyền và của cơ quan, còn nguyên vẹn, chữ ký sau cùng phủ\n"+
		"toàn bộ tệp. Trang Sổ văn bản đi sau đó cho tải bản đã ký số.",
		"register attach [-db DB] [-year Y] [-agency NAME] NUMBER/CODE SIGNED.pdf\n\n"+
			"Keep in the register the digitally signed PDF of an issued document: the file must be the PDF\n"+
			"issued with signatures appended, signed by the person with authority and by the agency, both\n"+
			"intact, the last covering the whole file. The page Sổ văn bản đi then offers it.")
	rf := addRowFlags(e, fs)
	if code, ok := fs.parse(args, 2); !ok {
		return code
	}
	if fs.NArg() != 2 {
		fs.usageError(e.t("cần SỐ/KÝ_HIỆU và tệp PDF đã ký số", "give NUMBER/CODE and the signed PDF"))
		return exitUsage
	}
	file := fs.Arg(1)
	signed, err := readLimited(file, maxSignPDF)
	if err != nil {
		e.report(err)
		return exitInput
	}
	if err := sign.Complete(signed); err != nil {
		e.report(inFile(err, file))
		return exitInput
	}
	r, ref, code := rf.open(e, fs.Arg(0), time.Now())
	if code != exitOK {
		return code
	}
	defer r.Close()
	row, err := r.Find(ctx, ref)
	if err == nil {
		err = r.AttachSigned(ctx, row, signed)
	}
	if err != nil {
		e.report(inFile(err, file))
		return exitInput
	}
	fmt.Fprintf(e.stdout, e.t("Số: %s (%s, %d): đã lưu bản PDF ký số %s\n", "Số: %s (%s, %d): signed PDF %s kept\n"),
		row.NumberCode(), row.Agency, row.Year, file)
	return exitOK
}
