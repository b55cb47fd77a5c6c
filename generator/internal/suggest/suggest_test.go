package suggest

import "testing"

func TestClosest(t *testing.T) {
	opts := []string{"summary", "signer", "issuer", "don_vi"}
	for _, c := range []struct{ word, want string }{
		{"sumary", "summary"},
		{"SUMMARY", "summary"},
		{"isuer", "issuer"},
		{"don_vj", "don_vi"},
		{"donvi", "don_vi"},
		{"xyz", ""},
		{"sig", "signer"},
		{"su", ""},
		{"", ""},
	} {
		if got := Closest(c.word, opts); got != c.want {
			t.Errorf("Closest(%q) = %q, want %q", c.word, got, c.want)
		}
	}
}
