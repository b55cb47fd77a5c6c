package sign

import (
	"bytes"
	"math/rand"
	"regexp"
	"strconv"
	"testing"
)

// Verify reads any bytes without panicking, and in bounded time and
// memory: a file from anyone may be handed to it.
func FuzzVerify(f *testing.F) {
	// Small seeds only: the fuzzer minimizes every new interesting
	// input, which for a 100 KB PDF takes minutes. Whole signed files
	// are mutated by TestVerifyMutations instead.
	f.Add([]byte("%PDF-1.4\n1 0 obj <</Type /Catalog /AcroForm <</Fields [2 0 R]>>>> endobj\n" +
		"2 0 obj <</FT /Sig /T (signer) /V <</ByteRange [0 1 2 3] /Contents <3082>>>>> endobj\n" +
		"xref\n0 3\n0000000000 65535 f \n0000000009 00000 n \n0000000079 00000 n \ntrailer <</Root 1 0 R /Size 3>>\nstartxref\n178\n%%EOF\n"))
	f.Add([]byte("%PDF-1.5\n1 0 obj <</Type /XRef /W [1 2 1] /Size 2 /Filter /FlateDecode /DecodeParms <</Predictor 12 /Columns 4>> /Length 3>>stream\nabc\nendstream endobj\nstartxref\n9\n%%EOF"))
	f.Fuzz(func(t *testing.T, b []byte) {
		sigs, err := Verify(b)
		if err != nil {
			return
		}
		for _, s := range sigs {
			if s.Intact && s.Revision > len(b) {
				t.Fatalf("a signature over %d bytes of a %d-byte file is intact", s.Revision, len(b))
			}
		}
	})
}

// The object parser writes back what it reads.
func FuzzObject(f *testing.F) {
	for _, s := range []string{"<</A [1 2.5 (x\\)y) <414243> /N#20a true null 3 0 R]>>", "(\\101\\n)", "[[[]]]", "<</Length 3>>stream\nabc\nendstream"} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		p := &parser{b: b}
		v, err := p.value()
		if err != nil {
			return
		}
		var out bytes.Buffer
		writeObject(&out, v)
		q := &parser{b: out.Bytes()}
		w, err := q.value()
		if err != nil {
			t.Fatalf("%q was read as %v, written as %q, which does not read back: %v", b, v, out.Bytes(), err)
		}
		var again bytes.Buffer
		writeObject(&again, w)
		if !bytes.Equal(out.Bytes(), again.Bytes()) {
			t.Fatalf("%q: written %q, then %q", b, out.Bytes(), again.Bytes())
		}
	})
}

// Changing any byte the last signature covers breaks it; changing bytes
// anywhere never makes Verify fail to return.
func TestVerifyMutations(t *testing.T) {
	p := newPeople(t)
	in := signTwice(t, p, unsigned(t, "cong-van"))
	all := regexp.MustCompile(`/ByteRange \[0 (\d+) (\d+) (\d+)`).FindAllSubmatch(in, -1)
	last := all[len(all)-1]
	gapFrom, _ := strconv.Atoi(string(last[1]))
	gapTo, _ := strconv.Atoi(string(last[2]))
	r := rand.New(rand.NewSource(1))
	n := 2000
	if testing.Short() {
		n = 200
	}
	for i := 0; i < n; i++ {
		b := bytes.Clone(in)
		covered := false
		for k := 0; k < 1+r.Intn(8); k++ {
			at := r.Intn(len(b))
			c := byte(r.Intn(256))
			if c == b[at] {
				continue
			}
			b[at] = c
			covered = covered || at < gapFrom || at >= gapTo
		}
		sigs, err := Verify(b)
		if err != nil || !covered {
			continue
		}
		for _, s := range sigs {
			if s.Field == "agency" && s.Intact {
				t.Fatalf("mutation %d changed bytes the agency's signature covers, and it is still intact", i)
			}
		}
	}
}
