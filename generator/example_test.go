package generator_test

import (
	"bytes"
	"fmt"
	"log"
	"os"
	"strings"

	"github.com/vanban/vanban/generator"
)

func ExampleParse() {
	doc, err := generator.Parse([]byte(`
type = "phát động thi đua"
summary = "Đợt thi đua đặc biệt"
number = 5
code = "pđ-ubnd"
date = 2021-02-05
place = "Hòa An"
body = "Thi đua thực hiện tốt cuộc bầu cử./."
recipients = ["Sở Nội vụ"]
archive = "VT, NV"
[issuer]
name = "Ủy ban nhân dân huyện Hòa An"
[signer]
position = "Chủ tịch"
name = "Trịnh Trường Huy"
`))
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(doc.Issuer.Name)
	fmt.Println(doc.NumberLine())
	fmt.Println(doc.DateLine())
	fmt.Println(doc.Type)
	fmt.Println(doc.RecipientLines())
	// Output:
	// ỦY BAN NHÂN DÂN HUYỆN HÒA AN
	// Số: 05/PĐ-UBND
	// Hòa An, ngày 05 tháng 02 năm 2021
	// PHÁT ĐỘNG THI ĐUA
	// [- Sở Nội vụ; - Lưu: VT, NV.]
}

func ExampleParse_errors() {
	_, err := generator.ParseNamed("vb.toml", []byte("type = \"Kế hoạch\"\ncode = \"PĐ-UBND\"\nplace = \"Hòa An\"\nbody = \"x\"\n[issuer]\nname = \"UBND\"\n[signer]\npositon = \"CHỦ TỊCH\"\nname = \"A\"\n[page]\nsize = 16\n"))
	if errs, ok := err.(generator.Errors); ok {
		for _, e := range errs {
			fmt.Println(e.Vietnamese())
		}
	}
	// Output:
	// vb.toml:8:1: signer.positon: khóa "positon" không có trong mẫu (có phải "position"?); các khóa được dùng: authority, position, name
	// vb.toml:11:8: page.size: 16 pt nằm ngoài khoảng Nghị định 30 cho phép (13–14 pt)
}

func ExampleWritePDF() {
	doc, err := generator.ParseFile("../samples/cao-bang-2021.toml")
	if err != nil {
		log.Fatal(err)
	}
	var pdf bytes.Buffer
	if err := generator.WritePDF(&pdf, doc); err != nil {
		log.Fatal(err)
	}
	fmt.Println(string(pdf.Bytes()[:8]))
	// Output: %PDF-1.4
}

func ExampleWriteDOCX() {
	doc, err := generator.ParseFile("../samples/cong-van.toml")
	if err != nil {
		log.Fatal(err)
	}
	f, err := os.CreateTemp("", "cong-van-*.docx")
	if err != nil {
		log.Fatal(err)
	}
	defer os.Remove(f.Name())
	if err := generator.WriteDOCX(f, doc); err != nil {
		log.Fatal(err)
	}
	f.Close()
	fmt.Println("written")
	// Output: written
}

// A built-in template filled from Go: the values a web form or a
// spreadsheet row gives, by field name.
func ExampleForm_Fill() {
	form, err := generator.OpenForm("thong-bao")
	if err != nil {
		log.Fatal(err)
	}
	for _, f := range form.Template.Fields[:3] {
		fmt.Printf("%s (%s): %s\n", f.Name, f.Kind, f.Label)
	}
	doc, err := form.Fill(map[string]any{
		"don_vi":    "Xã Hòa An",
		"so":        7,
		"ngay":      "05/03/2026",
		"trich_yeu": "Lịch tiếp công dân tháng 3 năm 2026",
		"noi_dung":  "Chủ tịch Ủy ban nhân dân xã tiếp công dân vào thứ Năm hằng tuần.",
		"nguoi_ky":  "Nguyễn Văn A",
	})
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(strings.ReplaceAll(doc.Issuer.Name, "\n", " / "))
	fmt.Println(doc.NumberLine())
	fmt.Println(doc.DateLine())
	// A bad value is named by its field.
	_, err = form.Fill(map[string]any{"don_vi": "Xã Hòa An", "trich_yeu": "X", "noi_dung": "Y", "nguoi_ky": "A", "ngay": "30/02/2026"})
	fmt.Println(err)
	// Output:
	// don_vi (text): Tên đơn vị
	// so (number): Số văn bản
	// ngay (date): Ngày ban hành
	// ỦY BAN NHÂN DÂN / XÃ HÒA AN
	// Số: 07/TB-UBND
	// Hòa An, ngày 05 tháng 3 năm 2026
	// ngay: "30/02/2026" is not a date that exists; write it as 15/03/2026 or 2026-03-15
}
