package tomlpos

import (
	"strings"
	"testing"

	"github.com/BurntSushi/toml"
)

func TestNesting(t *testing.T) {
	for _, c := range []struct {
		src  string
		max  int
		want Pos // zero: within max
	}{
		{"a = 1\n[page.margins]\ntop = 20\n", 3, Pos{}},
		{"a = [[1, 2], [3]]\n", 2, Pos{}},
		{"a = [[[1]]]\n", 2, Pos{1, 7}},
		{"a = {b = {c = {d = 1}}}\n", 2, Pos{1, 15}},
		{"a.b.c = 1\n", 1, Pos{1, 4}}, // two tables, a and b
		{"[a.b]\nc.d = 1\n", 2, Pos{2, 2}},
		{"[[rows]]\nx = [\"a\", \"b\"]\n", 3, Pos{}},
		{"[[rows]]\nx = [[\"a\"]]\n", 3, Pos{2, 6}},
		{"x = 1.5\ny = 1979-05-27T07:32:00.999\n", 1, Pos{}},
		// Inside strings and comments, nothing counts.
		{"a = \"[[[{.{.{\"\nb = '[[[['\n# [[[[[\n", 1, Pos{}},
		{"a = \"\"\"\n[[[\n\\\"\"\"[[[\"\"\"\nb = '''\n{{{{'''\n", 1, Pos{}},
		{"a = \"\\\"[[[\"\n", 1, Pos{}},
		{"é = 1\nxyz = \"ứ\" ; [[[\n", 2, Pos{2, 15}},
		{"\ufeffa = [[[1]]]\n", 2, Pos{1, 7}},
	} {
		got, deep := Nesting([]byte(c.src), c.max)
		if deep != (c.want != Pos{}) || got != c.want {
			t.Errorf("%q, max %d: got %v %v, want %v", c.src, c.max, got, deep, c.want)
		}
	}
}

// Issue 14, item 1: the check is linear, whatever the input.
func TestNestingLinear(t *testing.T) {
	src := []byte(strings.Repeat("{", 1<<20))
	if p, deep := Nesting(src, 32); !deep || p != (Pos{1, 33}) {
		t.Errorf("got %v %v", p, deep)
	}
	if _, deep := Nesting([]byte(strings.Repeat("a = \"[[[[\"\n", 1<<16)), 1); deep {
		t.Error("strings counted")
	}
}

// depth is how deeply a decoded value nests tables and arrays.
func depth(v any) int {
	d := 0
	switch x := v.(type) {
	case map[string]any:
		for _, e := range x {
			d = max(d, 1+depth(e))
		}
	case []map[string]any:
		for _, e := range x {
			d = max(d, 1+depth(e))
		}
		d = max(d, 1)
	case []any:
		for _, e := range x {
			d = max(d, 1+depth(e))
		}
		d = max(d, 1)
	}
	return d
}

// FuzzNesting checks that Nesting never lets through a document that
// decodes deeper than it allows.
func FuzzNesting(f *testing.F) {
	for _, s := range []string{"a = [[1]]\n", "[a.b]\nc.d = {e = [1]}\n", "[[a.b]]\nx = 1\n", "a = \"[[[\"\nb = '''{{'''\n",
		"x = {a = {b = {c = 1}}}\n", "a.\"b.c\".d = 1\n", "# [[[\nx = [ # [\n [1], ]\n"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, src string) {
		const limit = 4
		pos, deep := Nesting([]byte(src), limit)
		if deep {
			if pos.Line < 1 || pos.Col < 1 {
				t.Errorf("deep at %v", pos)
			}
			return
		}
		var m map[string]any
		if _, err := toml.Decode(src, &m); err != nil {
			return
		}
		if d := depth(m) - 1; d > limit { // the document's own table is no level
			t.Errorf("decodes %d deep, but Nesting let it through at most %d", d, limit)
		}
	})
}
