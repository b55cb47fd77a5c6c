package template

import (
	"fmt"
	"slices"
	"sort"
	"strconv"
	"strings"

	"github.com/vanban/vanban/generator/internal/suggest"
)

// Filled is a template filled with values: the document as decoded TOML,
// ready for the document parser, and a record of which fields made each key.
type Filled struct {
	Doc    map[string]any
	origin map[string][]string // dotted path → fields used in it
}

// Fields returns the fields whose values went into the key at path, or into
// the nearest enclosing key that has any: a problem found there is a problem
// with those values.
func (f *Filled) Fields(path []string) []string {
	for n := len(path); n > 0; n-- {
		if fs, ok := f.origin[strings.Join(path[:n], ".")]; ok {
			return fs
		}
	}
	return nil
}

// Expand fills the template with values, which must have been read by each
// field's Parse. A field without a value takes its default; a required field
// with neither is a problem. Values are inserted as data: nothing in them is
// read as a placeholder, and in the body their markup characters print as
// typed, except in multiline values.
func (t *Template) Expand(values map[string]Value) (*Filled, []*Problem) {
	vals := t.withDefaults(values)
	var probs []*Problem
	for _, f := range t.Fields {
		if vals[f.Name].IsZero() && f.Required {
			probs = append(probs, &Problem{Field: f.Name, Msg: fmt.Sprintf("a value for %q (%s) is required", f.Name, f.Label),
				MsgVI: fmt.Sprintf("phải điền %q (%s)", f.Label, f.Name)})
		}
	}
	var unknown []string
	for name := range values {
		if _, ok := t.Field(name); !ok {
			unknown = append(unknown, name)
		}
	}
	sort.Strings(unknown)
	for _, name := range unknown {
		msg := fmt.Sprintf("template %q has no field %q", t.Name, name)
		msgVI := fmt.Sprintf("mẫu %q không có trường %q", t.Name, name)
		hint, hintVI := suggest.Hint(name, t.FieldNames())
		msg, msgVI = msg+hint, msgVI+hintVI
		probs = append(probs, &Problem{Field: name, Msg: msg, MsgVI: msgVI})
	}
	if len(probs) > 0 {
		return nil, probs
	}
	e := &expander{vals: vals, origin: map[string][]string{}}
	doc, _ := e.value(t.doc, nil)
	return &Filled{Doc: doc.(map[string]any), origin: e.origin}, nil
}

type expander struct {
	vals   map[string]Value
	origin map[string][]string
}

// value expands v at path; ok is false when v is a lone placeholder whose
// value is empty, so that its key is left out.
func (e *expander) value(v any, path []string) (any, bool) {
	switch x := v.(type) {
	case *text:
		return e.text(x, path)
	case map[string]any:
		out := make(map[string]any, len(x))
		for k, sub := range x {
			if ev, ok := e.value(sub, append(slices.Clip(path), k)); ok {
				out[k] = ev
			}
		}
		return out, true
	case []any:
		out := make([]any, 0, len(x))
		for _, sub := range x {
			if tx, ok := sub.(*text); ok {
				if p, ok := tx.single(); ok && e.vals[p.field].Kind == Lines {
					e.note(path, p.field)
					_, lines := apply(e.vals[p.field], p.helpers)
					for _, l := range lines {
						out = append(out, l)
					}
					continue
				}
			}
			if ev, ok := e.value(sub, append(slices.Clip(path), fmt.Sprint(len(out)))); ok {
				out = append(out, ev)
			}
		}
		return out, true
	}
	return v, true
}

// text expands one string. A lone placeholder keeps its value's type.
func (e *expander) text(t *text, path []string) (any, bool) {
	if p, ok := t.single(); ok {
		v := e.vals[p.field]
		e.note(path, p.field)
		if v.IsZero() {
			return nil, false
		}
		switch {
		case v.Kind == Lines && !inBody(path):
			_, lines := apply(v, p.helpers)
			out := make([]any, len(lines))
			for i, l := range lines {
				out[i] = l
			}
			return out, true
		case len(p.helpers) == 0 && (v.Kind == Number || v.Kind == Date):
			return v.Raw(), true
		case finalKind(v.Kind, p.helpers) == Number:
			s, _ := apply(v, p.helpers)
			n, _ := strconv.Atoi(s)
			return int64(n), true
		}
	}
	body := inBody(path)
	var b strings.Builder
	for _, p := range t.parts {
		if p.field == "" {
			b.WriteString(p.lit)
			continue
		}
		e.note(path, p.field)
		v := e.vals[p.field]
		s, lines := apply(v, p.helpers)
		switch {
		case body && v.Kind == Multiline:
		case body && v.Kind == Lines:
			for i := range lines {
				lines[i] = escape(lines[i])
			}
			s = strings.Join(lines, "\n\n")
		case body:
			s = escape(s)
		}
		b.WriteString(s)
	}
	return b.String(), true
}

// finalKind is the kind a value of kind k has after the helpers.
func finalKind(k Kind, helpers []string) Kind {
	for _, h := range helpers {
		k, _ = helperKind(h, k)
	}
	return k
}

func inBody(path []string) bool { return len(path) > 0 && path[0] == "body" }

// note records that field went into the key at path.
func (e *expander) note(path []string, field string) {
	k := strings.Join(path, ".")
	if !slices.Contains(e.origin[k], field) {
		e.origin[k] = append(e.origin[k], field)
	}
}

// escape makes s print as typed in the body markup.
var escaper = strings.NewReplacer(`\`, `\\`, `*`, `\*`, `#`, `\#`)

func escape(s string) string { return escaper.Replace(s) }

// NamePattern is a compiled file name pattern: placeholders of the
// template's fields and {{row}}, the row number.
type NamePattern struct {
	t  *Template
	tx *text // nil for no pattern
}

// NamePattern compiles pattern, or the template's file_name when pattern is
// empty.
func (t *Template) NamePattern(pattern string) (*NamePattern, error) {
	if pattern == "" {
		return &NamePattern{t: t, tx: t.fileName}, nil
	}
	var probs []*Problem
	tx := t.compileText(pattern, nil, map[string]bool{}, &probs, true)
	if len(probs) > 0 {
		return nil, probs[0]
	}
	return &NamePattern{t: t, tx: tx}, nil
}

// Name fills the pattern with values and the row number. The result is not
// yet safe as a file name: see package batch.
func (np *NamePattern) Name(values map[string]Value, row string) string {
	if np.tx == nil {
		return ""
	}
	vals := np.t.withDefaults(values)
	vals["row"] = Value{Kind: Text, Text: row, set: row != ""}
	var b strings.Builder
	for _, p := range np.tx.parts {
		if p.field == "" {
			b.WriteString(p.lit)
			continue
		}
		s, _ := apply(vals[p.field], p.helpers)
		b.WriteString(strings.ReplaceAll(s, "\n", " "))
	}
	return b.String()
}

// withDefaults returns the value of every field: the one given, else its
// default, each of the field's kind.
func (t *Template) withDefaults(values map[string]Value) map[string]Value {
	vals := make(map[string]Value, len(t.Fields)+1)
	for _, f := range t.Fields {
		v := values[f.Name]
		if v.IsZero() {
			v = f.Default
		}
		v.Kind = f.Kind
		vals[f.Name] = v
	}
	return vals
}
