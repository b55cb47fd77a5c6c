package register

import (
	"bytes"
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"time"

	"github.com/BurntSushi/toml"

	"github.com/vanban/vanban/generator"
	"github.com/vanban/vanban/generator/problem"
	"github.com/vanban/vanban/generator/vn"
)

// Today returns the calendar date in Vietnam at t, as midnight UTC: the
// date a document issued at t carries.
func Today(t time.Time) time.Time {
	y, m, d := t.In(vn.Zone).Date()
	return time.Date(y, m, d, 0, 0, 0, 0, time.UTC)
}

// Entry is one row of the register: the ten columns of Appendix IV, the
// input the document was rendered from, and the hashes of its files.
type Entry struct {
	Agency string    // cơ quan ban hành, on one line
	Year   int       // the year of the series
	Series string    // the series' name
	Number int       // số
	Code   string    // ký hiệu
	Date   time.Time // ngày tháng, midnight UTC

	Title      string // tên loại và trích yếu
	Signer     string // người ký
	Recipients string // nơi nhận, "; " between recipients
	Archive    string // đơn vị, người nhận bản lưu
	Copies     int    // số lượng bản
	Sent       string // ngày chuyển
	Received   string // ký nhận
	Note       string // ghi chú

	Name       string    // the input's name, without folder and extension
	Input      []byte    // the input TOML, as given
	PDFSHA256  string    // hex SHA-256 of the issued PDF
	DOCXSHA256 string    // hex SHA-256 of the issued DOCX
	IssuedAt   time.Time // when the number was given
	Cancelled  time.Time // when the number was cancelled; zero if it stands
	Reason     string    // why it was cancelled

	// SignedSHA256 is the hex SHA-256 of the digitally signed PDF the
	// register keeps for the row (SignedPDF), empty if it was issued
	// unsigned.
	SignedSHA256 string
}

// IsSigned reports whether the register keeps a digitally signed PDF of
// the document.
func (e *Entry) IsSigned() bool { return e.SignedSHA256 != "" }

// NumberCode is "01/QĐ-UBND": the number and code as the document shows them.
func (e *Entry) NumberCode() string { return vn.Number(e.Number) + "/" + e.Code }

// IsCancelled reports whether the number was cancelled (thu hồi).
func (e *Entry) IsCancelled() bool { return !e.Cancelled.IsZero() }

// Remark is the ghi chú column as printed: the note, and the cancellation.
func (e *Entry) Remark() string {
	parts := []string{}
	if e.Note != "" {
		parts = append(parts, e.Note)
	}
	if e.IsCancelled() {
		parts = append(parts, "Đã thu hồi ngày "+Today(e.Cancelled).Format("02/01/2006")+": "+e.Reason)
	}
	return strings.Join(parts, "; ")
}

// Input is a document to issue: its TOML and the name it came from.
type Input struct {
	Name string // the file name; its base without extension names the outputs
	TOML []byte
}

// IssueOptions control Issue.
type IssueOptions struct {
	// Date is the document's date. When zero, the input's date is used,
	// or else today in Vietnam by Now.
	Date time.Time
	// Now is the clock; nil means time.Now.
	Now func() time.Time
	// Expect, when not zero, is the number the user was shown and agreed
	// to: Issue gives it or, if the series has moved on, returns a
	// *ChangedError and gives nothing.
	Expect int
	// Save, when set, stores the rendered files before the transaction
	// commits, so that a committed number always has its files. It returns
	// undo, called if the commit then fails.
	Save func(ctx context.Context, d *Issued) (undo func(), err error)
	// Sign, when set, signs the numbered PDF digitally inside the
	// transaction, after rendering and before Save: the register keeps the
	// signed bytes it returns with the row. Its error gives no number, so
	// a caller checks what it can (keys, images) before calling Issue, and
	// what fails here (a time-stamp authority out of reach) costs nothing.
	// The series stays locked while it runs: keep it short.
	Sign func(ctx context.Context, d *Issued) (signed []byte, err error)
}

