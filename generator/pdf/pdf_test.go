package pdf_test

import (
	"bytes"
	"context"
	"strings"
	"testing"

	"github.com/vanban/vanban/generator"
)

// A document embeds the faces its runs are set in and no others.
func TestEmbedsOnlyUsedFaces(t *testing.T) {
	const doc = `type = "phát động thi đua"
summary = "Đợt thi đua đặc biệt"
number = 5
code = "pđ-ubnd"
date = 2021-02-05
place = "Hòa An"
body = "Đoạn thứ nhất."
%s

[issuer]
parent = "ubnd tỉnh cao bằng"
name = "Ủy ban nhân dân huyện Hòa An"

[signer]
position = "chủ tịch"
name = "TRỊNH TRƯỜNG HUY"
`
	for _, recipients := range []string{``, "archive = \"VT, NV\"", "recipients = [\"Sở Nội vụ;\"]\narchive = \"VT\""} {
		d, err := generator.Parse([]byte(strings.Replace(doc, "%s", recipients, 1)))
		if err != nil {
			t.Fatal(err)
		}
		pages, err := generator.Pages(context.Background(), d)
		if err != nil {
			t.Fatal(err)
		}
		styles := map[string]bool{}
		for _, p := range pages {
			for _, l := range p.Lines {
				for _, r := range l.Runs {
					styles[r.Style.String()] = true
				}
			}
		}
		var b bytes.Buffer
		if err := generator.WritePDF(&b, d); err != nil {
			t.Fatal(err)
		}
		if n := bytes.Count(b.Bytes(), []byte("/FontFile2")); n != len(styles) {
			t.Errorf("%q: %d faces embedded, %d used (%v)", recipients, n, len(styles), styles)
		}
	}
}
