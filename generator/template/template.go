package template

import (
	"errors"
	"fmt"
	"github.com/vanban/vanban/generator/problem"
	"regexp"
	"slices"
	"sort"
	"strings"

	"github.com/vanban/vanban/generator/internal/suggest"
)

// Kind is the kind of a field's value.
type Kind string

// The kinds of field.
const (
	Text      Kind = "text"
	Multiline Kind = "multiline"
	Date      Kind = "date"
	Number    Kind = "number"
	Lines     Kind = "lines"
)

// Kinds lists every kind, in the order the documentation gives them.
var Kinds = []Kind{Text, Multiline, Date, Number, Lines}

// Field declares one value a template asks for.
type Field struct {
	Name     string // the placeholder's name and the CSV column
	Label    string // the form's Vietnamese label
	Help     string // a short help text
	Kind     Kind
	Required bool
	Default  Value // used when no value is given; may be empty
	Example  Value // a realistic value, for starting files and forms
}

// Template is a document with placeholders and the fields that fill them.
// It is not modified after New, so one Template may fill documents in many
// goroutines at once.
type Template struct {
	Name        string // the built-in name or the file's name
	Title       string
	Description string
	FileName    string // pattern for a batch's file names; may be empty
	Fields      []Field

	doc      map[string]any // document keys; strings are *text
	fileName *text
}

// Problem is something wrong with a template or with a value: a
// problem.Error whose Key is the document key concerned ("issuer.name",
// "fields.2.kind", "body") and Field the field; either may be empty. The
// caller knows where they were written and places the problem.
type Problem = problem.Error

var fieldName = regexp.MustCompile(`^[a-z][a-z0-9_]*$`)

// New makes a template from its description, fields and document. The
// document is the decoded TOML of the template file without its [template]
// and [[fields]] tables; its strings may hold placeholders. New reports
// every problem it finds: malformed or unknown placeholders, helpers that do
// not apply to a field's kind, fields declared twice or never used.
func New(name, title, description, fileName string, fields []Field, doc map[string]any) (*Template, []*Problem) {
	t := &Template{Name: name, Title: title, Description: description, FileName: fileName, Fields: fields}
	var probs []*Problem
	seen := map[string]bool{}
	for i, f := range fields {
		path := []string{"fields", fmt.Sprint(i), "name"}
		switch {
		case !fieldName.MatchString(f.Name):
			probs = append(probs, &Problem{Key: strings.Join(path, "."), Msg: fmt.Sprintf("field name %q must be lower-case ASCII letters, digits and _, starting with a letter", f.Name),
				MsgVI: fmt.Sprintf("tên trường %q chỉ được gồm chữ thường không dấu, chữ số và dấu _, bắt đầu bằng chữ", f.Name)})
		case f.Name == "row":
			probs = append(probs, &Problem{Key: strings.Join(path, "."), Msg: `"row" is reserved for the row number of a batch`,
				MsgVI: `tên "row" dành cho số thứ tự dòng khi tạo hàng loạt`})
		case seen[f.Name]:
			probs = append(probs, &Problem{Key: strings.Join(path, "."), Msg: fmt.Sprintf("field %q is declared twice", f.Name),
				MsgVI: fmt.Sprintf("trường %q được khai báo hai lần", f.Name)})
		}
		seen[f.Name] = true
		if !slices.Contains(Kinds, f.Kind) {
			probs = append(probs, &Problem{Key: "fields." + fmt.Sprint(i) + ".kind",
				Msg:   fmt.Sprintf("kind %q is not one of %s", f.Kind, kindList()),
				MsgVI: fmt.Sprintf("loại %q không phải một trong %s", f.Kind, kindList())})
		}
	}
	used := map[string]bool{}
	t.doc = compile(doc, nil, t, used, &probs).(map[string]any)
	if fileName != "" {
		t.fileName = t.compileText(fileName, []string{"template", "file_name"}, used, &probs, true)
	}
	for i, f := range fields {
		if !used[f.Name] && fieldName.MatchString(f.Name) {
			probs = append(probs, &Problem{Key: "fields." + fmt.Sprint(i) + ".name", Field: "",
				Msg:   fmt.Sprintf("field %q is never used: no placeholder {{%s}}", f.Name, f.Name),
				MsgVI: fmt.Sprintf("trường %q không được dùng: không có chỗ nào ghi {{%s}}", f.Name, f.Name)})
		}
	}
	return t, probs
}