// Issued is a document that has been given its number: the register's row
// and the files carrying the number.
type Issued struct {
	Entry
	PDF, DOCX []byte
	Signed    []byte // the signed PDF, when IssueOptions.Sign made one
}

// SignError is the error Issue returns when IssueOptions.Sign failed: no
// number was given.
type SignError struct {
	Err error
}

func (e *SignError) Error() string {
	return "register: signing failed, no number was given: " + e.Err.Error()
}

func (e *SignError) Unwrap() error { return e.Err }

// Vietnamese is the message in Vietnamese.
func (e *SignError) Vietnamese() string {
	return "ký số không thành công, chưa cấp số: " + generator.Vietnamese(e.Err)
}

// NumberedError is the error Issue returns for an input that already
// carries a number: the register gives numbers, not the input.
type NumberedError struct {
	Name   string
	Number int
}

func (e *NumberedError) Error() string {
	return fmt.Sprintf("%s already has a number (number = %d): the register gives the number when the document is issued; remove the number key to issue it", e.Name, e.Number)
}

// Vietnamese is the message in Vietnamese, for the web form.
func (e *NumberedError) Vietnamese() string {
	return fmt.Sprintf("%s đã có số (number = %d): số do sổ đăng ký văn bản đi cấp khi ban hành; hãy xóa khóa number rồi ban hành", e.Name, e.Number)
}

// Issue gives the input the next number of its series and records it. The
// files are rendered with the number inside the transaction, their hashes
// go into the row, and opts.Save stores them before the commit.
func (r *Register) Issue(ctx context.Context, in Input, opts IssueOptions) (*Issued, error) {
	doc, e, err := prepare(in, opts)
	if err != nil {
		return nil, err
	}
	now := clockOf(opts)
	date := e.Date
	tx, err := r.db.BeginTx(ctx, nil)
	if err != nil {
		return nil, fmt.Errorf("register: begin: %w", err)
	}
	defer tx.Rollback()
	// One statement takes the series' row lock and moves it on: a second
	// issuer waits here until this transaction ends.
	err = tx.QueryRowContext(ctx, r.q(`INSERT INTO series (agency, year, name, last) VALUES (?, ?, ?, 1)
		ON CONFLICT (agency, year, name) DO UPDATE SET last = series.last + 1 RETURNING last`),
		e.Agency, e.Year, e.Series).Scan(&e.Number)
	if err != nil {
		return nil, fmt.Errorf("register: next number of %s %d %q: %w", e.Agency, e.Year, e.Series, err)
	}
	if opts.Expect != 0 && e.Number != opts.Expect {
		return nil, &ChangedError{Expected: opts.Expect, Next: e.Number}
	}
	doc.Number, doc.Date, doc.Year = e.Number, date, date.Year()
	d := &Issued{Entry: e}
	if d.PDF, d.DOCX, err = r.render(ctx, doc); err != nil {
		return nil, fmt.Errorf("register: %s: %w", in.Name, err)
	}
	d.PDFSHA256, d.DOCXSHA256 = hash(d.PDF), hash(d.DOCX)
	d.IssuedAt = now().UTC().Truncate(time.Second)
	if opts.Sign != nil {
		if d.Signed, err = opts.Sign(ctx, d); err != nil {
			return nil, &SignError{Err: err}
		}
		if len(d.Signed) == 0 {
			return nil, &SignError{Err: errors.New("the signature gave an empty file")}
		}
		d.SignedSHA256 = hash(d.Signed)
	}
	if err := r.insert(ctx, tx, &d.Entry); err != nil {
		if isUnique(err) {
			return nil, &problem.Error{Key: "series",
				Msg:   fmt.Sprintf("%s %d: %s is already in the register in another series; choose another series or code", e.Agency, e.Year, d.NumberCode()),
				MsgVI: fmt.Sprintf("%s năm %d: số %s đã có trong sổ, ở dãy số khác; hãy chọn dãy số hoặc ký hiệu khác", e.Agency, e.Year, d.NumberCode())}
		}
		return nil, fmt.Errorf("register: record %s: %w", d.NumberCode(), err)
	}
	if err := r.insertFiles(ctx, tx, &d.Entry, d.PDF, d.DOCX); err != nil {
		return nil, fmt.Errorf("register: record the files of %s: %w", d.NumberCode(), err)
	}
	if d.Signed != nil {
		if err := r.insertSigned(ctx, tx, &d.Entry, d.Signed); err != nil {
			return nil, fmt.Errorf("register: record the signed PDF of %s: %w", d.NumberCode(), err)
		}
	}
	undo := func() {}
	if opts.Save != nil {
		if undo, err = opts.Save(ctx, d); err != nil {
			return nil, fmt.Errorf("register: save %s: %w", d.NumberCode(), err)
		}
	}
	if err := tx.Commit(); err != nil {
		undo()
		return nil, fmt.Errorf("register: commit %s: %w", d.NumberCode(), err)
	}
	return d, nil
}

