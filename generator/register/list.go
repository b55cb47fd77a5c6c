package register

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"
	"unicode"

	"golang.org/x/text/unicode/norm"

	"github.com/vanban/vanban/generator"
	"github.com/vanban/vanban/generator/problem"
	"github.com/vanban/vanban/generator/vn"
)

// columns are the entries table's columns, in the order of Entry.values.
const columns = `agency, year, series, number, code, date, title, signer, recipients, archive, copies,
	sent, received, note, name, input, pdf_sha256, docx_sha256, issued_at, cancelled_at, cancel_reason`

// selectEntries reads rows with columns, then the signed PDF's hash (empty
// for a row issued unsigned): what scanEntry reads with signed set.
const selectEntries = `SELECT ` + columns + `, COALESCE((SELECT s.sha256 FROM signed s WHERE s.agency = entries.agency
	AND s.year = entries.year AND s.series = entries.series AND s.number = entries.number), '') FROM entries`

// execer is what insert needs of a *sql.Tx.
type execer interface {
	ExecContext(ctx context.Context, query string, args ...any) (sql.Result, error)
}

// values are e's columns for an INSERT.
func (e *Entry) values() []any {
	return []any{e.Agency, e.Year, e.Series, e.Number, e.Code, e.Date.Format(time.DateOnly), e.Title,
		e.Signer, e.Recipients, e.Archive, e.Copies, e.Sent, e.Received, e.Note, e.Name, string(e.Input),
		e.PDFSHA256, e.DOCXSHA256, formatTime(e.IssuedAt), formatTime(e.Cancelled), e.Reason}
}

func formatTime(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.UTC().Format(time.RFC3339)
}

// scanEntry reads a row selected with columns or, with signed, with
// selectEntries.
func scanEntry(s interface{ Scan(...any) error }, signed bool) (Entry, error) {
	var e Entry
	var date, input, issued, cancelled string
	dest := []any{&e.Agency, &e.Year, &e.Series, &e.Number, &e.Code, &date, &e.Title, &e.Signer,
		&e.Recipients, &e.Archive, &e.Copies, &e.Sent, &e.Received, &e.Note, &e.Name, &input,
		&e.PDFSHA256, &e.DOCXSHA256, &issued, &cancelled, &e.Reason}
	if signed {
		dest = append(dest, &e.SignedSHA256)
	}
	err := s.Scan(dest...)
	if err != nil {
		return e, err
	}
	e.Input = []byte(input)
	if e.Date, err = time.Parse(time.DateOnly, date); err != nil {
		return e, fmt.Errorf("row %s: date: %w", e.NumberCode(), err)
	}
	if e.IssuedAt, err = parseTime(issued); err != nil {
		return e, fmt.Errorf("row %s: issued_at: %w", e.NumberCode(), err)
	}
	if e.Cancelled, err = parseTime(cancelled); err != nil {
		return e, fmt.Errorf("row %s: cancelled_at: %w", e.NumberCode(), err)
	}
	return e, nil
}

func parseTime(s string) (time.Time, error) {
	if s == "" {
		return time.Time{}, nil
	}
	return time.Parse(time.RFC3339, s)
}

// Filter chooses rows for List. Zero fields match everything.
type Filter struct {
	Agency string // exact agency, as the register holds it
	Year   int
	Search string // words of the title, in any case, with or without tones
}

// List returns the rows that match f, by agency, year, series and number.
func (r *Register) List(ctx context.Context, f Filter) ([]Entry, error) {
	query := selectEntries + ` WHERE 1 = 1`
	var args []any
	if f.Agency != "" {
		query += ` AND agency = ?`
		args = append(args, f.Agency)
	}
	if f.Year != 0 {
		query += ` AND year = ?`
		args = append(args, f.Year)
	}
	query += ` ORDER BY agency, year, series, number`
	rows, err := r.db.QueryContext(ctx, r.q(query), args...)
	if err != nil {
		return nil, fmt.Errorf("register: list: %w", err)
	}
	defer rows.Close()
	words := strings.Fields(plain(f.Search))
	var out []Entry
	for rows.Next() {
		e, err := scanEntry(rows, true)
		if err != nil {
			return nil, fmt.Errorf("register: list: %w", err)
		}
		if matches(plain(e.Title), words) {
			out = append(out, e)
		}
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("register: list: %w", err)
	}
	return out, nil
}

// plain is s in lower case without tones or marks, đ as d: what a search
// compares, so that "to cong tac" finds "Tổ công tác".
func plain(s string) string {
	var b strings.Builder
	for _, r := range norm.NFD.String(strings.ToLower(s)) {
		switch {
		case unicode.Is(unicode.Mn, r):
		case r == 'đ':
			b.WriteRune('d')
		default:
			b.WriteRune(r)
		}
	}
	return b.String()
}

// matches reports whether every word is in s.
func matches(s string, words []string) bool {
	for _, w := range words {
		if !strings.Contains(s, w) {
			return false
		}
	}
	return true
}

// Agencies returns the agencies the register holds, sorted.
func (r *Register) Agencies(ctx context.Context) ([]string, error) {
	rows, err := r.db.QueryContext(ctx, `SELECT DISTINCT agency FROM entries ORDER BY agency`)
	if err != nil {
		return nil, fmt.Errorf("register: agencies: %w", err)
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var a string
		if err := rows.Scan(&a); err != nil {
			return nil, err
		}
		out = append(out, a)
	}
	return out, rows.Err()
}

// Ref names one row: the number and code as printed ("01/QĐ-UBND"), in a
// year, of an agency (which may be left empty when only one agency used
// that number and code that year).
type Ref struct {
	Agency string
	Year   int
	Number int
	Code   string
}

