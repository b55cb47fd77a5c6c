package register

import (
	"bytes"
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

const agency = "ỦY BAN NHÂN DÂN HUYỆN HÒA AN"

func TestIssueGivesConsecutiveNumbers(t *testing.T) {
	forEach(t, func(t *testing.T, dsn string) {
		r := open(t, dsn)
		ctx := context.Background()
		now := clock(t, "2026-03-02T01:00:00Z")
		for i, want := range []string{"01/QĐ-UBND", "02/QĐ-UBND", "03/QĐ-UBND"} {
			d, err := r.Issue(ctx, input("qd", ""), IssueOptions{Now: now})
			if err != nil {
				t.Fatal(err)
			}
			if got := d.NumberCode(); got != want {
				t.Errorf("issue %d: number %s, want %s", i, got, want)
			}
			if d.PDFSHA256 != hash(d.PDF) || d.DOCXSHA256 != hash(d.DOCX) {
				t.Errorf("issue %d: the row's hashes are not the files'", i)
			}
		}
		rows, err := r.List(ctx, Filter{})
		if err != nil {
			t.Fatal(err)
		}
		if len(rows) != 3 {
			t.Fatalf("List: %d rows, want 3", len(rows))
		}
		e := rows[1]
		want := Entry{Agency: agency, Year: 2026, Series: DefaultSeries, Number: 2, Code: "QĐ-UBND",
			Date: time.Date(2026, 3, 2, 0, 0, 0, 0, time.UTC), Title: "QUYẾT ĐỊNH Về việc thành lập Tổ công tác",
			Signer: "Trịnh Trường Huy", Recipients: "Như Điều 3; Sở Nội vụ", Archive: "VT, NV", Copies: 4, Name: "qd"}
		if e.Agency != want.Agency || e.Year != want.Year || e.Series != want.Series || e.Number != want.Number ||
			e.Code != want.Code || !e.Date.Equal(want.Date) || e.Title != want.Title || e.Signer != want.Signer ||
			e.Recipients != want.Recipients || e.Archive != want.Archive || e.Copies != want.Copies || e.Name != want.Name {
			t.Errorf("row 2 =\n%+v\nwant\n%+v", e, want)
		}
		if !bytes.Equal(e.Input, input("qd", "").TOML) {
			t.Errorf("the stored input is not the input")
		}
		if !e.IssuedAt.Equal(now()) {
			t.Errorf("issued at %v, want %v", e.IssuedAt, now())
		}
	})
}

// The stored input, number and date render the very bytes that were issued.
func TestRenderAgainIsByteIdentical(t *testing.T) {
	forEach(t, func(t *testing.T, dsn string) {
		r := open(t, dsn)
		ctx := context.Background()
		d, err := r.Issue(ctx, input("qd", ""), IssueOptions{Date: time.Date(2026, 5, 7, 0, 0, 0, 0, time.UTC)})
		if err != nil {
			t.Fatal(err)
		}
		rows, err := r.List(ctx, Filter{Year: 2026})
		if err != nil || len(rows) != 1 {
			t.Fatalf("List: %d rows, %v", len(rows), err)
		}
		for format, want := range map[string]string{"pdf": d.PDFSHA256, "docx": d.DOCXSHA256} {
			b, err := Render(ctx, &rows[0], format)
			if err != nil {
				t.Fatal(err)
			}
			if hash(b) != want {
				t.Errorf("%s rendered again differs from the issued file", format)
			}
		}
		if !bytes.Contains(d.DOCX, []byte("PK")) || !bytes.HasPrefix(d.PDF, []byte("%PDF-")) {
			t.Errorf("the files are not a PDF and a DOCX")
		}
	})
}

func TestIssueDate(t *testing.T) {
	forEach(t, func(t *testing.T, dsn string) {
		r := open(t, dsn)
		ctx := context.Background()
		for _, c := range []struct {
			name, extra string
			date        time.Time
			want        string
		}{
			{"today in Vietnam", "", time.Time{}, "2026-03-03"}, // 2026-03-02T18:00Z is the 3rd in Hà Nội
			{"the input's date", "date = 2026-02-27\n", time.Time{}, "2026-02-27"},
			{"the option's date", "date = 2026-02-27\n", time.Date(2026, 3, 1, 0, 0, 0, 0, time.UTC), "2026-03-01"},
		} {
			d, err := r.Issue(ctx, input("qd", c.extra), IssueOptions{Date: c.date, Now: clock(t, "2026-03-02T18:00:00Z")})
			if err != nil {
				t.Fatal(err)
			}
			if got := d.Date.Format(time.DateOnly); got != c.want {
				t.Errorf("%s: date %s, want %s", c.name, got, c.want)
			}
		}
	})
}

// The series starts again at 01 at midnight on 31 December in Vietnam,
// which is 17:00 UTC.
func TestYearChangeStartsAtOne(t *testing.T) {
	forEach(t, func(t *testing.T, dsn string) {
		r := open(t, dsn)
		ctx := context.Background()
		for _, c := range []struct{ at, want, date string }{
			{"2026-12-31T16:59:58Z", "01/QĐ-UBND", "2026-12-31"},
			{"2026-12-31T16:59:59Z", "02/QĐ-UBND", "2026-12-31"},
			{"2026-12-31T17:00:00Z", "01/QĐ-UBND", "2027-01-01"},
			{"2026-12-31T17:00:01Z", "02/QĐ-UBND", "2027-01-01"},
		} {
			d, err := r.Issue(ctx, input("qd", ""), IssueOptions{Now: clock(t, c.at)})
			if err != nil {
				t.Fatal(err)
			}
			if d.NumberCode() != c.want || d.Date.Format(time.DateOnly) != c.date {
				t.Errorf("at %s: %s of %s, want %s of %s", c.at, d.NumberCode(), d.Date.Format(time.DateOnly), c.want, c.date)
			}
		}
		for year, want := range map[int]int{2026: 2, 2027: 2} {
			if n, err := r.Last(ctx, agency, year, DefaultSeries); err != nil || n != want {
				t.Errorf("Last(%d) = %d, %v; want %d", year, n, err, want)
			}
		}
	})
}

func TestSeriesAreSeparate(t *testing.T) {
	forEach(t, func(t *testing.T, dsn string) {
		r := open(t, dsn)
		ctx := context.Background()
		opts := IssueOptions{Now: clock(t, "2026-04-01T03:00:00Z")}
		issue := func(extra string) (*Issued, error) { return r.Issue(ctx, input("x", extra), opts) }
		if _, err := issue(""); err != nil {
			t.Fatal(err)
		}
		if _, err := issue(""); err != nil {
			t.Fatal(err)
		}
		d, err := issue("series = \"  Văn bản   mật \"\n")
		if err == nil {
			t.Fatalf("01/QĐ-UBND given in a second series: %s", d.NumberCode())
		}
		if !strings.Contains(err.Error(), "another series") {
			t.Errorf("error %q does not say the number and code are in another series", err)
		}
		if n, _ := r.Last(ctx, agency, 2026, "Văn bản mật"); n != 0 {
			t.Errorf("a failed issue moved the series on to %d", n)
		}
		in := input("nq", "series = \"Văn bản mật\"\n")
		in.TOML = bytes.Replace(in.TOML, []byte(`code = "QĐ-UBND"`), []byte(`code = "QĐ-UBND-M"`), 1)
		d, err = r.Issue(ctx, in, opts)
		if err != nil {
			t.Fatal(err)
		}
		if d.NumberCode() != "01/QĐ-UBND-M" || d.Series != "Văn bản mật" {
			t.Errorf("second series: %s in %q, want 01/QĐ-UBND-M in \"Văn bản mật\"", d.NumberCode(), d.Series)
		}
		if _, err := issue("series = \"\"\n"); err == nil || !strings.Contains(err.Error(), "series is empty") {
			t.Errorf("empty series: %v", err)
		}
	})
}

func TestIssueRefuses(t *testing.T) {
	forEach(t, func(t *testing.T, dsn string) {
		r := open(t, dsn)
		ctx := context.Background()
		_, err := r.Issue(ctx, input("qd", "number = 15\n"), IssueOptions{})
		var ne *NumberedError
		if !errors.As(err, &ne) || ne.Number != 15 || !strings.Contains(err.Error(), "already has a number") {
			t.Errorf("numbered input: %v", err)
		}
		if _, err := r.Issue(ctx, input("qd", "bogus = 1\n"), IssueOptions{}); err == nil || !strings.Contains(err.Error(), "bogus") {
			t.Errorf("bad input: %v", err)
		}
		if _, err := r.Issue(ctx, input("qd", "series = 5\n"), IssueOptions{}); err == nil || !strings.Contains(err.Error(), "series") {
			t.Errorf("a series that is not a string: %v", err)
		}
		if _, err := r.Issue(ctx, input("qd", "[series]\nx = 1\n"), IssueOptions{}); err == nil {
			t.Error("a series that is a table was accepted")
		}
		if rows, _ := r.List(ctx, Filter{}); len(rows) != 0 {
			t.Errorf("refused inputs left %d rows", len(rows))
		}
	})
}

func TestCancel(t *testing.T) {
	forEach(t, func(t *testing.T, dsn string) {
		r := open(t, dsn)
		ctx := context.Background()
		opts := IssueOptions{Now: clock(t, "2026-06-01T02:00:00Z")}
		for range 2 {
			if _, err := r.Issue(ctx, input("qd", ""), opts); err != nil {
				t.Fatal(err)
			}
		}
		ref, err := ParseRef("Số: 02/qđ-ubnd", "", 2026)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := r.Cancel(ctx, ref, "  ", opts.Now()); err == nil {
			t.Error("cancelled without a reason")
		}
		e, err := r.Cancel(ctx, ref, "Ghi nhầm   số", opts.Now())
		if err != nil {
			t.Fatal(err)
		}
		if e.Reason != "Ghi nhầm số" || !e.IsCancelled() {
			t.Errorf("cancelled row: %+v", e)
		}
		if _, err := r.Cancel(ctx, ref, "lần nữa", opts.Now()); err == nil || !strings.Contains(err.Error(), "already cancelled") {
			t.Errorf("cancelled twice: %v", err)
		}
		missing, _ := ParseRef("07/QĐ-UBND", agency, 2026)
		if _, err := r.Cancel(ctx, missing, "x", opts.Now()); !errors.Is(err, ErrNotFound) {
			t.Errorf("unknown number: %v", err)
		}
		d, err := r.Issue(ctx, input("qd", ""), opts)
		if err != nil {
			t.Fatal(err)
		}
		if d.Number != 3 {
			t.Errorf("after cancelling 02 the next number is %d, want 03: a number is never reused", d.Number)
		}
		rows, _ := r.List(ctx, Filter{})
		if len(rows) != 3 || !rows[1].IsCancelled() || rows[1].Remark() != "Đã thu hồi ngày 01/06/2026: Ghi nhầm số" {
			t.Errorf("register after cancel: %d rows, row 2 remark %q", len(rows), rows[1].Remark())
		}
	})
}

func TestParseRef(t *testing.T) {
	for _, c := range []struct {
		in   string
		want Ref
		bad  bool
	}{
		{in: "01/QĐ-UBND", want: Ref{Year: 2026, Number: 1, Code: "QĐ-UBND"}},
		{in: "Số: 15/pđ-ubnd", want: Ref{Year: 2026, Number: 15, Code: "PĐ-UBND"}},
		{in: "15", bad: true},
		{in: "x/QĐ", bad: true},
		{in: "0/QĐ", bad: true},
	} {
		got, err := ParseRef(c.in, "", 2026)
		if c.bad != (err != nil) || !c.bad && got != c.want {
			t.Errorf("ParseRef(%q) = %+v, %v", c.in, got, err)
		}
	}
}

// A failed save or commit gives no number: the series stays where it was
// and the files are gone.
func TestFailureGivesNoNumber(t *testing.T) {
	forEach(t, func(t *testing.T, dsn string) {
		r := open(t, dsn)
		dir := t.TempDir()
		now := clock(t, "2026-06-01T02:00:00Z")
		_, err := r.Issue(context.Background(), input("a", ""), IssueOptions{Now: now,
			Save: func(context.Context, *Issued) (func(), error) { return nil, errors.New("disk full") }})
		if err == nil || !strings.Contains(err.Error(), "disk full") {
			t.Fatalf("failing save: %v", err)
		}
		ctx, cancel := context.WithCancel(context.Background())
		save := SaveFiles(dir)
		_, err = r.Issue(ctx, input("b", ""), IssueOptions{Now: now,
			Save: func(ctx context.Context, d *Issued) (func(), error) {
				undo, err := save(ctx, d)
				cancel() // the commit that follows fails
				return undo, err
			}})
		if err == nil {
			t.Fatal("issue committed after its context was cancelled")
		}
		if left, _ := filepath.Glob(filepath.Join(dir, "*")); len(left) != 0 {
			t.Errorf("files left after a failed commit: %v", left)
		}
		d, err := r.Issue(context.Background(), input("c", ""), IssueOptions{Now: now, Save: SaveFiles(dir)})
		if err != nil {
			t.Fatal(err)
		}
		if d.Number != 1 {
			t.Errorf("after two failures the number is %d, want 01", d.Number)
		}
		for ext, sum := range map[string]string{".pdf": d.PDFSHA256, ".docx": d.DOCXSHA256} {
			b, err := os.ReadFile(filepath.Join(dir, "c"+ext))
			if err != nil || hash(b) != sum {
				t.Errorf("c%s: %v, or its hash is not the row's", ext, err)
			}
		}
		// Issuing the same name again never overwrites an issued file.
		if _, err := r.Issue(context.Background(), input("c", ""), IssueOptions{Now: now, Save: SaveFiles(dir)}); err == nil ||
			!strings.Contains(err.Error(), "already exists") {
			t.Errorf("second issue over c.pdf: %v", err)
		}
		if n, _ := r.Last(context.Background(), agency, 2026, DefaultSeries); n != 1 {
			t.Errorf("last number %d, want 1", n)
		}
	})
}

func TestOpenTwiceMigratesOnce(t *testing.T) {
	forEach(t, func(t *testing.T, dsn string) {
		open(t, dsn)
		r := open(t, dsn)
		v, err := r.SchemaVersion(context.Background())
		if err != nil || v != len(migrations) {
			t.Errorf("schema version %d, %v; want %d", v, err, len(migrations))
		}
	})
}

func TestSearch(t *testing.T) {
	forEach(t, func(t *testing.T, dsn string) {
		r := open(t, dsn)
		ctx := context.Background()
		if _, err := r.Issue(ctx, input("qd", ""), IssueOptions{}); err != nil {
			t.Fatal(err)
		}
		for q, want := range map[string]int{"to cong tac": 1, "TỔ CÔNG": 1, "khen thưởng": 0, "": 1} {
			rows, err := r.List(ctx, Filter{Search: q})
			if err != nil || len(rows) != want {
				t.Errorf("search %q: %d rows, %v; want %d", q, len(rows), err, want)
			}
		}
	})
}

// Next shows the number Issue would give; Expect makes Issue give exactly
// that one or nothing.
func TestNextAndExpect(t *testing.T) {
	forEach(t, func(t *testing.T, dsn string) {
		r := open(t, dsn)
		ctx := context.Background()
		opts := IssueOptions{Now: clock(t, "2026-06-01T02:00:00Z")}
		e, err := r.Next(ctx, input("qd", ""), opts)
		if err != nil || e.NumberCode() != "01/QĐ-UBND" || e.Date.Format(time.DateOnly) != "2026-06-01" {
			t.Fatalf("Next = %+v, %v", e, err)
		}
		if _, err := r.Issue(ctx, input("other", ""), opts); err != nil { // someone else is quicker
			t.Fatal(err)
		}
		opts.Expect = e.Number
		_, err = r.Issue(ctx, input("qd", ""), opts)
		var ce *ChangedError
		if !errors.As(err, &ce) || ce.Next != 2 {
			t.Fatalf("Issue expecting 01 after 01 was taken: %v", err)
		}
		opts.Expect = 2
		if d, err := r.Issue(ctx, input("qd", ""), opts); err != nil || d.Number != 2 {
			t.Fatalf("Issue expecting 02: %v", err)
		}
		if _, err := r.Next(ctx, input("qd", "number = 3\n"), opts); err == nil {
			t.Error("Next accepted a numbered input")
		}
	})
}

// A register written by a newer vanban is not touched by an older one.
func TestOpenRefusesANewerSchema(t *testing.T) {
	forEach(t, func(t *testing.T, dsn string) {
		r := open(t, dsn)
		if _, err := r.db.Exec(r.q(`INSERT INTO schema_migrations (version, applied_at) VALUES (?, ?)`), len(migrations)+1, "2030-01-01T00:00:00Z"); err != nil {
			t.Fatal(err)
		}
		if _, err := Open(context.Background(), dsn); err == nil || !strings.Contains(err.Error(), "newer than this program knows") {
			t.Errorf("Open of a newer schema: %v", err)
		}
	})
}
