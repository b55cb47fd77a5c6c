package tomlpos_test

import (
	"fmt"

	"github.com/vanban/vanban/generator/tomlpos"
)

func Example() {
	src := []byte(`title = "Báo cáo"
[page]
margins = { top = 20, bottom = 500 }
`)
	ix := tomlpos.Scan(src)

	// A value out of range: point at the value.
	if p, ok := ix.Value("page", "margins", "bottom"); ok {
		fmt.Printf("doc.toml:%d:%d: page.margins.bottom: 500 is out of range\n", p.Line, p.Col)
	}

	// A missing key: point at the table that should hold it.
	p, n := ix.Nearest("page", "size")
	fmt.Printf("doc.toml:%v: page.size is missing (prefix of %d parts found)\n", p, n)

	// Output:
	// doc.toml:3:32: page.margins.bottom: 500 is out of range
	// doc.toml:2:2: page.size is missing (prefix of 1 parts found)
}

func ExampleIndex_Value() {
	src := []byte(`recipients = [
  "Sở Nội vụ",  # comment
  "UBND huyện",
]
`)
	ix := tomlpos.Scan(src)
	p, ok := ix.Value("recipients", "1")
	fmt.Println(p, ok)
	// Output:
	// 3:3 true
}
