package register

import (
	"context"
	"encoding/base64"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"slices"
	"strings"

	"github.com/vanban/vanban/generator/problem"
)

// entryHeader names every column of the entries table.
var entryHeader = strings.Fields(strings.ReplaceAll(columns, ",", " "))

// backupHeader names the backup's columns: every column of the entries
// table, then the signed PDF and the issued PDF and DOCX (base64, empty
// when the register keeps none), so that Import restores exactly what
// Export wrote. A backup written before files were kept has the entries'
// columns alone; Import reads it too.
var backupHeader = append(slices.Clip(entryHeader), fileColumns...)

// fileColumns are the backup's columns after the entries', in order.
var fileColumns = []string{"signed_pdf", "pdf", "docx"}

// Export writes every row of the register as CSV, for a backup that Import
// reads back: the inputs, the hashes, the cancellations and the signed
// PDFs included.
func (r *Register) Export(ctx context.Context, w io.Writer) error {
	entries, err := r.List(ctx, Filter{})
	if err != nil {
		return err
	}
	cw := csv.NewWriter(w)
	cw.Write(backupHeader)
	for _, e := range entries {
		rec := make([]string, len(backupHeader))
		for i, v := range e.values() {
			rec[i] = fmt.Sprint(v)
		}
		n := len(entryHeader)
		if e.IsSigned() {
			pdf, err := r.SignedPDF(ctx, &e)
			if err != nil {
				return fmt.Errorf("register: export: %w", err)
			}
			rec[n] = base64.StdEncoding.EncodeToString(pdf)
		}
		for i, format := range []string{"pdf", "docx"} {
			data, err := r.IssuedFile(ctx, &e, format)
			if errors.Is(err, ErrNotKept) {
				continue
			}
			if err != nil {
				return fmt.Errorf("register: export: %w", err)
			}
			rec[n+1+i] = base64.StdEncoding.EncodeToString(data)
		}
		if err := cw.Write(rec); err != nil {
			return fmt.Errorf("register: export: %w", err)
		}
	}
	cw.Flush()
	if err := cw.Error(); err != nil {
		return fmt.Errorf("register: export: %w", err)
	}
	return nil
}

// Import adds the rows of a backup that Export wrote, in one transaction:
// all of them or, on any problem, none. A row whose number the register
// already holds is an error. Each series then continues after the highest
// number it holds.
func (r *Register) Import(ctx context.Context, rd io.Reader) (int, error) {
	cr := csv.NewReader(rd)
	cr.FieldsPerRecord = -1
	head, err := cr.Read()
	if err != nil {
		return 0, fmt.Errorf("register: import: %w", err)
	}
	// Earlier backups stop after the entries' columns or after a prefix
	// of fileColumns.
	if len(head) < len(entryHeader) || len(head) > len(backupHeader) || !slices.Equal(head, backupHeader[:len(head)]) {
		return 0, &problem.Error{Line: 1,
			Msg:   "not a register backup: the first line must be " + strings.Join(backupHeader, ","),
			MsgVI: "không phải tệp sao lưu sổ văn bản đi: dòng đầu phải là " + strings.Join(backupHeader, ",")}
	}
	cr.FieldsPerRecord = len(head)
	tx, err := r.db.BeginTx(ctx, nil)
	if err != nil {
		return 0, fmt.Errorf("register: import: %w", err)
	}
	defer tx.Rollback()
	n := 0
	for {
		rec, err := cr.Read()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return 0, fmt.Errorf("register: import: %w", err)
		}
		line, _ := cr.FieldPos(0)
		e, err := scanEntry(record(rec[:len(entryHeader)]), false)
		if err != nil {
			return 0, fmt.Errorf("register: import: line %d: %w", line, err)
		}
		if err := r.insert(ctx, tx, &e); err != nil {
			if isUnique(err) {
				return 0, &problem.Error{Line: line,
					Msg:   fmt.Sprintf("%s %d %s is already in the register", e.Agency, e.Year, e.NumberCode()),
					MsgVI: fmt.Sprintf("%s năm %d: số %s đã có trong sổ", e.Agency, e.Year, e.NumberCode())}
			}
			return 0, fmt.Errorf("register: import: line %d: %w", line, err)
		}
		files := map[string][]byte{}
		for i, col := range head[len(entryHeader):] {
			v := rec[len(entryHeader)+i]
			if v == "" {
				continue
			}
			if files[col], err = base64.StdEncoding.DecodeString(v); err != nil {
				return 0, fmt.Errorf("register: import: line %d: %s: %w", line, col, err)
			}
		}
		if pdf := files["signed_pdf"]; pdf != nil {
			if err := r.insertSigned(ctx, tx, &e, pdf); err != nil {
				return 0, fmt.Errorf("register: import: line %d: signed_pdf: %w", line, err)
			}
		}
		for _, format := range []string{"pdf", "docx"} {
			data := files[format]
			want := map[string]string{"pdf": e.PDFSHA256, "docx": e.DOCXSHA256}[format]
			if data != nil && hash(data) != want {
				return 0, fmt.Errorf("register: import: line %d: %s: the file does not match the row's hash", line, format)
			}
		}
		if err := r.insertFiles(ctx, tx, &e, files["pdf"], files["docx"]); err != nil {
			return 0, fmt.Errorf("register: import: line %d: files: %w", line, err)
		}
		_, err = tx.ExecContext(ctx, r.q(`INSERT INTO series (agency, year, name, last) VALUES (?, ?, ?, ?)
			ON CONFLICT (agency, year, name) DO UPDATE SET last = CASE WHEN series.last < excluded.last THEN excluded.last ELSE series.last END`),
			e.Agency, e.Year, e.Series, e.Number)
		if err != nil {
			return 0, fmt.Errorf("register: import: line %d: %w", line, err)
		}
		n++
	}
	if err := tx.Commit(); err != nil {
		return 0, fmt.Errorf("register: import: %w", err)
	}
	return n, nil
}

// record scans a CSV record as if it were a database row.
type record []string

func (rec record) Scan(dest ...any) error {
	if len(dest) != len(rec) {
		return fmt.Errorf("%d fields, want %d", len(rec), len(dest))
	}
	for i, d := range dest {
		switch p := d.(type) {
		case *string:
			*p = rec[i]
		case *int:
			if _, err := fmt.Sscanf(rec[i], "%d", p); err != nil {
				return fmt.Errorf("%s: %q is not a whole number", entryHeader[i], rec[i])
			}
		default:
			return fmt.Errorf("cannot scan into %T", d)
		}
	}
	return nil
}
