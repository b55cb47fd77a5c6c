package generator

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"strings"
	"time"

	"github.com/vanban/vanban/generator/internal/suggest"
	"github.com/vanban/vanban/generator/template"
	"github.com/vanban/vanban/templates"
)

// Template is a document with placeholders and the fields that fill them;
// see package template for the file format.
type Template struct {
	*template.Template
	src *source // the template file, to place problems in its text
}

// Templates returns the built-in templates, sorted by name.
func Templates() ([]*Template, error) {
	var ts []*Template
	for _, name := range templates.Names() {
		t, err := LoadTemplate(name)
		if err != nil {
			return nil, err
		}
		ts = append(ts, t)
	}
	return ts, nil
}

// LoadTemplate returns the built-in template called name, or reads the
// template file at the path name.
func LoadTemplate(name string) (*Template, error) {
	f, err := OpenForm(name)
	if err != nil {
		return nil, err
	}
	if f.Values != nil || f.Doc != nil {
		return nil, fmt.Errorf("%s is an input that names template %q, not a template", name, f.Ref)
	}
	return f.Template, nil
}

// ParseTemplate reads a template from TOML data. name is the template's
// name and the file name in messages. The template is checked in full: its
// examples (or defaults) must fill it into a valid document.
func ParseTemplate(name string, data []byte) (*Template, error) {
	return parseTemplate(&source{file: name, src: data}, nil)
}

// Form is a template with some values, and perhaps some document keys,
// already given: what an input that names a template holds, and what a form
// on screen or a batch starts from. Values are raw, as typed: strings,
// integers, dates or lists of strings.
type Form struct {
	Template *Template
	Ref      string         // the template as the input named it
	Values   map[string]any // values by field name; nil when none
	Doc      map[string]any // document keys given beside the values, over the template's
	src      *source        // where Values and Doc were written
	errs     Errors         // problems in the input's values, reported with the rest by Fill
}