// ParseRef reads "01/QĐ-UBND" (or "Số: 01/QĐ-UBND") into a Ref of year.
func ParseRef(s string, agency string, year int) (Ref, error) {
	s = strings.TrimSpace(strings.TrimPrefix(strings.TrimSpace(s), "Số:"))
	num, code, ok := strings.Cut(s, "/")
	if !ok {
		return Ref{}, notRef(s)
	}
	var n int
	if _, err := fmt.Sscanf(strings.TrimSpace(num), "%d", &n); err != nil || n <= 0 {
		return Ref{}, notRef(s)
	}
	c, err := vn.Code(code)
	if err != nil {
		return Ref{}, &problem.Error{Value: s, Msg: fmt.Sprintf("%q: %v", s, err), MsgVI: fmt.Sprintf("%q: %s", s, generator.Vietnamese(err))}
	}
	return Ref{Agency: agency, Year: year, Number: n, Code: c}, nil
}

// notRef is the problem of text that is not a number and code.
func notRef(s string) error {
	return &problem.Error{Value: s, Msg: fmt.Sprintf("%q is not a number and code such as 01/QĐ-UBND", s),
		MsgVI: fmt.Sprintf("%q không phải số và ký hiệu, ví dụ 01/QĐ-UBND", s)}
}

// notFound is ErrNotFound for one number, in both languages.
type notFound struct{ where, whereVI string }

func (e *notFound) Error() string      { return "register: " + e.where + ": " + ErrNotFound.Error() }
func (e *notFound) Vietnamese() string { return e.whereVI + ": không có trong sổ văn bản đi" }
func (e *notFound) Unwrap() error      { return ErrNotFound }

// Find returns the row ref names.
func (r *Register) Find(ctx context.Context, ref Ref) (*Entry, error) {
	query := selectEntries + ` WHERE year = ? AND number = ? AND code = ?`
	args := []any{ref.Year, ref.Number, ref.Code}
	if ref.Agency != "" {
		query += ` AND agency = ?`
		args = append(args, ref.Agency)
	}
	rows, err := r.db.QueryContext(ctx, r.q(query), args...)
	if err != nil {
		return nil, fmt.Errorf("register: find: %w", err)
	}
	defer rows.Close()
	var found []Entry
	for rows.Next() {
		e, err := scanEntry(rows, true)
		if err != nil {
			return nil, fmt.Errorf("register: find: %w", err)
		}
		found = append(found, e)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("register: find: %w", err)
	}
	where := fmt.Sprintf("%s/%s in %d", vn.Number(ref.Number), ref.Code, ref.Year)
	whereVI := fmt.Sprintf("số %s/%s năm %d", vn.Number(ref.Number), ref.Code, ref.Year)
	switch len(found) {
	case 0:
		return nil, &notFound{where, whereVI}
	case 1:
		return &found[0], nil
	}
	var names []string
	for _, e := range found {
		names = append(names, e.Agency)
	}
	slices.Sort(names)
	return nil, &problem.Error{Key: "agency",
		Msg:   fmt.Sprintf("%s was given by several agencies (%s): name the agency", where, strings.Join(names, "; ")),
		MsgVI: fmt.Sprintf("%s do nhiều cơ quan cấp (%s): hãy ghi tên cơ quan", whereVI, strings.Join(names, "; "))}
}

// Cancel marks the number ref names as cancelled (thu hồi) at now, with a
// reason. The row stays in the register; the number is never given again.
func (r *Register) Cancel(ctx context.Context, ref Ref, reason string, now time.Time) (*Entry, error) {
	reason = strings.Join(strings.Fields(reason), " ")
	if reason == "" {
		return nil, &problem.Error{Key: "reason", Msg: "cancelling a number needs a reason", MsgVI: "thu hồi số phải ghi lý do"}
	}
	e, err := r.Find(ctx, ref)
	if err != nil {
		return nil, err
	}
	if e.IsCancelled() {
		day := Today(e.Cancelled).Format("02/01/2006")
		return nil, &problem.Error{
			Msg:   fmt.Sprintf("%s was already cancelled on %s: %s", e.NumberCode(), day, e.Reason),
			MsgVI: fmt.Sprintf("số %s đã thu hồi ngày %s: %s", e.NumberCode(), day, e.Reason)}
	}
	e.Cancelled, e.Reason = now.UTC().Truncate(time.Second), reason
	res, err := r.db.ExecContext(ctx, r.q(`UPDATE entries SET cancelled_at = ?, cancel_reason = ?
		WHERE agency = ? AND year = ? AND series = ? AND number = ? AND cancelled_at = ''`),
		formatTime(e.Cancelled), e.Reason, e.Agency, e.Year, e.Series, e.Number)
	if err != nil {
		return nil, fmt.Errorf("register: cancel %s: %w", e.NumberCode(), err)
	}
	if n, err := res.RowsAffected(); err == nil && n == 0 {
		return nil, &problem.Error{Msg: fmt.Sprintf("%s was cancelled meanwhile", e.NumberCode()),
			MsgVI: fmt.Sprintf("số %s vừa được người khác thu hồi", e.NumberCode())}
	}
	return e, nil
}

// Last returns the last number given in a series, 0 if none.
func (r *Register) Last(ctx context.Context, agency string, year int, series string) (int, error) {
	var n int
	err := r.db.QueryRowContext(ctx, r.q(`SELECT last FROM series WHERE agency = ? AND year = ? AND name = ?`),
		agency, year, series).Scan(&n)
	if errors.Is(err, sql.ErrNoRows) {
		return 0, nil
	}
	if err != nil {
		return 0, fmt.Errorf("register: last number: %w", err)
	}
	return n, nil
}
