package layout

import (
	"reflect"
	"testing"

	"github.com/vanban/vanban/fonts"
	"github.com/vanban/vanban/generator/markup"
)

// Lines gives what setLines gives, whether it sets the lines or finds
// them, and keeps apart arguments that differ in anything.
func TestLines(t *testing.T) {
	type args struct {
		spans                     []markup.Span
		base                      fonts.Style
		size, left, width, indent float64
		align                     Align
	}
	a := args{plain(para), fonts.Regular, 14, 30, 165, 12.7, Justify}
	cases := []args{a}
	for _, change := range []func(*args){
		func(x *args) { x.base = fonts.Bold },
		func(x *args) { x.size = 13 },
		func(x *args) { x.left = 31 },
		func(x *args) { x.width = 120 },
		func(x *args) { x.indent = 0 },
		func(x *args) { x.align = Center },
		func(x *args) { x.spans = plain(para[:60]) },
		// The same text cut into spans otherwise, or in other styles.
		func(x *args) {
			x.spans = []markup.Span{{Text: para[:40]}, {Text: para[40:], Style: markup.Bold}}
		},
		func(x *args) {
			x.spans = []markup.Span{{Text: para[:41]}, {Text: para[41:], Style: markup.Bold}}
		},
	} {
		b := a
		change(&b)
		cases = append(cases, b)
	}
	c := NewLines(100)
	for pass := range 2 {
		for i, x := range cases {
			want := setLines(x.spans, x.base, x.size, x.left, x.width, x.indent, x.align)
			got := c.lines(x.spans, x.base, x.size, x.left, x.width, x.indent, x.align)
			if !reflect.DeepEqual(got, want) {
				t.Errorf("pass %d, case %d: the cached lines differ from setLines'", pass, i)
			}
		}
	}
	if len(c.set) != len(cases) {
		t.Errorf("%d paragraphs kept, want %d", len(c.set), len(cases))
	}
	small := NewLines(2)
	for _, x := range cases {
		small.lines(x.spans, x.base, x.size, x.left, x.width, x.indent, x.align)
		if len(small.set) > 2 {
			t.Fatalf("a Lines of 2 holds %d", len(small.set))
		}
	}
	var none *Lines
	if got := none.lines(a.spans, a.base, a.size, a.left, a.width, a.indent, a.align); len(got) < 3 {
		t.Errorf("nil Lines: %d lines", len(got))
	}
}