func kindList() string {
	s := make([]string, len(Kinds))
	for i, k := range Kinds {
		s[i] = string(k)
	}
	return strings.Join(s, ", ")
}

// Field returns the field called name.
func (t *Template) Field(name string) (Field, bool) {
	for _, f := range t.Fields {
		if f.Name == name {
			return f, true
		}
	}
	return Field{}, false
}

// compile turns every string of a decoded TOML value into a *text.
func compile(v any, path []string, t *Template, used map[string]bool, probs *[]*Problem) any {
	switch x := v.(type) {
	case string:
		return t.compileText(x, path, used, probs, false)
	case map[string]any:
		out := make(map[string]any, len(x))
		keys := make([]string, 0, len(x))
		for k := range x {
			keys = append(keys, k)
		}
		sort.Strings(keys) // problems in a stable order
		for _, k := range keys {
			out[k] = compile(x[k], append(slices.Clip(path), k), t, used, probs)
		}
		return out
	case []any:
		out := make([]any, len(x))
		for i, e := range x {
			out[i] = compile(e, append(slices.Clip(path), fmt.Sprint(i)), t, used, probs)
		}
		return out
	case []map[string]any:
		out := make([]any, len(x))
		for i, e := range x {
			out[i] = compile(e, append(slices.Clip(path), fmt.Sprint(i)), t, used, probs)
		}
		return out
	}
	return v
}

// compileText parses s and checks its placeholders against the fields.
func (t *Template) compileText(s string, path []string, used map[string]bool, probs *[]*Problem, rowOK bool) *text {
	tx, err := parseText(s)
	if err != nil {
		*probs = append(*probs, &Problem{Key: strings.Join(path, "."), Msg: msgOf(err), MsgVI: vietnamese(err)})
		return &text{parts: []part{{lit: s}}}
	}
	for _, p := range tx.parts {
		if p.field == "" {
			continue
		}
		kind := Text
		if f, ok := t.Field(p.field); ok {
			used[p.field] = true
			kind = f.Kind
		} else if !(rowOK && p.field == "row") {
			msg := fmt.Sprintf("placeholder {{%s}} names no declared field", p.field)
			msgVI := fmt.Sprintf("{{%s}} không phải tên của trường nào đã khai báo", p.field)
			hint, hintVI := suggest.Hint(p.field, t.FieldNames())
			msg, msgVI = msg+hint, msgVI+hintVI
			*probs = append(*probs, &Problem{Key: strings.Join(path, "."), Msg: msg, MsgVI: msgVI})
			continue
		}
		for _, h := range p.helpers {
			next, err := helperKind(h, kind)
			if err != nil {
				*probs = append(*probs, &Problem{Key: strings.Join(path, "."), Msg: fmt.Sprintf("{{%s}}: %s", p.field, msgOf(err)),
					MsgVI: fmt.Sprintf("{{%s}}: %s", p.field, vietnamese(err))})
				break
			}
			kind = next
		}
	}
	return tx
}

// FieldNames returns the names of the template's fields, in order.
func (t *Template) FieldNames() []string {
	names := make([]string, len(t.Fields))
	for i, f := range t.Fields {
		names[i] = f.Name
	}
	return names
}

// vietnamese is the Vietnamese message of a problem, and err's own message
// for anything else.
func vietnamese(err error) string {
	var p *problem.Error
	if errors.As(err, &p) {
		return p.MsgVI
	}
	return err.Error()
}

// msgOf is the English message of a problem, and err's own message for
// anything else.
func msgOf(err error) string {
	var p *problem.Error
	if errors.As(err, &p) {
		return p.Msg
	}
	return err.Error()
}