// OpenForm returns a form for a built-in template's name, a template file,
// or an input file that names a template (template = "..." with [values]):
// a built-in one, or a template file in the input's folder or below it.
func OpenForm(name string) (*Form, error) {
	if data, ok := templates.Template(name); ok {
		t, err := parseTemplate(&source{file: "templates/" + name + ".toml", src: data}, nil)
		if err != nil {
			return nil, err
		}
		t.Name = name
		return &Form{Template: t, Ref: name}, nil
	}
	dir := os.DirFS(filepath.Dir(name))
	data, err := readInput(dir, filepath.Base(name))
	if err != nil {
		if errors.Is(err, fs.ErrNotExist) && !strings.ContainsAny(name, `/\`) && !strings.HasSuffix(name, ".toml") {
			return nil, unknownTemplate(name)
		}
		return nil, fmt.Errorf("read template: %w", err)
	}
	return ReadFormWith(data, Options{Name: name, Templates: dir})
}

// ReadForm is OpenForm for data already read: a template file, or an input
// that names a built-in template. name is used in messages.
func ReadForm(name string, data []byte) (*Form, error) {
	return ReadFormWith(data, Options{Name: name})
}

// ReadFormWith is ReadForm as opt says: an input may name a template file
// in opt.Templates.
func ReadFormWith(data []byte, opt Options) (*Form, error) {
	data, raw, err := decode(opt.Name, data)
	if err != nil {
		return nil, err
	}
	src := &source{file: opt.Name, src: data, templates: opt.Templates}
	if _, ok := raw["template"].(string); ok {
		f, err := openInput(src, raw)
		if err == nil && len(f.errs) > 0 {
			return nil, f.errs
		}
		return f, err
	}
	t, err := parseTemplate(src, raw)
	if err != nil {
		return nil, err
	}
	return &Form{Template: t, Ref: opt.Name}, nil
}

func unknownTemplate(name string) error {
	names := templates.Names()
	msg := fmt.Sprintf("no built-in template %q", name)
	msgVI := fmt.Sprintf("không có mẫu %q", name)
	hint, hintVI := suggest.Hint(name, names)
	msg, msgVI = msg+hint, msgVI+hintVI
	list := strings.Join(names, ", ")
	return &InputError{Key: "template", Msg: msg + "; built-in templates: " + list + "; or give a template file's path",
		MsgVI: msgVI + "; các mẫu có sẵn: " + list + "; hoặc ghi đường dẫn tới tệp mẫu"}
}

// Fill makes a document from the form's template, with values over the
// form's own. A blank value leaves the form's value or the field's default.
// Problems with a value come back as Errors whose Field names the field;
// those with the form's own values are placed in its file. With nil
// values, a missing value is the file's to give, and is placed there too.
func (f *Form) Fill(values map[string]any) (*Document, error) {
	fl := &filling{tpl: f.Template, doc: f.Doc, in: f.src, fromInput: map[string]bool{}, rows: values != nil}
	vals := map[string]template.Value{}
	errs := slices.Clone(f.errs)
	read := func(name string, raw any, fromInput bool) {
		field, ok := f.Template.Field(name)
		if !ok {
			vals[name] = template.Value{} // reported by Expand, with a suggestion
			fl.fromInput[name] = fromInput
			return
		}
		if !fromInput {
			// The input's own values were checked where they are written.
			if e := badRunes(raw); e != nil {
				errs = append(errs, fl.fieldProblem(name, false, e.Msg, e.MsgVI))
				vals[name] = standIn(field) // reported: not "required" as well
				return
			}
		}
		v, err := field.Parse(raw)
		if err != nil {
			var p *template.Problem
			msg, msgVI := err.Error(), err.Error()
			if errors.As(err, &p) {
				msg, msgVI = p.Msg, p.MsgVI
			}
			errs = append(errs, fl.fieldProblem(name, fromInput, msg, msgVI))
			vals[name] = standIn(field)
			return
		}
		if v.IsZero() {
			if _, given := vals[name]; given {
				return // a blank cell keeps the form's value
			}
		}
		vals[name] = v
		fl.fromInput[name] = fromInput
	}
	for _, name := range sortedKeys(f.Values) {
		read(name, f.Values[name], true)
	}
	for _, name := range sortedKeys(values) {
		read(name, values[name], false)
	}
	d, err := fl.document(vals)
	if len(errs) == 0 {
		return d, err
	}
	var more Errors
	if errors.As(err, &more) {
		errs = append(errs, more...)
	}
	sortErrors(errs)
	return nil, errs
}

func sortedKeys(m map[string]any) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}

// filling is a template being filled: it places the problems found in the
// filled document at the value or the template text they came from.
type filling struct {
	tpl       *Template
	filled    *template.Filled
	doc       map[string]any  // document keys given beside the values
	in        *source         // the input that gave them; nil for none
	fromInput map[string]bool // fields whose value the input gave
	rows      bool            // values come from elsewhere too: a missing one is theirs to place
	check     bool            // checking a template with its examples
}

// document fills the template and parses the result.
func (fl *filling) document(vals map[string]template.Value) (*Document, error) {
	filled, probs := fl.tpl.Expand(vals)
	if len(probs) > 0 {
		var errs Errors
		for _, p := range probs {
			errs = append(errs, fl.fieldProblem(p.Field, fl.fromInput[p.Field], p.Msg, p.MsgVI))
		}
		return nil, errs
	}
	fl.filled = filled
	raw := merge(filled.Doc, fl.doc)
	in := fl.in
	if in == nil {
		in = &source{}
	}
	p := &parser{in: in, fill: fl, raw: raw, meant: map[string]bool{}}
	return p.result(p.document())
}

// merge returns base with over's keys laid over it: tables merge key by
// key, anything else is replaced.
func merge(base, over map[string]any) map[string]any {
	if len(over) == 0 {
		return base
	}
	out := make(map[string]any, len(base)+len(over))
	for k, v := range base {
		out[k] = v
	}
	for k, v := range over {
		bm, ok1 := out[k].(map[string]any)
		om, ok2 := v.(map[string]any)
		if ok1 && ok2 {
			out[k] = merge(bm, om)
			continue
		}
		out[k] = v
	}
	return out
}

// given reports whether the input gave the key at path itself.
func (fl *filling) given(path []string) bool {
	m := fl.doc
	for _, k := range path {
		v, ok := m[k]
		if !ok {
			return false
		}
		sub, ok := v.(map[string]any)
		if !ok {
			return true
		}
		m = sub
	}
	return len(path) > 0
}

// problem places a problem found at path of the filled document: at the
// value of the field that made it, or else in the template's own text.
func (fl *filling) problem(path []string, atValue bool, msg, msgVI string) *InputError {
	key := strings.Join(path, ".")
	if fs := fl.filled.Fields(path); len(fs) > 0 {
		return fl.fieldProblem(fs[0], fl.fromInput[fs[0]], msg+" (document key "+key+")", msgVI+" (khóa "+key+" của văn bản)")
	}
	return fl.tpl.src.problem(path, atValue, msg, msgVI)
}

// fieldProblem places a problem with a field's value: at the value in the
// input file when it came from there, in the template's declaration when
// checking it, or by field name alone for values from elsewhere (a CSV
// row, a web form), which their reader places.
func (fl *filling) fieldProblem(field string, fromInput bool, msg, msgVI string) *InputError {
	var e *InputError
	switch {
	case fl.check:
		tsrc := fl.tpl.src
		i := slices.IndexFunc(fl.tpl.Fields, func(f template.Field) bool { return f.Name == field })
		e = tsrc.problem([]string{"fields", fmt.Sprint(i)}, false, "example: "+msg, "giá trị ví dụ: "+msgVI)
	case fl.in != nil && fromInput:
		e = fl.in.problem([]string{"values", field}, true, msg, msgVI)
	case fl.in != nil && !fl.rows:
		e = fl.in.problem([]string{"values"}, false, msg, msgVI)
		e.Key = "values." + field
	default:
		e = &InputError{Key: field, Msg: msg, MsgVI: msgVI}
	}
	e.Field = field
	return e
}

// openInput reads an input that names a template: its template key, its
// [values] and any document keys beside them.
func openInput(in *source, raw map[string]any) (*Form, error) {
	ref := raw["template"].(string)
	t, err := in.template(ref)
	if err != nil {
		if e, ok := err.(*InputError); ok && e.File == "" {
			pe := in.problem([]string{"template"}, true, e.Msg, e.MsgVI)
			return nil, Errors{pe}
		}
		return nil, err
	}
	f := &Form{Template: t, Ref: ref, src: in, Values: map[string]any{}}
	var errs Errors
	if v, ok := raw["values"]; ok {
		vals, isTable := v.(map[string]any)
		if !isTable {
			errs = append(errs, in.problem([]string{"values"}, true, "must be a table: [values]", "phải là một bảng: [values]"))
		}
		p := &parser{in: in, raw: raw}
		for _, k := range sortedKeys(vals) {
			p.runes(vals[k], "values", k) // placed at the character, which Fill cannot do
			f.Values[k] = vals[k]
		}
		if len(p.errs) > 0 {
			f.errs = p.problems()
		}
	}
	for k, v := range raw {
		if k == "template" || k == "values" {
			continue
		}
		if f.Doc == nil {
			f.Doc = map[string]any{}
		}
		f.Doc[k] = v
	}
	if len(errs) > 0 {
		sortErrors(errs)
		return nil, errs
	}
	return f, nil
}

// badRunes returns the first character in a raw value that the fonts
// cannot draw, as a problem without a place.
func badRunes(v any) *InputError {
	p := &parser{in: &source{}}
	p.runes(v)
	if len(p.errs) == 0 {
		return nil
	}
	return p.errs[0]
}

// runes checks every string of a raw value for characters the fonts lack.
func (p *parser) runes(v any, path ...string) {
	switch x := v.(type) {
	case string:
		p.checkRunes(path, x)
	case []any:
		for i, e := range x {
			p.runes(e, append(slices.Clip(path), fmt.Sprint(i))...)
		}
	}
}

// template returns the template an input names: a built-in one, or a
// template file in the input's Options.Templates. A template file is a
// template: one that names a template itself is refused, so no chain of
// files, and no cycle, is ever followed.
func (in *source) template(ref string) (*Template, error) {
	if _, ok := templates.Template(ref); ok {
		return LoadTemplate(ref)
	}
	if !strings.ContainsAny(ref, `/\`) && !strings.HasSuffix(ref, ".toml") {
		return nil, unknownTemplate(ref)
	}
	if in.templates == nil {
		return nil, &InputError{Key: "template",
			Msg:   fmt.Sprintf("template file %q: only a built-in template may be named here (%s)", ref, strings.Join(templates.Names(), ", ")),
			MsgVI: fmt.Sprintf("tệp mẫu %q: ở đây chỉ dùng được các mẫu có sẵn (%s)", ref, strings.Join(templates.Names(), ", "))}
	}
	p := strings.ReplaceAll(ref, `\`, "/")
	if !fs.ValidPath(p) {
		return nil, &InputError{Key: "template",
			Msg:   fmt.Sprintf("template file %q must be in the input's folder or below it, written as a relative path without \"..\"", ref),
			MsgVI: fmt.Sprintf("tệp mẫu %q phải nằm trong thư mục của tệp văn bản hoặc thư mục con, ghi đường dẫn tương đối, không có \"..\"", ref)}
	}
	data, err := readInput(in.templates, p)
	if err != nil {
		if e, ok := err.(*InputError); ok {
			e.File, e.Key = "", "template"
			return nil, e
		}
		why := "không đọc được"
		switch {
		case errors.Is(err, fs.ErrNotExist):
			why = "không có tệp này"
		case errors.Is(err, ErrNotRegular):
			why = "không phải một tệp thường"
		}
		return nil, &InputError{Key: "template", Msg: fmt.Sprintf("read template: %v", err),
			MsgVI: fmt.Sprintf("không đọc được tệp mẫu %q: %s", ref, why)}
	}
	name := p
	if in.file != "" && in.file != "-" {
		name = filepath.Join(filepath.Dir(in.file), filepath.FromSlash(p))
	}
	data, raw, err := decode(name, data)
	if err != nil {
		return nil, err
	}
	src := &source{file: name, src: data}
	if _, ok := raw["template"].(string); ok {
		return nil, &InputError{Key: "template",
			Msg:   fmt.Sprintf("%s names a template itself: it is an input, not a template file (which has a [template] table)", ref),
			MsgVI: fmt.Sprintf("%s cũng ghi một mẫu: đó là tệp văn bản, không phải tệp mẫu (tệp mẫu có bảng [template])", ref)}
	}
	return parseTemplate(src, raw)
}

// parseFilled reads an input that names a template into a document.
func parseFilled(in *source, raw map[string]any) (*Document, error) {
	f, err := openInput(in, raw)
	if err != nil {
		return nil, err
	}
	return f.Fill(nil)
}

// templateKeys lists the keys of [template] and of each [[fields]] table.
var templateKeys = map[string][]string{
	"template": {"title", "description", "file_name"},
	"fields":   {"name", "label", "help", "kind", "required", "default", "example"},
}

// parseTemplate reads a decoded template file; raw is nil when src has not
// been decoded yet.
func parseTemplate(src *source, raw map[string]any) (*Template, error) {
	if raw == nil {
		data, decoded, err := decode(src.file, src.src)
		if err != nil {
			return nil, err
		}
		src.src, raw = data, decoded
	}
	var errs Errors
	fail := func(path []string, atValue bool, msg, msgVI string) {
		errs = append(errs, src.problem(path, atValue, msg, msgVI))
	}
	str := func(m map[string]any, path ...string) string {
		v, ok := m[path[len(path)-1]]
		if !ok {
			return ""
		}
		s, ok := v.(string)
		if !ok {
			fail(path, true, "must be a string (in quotes)", "phải là chuỗi văn bản (trong dấu ngoặc kép)")
		}
		return strings.TrimSpace(s)
	}
	known := func(m map[string]any, allowed []string, path ...string) {
		for _, k := range sortedKeys(m) {
			if !slices.Contains(allowed, k) {
				hint, hintVI := suggest.Hint(k, allowed)
				fail(append(slices.Clip(path), k), false, fmt.Sprintf("unknown key %q%s; allowed here: %s", k, hint, strings.Join(allowed, ", ")),
					fmt.Sprintf("khóa %q không dùng được ở đây%s; các khóa được dùng: %s", k, hintVI, strings.Join(allowed, ", ")))
			}
		}
	}
	meta, ok := raw["template"].(map[string]any)
	if !ok {
		fail([]string{"template"}, false, "a template needs a [template] table with its title", "mẫu phải có bảng [template] ghi tên mẫu (title)")
		meta = map[string]any{}
	}
	known(meta, templateKeys["template"], "template")
	title := str(meta, "template", "title")
	if title == "" && ok {
		fail([]string{"template"}, false, "title is required", "phải có title (tên mẫu)")
	}
	fieldTables, _ := raw["fields"].([]map[string]any)
	if _, ok := raw["fields"]; ok && fieldTables == nil {
		fail([]string{"fields"}, true, "must be tables: [[fields]]", "phải là các bảng [[fields]]")
	}
	var fields []template.Field
	for i, m := range fieldTables {
		at := []string{"fields", fmt.Sprint(i)}
		known(m, templateKeys["fields"], at...)
		f := template.Field{
			Name:  str(m, append(at, "name")...),
			Label: str(m, append(at, "label")...),
			Help:  str(m, append(at, "help")...),
			Kind:  template.Kind(str(m, append(at, "kind")...)),
		}
		if f.Kind == "" {
			f.Kind = template.Text
		}
		if f.Label == "" {
			fail(at, false, "label is required: the form's label for the field", "phải có label: nhãn của trường trên biểu mẫu")
		}
		if r, ok := m["required"]; ok {
			b, isBool := r.(bool)
			if !isBool {
				fail(append(at, "required"), true, "must be true or false", "phải là true hoặc false")
			}
			f.Required = b
		}
		for _, k := range []string{"default", "example"} {
			raw, ok := m[k]
			if !ok || !slices.Contains(template.Kinds, f.Kind) {
				continue
			}
			v, err := f.Parse(raw)
			if err != nil {
				var p *template.Problem
				msg, msgVI := err.Error(), err.Error()
				if errors.As(err, &p) {
					msg, msgVI = p.Msg, p.MsgVI
				}
				fail(append(at, k), true, msg, msgVI)
			}
			if k == "default" {
				f.Default = v
			} else {
				f.Example = v
			}
		}
		fields = append(fields, f)
	}
	doc := make(map[string]any, len(raw))
	for k, v := range raw {
		if k != "template" && k != "fields" {
			doc[k] = v
		}
	}
	name := strings.TrimSuffix(filepath.Base(src.file), ".toml")
	t, probs := template.New(name, title, str(meta, "template", "description"), str(meta, "template", "file_name"), fields, doc)
	for _, p := range probs {
		var path []string
		if p.Key != "" {
			path = strings.Split(p.Key, ".")
		}
		fail(path, true, p.Msg, p.MsgVI)
	}
	if len(errs) > 0 {
		sortErrors(errs)
		return nil, errs
	}
	tpl := &Template{Template: t, src: src}
	if err := checkExamples(tpl); err != nil {
		return nil, err
	}
	return tpl, nil
}

// checkExamples fills t with its examples, or defaults, or stand-ins, and
// reports what is wrong with the document: a template must give a valid
// document before anyone fills it.
func checkExamples(t *Template) error {
	vals := map[string]template.Value{}
	for _, f := range t.Fields {
		v := f.Example
		if v.IsZero() {
			v = f.Default
		}
		if v.IsZero() && f.Required {
			v = standIn(f)
		}
		vals[f.Name] = v
	}
	fl := &filling{tpl: t, check: true, fromInput: map[string]bool{}}
	_, err := fl.document(vals)
	return err
}

// standIn is a value of f's kind for checking a template whose required
// field has neither example nor default.
func standIn(f template.Field) template.Value {
	raw := map[template.Kind]any{
		template.Text: "Mẫu", template.Multiline: "Mẫu", template.Lines: "Mẫu",
		template.Number: int64(1), template.Date: time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC).Format("2006-01-02"),
	}[f.Kind]
	v, _ := f.Parse(raw)
	return v
}
