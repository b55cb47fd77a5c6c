// Test of the vanban fork's zlib writer pool (see FORK.md).

package fpdf

import (
	"bytes"
	"compress/zlib"
	"testing"

	"github.com/vanban/vanban/fonts"
)

// A pooled, reset zlib writer compresses exactly as a new one does.
func TestCompressWithReusedWriter(t *testing.T) {
	inputs := [][]byte{
		fonts.PDF(fonts.Bold),
		make([]byte, 256*256*2),
		[]byte("BT /F1 12.00 Tf ET"),
		fonts.PDF(fonts.Regular)[:1000],
		fonts.TTF(fonts.Italic),
	}
	for round := range 3 {
		for i, in := range inputs {
			var want bytes.Buffer
			zw, _ := zlib.NewWriterLevel(&want, zlib.BestSpeed)
			zw.Write(in)
			zw.Close()
			mem := xmem.compress(in)
			if !bytes.Equal(mem.bytes(), want.Bytes()) {
				t.Errorf("round %d, input %d: compressed bytes differ from a new writer's", round, i)
			}
			mem.release()
		}
	}
}
