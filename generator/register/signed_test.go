package register

import (
	"bytes"
	"context"
	"encoding/csv"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/vanban/vanban/generator"
)

// fakeSign stands in for a digital signature: the register keeps whatever
// bytes IssueOptions.Sign gives, and these hold bytes that are not text.
func fakeSign(_ context.Context, d *Issued) ([]byte, error) {
	return append(append([]byte{}, d.PDF...), "\n\x00\xff signed "+d.NumberCode()...), nil
}

// A signed issue keeps the signed PDF with its row, in the same
// transaction; List and Find say which rows are signed.
func TestIssueKeepsTheSignedPDF(t *testing.T) {
	forEach(t, func(t *testing.T, dsn string) {
		r := open(t, dsn)
		r.render = stubRender
		ctx := context.Background()
		opts := IssueOptions{Now: clock(t, "2026-03-02T01:00:00Z")}
		plain, err := r.Issue(ctx, input("a", ""), opts)
		if err != nil {
			t.Fatal(err)
		}
		opts.Sign = fakeSign
		d, err := r.Issue(ctx, input("b", ""), opts)
		if err != nil {
			t.Fatal(err)
		}
		want, _ := fakeSign(ctx, d)
		if !bytes.Equal(d.Signed, want) || d.SignedSHA256 != hash(want) || d.Number != 2 {
			t.Fatalf("Issued: number %d, signed %q, hash %s", d.Number, d.Signed, d.SignedSHA256)
		}
		rows, err := r.List(ctx, Filter{})
		if err != nil || len(rows) != 2 {
			t.Fatalf("List: %d rows, %v", len(rows), err)
		}
		if rows[0].IsSigned() || !rows[1].IsSigned() || rows[1].SignedSHA256 != hash(want) {
			t.Errorf("List: signed %v %v, hash %q", rows[0].IsSigned(), rows[1].IsSigned(), rows[1].SignedSHA256)
		}
		found, err := r.Find(ctx, Ref{Year: 2026, Number: 2, Code: "QĐ-UBND"})
		if err != nil || found.SignedSHA256 != d.SignedSHA256 {
			t.Fatalf("Find: %+v, %v", found, err)
		}
		got, err := r.SignedPDF(ctx, found)
		if err != nil || !bytes.Equal(got, want) {
			t.Errorf("SignedPDF: %q, %v; want the signed bytes", got, err)
		}
		if _, err := r.SignedPDF(ctx, &plain.Entry); !errors.Is(err, ErrNotSigned) {
			t.Errorf("SignedPDF of an unsigned row: %v", err)
		}
		// The bytes kept are checked against their hash.
		if _, err := r.db.Exec(r.q(`UPDATE signed SET pdf = ? WHERE number = ?`), []byte("altered"), 2); err != nil {
			t.Fatal(err)
		}
		if _, err := r.SignedPDF(ctx, found); err == nil || !strings.Contains(err.Error(), "does not match") {
			t.Errorf("SignedPDF of altered bytes: %v", err)
		}
		// A signed row is cancelled like any other, and keeps its file.
		if _, err := r.Cancel(ctx, Ref{Year: 2026, Number: 2, Code: "QĐ-UBND"}, "Nhầm", time.Now()); err != nil {
			t.Errorf("cancel a signed row: %v", err)
		}
	})
}

// A signature that fails inside the transaction gives no number and
// leaves no row and no file.
func TestFailedSignatureGivesNoNumber(t *testing.T) {
	forEach(t, func(t *testing.T, dsn string) {
		r := open(t, dsn)
		r.render = stubRender
		ctx := context.Background()
		saved := false
		_, err := r.Issue(ctx, input("a", ""), IssueOptions{
			Sign: func(context.Context, *Issued) ([]byte, error) {
				return nil, errors.New("time-stamp authority out of reach")
			},
			Save: func(context.Context, *Issued) (func(), error) { saved = true; return func() {}, nil }})
		var se *SignError
		if !errors.As(err, &se) || !strings.Contains(err.Error(), "out of reach") {
			t.Fatalf("failing signature: %v", err)
		}
		if saved {
			t.Error("the files were saved although the signature failed")
		}
		if rows, _ := r.List(ctx, Filter{}); len(rows) != 0 {
			t.Errorf("%d rows after a failed signature", len(rows))
		}
		d, err := r.Issue(ctx, input("a", ""), IssueOptions{Sign: fakeSign})
		if err != nil || d.Number != 1 {
			t.Fatalf("after a failed signature: number %v, %v; want 01", d, err)
		}
	})
}