// prepare reads the input and fills the row Issue will make, all but the
// number and what rendering gives.
func prepare(in Input, opts IssueOptions) (*generator.Document, Entry, error) {
	doc, series, err := parseInput(in)
	if err != nil {
		return nil, Entry{}, err
	}
	if doc.Number != 0 {
		return nil, Entry{}, &NumberedError{Name: in.Name, Number: doc.Number}
	}
	date := opts.Date
	if date.IsZero() {
		date = doc.Date
	}
	if date.IsZero() {
		date = Today(clockOf(opts)())
	}
	date = time.Date(date.Year(), date.Month(), date.Day(), 0, 0, 0, 0, time.UTC)
	e := entryOf(doc)
	e.Series, e.Year, e.Date = series, date.Year(), date
	e.Name = baseName(in.Name)
	e.Input = in.TOML
	return doc, e, nil
}

func clockOf(opts IssueOptions) func() time.Time {
	if opts.Now != nil {
		return opts.Now
	}
	return time.Now
}

// Next returns the row Issue would make of in now, with the number it
// would give. Nothing is reserved: someone else may take that number
// first, which IssueOptions.Expect detects.
func (r *Register) Next(ctx context.Context, in Input, opts IssueOptions) (*Entry, error) {
	_, e, err := prepare(in, opts)
	if err != nil {
		return nil, err
	}
	last, err := r.Last(ctx, e.Agency, e.Year, e.Series)
	if err != nil {
		return nil, err
	}
	e.Number = last + 1
	return &e, nil
}

// ChangedError is the error Issue returns when IssueOptions.Expect is set
// and the series has moved on: another document took the number shown.
type ChangedError struct {
	Expected, Next int
}

func (e *ChangedError) Error() string {
	return fmt.Sprintf("number %s was taken meanwhile; the next number is now %s", vn.Number(e.Expected), vn.Number(e.Next))
}

// Vietnamese is the message in Vietnamese.
func (e *ChangedError) Vietnamese() string {
	return fmt.Sprintf("số %s vừa được cấp cho văn bản khác; số tiếp theo là %s", vn.Number(e.Expected), vn.Number(e.Next))
}

// insert writes e as a new row.
func (r *Register) insert(ctx context.Context, tx execer, e *Entry) error {
	_, err := tx.ExecContext(ctx, r.q(`INSERT INTO entries (`+columns+`)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`), e.values()...)
	return err
}

// insertSigned keeps the signed PDF of the row e.
func (r *Register) insertSigned(ctx context.Context, tx execer, e *Entry, pdf []byte) error {
	_, err := tx.ExecContext(ctx, r.q(`INSERT INTO signed (agency, year, series, number, sha256, pdf) VALUES (?, ?, ?, ?, ?, ?)`),
		e.Agency, e.Year, e.Series, e.Number, hash(pdf), pdf)
	return err
}

