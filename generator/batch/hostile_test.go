package batch

import (
	"strings"
	"testing"
)

// Issue 14, item 1: batch data in TOML is checked for nesting before it
// is decoded.
func TestReadTOMLDeep(t *testing.T) {
	f := form(t)
	in := "[[rows]]\ndon_vi = " + strings.Repeat("[", 10000) + "1" + strings.Repeat("]", 10000) + "\n"
	_, err := ReadTOML("dv.toml", []byte(in), f.Template)
	if err == nil || !strings.HasPrefix(err.Error(), "dv.toml:2:") || !strings.Contains(err.Error(), "nested deeper") {
		t.Errorf("got %v", err)
	}
}
