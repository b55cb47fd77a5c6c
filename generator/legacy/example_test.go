package legacy_test

import (
	"encoding/csv"
	"fmt"
	"strings"

	"github.com/vanban/vanban/generator/legacy"
)

func ExampleDecode() {
	// The same TCVN3 cell as raw bytes, and as a program that read it as
	// Windows-1252 saved it.
	fmt.Println(legacy.Decode(legacy.TCVN3, []byte("U\xFB ban nh\xA9n d\xA9n x\xB7 H\xDFa An")))
	fmt.Println(legacy.Decode(legacy.TCVN3, []byte("Uû ban nh©n d©n x· Hßa An")))
	fmt.Println(legacy.Decode(legacy.VNI, []byte("UÛy ban nhaân daân xaõ Hoøa An")))
	// Output:
	// Uỷ ban nhân dân xã Hòa An <nil>
	// Uỷ ban nhân dân xã Hòa An <nil>
	// Ủy ban nhân dân xã Hòa An <nil>
}

func ExampleLooks() {
	for _, s := range []string{
		"Uû ban nh©n d©n x· Hßa An",
		"UÛy ban nhaân daân xaõ Hoøa An",
		"Uỷ ban nhân dân xã Hòa An",
		"Café",
	} {
		fmt.Println(legacy.Looks(s))
	}
	// Output:
	// tcvn3 true
	// vni true
	// utf-8 false
	// utf-8 false
}

func Example_csv() {
	file := []byte("STT,Hä vµ tªn\n1,NguyÔn V¨n A\n") // TCVN3, read as Windows-1252
	enc := legacy.UTF8
	if e, ok := legacy.Looks(string(file)); ok {
		enc = e
	}
	text, err := legacy.Decode(enc, file)
	if err != nil {
		fmt.Println(err)
		return
	}
	records, err := csv.NewReader(strings.NewReader(text)).ReadAll()
	fmt.Println(records, err)
	// Output:
	// [[STT Họ và tên] [1 Nguyễn Văn A]] <nil>
}
