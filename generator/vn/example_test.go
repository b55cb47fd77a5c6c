package vn_test

import (
	"fmt"
	"time"

	"github.com/vanban/vanban/generator/vn"
)

func ExampleDateLine() {
	d := time.Date(2021, time.February, 5, 0, 0, 0, 0, time.UTC)
	fmt.Println(vn.DateLine("Hòa An", d))
	d = time.Date(2019, time.June, 29, 0, 0, 0, 0, time.UTC)
	fmt.Println(vn.DateLine("Hà Nội", d))
	fmt.Println(vn.DraftDateLine("Hòa An", 2021))
	// Output:
	// Hòa An, ngày 05 tháng 02 năm 2021
	// Hà Nội, ngày 29 tháng 6 năm 2019
	// Hòa An, ngày     tháng     năm 2021
}

func ExampleNumberLine() {
	code, err := vn.Code("pđ-ubnd")
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(vn.NumberLine(15, code))
	fmt.Println(vn.NumberLine(5, code))
	fmt.Println(vn.NumberLine(0, code)) // a draft without a number yet
	// Output:
	// Số: 15/PĐ-UBND
	// Số: 05/PĐ-UBND
	// Số:      /PĐ-UBND
}