// insertFiles keeps the issued PDF and DOCX of the row e.
func (r *Register) insertFiles(ctx context.Context, tx execer, e *Entry, pdf, docx []byte) error {
	for _, f := range []struct {
		format string
		data   []byte
	}{{"pdf", pdf}, {"docx", docx}} {
		if f.data == nil {
			continue
		}
		_, err := tx.ExecContext(ctx, r.q(`INSERT INTO issued_files (agency, year, series, number, format, data) VALUES (?, ?, ?, ?, ?, ?)`),
			e.Agency, e.Year, e.Series, e.Number, f.format, f.data)
		if err != nil {
			return err
		}
	}
	return nil
}

// IssuedFile returns the file of e in format ("pdf" or "docx") as it was
// issued, checked against the hash its row records, or ErrNotKept for a row
// issued before the register kept files (Render makes it again).
func (r *Register) IssuedFile(ctx context.Context, e *Entry, format string) ([]byte, error) {
	want := e.PDFSHA256
	if format == "docx" {
		want = e.DOCXSHA256
	}
	var data []byte
	err := r.db.QueryRowContext(ctx, r.q(`SELECT data FROM issued_files WHERE agency = ? AND year = ? AND series = ? AND number = ? AND format = ?`),
		e.Agency, e.Year, e.Series, e.Number, format).Scan(&data)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, fmt.Errorf("register: %s: %w", e.NumberCode(), ErrNotKept)
	}
	if err != nil {
		return nil, fmt.Errorf("register: read the %s of %s: %w", format, e.NumberCode(), err)
	}
	if hash(data) != want {
		return nil, fmt.Errorf("register: the %s of %s does not match its recorded hash: the database was altered", format, e.NumberCode())
	}
	return data, nil
}

// AttachSigned keeps signed as the digitally signed PDF of e, a row issued
// unsigned: signed must be the PDF issued for e followed by the
// signatures' incremental updates, so that what was signed is what was
// issued. Checking the signatures themselves is the caller's (package
// sign), who knows which it wants.
func (r *Register) AttachSigned(ctx context.Context, e *Entry, signed []byte) error {
	nc := e.NumberCode()
	switch {
	case e.IsCancelled():
		return &problem.Error{Msg: nc + " was cancelled: a cancelled number keeps no signed document",
			MsgVI: "số " + nc + " đã thu hồi: không lưu văn bản đã ký số cho số đã thu hồi"}
	case e.IsSigned():
		return &problem.Error{Msg: nc + " already has a signed PDF in the register",
			MsgVI: "số " + nc + " đã có bản PDF ký số trong sổ"}
	}
	issued, err := r.IssuedFile(ctx, e, "pdf")
	if errors.Is(err, ErrNotKept) {
		return &problem.Error{Msg: nc + " was issued before the register kept files: it cannot tell that the signed PDF is the issued one",
			MsgVI: "số " + nc + " được ban hành trước khi sổ lưu tệp: không đối chiếu được bản ký số với bản đã ban hành"}
	}
	if err != nil {
		return err
	}
	if len(signed) <= len(issued) || !bytes.HasPrefix(signed, issued) {
		return &problem.Error{Msg: "the file is not the issued PDF of " + nc + " with signatures added to it",
			MsgVI: "tệp không phải bản PDF đã ban hành của số " + nc + " được ký thêm: nội dung đã khác hoặc là văn bản khác"}
	}
	tx, err := r.db.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("register: begin: %w", err)
	}
	defer tx.Rollback()
	if err := r.insertSigned(ctx, tx, e, signed); err != nil {
		if isUnique(err) {
			return &problem.Error{Msg: nc + " already has a signed PDF in the register", MsgVI: "số " + nc + " đã có bản PDF ký số trong sổ"}
		}
		return fmt.Errorf("register: record the signed PDF of %s: %w", nc, err)
	}
	if err := tx.Commit(); err != nil {
		return fmt.Errorf("register: commit %s: %w", nc, err)
	}
	e.SignedSHA256 = hash(signed)
	return nil
}

