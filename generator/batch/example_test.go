package batch_test

import (
	"archive/zip"
	"bytes"
	"context"
	"fmt"
	"log"
	"os"

	"github.com/vanban/vanban/generator"
	"github.com/vanban/vanban/generator/batch"
	"github.com/vanban/vanban/generator/legacy"
)

// A batch from a CSV file: one invitation per row, with a bad row among
// good ones, and progress reported as rows finish.
func ExampleRun() {
	form, err := generator.OpenForm("testdata/thu-moi.toml")
	if err != nil {
		log.Fatal(err)
	}
	csv := "Tên đơn vị,chu_tich,so\nXã Hòa An,Nguyễn Văn A,1\nPhường Ba Đình,,2\n"
	data, err := batch.ReadCSV("don-vi.csv", []byte(csv), form.Template, legacy.UTF8)
	if err != nil {
		log.Fatal(err)
	}
	dir, _ := os.MkdirTemp("", "vanban")
	defer os.RemoveAll(dir)
	report, err := batch.Run(context.Background(), form, data, batch.Options{
		Dir:      dir,
		Jobs:     1,
		Progress: func(done, total int) { fmt.Printf("%d/%d\n", done, total) },
	})
	if err != nil {
		log.Fatal(err)
	}
	for _, r := range report.Results {
		fmt.Println(r.Row, r.Status, len(r.Files), r.Err)
	}
	// Output:
	// 1/2
	// 2/2
	// 1 ok 2 <nil>
	// 2 error 0 don-vi.csv:3:16: chu_tich: a value for "chu_tich" (Chủ tịch) is required
}

// A batch streamed as a zip, as a web server sends it, with nothing on
// disk: the documents in row order, the manifest last, and the manifest's
// messages in Vietnamese.
func ExampleNewZip() {
	form, err := generator.OpenForm("testdata/thu-moi.toml")
	if err != nil {
		log.Fatal(err)
	}
	csv := "Tên đơn vị,chu_tich,so\nXã Hòa An,Nguyễn Văn A,1\nPhường Ba Đình,,2\nXã Bạch Đằng,Trần Thị B,3\n"
	data, err := batch.ReadCSV("don-vi.csv", []byte(csv), form.Template, legacy.UTF8)
	if err != nil {
		log.Fatal(err)
	}
	var buf bytes.Buffer // an http.ResponseWriter, say
	z := batch.NewZip(&buf)
	report, err := batch.Run(context.Background(), form, data, batch.Options{Sink: z, Formats: []string{"pdf"}, Vietnamese: true})
	if err == nil {
		err = z.Close()
	}
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(report.Failed, "failed; manifest:", report.Manifest)
	zr, err := zip.NewReader(bytes.NewReader(buf.Bytes()), int64(buf.Len()))
	if err != nil {
		log.Fatal(err)
	}
	method := map[uint16]string{zip.Store: "stored", zip.Deflate: "deflated"}
	for _, f := range zr.File {
		fmt.Println(f.Name, method[f.Method])
	}
	// Output:
	// 1 failed; manifest: manifest.csv
	// 1-Xa-Hoa-An.pdf stored
	// 3-Xa-Bach-Dang.pdf stored
	// manifest.csv deflated
}
