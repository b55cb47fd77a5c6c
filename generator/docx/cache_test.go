package docx

import (
	"bytes"
	"testing"

	"github.com/vanban/vanban/generator/document"
	"github.com/vanban/vanban/generator/layout"
)

// A Cache changes no byte: documents with other footers and body sizes,
// written through one Cache, twice, are what Write gives, and the Cache
// keeps each filled part once.
func TestCacheGivesTheSameBytes(t *testing.T) {
	a, b, c := testDoc(), testDoc(), testDoc()
	b.Footer = "Số 2, phố khác"
	c.Page.Size = 13
	cache := NewCache()
	for pass := range 2 {
		for i, d := range []*document.Document{a, b, c} {
			f, err := layout.Build(d)
			if err != nil {
				t.Fatal(err)
			}
			var got bytes.Buffer
			if err := cache.Write(&got, d, f); err != nil {
				t.Fatal(err)
			}
			if !bytes.Equal(got.Bytes(), write(t, d)) {
				t.Errorf("pass %d, document %d: the Cache's DOCX differs from Write's", pass, i)
			}
		}
	}
	// Two filled parts (the page-number header and the first-page
	// footer) per document; the other two are the same for all three.
	if n := len(cache.parts); n < 3 || n > 8 {
		t.Errorf("the Cache holds %d parts", n)
	}
}
