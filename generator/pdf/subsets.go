package pdf

import (
	"container/list"
	"slices"
	"strings"
	"sync"

	"github.com/vanban/vanban/fonts"
	"github.com/vanban/vanban/generator/internal/fpdf"
)

// A document embeds each face it uses cut to the letters it uses, widened
// to whole families of letters (see widen), so that the documents of a batch,
// which differ in names, mostly need the same few subsets. A cut costs
// about as much as the rest of a document; subsets keeps the ones made.

// maxSubsets bounds the cache Write uses: a subset is some 10–30 KB, so
// it holds at most a few MB.
const maxSubsets = 256

// subsets is the cache Write uses, one per process. It is shared mutable
// state, but it changes no output: a subset depends only on its face and
// its runes, so a document is the same bytes whether its subsets were cut
// for it or found here.
var subsets = NewCache(maxSubsets)

// families are the groups of letters a document gets whole if it uses one
// of them: the Vietnamese vowels by letter, each with its five tone marks;
// the unaccented capitals; the digits. familyOf gives the families of a
// rune (a letter may be in two) as indexes into families.
var families, familyOf = func() ([][]rune, map[rune][]int) {
	var fams [][]rune
	of := map[rune][]int{}
	add := func(fam string) {
		for _, r := range fam {
			of[r] = append(of[r], len(fams))
		}
		fams = append(fams, []rune(fam))
	}
	for _, fam := range []string{
		"aàáảãạ", "ăằắẳẵặ", "âầấẩẫậ", "eèéẻẽẹ", "êềếểễệ", "iìíỉĩị",
		"oòóỏõọ", "ôồốổỗộ", "ơờớởỡợ", "uùúủũụ", "ưừứửữự", "yỳýỷỹỵ",
	} {
		add(fam)
		add(strings.ToUpper(fam))
	}
	add("ABCDEFGHIJKLMNOPQRSTUVWXYZ")
	add("0123456789")
	return fams, of
}()

// widen returns the runes (sorted, without repeats) with the rest of their
// families (see families) and the space, sorted, without repeats. The
// documents of a batch differ in names, so their exact sets of letters
// seldom repeat; widened, they do. For the 3,321 documents of
// samples/batch, exact sets would need 2,612 subsets (a cut costs about
// 2 ms) and 48 KB of fonts a document; these families need 93 subsets and
// 62 KB. With the unaccented small letters as a family too they would need
// 71 subsets but 69 KB; with the tone families alone, 509 and 54 KB.
func widen(runes []rune) []rune {
	// The space is always there: a justified run is drawn with spaces
	// of its own between its words.
	out := append(make([]rune, 0, 2*len(runes)+1), ' ')
	out = append(out, runes...)
	done := make([]bool, len(families))
	for _, r := range runes {
		for _, i := range familyOf[r] {
			if !done[i] {
				done[i] = true
				out = append(out, families[i]...)
			}
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
	key  subsetKey
	done chan struct{} // closed once sub and err are set
	sub  *fpdf.Subset
	err  error
}

// Cache keeps the font subsets documents embed, so that documents with the
// same letters share them rather than each cutting its own: cutting and
// compressing a face costs about as much as the rest of a document. It
// holds the subsets most recently used, up to a bound. A Cache is safe for
// concurrent use, and what it holds changes no document's bytes.
type Cache struct {
	mu      sync.Mutex
	max     int
	entries map[subsetKey]*list.Element // of *subsetEntry
	order   list.List                   // most recently used first
}

// NewCache returns a cache that holds at most size subsets (at least one).
func NewCache(size int) *Cache {
	return &Cache{max: max(size, 1), entries: map[subsetKey]*list.Element{}}
}

// Len returns the number of subsets the cache holds.
func (c *Cache) Len() int {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.order.Len()
}

// get returns the face of style cut to runes (sorted, without repeats),
// cutting it if the cache does not hold it. A goroutine that asks for a
// subset another is cutting waits for it: the documents a batch starts
// with, at once, need the same ones. A failed cut is not kept.
func (c *Cache) get(style fonts.Style, face *fpdf.UTF8Font, runes []rune) (*fpdf.Subset, error) {
	key := subsetKey{style, string(runes)}
	c.mu.Lock()
	if el, ok := c.entries[key]; ok {
		c.order.MoveToFront(el)
		c.mu.Unlock()
		e := el.Value.(*subsetEntry)
		<-e.done
		return e.sub, e.err
	}
	e := &subsetEntry{key: key, done: make(chan struct{})}
	c.entries[key] = c.order.PushFront(e)
	if c.order.Len() > c.max {
		last := c.order.Back()
		c.order.Remove(last)
		delete(c.entries, last.Value.(*subsetEntry).key)
	}
	c.mu.Unlock()
	e.sub, e.err = face.Subset(runes)
	close(e.done)
	if e.err != nil {
		c.mu.Lock()
		if el, ok := c.entries[key]; ok && el.Value == e {
			c.order.Remove(el)
			delete(c.entries, key)
		}
		c.mu.Unlock()
	}
	return e.sub, e.err
}
