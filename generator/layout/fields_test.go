package layout

import (
	"context"
	"math"
	"strings"
	"testing"
)

// Box 7c stands between the last position line and the name, on the
// signature's axis; box 8 is a seal's size over its left third; both are
// on the page of the name, whatever the body's length.
func TestSignatureFields(t *testing.T) {
	for _, n := range []int{1, 20, 45} {
		d := testDoc(strings.Repeat("Đoạn văn bản thử nghiệm cho đủ dài để sang trang.\n\n", n))
		pages, err := Compose(context.Background(), d)
		if err != nil {
			t.Fatal(err)
		}
		var found int
		for pi, p := range pages {
			if len(p.Fields) == 0 {
				continue
			}
			found++
			var auth, name Line
			for _, l := range p.Lines {
				switch l.Role {
				case Authority:
					auth = l
				case SignerName:
					name = l
				}
			}
			if name.Runs == nil {
				t.Fatalf("n=%d: fields on page %d, which has no signer's name", n, pi+1)
			}
			sig, seal := p.Fields[0], p.Fields[1]
			if sig.Name != SignerField || seal.Name != AgencyField {
				t.Fatalf("fields %q, %q", sig.Name, seal.Name)
			}
			if sig.Y < auth.Y || sig.Y+sig.H > name.Y-name.Size*PtToMM+1e-9 {
				t.Errorf("n=%d: box 7c %.1f–%.1f mm is not between the position line (%.1f) and the name (%.1f)",
					n, sig.Y, sig.Y+sig.H, auth.Y, name.Y)
			}
			if sig.H < 20 {
				t.Errorf("n=%d: box 7c is %.1f mm tall, less than the room the Decree keeps", n, sig.H)
			}
			_, _, rx, rw := New(d.Page).SignatureColumns()
			if math.Abs(sig.X+sig.W/2-(rx+rw/2)) > 1e-9 {
				t.Errorf("n=%d: box 7c is not on the signature's axis", n)
			}
			if seal.W != SealDiameter || math.Abs(seal.X+seal.W-(sig.X+sig.W/3)) > 1e-9 ||
				math.Abs(seal.Y+seal.H/2-(sig.Y+sig.H/2)) > 1e-9 {
				t.Errorf("n=%d: box 8 %+v does not cover the left third of box 7c %+v", n, seal.Box, sig.Box)
			}
		}
		if found != 1 {
			t.Errorf("n=%d: fields on %d pages, want 1", n, found)
		}
	}
}
