package markup_test

import (
	"fmt"
	"strings"

	"github.com/vanban/vanban/generator/markup"
)

// show prints spans with their styles marked as in the markup.
func show(spans []markup.Span) string {
	var b strings.Builder
	for _, s := range spans {
		mark := ""
		if s.Style&markup.Italic != 0 {
			mark += "*"
		}
		if s.Style&markup.Bold != 0 {
			mark += "**"
		}
		b.WriteString(mark + s.Text + mark)
	}
	return b.String()
}

func Example() {
	body := `quyết định:

Chương I
Quy định chung

Điều 1. Ban hành kèm theo Quyết định này
*Quy chế thi đua, khen thưởng*.

I. MỤC ĐÍCH, YÊU CẦU

1. Phát huy sức mạnh đại đoàn kết; 5 * 3 = 15.`

	kinds := []string{"Paragraph", "Heading", "Centered", "Title"}
	for _, blk := range markup.Parse(body) {
		fmt.Printf("%d %-9s %s\n", blk.Line, kinds[blk.Kind], show(blk.Spans))
	}
	// Output:
	// 1 Centered  **QUYẾT ĐỊNH:**
	// 3 Centered  **Chương I**
	// 4 Title     **QUY ĐỊNH CHUNG**
	// 6 Paragraph **Điều 1.** Ban hành kèm theo Quyết định này *Quy chế thi đua, khen thưởng*.
	// 9 Heading   **I. MỤC ĐÍCH, YÊU CẦU**
	// 11 Paragraph 1. Phát huy sức mạnh đại đoàn kết; 5 * 3 = 15.
}

func ExampleInline() {
	for _, s := range markup.Inline(`chủ đề “*Phát huy sức mạnh*”, **đậm *và nghiêng***, \*`) {
		fmt.Printf("%d %q\n", s.Style, s.Text)
	}
	// Output:
	// 0 "chủ đề “"
	// 2 "Phát huy sức mạnh"
	// 0 "”, "
	// 1 "đậm "
	// 3 "và nghiêng"
	// 0 ", *"
}

func ExampleText() {
	fmt.Println(markup.Text(markup.Inline("Điều 1. **Phạm vi** *điều chỉnh*")))
	// Output: Điều 1. Phạm vi điều chỉnh
}
