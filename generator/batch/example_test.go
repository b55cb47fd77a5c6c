package batch_test

import (
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