// SignedPDF returns the digitally signed PDF the register keeps for e,
// checked against its recorded hash, or ErrNotSigned.
func (r *Register) SignedPDF(ctx context.Context, e *Entry) ([]byte, error) {
	var sum string
	var pdf []byte
	err := r.db.QueryRowContext(ctx, r.q(`SELECT sha256, pdf FROM signed WHERE agency = ? AND year = ? AND series = ? AND number = ?`),
		e.Agency, e.Year, e.Series, e.Number).Scan(&sum, &pdf)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, fmt.Errorf("register: %s: %w", e.NumberCode(), ErrNotSigned)
	}
	if err != nil {
		return nil, fmt.Errorf("register: read the signed PDF of %s: %w", e.NumberCode(), err)
	}
	if hash(pdf) != sum {
		return nil, fmt.Errorf("register: the signed PDF of %s does not match its recorded hash: the database was altered", e.NumberCode())
	}
	return pdf, nil
}

// isUnique reports whether err is a unique constraint's violation, in
// either database's words.
func isUnique(err error) bool {
	s := strings.ToLower(err.Error())
	return strings.Contains(s, "unique") || strings.Contains(s, "duplicate key")
}

// parseInput reads the document and its series.
func parseInput(in Input) (*generator.Document, string, error) {
	doc, err := generator.ParseNamed(in.Name, in.TOML)
	if err != nil {
		return nil, "", err
	}
	series, err := Series(in.TOML)
	if err != nil {
		return nil, "", fmt.Errorf("%s: %w", in.Name, err)
	}
	if doc.Code == "" {
		return nil, "", &problem.Error{File: in.Name, Key: "code",
			Msg:   "no code (ký hiệu): the register numbers a code, such as code = \"QĐ-UBND\"",
			MsgVI: "thiếu ký hiệu: sổ văn bản đi cấp số theo ký hiệu, ví dụ code = \"QĐ-UBND\""}
	}
	return doc, series, nil
}

// Series returns the series an input names with its top-level key series,
// or DefaultSeries.
func Series(data []byte) (string, error) {
	var top struct {
		Series *string `toml:"series"`
	}
	if _, err := toml.Decode(string(bytes.TrimPrefix(data, []byte("\ufeff"))), &top); err != nil {
		return "", fmt.Errorf("series: %w", err)
	}
	if top.Series == nil {
		return DefaultSeries, nil
	}
	s := strings.Join(strings.Fields(*top.Series), " ")
	if s == "" {
		return "", &problem.Error{Key: "series",
			Msg:   `series is empty: leave the key out for administrative documents, or name the series, such as series = "Nghị quyết"`,
			MsgVI: `dãy số để trống: bỏ khóa này đi với văn bản hành chính, hoặc ghi tên dãy số, ví dụ series = "Nghị quyết"`}
	}
	return vn.NFC(s), nil
}

// entryOf fills the columns the document gives.
func entryOf(d *generator.Document) Entry {
	return Entry{
		Agency:     strings.Join(strings.Fields(strings.Join(d.IssuerLines(), " ")), " "),
		Code:       d.Code,
		Title:      d.Title(),
		Signer:     d.Signer.Name,
		Recipients: strings.Join(d.Recipients, "; "),
		Archive:    d.Archive,
		Copies:     copies(d),
	}
}

// copiesRe finds the number of copies in the drafter's line, "PL.(300)".
var copiesRe = regexp.MustCompile(`\((\d+)\)`)

// copies is the number of copies issued: the drafter's line says it when
// given; otherwise one per recipient and one per archive unit.
func copies(d *generator.Document) int {
	if m := copiesRe.FindStringSubmatch(d.Drafter); m != nil {
		if n, err := strconv.Atoi(m[1]); err == nil {
			return n
		}
	}
	n := len(d.Recipients)
	if a := strings.TrimSpace(d.Archive); a != "" {
		n += len(strings.Split(a, ","))
	}
	return n
}

