package legacy

import (
	"strings"
	"testing"
)

// Issue 14, item 7: Unicode text given as a legacy encoding is noticed.
func TestMisread(t *testing.T) {
	for _, c := range []struct {
		e           Encoding
		s           string
		off         int
		sure, found bool
	}{
		{TCVN3, "STT,don_vi\n1,Xã Hòa An\n", 13, false, true},
		{VNI, "Xã Hòa An", 4, false, true},
		{TCVN3, "1,Phường Ba Đình", 2, true, true},
		{VNI, "Nguye\u0302\u0303n", 0, true, true},
		{TCVN3, "Uû ban nh©n d©n x· Hßa An", 0, false, false},
		{VNI, "UÛy ban nhaân daân xaõ Hoøa An", 0, false, false},
		{TCVN3, "don_vi,chu_tich\nXa A,Nguyen Van A\n", 0, false, false},
		{UTF8, "Phường Ba Đình", 0, false, false},
	} {
		off, sure, found := Misread(c.e, c.s)
		if off != c.off || sure != c.sure || found != c.found {
			t.Errorf("Misread(%v, %q) = %d %v %v, want %d %v %v", c.e, c.s, off, sure, found, c.off, c.sure, c.found)
		}
	}
}

// Every ward's name in Unicode is noticed under either legacy encoding;
// the same names typed in TCVN3 or VNI, read as Windows-1252, are not.
func TestMisreadNames(t *testing.T) {
	_, full := unitNames(t)
	unicode := strings.Join(full, "\n")
	for _, e := range []Encoding{TCVN3, VNI} {
		if _, sure, found := Misread(e, unicode); !sure || !found {
			t.Errorf("%v: Unicode names not noticed", e)
		}
		var legacy []string
		for _, name := range full {
			var b []byte
			if e == TCVN3 {
				b = encodeTCVN3(t, name)
			} else {
				b = encodeVNI(t, name)
			}
			legacy = append(legacy, mojibake(t, b))
		}
		if off, _, found := Misread(e, strings.Join(legacy, "\n")); found {
			t.Errorf("%v: legacy names taken for Unicode at byte %d", e, off)
		}
	}
}
