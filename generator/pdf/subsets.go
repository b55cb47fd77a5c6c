package pdf

import (
	"container/list"
	"slices"
	"sync"
	"unicode"

	"github.com/vanban/vanban/fonts"
	"github.com/vanban/vanban/generator/internal/fpdf"
)

// A document embeds each face it uses cut to the letters it uses, widened
// to whole tone families (see widen), so that the documents of a batch,
// which differ in names, mostly need the same few subsets. A cut costs
// about as much as the rest of a document; subsets keeps the ones made.

// maxSubsets bounds the cache: a subset is some 10–30 KB, so the cache
// holds at most a few MB.
const maxSubsets = 256

// subsets is the process's cache of font subsets. It is shared mutable
// state, but it changes no output: a subset depends only on its face and
// its runes, so a document is the same bytes whether its subsets were cut
// for it or found here.
var subsets = newSubsetCache(maxSubsets)

// toneFamilies are the Vietnamese vowels by letter, each with its five
// tone marks: a document that uses one of them gets all six.
var toneFamilies = func() map[rune]string {
	m := map[rune]string{}
	for _, fam := range []string{
		"aàáảãạ", "ăằắẳẵặ", "âầấẩẫậ", "eèéẻẽẹ", "êềếểễệ", "iìíỉĩị",
		"oòóỏõọ", "ôồốổỗộ", "ơờớởỡợ", "uùúủũụ", "ưừứửữự", "yỳýỷỹỵ",
		"0123456789",
	} {
		for _, f := range []string{fam, string(mapRunes(fam, unicode.ToUpper))} {
			for _, r := range f {
				m[r] = f
			}
		}
	}
	return m
}()

func mapRunes(s string, f func(rune) rune) []rune {
	out := []rune(s)
	for i, r := range out {
		out[i] = f(r)
	}
	return out
}

// widen returns the runes with the rest of their tone families (and all
// ten digits if any) and the space, sorted, without repeats. Names differ between the
// documents of a batch mostly in their tones, so widened sets repeat where
// exact ones would not; each family costs a few hundred bytes.
func widen(runes []rune) []rune {
	// The space is always there: a justified run is drawn with spaces
	// of its own between its words.
	out := append(slices.Clone(runes), ' ')
	for _, r := range runes {
		for _, f := range toneFamilies[r] {
			out = append(out, f)
		}
	}
	slices.Sort(out)
	return slices.Compact(out)
}

type subsetKey struct {
	style fonts.Style
	runes string // sorted, without repeats
}

type subsetEntry struct {
	key subsetKey
	sub *fpdf.Subset
}

// subsetCache holds the max subsets most recently used. It is safe for
// concurrent use.
type subsetCache struct {
	mu      sync.Mutex
	max     int
	entries map[subsetKey]*list.Element // of *subsetEntry
	order   list.List                   // most recently used first
}

func newSubsetCache(max int) *subsetCache {
	return &subsetCache{max: max, entries: map[subsetKey]*list.Element{}}
}

// get returns the face of style cut to runes (sorted, without repeats),
// cutting it if the cache does not hold it. Two goroutines missing the
// same subset at once both cut it; the results are equal.
func (c *subsetCache) get(style fonts.Style, face *fpdf.UTF8Font, runes []rune) (*fpdf.Subset, error) {
	key := subsetKey{style, string(runes)}
	c.mu.Lock()
	if e, ok := c.entries[key]; ok {
		c.order.MoveToFront(e)
		c.mu.Unlock()
		return e.Value.(*subsetEntry).sub, nil
	}
	c.mu.Unlock()
	sub, err := face.Subset(runes)
	if err != nil {
		return nil, err
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if e, ok := c.entries[key]; ok {
		c.order.MoveToFront(e)
		return e.Value.(*subsetEntry).sub, nil
	}
	c.entries[key] = c.order.PushFront(&subsetEntry{key, sub})
	if c.order.Len() > c.max {
		last := c.order.Back()
		c.order.Remove(last)
		delete(c.entries, last.Value.(*subsetEntry).key)
	}
	return sub, nil
}

// len returns the number of subsets held.
func (c *subsetCache) len() int {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.order.Len()
}