// render writes the PDF and the DOCX of doc.
func render(ctx context.Context, doc *generator.Document) (pdf, docx []byte, err error) {
	var p, w bytes.Buffer
	if err := generator.WritePDFContext(ctx, &p, doc); err != nil {
		return nil, nil, err
	}
	if err := generator.WriteDOCXContext(ctx, &w, doc); err != nil {
		return nil, nil, err
	}
	return p.Bytes(), w.Bytes(), nil
}

// Render renders an issued document again from its stored input, number and
// date: the same bytes as when it was issued. format is "pdf" or "docx".
func Render(ctx context.Context, e *Entry, format string) ([]byte, error) {
	doc, err := generator.ParseNamed(e.Name, e.Input)
	if err != nil {
		return nil, err
	}
	doc.Number, doc.Date, doc.Year = e.Number, e.Date, e.Date.Year()
	var b bytes.Buffer
	if err := generator.Write(ctx, &b, doc, format); err != nil {
		return nil, err
	}
	return b.Bytes(), nil
}

// Hash is the hex SHA-256 of a file, as the register records it.
func Hash(b []byte) string { return hash(b) }

func hash(b []byte) string {
	s := sha256.Sum256(b)
	return hex.EncodeToString(s[:])
}

// baseName is the file name without folder and extension.
func baseName(name string) string {
	b := filepath.Base(name)
	return strings.TrimSuffix(b, filepath.Ext(b))
}

// SaveFiles returns an IssueOptions.Save that writes DIR/NAME.pdf and
// DIR/NAME.docx, each through a temporary file moved into place, and
// removes them again if the number's commit fails. It never replaces a
// file: an issued document already there is a record, not a draft.
func SaveFiles(dir string) func(ctx context.Context, d *Issued) (func(), error) {
	return func(ctx context.Context, d *Issued) (func(), error) {
		if err := os.MkdirAll(dir, 0o755); err != nil {
			return nil, err
		}
		var written []string
		undo := func() {
			for _, p := range written {
				os.Remove(p)
			}
		}
		for _, f := range []struct {
			ext  string
			data []byte
		}{{".pdf", d.PDF}, {".docx", d.DOCX}} {
			p := filepath.Join(dir, d.Name+f.ext)
			if err := writeFile(p, f.data); err != nil {
				undo()
				return nil, err
			}
			written = append(written, p)
		}
		return undo, nil
	}
}

// writeFile writes data to path through a synced temporary file linked
// into place, so path is never seen half written, and fails if path exists.
func writeFile(path string, data []byte) error {
	tmp, err := os.CreateTemp(filepath.Dir(path), "."+filepath.Base(path)+".*.tmp")
	if err != nil {
		return err
	}
	_, werr := tmp.Write(data)
	serr := tmp.Sync()
	cerr := tmp.Close()
	if err := errors.Join(werr, serr, cerr); err != nil {
		os.Remove(tmp.Name())
		return err
	}
	if err := os.Chmod(tmp.Name(), 0o644); err != nil {
		os.Remove(tmp.Name())
		return err
	}
	// A hard link, unlike a rename, refuses to replace what is there.
	err = os.Link(tmp.Name(), path)
	if err != nil && !errors.Is(err, os.ErrExist) {
		// A file system without hard links: check, then rename.
		if _, serr := os.Lstat(path); serr == nil {
			err = os.ErrExist
		} else {
			err = os.Rename(tmp.Name(), path)
		}
	}
	os.Remove(tmp.Name())
	if errors.Is(err, os.ErrExist) {
		return &problem.Error{File: path,
			Msg:   "already exists: an issued document is never overwritten; move it away or write elsewhere",
			MsgVI: "tệp đã có: văn bản đã ban hành không bao giờ bị ghi đè; hãy chuyển tệp đi chỗ khác hoặc ghi vào thư mục khác"}
	}
	return err
}
