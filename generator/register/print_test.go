package register

import (
	"bytes"
	"context"
	"encoding/csv"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// issued fills a register with n numbers in January 2026 and cancels 02.
func issued(t *testing.T, dsn string, n int) *Register {
	t.Helper()
	r := open(t, dsn)
	r.render = stubRender // printing reads the rows, not the files
	ctx := context.Background()
	for i := range n {
		extra := ""
		if i%3 == 1 {
			extra = "drafter = \"PL.(120)\"\n"
		}
		if _, err := r.Issue(ctx, input(fmt.Sprintf("qd-%02d", i+1), extra),
			IssueOptions{Date: time.Date(2026, 1, 5+i%20, 0, 0, 0, 0, time.UTC), Now: clock(t, "2026-01-30T03:00:00Z")}); err != nil {
			t.Fatal(err)
		}
	}
	ref, _ := ParseRef("02/QĐ-UBND", "", 2026)
	if _, err := r.Cancel(ctx, ref, "Sai thẩm quyền ký", time.Date(2026, 2, 1, 2, 0, 0, 0, time.UTC)); err != nil {
		t.Fatal(err)
	}
	return r
}

func TestWriteText(t *testing.T) {
	r := issued(t, filepath.Join(t.TempDir(), "r.db"), 3)
	rows, _ := r.List(context.Background(), Filter{})
	var b bytes.Buffer
	if err := WriteText(&b, rows); err != nil {
		t.Fatal(err)
	}
	want := `SỔ ĐĂNG KÝ VĂN BẢN ĐI: ỦY BAN NHÂN DÂN HUYỆN HÒA AN, năm 2026, Văn bản hành chính
Số, ký hiệu  Ngày        Tên loại và trích yếu                     Người ký          Nơi nhận               Bản lưu  Số bản  Ghi chú
01/QĐ-UBND   05/01/2026  QUYẾT ĐỊNH Về việc thành lập Tổ công tác  Trịnh Trường Huy  Như Điều 3; Sở Nội vụ  VT, NV   4       
02/QĐ-UBND   06/01/2026  QUYẾT ĐỊNH Về việc thành lập Tổ công tác  Trịnh Trường Huy  Như Điều 3; Sở Nội vụ  VT, NV   120     Đã thu hồi ngày 01/02/2026: Sai thẩm quyền ký
03/QĐ-UBND   07/01/2026  QUYẾT ĐỊNH Về việc thành lập Tổ công tác  Trịnh Trường Huy  Như Điều 3; Sở Nội vụ  VT, NV   4       
`
	if b.String() != want {
		t.Errorf("WriteText =\n%s\nwant\n%s", b.String(), want)
	}
}

func TestWriteCSV(t *testing.T) {
	r := issued(t, filepath.Join(t.TempDir(), "r.db"), 2)
	rows, _ := r.List(context.Background(), Filter{})
	var b bytes.Buffer
	if err := WriteCSV(&b, rows); err != nil {
		t.Fatal(err)
	}
	recs, err := csv.NewReader(&b).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	if len(recs) != 3 || len(recs[0]) != 13 || recs[0][3] != "Số, ký hiệu văn bản" || recs[2][3] != "02/QĐ-UBND" ||
		!strings.HasPrefix(recs[2][12], "Đã thu hồi") {
		t.Errorf("CSV = %q", recs)
	}
}

// The printed register: a cover and numbered pages of ten columns. Set
// VANBAN_REGISTER_PDF to a path to keep the PDF and look at it.
func TestWritePDF(t *testing.T) {
	r := issued(t, filepath.Join(t.TempDir(), "r.db"), 40)
	rows, _ := r.List(context.Background(), Filter{})
	var a, b bytes.Buffer
	if err := WritePDF(&a, rows); err != nil {
		t.Fatal(err)
	}
	if err := WritePDF(&b, rows); err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(a.Bytes(), b.Bytes()) {
		t.Error("the same register printed twice differs")
	}
	pdf := a.String()
	if !strings.HasPrefix(pdf, "%PDF-1.4") {
		t.Errorf("not a PDF 1.4: %.10q", pdf)
	}
	// 40 rows of two or three lines do not fit one landscape page.
	if pages := strings.Count(pdf, "/Type /Page\n"); pages < 3 {
		t.Errorf("%d pages, want the cover and at least two pages of rows", pages)
	}
	if p := os.Getenv("VANBAN_REGISTER_PDF"); p != "" {
		os.WriteFile(p, a.Bytes(), 0o644)
	}
	var empty bytes.Buffer
	if err := WritePDF(&empty, nil); err != nil || empty.Len() == 0 {
		t.Errorf("empty register: %v", err)
	}
}

func TestExportImport(t *testing.T) {
	forEach(t, func(t *testing.T, dsn string) {
		ctx := context.Background()
		r := issued(t, dsn, 5)
		var backup bytes.Buffer
		if err := r.Export(ctx, &backup); err != nil {
			t.Fatal(err)
		}
		before, _ := r.List(ctx, Filter{})
		r2 := open(t, filepath.Join(t.TempDir(), "restored.db"))
		n, err := r2.Import(ctx, bytes.NewReader(backup.Bytes()))
		if err != nil || n != 5 {
			t.Fatalf("Import: %d rows, %v", n, err)
		}
		after, _ := r2.List(ctx, Filter{})
		var x, y bytes.Buffer
		WriteCSV(&x, before)
		WriteCSV(&y, after)
		if x.String() != y.String() || !bytes.Equal(before[3].Input, after[3].Input) || before[3].PDFSHA256 != after[3].PDFSHA256 ||
			!before[3].IssuedAt.Equal(after[3].IssuedAt) || !after[1].Cancelled.Equal(before[1].Cancelled) {
			t.Errorf("restored register differs:\n%s\nwant\n%s", y.String(), x.String())
		}
		if _, err := r2.Import(ctx, bytes.NewReader(backup.Bytes())); err == nil || !strings.Contains(err.Error(), "already in the register") {
			t.Errorf("importing twice: %v", err)
		}
		if rows, _ := r2.List(ctx, Filter{}); len(rows) != 5 {
			t.Errorf("a failed import left %d rows, want 5", len(rows))
		}
		d, err := r2.Issue(ctx, input("next", ""), IssueOptions{Date: time.Date(2026, 2, 2, 0, 0, 0, 0, time.UTC)})
		if err != nil || d.Number != 6 {
			t.Errorf("after import the next number is %v (%v), want 06", d, err)
		}
		if _, err := r2.Import(ctx, strings.NewReader("a,b\n1,2\n")); err == nil || !strings.Contains(err.Error(), "not a register backup") {
			t.Errorf("importing a stranger CSV: %v", err)
		}
	})
}
