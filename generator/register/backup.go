package register

import (
	"context"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"strings"
)

// backupHeader names the backup's columns: every column of the entries
// table, so that Import restores exactly what Export wrote.
var backupHeader = strings.Fields(strings.ReplaceAll(columns, ",", " "))

// Export writes every row of the register as CSV, for a backup that Import
// reads back: the inputs, the hashes and the cancellations included.
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
	if strings.Join(head, ",") != strings.Join(backupHeader, ",") {
		return 0, fmt.Errorf("register: import: not a register backup: the first line must be %s", strings.Join(backupHeader, ","))
	}
	cr.FieldsPerRecord = len(backupHeader)
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
		e, err := scanEntry(record(rec))
		if err != nil {
			return 0, fmt.Errorf("register: import: line %d: %w", line, err)
		}
		if err := r.insert(ctx, tx, &e); err != nil {
			if isUnique(err) {
				return 0, fmt.Errorf("register: import: line %d: %s %d %s is already in the register", line, e.Agency, e.Year, e.NumberCode())
			}
			return 0, fmt.Errorf("register: import: line %d: %w", line, err)
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
				return fmt.Errorf("%s: %q is not a whole number", backupHeader[i], rec[i])
			}
		default:
			return fmt.Errorf("cannot scan into %T", d)
		}
	}
	return nil
}
