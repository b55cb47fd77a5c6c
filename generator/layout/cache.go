package layout

import (
	"encoding/binary"
	"math"
	"sync"

	"github.com/vanban/vanban/fonts"
	"github.com/vanban/vanban/generator/markup"
)

// Lines keeps the lines of paragraphs already set, so that documents that
// share paragraphs, such as the rows of a batch, which differ in a few
// names, set each of them once. How a paragraph is set depends only on its
// text and styles, its font size, its column, its indent and its
// alignment, so a document is the same whether its lines were set for it
// or found here.
//
// A Lines is safe for concurrent use. It holds at most the number of
// paragraphs it was made for, and starts afresh when full. The lines it
// gives are shared between documents: nothing may change them.
type Lines struct {
	mu  sync.Mutex
	max int
	set map[string][][]Run
}

// NewLines returns a Lines that holds at most size paragraphs (at least
// one).
func NewLines(size int) *Lines {
	return &Lines{max: max(size, 1), set: map[string][][]Run{}}
}

// lines returns setLines of its arguments, from the cache when it holds
// them. A nil Lines sets them every time.
func (c *Lines) lines(spans []markup.Span, base fonts.Style, size, left, width, indent float64, align Align) [][]Run {
	if c == nil {
		return setLines(spans, base, size, left, width, indent, align)
	}
	key := lineKey(spans, base, size, left, width, indent, align)
	c.mu.Lock()
	ls, ok := c.set[string(key)]
	c.mu.Unlock()
	if ok {
		return ls
	}
	ls = setLines(spans, base, size, left, width, indent, align)
	c.mu.Lock()
	defer c.mu.Unlock()
	if len(c.set) >= c.max {
		clear(c.set)
	}
	c.set[string(key)] = ls
	return ls
}

// lineKey is every argument of setLines, as bytes: each text with its
// length before it, so that no two lists of spans give the same key.
func lineKey(spans []markup.Span, base fonts.Style, size, left, width, indent float64, align Align) []byte {
	n := 34
	for _, sp := range spans {
		n += len(sp.Text) + 11
	}
	key := make([]byte, 0, n)
	key = append(key, byte(base), byte(align))
	for _, f := range []float64{size, left, width, indent} {
		key = binary.LittleEndian.AppendUint64(key, math.Float64bits(f))
	}
	for _, sp := range spans {
		key = append(key, byte(sp.Style))
		key = binary.AppendUvarint(key, uint64(len(sp.Text)))
		key = append(key, sp.Text...)
	}
	return key
}
