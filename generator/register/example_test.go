package register_test

import (
	"context"
	"fmt"
	"log"
	"os"
	"path/filepath"
	"time"

	"github.com/vanban/vanban/generator/register"
)

const decision = `
type = "Quyết định"
summary = "Về việc thành lập Tổ công tác"
code = "QĐ-UBND"
place = "Hòa An"
body = "Thành lập Tổ công tác./."
recipients = ["Như Điều 3", "Sở Nội vụ"]
archive = "VT, NV"
[issuer]
name = "Ủy ban nhân dân huyện Hòa An"
[signer]
position = "Chủ tịch"
name = "Trịnh Trường Huy"
`

// A register in a SQLite file gives a decision its number and date; the
// files carry both.
func Example() {
	dir, err := os.MkdirTemp("", "register")
	if err != nil {
		log.Fatal(err)
	}
	defer os.RemoveAll(dir)
	ctx := context.Background()
	r, err := register.Open(ctx, filepath.Join(dir, "vanban.db")) // or "postgres://..."
	if err != nil {
		log.Fatal(err)
	}
	defer r.Close()
	for range 2 {
		d, err := r.Issue(ctx, register.Input{Name: "to-cong-tac.toml", TOML: []byte(decision)}, register.IssueOptions{
			Date: time.Date(2026, 2, 5, 0, 0, 0, 0, time.UTC),
		})
		if err != nil {
			log.Fatal(err)
		}
		fmt.Println("Số:", d.NumberCode(), "ngày", d.Date.Format("02/01/2006"), len(d.PDF) > 0, len(d.DOCX) > 0)
	}
	// Output:
	// Số: 01/QĐ-UBND ngày 05/02/2026 true true
	// Số: 02/QĐ-UBND ngày 05/02/2026 true true
}

// List reads the register; Cancel marks a number given in error, which
// stays in the register and is never given again.
func ExampleRegister_Cancel() {
	dir, err := os.MkdirTemp("", "register")
	if err != nil {
		log.Fatal(err)
	}
	defer os.RemoveAll(dir)
	ctx := context.Background()
	r, err := register.Open(ctx, filepath.Join(dir, "vanban.db"))
	if err != nil {
		log.Fatal(err)
	}
	defer r.Close()
	opts := register.IssueOptions{Date: time.Date(2026, 2, 5, 0, 0, 0, 0, time.UTC)}
	for range 2 {
		if _, err := r.Issue(ctx, register.Input{Name: "qd.toml", TOML: []byte(decision)}, opts); err != nil {
			log.Fatal(err)
		}
	}
	ref, err := register.ParseRef("01/QĐ-UBND", "", 2026)
	if err != nil {
		log.Fatal(err)
	}
	if _, err := r.Cancel(ctx, ref, "Ký nhầm thẩm quyền", time.Date(2026, 2, 6, 3, 0, 0, 0, time.UTC)); err != nil {
		log.Fatal(err)
	}
	entries, err := r.List(ctx, register.Filter{Year: 2026})
	if err != nil {
		log.Fatal(err)
	}
	for _, e := range entries {
		fmt.Println(e.NumberCode(), e.Title, "|", e.Remark())
	}
	// Output:
	// 01/QĐ-UBND QUYẾT ĐỊNH Về việc thành lập Tổ công tác | Đã thu hồi ngày 06/02/2026: Ký nhầm thẩm quyền
	// 02/QĐ-UBND QUYẾT ĐỊNH Về việc thành lập Tổ công tác |
}