// Export and Import carry the signed PDFs; a backup written before they
// were kept still imports.
func TestExportImportSigned(t *testing.T) {
	forEach(t, func(t *testing.T, dsn string) {
		ctx := context.Background()
		r := open(t, dsn)
		r.render = stubRender
		date := IssueOptions{Date: time.Date(2026, 4, 1, 0, 0, 0, 0, time.UTC)}
		signed := date
		signed.Sign = fakeSign
		for _, o := range []IssueOptions{date, signed, date} {
			if _, err := r.Issue(ctx, input("qd", ""), o); err != nil {
				t.Fatal(err)
			}
		}
		var backup bytes.Buffer
		if err := r.Export(ctx, &backup); err != nil {
			t.Fatal(err)
		}
		r2 := open(t, t.TempDir()+"/restored.db")
		if n, err := r2.Import(ctx, bytes.NewReader(backup.Bytes())); err != nil || n != 3 {
			t.Fatalf("Import: %d, %v", n, err)
		}
		before, _ := r.List(ctx, Filter{})
		after, _ := r2.List(ctx, Filter{})
		for i := range before {
			if before[i].SignedSHA256 != after[i].SignedSHA256 {
				t.Errorf("row %d: signed hash %q after import, want %q", i+1, after[i].SignedSHA256, before[i].SignedSHA256)
			}
		}
		a, _ := r.SignedPDF(ctx, &before[1])
		b, err := r2.SignedPDF(ctx, &after[1])
		if err != nil || !bytes.Equal(a, b) {
			t.Errorf("the signed PDF after import: %v, or not the same bytes", err)
		}
		// The older backup: no signed_pdf column.
		recs, err := csv.NewReader(bytes.NewReader(backup.Bytes())).ReadAll()
		if err != nil {
			t.Fatal(err)
		}
		var old bytes.Buffer
		w := csv.NewWriter(&old)
		for _, rec := range recs {
			w.Write(rec[:len(rec)-len(fileColumns)])
		}
		w.Flush()
		r3 := open(t, t.TempDir()+"/old.db")
		if n, err := r3.Import(ctx, bytes.NewReader(old.Bytes())); err != nil || n != 3 {
			t.Errorf("Import of a backup without signed PDFs: %d, %v", n, err)
		}
	})
}

// A register made before signed PDFs were kept (schema version 1) is
// migrated when opened, its rows kept and unsigned.
func TestMigrateFromVersion1(t *testing.T) {
	forEach(t, func(t *testing.T, dsn string) {
		ctx := context.Background()
		r := open(t, dsn)
		r.render = stubRender
		if _, err := r.Issue(ctx, input("qd", ""), IssueOptions{}); err != nil {
			t.Fatal(err)
		}
		// Back to version 1, as an older vanban left it.
		for _, q := range []string{`DROP TABLE issued_files`, `DROP TABLE signed`, `DELETE FROM schema_migrations WHERE version > 1`} {
			if _, err := r.db.Exec(q); err != nil {
				t.Fatal(err)
			}
		}
		r2 := open(t, dsn)
		if v, err := r2.SchemaVersion(ctx); err != nil || v != len(migrations) {
			t.Fatalf("schema version %d, %v; want %d", v, err, len(migrations))
		}
		rows, err := r2.List(ctx, Filter{})
		if err != nil || len(rows) != 1 || rows[0].IsSigned() {
			t.Fatalf("after migrating: %d rows, %v", len(rows), err)
		}
		if _, err := r2.IssuedFile(ctx, &rows[0], "pdf"); !errors.Is(err, ErrNotKept) {
			t.Errorf("a row issued before files were kept: %v, want ErrNotKept", err)
		}
		r2.render = stubRender
		d, err := r2.Issue(ctx, input("qd", ""), IssueOptions{Sign: fakeSign})
		if err != nil || d.Number != 2 {
			t.Fatalf("signed issue after migrating: %v, %v", d, err)
		}
		if got, err := r2.IssuedFile(ctx, &d.Entry, "docx"); err != nil || !bytes.Equal(got, d.DOCX) {
			t.Errorf("the DOCX issued after migrating: %v", err)
		}
	})
}

