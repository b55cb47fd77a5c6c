// Test of the vanban fork's untypedKeyMap.put (see FORK.md).

package fpdf

import (
	"math/rand/v2"
	"slices"
	"testing"
)

// putUpstream is upstream's put for a nil key: try n = 0, 1, 2, ... until
// n is not a key.
func putUpstream(pa *untypedKeyMap, value int) {
	for n := 0; ; n++ {
		if pa.getIndex(n) < 0 {
			pa.keySet = append(pa.keySet, n)
			pa.valueSet = append(pa.valueSet, value)
			return
		}
	}
}

// put with a nil key picks the key upstream's put picks, whatever mix of
// int keys, string keys, deletions and pops came before.
func TestPutNilKeyAsUpstream(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	for range 200 {
		var got, want untypedKeyMap
		for step := range 300 {
			switch op := r.IntN(10); {
			case op < 6:
				got.put(nil, step)
				putUpstream(&want, step)
			case op < 7:
				got.put("interval", step)
				want.put("interval", step)
			case op < 9 && len(got.keySet) > 0:
				k := got.keySet[r.IntN(len(got.keySet))]
				got.delete(k)
				want.delete(k)
			case len(got.keySet) > 0:
				got.pop()
				want.pop()
			}
			if !slices.Equal(got.keySet, want.keySet) || !slices.Equal(got.valueSet, want.valueSet) {
				t.Fatalf("step %d: keys %v values %v, want %v %v", step, got.keySet, got.valueSet, want.keySet, want.valueSet)
			}
		}
	}
}
