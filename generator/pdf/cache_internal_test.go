package pdf

import (
	"sync"
	"testing"

	"github.com/vanban/vanban/fonts"
)

// Goroutines that ask at once for a subset the cache lacks all get the
// same one, and the cache keeps it once; a cut that fails is not kept.
func TestCacheSharesACut(t *testing.T) {
	parsed, err := faces()
	if err != nil {
		t.Fatal(err)
	}
	c := NewCache(8)
	runes := widen([]rune("Hòa An"))
	var wg sync.WaitGroup
	got := make([]any, 8)
	for i := range got {
		wg.Go(func() {
			sub, err := c.get(fonts.Regular, parsed[fonts.Regular], runes)
			if err != nil {
				t.Error(err)
			}
			got[i] = sub
		})
	}
	wg.Wait()
	for i := range got {
		if got[i] != got[0] {
			t.Fatalf("goroutine %d got another subset", i)
		}
	}
	if _, err := c.get(fonts.Regular, parsed[fonts.Regular], []rune{'a', '\u4e00'}); err == nil {
		t.Error("a subset with a rune the face lacks: no error")
	}
	if n := c.Len(); n != 1 {
		t.Errorf("the cache holds %d subsets, want 1", n)
	}
}