// The register keeps the issued files: IssuedFile gives them back as they
// were issued, whatever a later layout would render, and refuses bytes
// that no longer match the row's hash.
func TestIssuedFilesKept(t *testing.T) {
	forEach(t, func(t *testing.T, dsn string) {
		ctx := context.Background()
		r := open(t, dsn)
		r.render = stubRender
		d, err := r.Issue(ctx, input("qd", ""), IssueOptions{})
		if err != nil {
			t.Fatal(err)
		}
		rows, err := r.List(ctx, Filter{})
		if err != nil || len(rows) != 1 {
			t.Fatalf("%d rows, %v", len(rows), err)
		}
		for format, want := range map[string][]byte{"pdf": d.PDF, "docx": d.DOCX} {
			got, err := r.IssuedFile(ctx, &rows[0], format)
			if err != nil || !bytes.Equal(got, want) {
				t.Errorf("%s: %v; the bytes differ from those issued: %v", format, err, !bytes.Equal(got, want))
			}
		}
		// A later version lays documents out otherwise: the kept file
		// is still the issued one.
		r.render = func(ctx context.Context, doc *generator.Document) ([]byte, []byte, error) {
			return []byte("%PDF-other"), []byte("PK-other"), nil
		}
		if got, err := r.IssuedFile(ctx, &rows[0], "pdf"); err != nil || !bytes.Equal(got, d.PDF) {
			t.Errorf("after a layout change: %v", err)
		}
		if _, err := r.db.ExecContext(ctx, r.q(`UPDATE issued_files SET data = ? WHERE format = 'pdf'`), []byte("altered")); err != nil {
			t.Fatal(err)
		}
		if _, err := r.IssuedFile(ctx, &rows[0], "pdf"); err == nil || !strings.Contains(err.Error(), "altered") {
			t.Errorf("altered file: %v", err)
		}
	})
}

// A document issued unsigned and signed afterwards (vanban sign) is kept
// when the signed file is the issued PDF with signatures appended, and
// refused otherwise.
func TestAttachSigned(t *testing.T) {
	forEach(t, func(t *testing.T, dsn string) {
		ctx := context.Background()
		r := open(t, dsn)
		r.render = stubRender
		one, err := r.Issue(ctx, input("qd", ""), IssueOptions{})
		if err != nil {
			t.Fatal(err)
		}
		two, err := r.Issue(ctx, input("qd", ""), IssueOptions{})
		if err != nil {
			t.Fatal(err)
		}
		signed := append(bytes.Clone(one.PDF), "\n% signatures\n"...)
		for _, c := range []struct {
			name string
			e    *Entry
			b    []byte
			want string
		}{
			{"another document", &two.Entry, signed, "not the issued PDF"},
			{"the issued PDF unsigned", &one.Entry, one.PDF, "not the issued PDF"},
			{"changed", &one.Entry, append([]byte("%PDF-x"), signed[6:]...), "not the issued PDF"},
		} {
			if err := r.AttachSigned(ctx, c.e, c.b); err == nil || !strings.Contains(err.Error(), c.want) {
				t.Errorf("%s: %v", c.name, err)
			}
		}
		if err := r.AttachSigned(ctx, &one.Entry, signed); err != nil {
			t.Fatal(err)
		}
		rows, _ := r.List(ctx, Filter{})
		if !rows[0].IsSigned() {
			t.Fatal("the row is not marked signed")
		}
		if got, err := r.SignedPDF(ctx, &rows[0]); err != nil || !bytes.Equal(got, signed) {
			t.Errorf("kept signed PDF: %v", err)
		}
		if err := r.AttachSigned(ctx, &rows[0], signed); err == nil || !strings.Contains(err.Error(), "already has a signed PDF") {
			t.Errorf("twice: %v", err)
		}
		c, err := r.Cancel(ctx, Ref{Agency: two.Agency, Year: two.Year, Number: two.Number, Code: two.Code}, "nhầm", time.Now())
		if err != nil {
			t.Fatal(err)
		}
		if err := r.AttachSigned(ctx, c, append(bytes.Clone(two.PDF), '\n')); err == nil || !strings.Contains(err.Error(), "cancelled") {
			t.Errorf("cancelled: %v", err)
		}
	})
}
