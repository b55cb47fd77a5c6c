package generator

import (
	"errors"
	"fmt"
	"io/fs"
	"math"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/BurntSushi/toml"

	"github.com/vanban/vanban/fonts"
	"github.com/vanban/vanban/generator/document"
	"github.com/vanban/vanban/generator/internal/suggest"
	"github.com/vanban/vanban/generator/layout"
	"github.com/vanban/vanban/generator/markup"
	"github.com/vanban/vanban/generator/problem"
	"github.com/vanban/vanban/generator/tomlpos"
	"github.com/vanban/vanban/generator/vn"
)

// Parse reads a document from TOML. Problems with the input come back as
// Errors, each placed at a line and column. An input that names a template
// may name a built-in one only: see ParseWith for template files.
func Parse(data []byte) (*Document, error) { return ParseWith(data, Options{}) }

// ParseFile reads a document from a TOML file; errors name the file. An
// input that names a template may name a built-in one or a template file in
// the input's folder or below it.
func ParseFile(name string) (*Document, error) {
	data, err := readInput(os.DirFS(filepath.Dir(name)), filepath.Base(name))
	if err != nil {
		return nil, fmt.Errorf("read input: %w", err)
	}
	return ParseWith(data, Options{Name: name, Templates: os.DirFS(filepath.Dir(name))})
}

// ParseNamed reads a document from TOML data that came from name (used in
// messages only): standard input, an upload. Like Parse, it allows the
// built-in templates only.
func ParseNamed(name string, data []byte) (*Document, error) {
	return ParseWith(data, Options{Name: name})
}

// Options says how an input is read: its name, and where a template that
// it names by path may be read from.
type Options struct {
	// Name is the input's name in messages: a file, "<stdin>", an upload.
	Name string
	// Templates holds the template files an input may name, by a
	// slash-separated path inside it ("tb.toml", "mau/tb.toml"), such as
	// os.DirFS of the input's folder. nil allows the built-in templates
	// only: a program decides which files its inputs may make it read.
	Templates fs.FS
}

// ParseWith reads a document from TOML data as opt says.
func ParseWith(data []byte, opt Options) (*Document, error) {
	data, raw, err := decode(opt.Name, data)
	if err != nil {
		return nil, err
	}
	in := &source{file: opt.Name, src: data, templates: opt.Templates}
	if _, ok := raw["template"]; ok {
		return parseFilled(in, raw)
	}
	p := &parser{in: in, raw: raw, meant: map[string]bool{}}
	return p.result(p.document())
}

// result returns d, or the problems found, in the order of the file.
func (p *parser) result(d *Document) (*Document, error) {
	if len(p.errs) > 0 {
		return nil, p.problems()
	}
	return d, nil
}

// maxProblems is how many problems an input reports: a hostile one may
// have a problem in each of thousands of values, and placing each costs
// time that the user has no use for.
const maxProblems = 100

// full reports whether maxProblems are found, counting one more if so.
func (p *parser) full() bool {
	if len(p.errs) < maxProblems {
		return false
	}
	p.more++
	return true
}

// problems returns the problems found, in the order of the file, and how
// many more were not shown.
func (p *parser) problems() Errors {
	sortErrors(p.errs)
	if p.more > 0 {
		p.errs = append(p.errs, &InputError{File: p.in.file,
			Msg:   fmt.Sprintf("%d more problems not shown", p.more),
			MsgVI: fmt.Sprintf("còn %d lỗi nữa không hiện ra", p.more)})
		p.more = 0
	}
	return p.errs
}

func sortErrors(es Errors) {
	sort.SliceStable(es, func(i, j int) bool {
		a, b := es[i], es[j]
		if a.File != b.File {
			return false
		}
		return a.Line < b.Line || a.Line == b.Line && a.Col < b.Col
	})
}

// syntaxError turns the decoder's error into an InputError.
func syntaxError(name string, err error) *InputError {
	e := &InputError{File: name, Msg: "invalid TOML: " + err.Error(), MsgVI: "tệp TOML sai cú pháp: " + err.Error()}
	var pe toml.ParseError
	if errors.As(err, &pe) {
		e.Line, e.Col, e.Key = pe.Position.Line, pe.Position.Col, pe.LastKey
		e.Msg = "invalid TOML: " + pe.Message
		e.MsgVI = "tệp TOML sai cú pháp: " + pe.Message
		if strings.Contains(pe.Message, "day") || strings.Contains(pe.Message, "month") ||
			strings.Contains(pe.Message, "datetime") || strings.Contains(pe.Message, "date") {
			e.MsgVI = "ngày không hợp lệ (không có ngày này): " + pe.Message
		}
	}
	return e
}

// parser walks the decoded TOML, checking every key against the schema.
type parser struct {
	in   *source  // the input file
	fill *filling // the template and values, when the input names a template
	raw  map[string]any
	errs Errors
	more int // problems past maxProblems, not placed
	// meant holds keys that an unknown key looks like a typo of: their
	// absence is the same mistake, already reported.
	meant map[string]bool
}

// source is a TOML file's text, with the position of each key found on the
// first error: good input never needs it.
type source struct {
	file      string
	src       []byte
	ix        *tomlpos.Index
	starts    []int // where each line starts, found with ix
	templates fs.FS // where the input may read a template file; nil for none
}

// line returns the text of line n, 1-based, without its newline. Lines are
// found once, so that many problems cost no more than one.
func (s *source) line(n int) (string, bool) {
	if s.starts == nil {
		s.starts = []int{0}
		for i, c := range s.src {
			if c == '\n' {
				s.starts = append(s.starts, i+1)
			}
		}
	}
	if n < 1 || n > len(s.starts) {
		return "", false
	}
	end := len(s.src)
	if n < len(s.starts) {
		end = s.starts[n] - 1
	}
	return string(s.src[s.starts[n-1]:end]), true
}

func (s *source) index() *tomlpos.Index {
	if s.ix == nil {
		s.ix = tomlpos.Scan(s.src)
	}
	return s.ix
}

// at returns where the key at path (or its value, when atValue) is written,
// or the nearest place that is.
func (s *source) at(path []string, atValue bool) tomlpos.Pos {
	if atValue {
		if pos, ok := s.index().Value(path...); ok {
			return pos
		}
	}
	if pos, ok := s.index().Key(path...); ok {
		return pos
	}
	pos, _ := s.index().Nearest(path...)
	return pos
}

// problem returns an error placed at path in s.
func (s *source) problem(path []string, atValue bool, msg, msgVI string) *InputError {
	pos := s.at(path, atValue)
	return &InputError{File: s.file, Line: pos.Line, Col: pos.Col, Key: strings.Join(path, "."), Msg: msg, MsgVI: msgVI}
}

// fail records a problem at a key (or at its value when atValue).
func (p *parser) fail(path []string, atValue bool, msg, msgVI string) {
	if p.full() {
		return
	}
	if p.fill != nil && !p.fill.given(path) {
		p.errs = append(p.errs, p.fill.problem(path, atValue, msg, msgVI))
		return
	}
	p.errs = append(p.errs, p.in.problem(path, atValue, msg, msgVI))
}

// keys lists the keys a table may hold, from Schema; the rest are typos.
var keys = schemaTables()

// registerKeys are top-level keys that the outgoing register (package
// register) reads and the document itself does not show: series names the
// register's numbering series.
var registerKeys = []string{"series"}

// DocumentKeys returns every key a document input may hold, as dotted
// paths to values ("issuer.name", "page.margins.top"), in the order of the
// reference: what a form must offer so that every part can be edited.
func DocumentKeys() []string {
	var out []string
	for _, k := range Schema() {
		out = append(out, k.Key)
	}
	return out
}

// table returns the sub-table at path, reporting unknown keys in it.
func (p *parser) table(path ...string) map[string]any {
	m := p.raw
	for i := range path {
		v, ok := m[path[i]]
		if !ok {
			return nil
		}
		sub, ok := v.(map[string]any)
		if !ok {
			p.fail(path[:i+1], true, "must be a table", "phải là một bảng (table)")
			return nil
		}
		m = sub
	}
	p.unknownKeys(m, strings.Join(path, "."), path)
	return m
}

// unknownKeys reports the keys of m that the schema does not allow in the
// table called schema ("", "issuer", "appendix"), which stands at path.
func (p *parser) unknownKeys(m map[string]any, schema string, path []string) {
	allowed := keys[schema]
	var unknown []string
	for k := range m {
		if !slices.Contains(allowed, k) && !(schema == "" && slices.Contains(registerKeys, k)) {
			unknown = append(unknown, k)
		}
	}
	sort.Strings(unknown)
	for _, k := range unknown {
		at := append(append([]string{}, path...), k)
		s := suggest.Closest(k, allowed)
		hint, hintVI := suggest.Phrases(s)
		if s != "" {
			p.meant[strings.Join(append(append([]string{}, path...), s), ".")] = true
		}
		p.fail(at, false, fmt.Sprintf("unknown key %q%s; allowed here: %s", k, hint, strings.Join(allowed, ", ")),
			fmt.Sprintf("khóa %q không có trong mẫu%s; các khóa được dùng: %s", k, hintVI, strings.Join(allowed, ", ")))
	}
}

// tomlType names a decoded value's type for messages.
func tomlType(v any) (en, vi string) {
	switch v.(type) {
	case string:
		return "a string", "chuỗi văn bản"
	case int64:
		return "an integer", "số nguyên"
	case float64:
		return "a number", "số thực"
	case bool:
		return "a boolean", "giá trị đúng/sai"
	case time.Time:
		return "a date", "ngày tháng"
	case []any:
		return "an array", "danh sách"
	case map[string]any:
		return "a table", "bảng"
	}
	return "a value", "giá trị"
}

func (p *parser) wrongType(path []string, v any, want, wantVI string) {
	got, gotVI := tomlType(v)
	p.fail(path, true, fmt.Sprintf("must be %s, not %s", want, got),
		fmt.Sprintf("phải là %s, không phải %s", wantVI, gotVI))
}

// str reads an optional string, cleaned and checked for undrawable text.
func (p *parser) str(m map[string]any, path ...string) string {
	v, ok := m[path[len(path)-1]]
	if !ok {
		return ""
	}
	s, ok := v.(string)
	if !ok {
		p.wrongType(path, v, "a string (in quotes)", "chuỗi văn bản (trong dấu ngoặc kép)")
		return ""
	}
	s = vn.Clean(s)
	p.checkRunes(path, s)
	return s
}

// required reads a string that must be present and not blank.
func (p *parser) required(m map[string]any, path ...string) string {
	if _, ok := m[path[len(path)-1]]; !ok {
		if !p.meant[strings.Join(path, ".")] {
			p.fail(path, false, "is required", "bắt buộc phải có")
		}
		return ""
	}
	s := p.str(m, path...)
	if s == "" {
		if _, isStr := m[path[len(path)-1]].(string); isStr {
			p.fail(path, true, "must not be empty", "không được để trống")
		}
	}
	return s
}

// checkRunes reports the first character in s the fonts cannot draw, at its
// place in the file.
func (p *parser) checkRunes(path []string, s string) {
	r, line, col, found := vn.BadRune(s, fonts.HasAll)
	if !found {
		return
	}
	what := fmt.Sprintf("U+%04X", r)
	if r >= 0x20 {
		what = fmt.Sprintf("%q (U+%04X)", r, r)
	}
	msg := fmt.Sprintf("character %s cannot be printed: the document font has no such letter (use Vietnamese or Latin text)", what)
	msgVI := fmt.Sprintf("ký tự %s không in được: phông chữ của văn bản không có ký tự này (chỉ dùng chữ tiếng Việt hoặc chữ Latinh)", what)
	if vn.Invisible(r) {
		what = fmt.Sprintf("U+%04X", r)
		msg = fmt.Sprintf("character %s cannot be printed: it is an invisible control character, which can make programs show the text differently (digits in another order, say); delete it", what)
		msgVI = fmt.Sprintf("ký tự %s không in được: đây là ký tự điều khiển ẩn, có thể làm các chương trình hiển thị văn bản khác nhau (ví dụ đảo thứ tự chữ số); hãy xóa nó", what)
	}
	if p.fill != nil && !p.fill.given(path) {
		p.fail(path, true, msg, msgVI)
		return
	}
	if !p.full() {
		p.errs = append(p.errs, p.in.runeProblem(path, line, col, msg, msgVI))
	}
}

// runeProblem places a problem at a line and column inside the string value
// at path.
func (s *source) runeProblem(path []string, line, col int, msg, msgVI string) *InputError {
	e := &InputError{File: s.file, Key: strings.Join(path, "."), Msg: msg, MsgVI: msgVI}
	if pos, ok := s.index().Value(path...); ok {
		e.Line, e.Col = s.inString(pos, line, col)
	}
	return e
}

// inString maps a line and column inside a string value to the file, for
// strings written without escapes.
func (s *source) inString(v tomlpos.Pos, line, col int) (int, int) {
	open := 1
	if text, ok := s.line(v.Line); ok {
		rest := []rune(text)
		if v.Col-1 < len(rest) {
			tail := string(rest[v.Col-1:])
			if strings.HasPrefix(tail, `"""`) || strings.HasPrefix(tail, `'''`) {
				open = 3
				if strings.TrimSpace(tail[3:]) == "" {
					return v.Line + line, col // the newline after """ is not part of the string
				}
			}
		}
	}
	if line == 1 {
		return v.Line, v.Col + open + col - 1
	}
	return v.Line + line - 1, col
}

// list reads an optional array of strings.
func (p *parser) list(m map[string]any, key string) []string {
	v, ok := m[key]
	if !ok {
		return nil
	}
	arr, ok := v.([]any)
	if !ok {
		if s, isStr := v.(string); isStr {
			arr = []any{s} // one item typed without brackets
		} else {
			p.wrongType([]string{key}, v, `a list of strings, ["...", "..."]`, `danh sách chuỗi, ["...", "..."]`)
			return nil
		}
	}
	var out []string
	for i, item := range arr {
		path := []string{key, fmt.Sprint(i)}
		s, ok := item.(string)
		if !ok {
			p.wrongType(path, item, "a string (in quotes)", "chuỗi văn bản (trong dấu ngoặc kép)")
			continue
		}
		s = strings.Join(strings.Fields(vn.Clean(s)), " ")
		p.checkRunes(path, s)
		if s != "" {
			out = append(out, s)
		}
	}
	return out
}

// number reads an optional number (integer or float) within [lo, hi].
func (p *parser) number(m map[string]any, def, lo, hi float64, unit string, path ...string) float64 {
	v, ok := m[path[len(path)-1]]
	if !ok {
		return def
	}
	var f float64
	switch x := v.(type) {
	case int64:
		f = float64(x)
	case float64:
		f = x
	default:
		p.wrongType(path, v, "a number", "một số")
		return def
	}
	if math.IsNaN(f) || f < lo-1e-9 || f > hi+1e-9 {
		p.fail(path, true, fmt.Sprintf("%g%s is outside the Decree's range %g–%g%s", f, unit, lo, hi, unit),
			fmt.Sprintf("%g%s nằm ngoài khoảng Nghị định 30 cho phép (%g–%g%s)", f, unit, lo, hi, unit))
		return def
	}
	return f
}

// integer reads an optional integer within [lo, hi]; 0 when absent.
func (p *parser) integer(m map[string]any, lo, hi int64, key string) int {
	v, ok := m[key]
	if !ok {
		return 0
	}
	n, ok := v.(int64)
	if !ok {
		p.wrongType([]string{key}, v, "a whole number, without quotes", "số nguyên, không có dấu ngoặc kép")
		return 0
	}
	if n < lo || n > hi {
		p.fail([]string{key}, true, fmt.Sprintf("%d is outside %d–%d", n, lo, hi),
			fmt.Sprintf("%d nằm ngoài khoảng %d–%d", n, lo, hi))
		return 0
	}
	return int(n)
}

// date reads the optional date: a TOML date (2021-02-05) or a string in
// either "2021-02-05" or "05/02/2021" form.
func (p *parser) date(m map[string]any) time.Time {
	v, ok := m["date"]
	if !ok {
		return time.Time{}
	}
	switch x := v.(type) {
	case time.Time:
		if x.Location().String() != "date-local" {
			p.fail([]string{"date"}, true, "must be a date alone, such as 2021-02-05, without a time",
				"chỉ ghi ngày, ví dụ 2021-02-05, không ghi giờ")
			return time.Time{}
		}
		return p.dateInRange(time.Date(x.Year(), x.Month(), x.Day(), 0, 0, 0, 0, time.UTC))
	case string:
		if t, ok := vn.ParseDate(x); ok {
			return p.dateInRange(t)
		}
		p.fail([]string{"date"}, true, fmt.Sprintf("%q is not a date that exists; write it as 2021-02-05", x),
			fmt.Sprintf("%q không phải là một ngày có thật; hãy ghi dạng 2021-02-05", x))
	default:
		p.wrongType([]string{"date"}, v, "a date such as 2021-02-05", "ngày tháng, ví dụ 2021-02-05")
	}
	return time.Time{}
}

// dateInRange returns d, or reports a year outside the years a document
// may carry: 0001-01-01 would otherwise read as no date at all.
func (p *parser) dateInRange(d time.Time) time.Time {
	if msg, msgVI, ok := vn.YearError(d); !ok {
		p.fail([]string{"date"}, true, msg, msgVI)
		return time.Time{}
	}
	return d
}

// document builds and checks the whole document.
func (p *parser) document() *Document {
	top := p.table()
	d := &Document{Page: document.DefaultPage}
	d.Type = vn.Upper(p.str(top, "type"))
	d.Summary = p.str(top, "summary")
	p.str(top, "series") // checked here, read by package register
	d.Number = p.integer(top, 1, 999999, "number")
	if code := p.required(top, "code"); code != "" {
		c, err := vn.Code(code)
		p.valueErr("code", err)
		d.Code = c
	}
	d.Date = p.date(top)
	d.Year = p.integer(top, vn.MinYear, vn.MaxYear, "year")
	if !d.Date.IsZero() && d.Year == 0 {
		d.Year = d.Date.Year()
	}
	d.Place = p.required(top, "place")
	d.Addressees = p.list(top, "addressees")
	d.EnactedBy = vn.Upper(oneLine(p.str(top, "enacted_by")))
	d.Bases = p.list(top, "bases")
	d.Recipients = p.list(top, "recipients")
	d.Archive = p.str(top, "archive")
	d.Drafter = p.str(top, "drafter")
	d.Footer = strings.Join(strings.Fields(p.str(top, "footer")), " ")
	p.marks(top, d)
	if body := p.required(top, "body"); body != "" {
		d.Body = markup.Parse(body)
	}
	if d.IsLetter() && d.Summary == "" {
		p.fail([]string{"summary"}, false, "a Công văn (no type) needs a summary: the V/v line",
			"công văn (không có tên loại) phải có trích yếu: dòng V/v")
	}
	p.issuer(d)
	p.signer(d)
	p.page(d)
	p.appendices(top, d)
	p.tables(d)
	return d
}

// tables reports, at their lines in the file, the tables of the body and
// of the appendices that cannot be laid out: too wide, or a row with more
// cells than the header.
func (p *parser) tables(d *Document) {
	check := func(path []string, landscape bool, body []markup.Block) {
		for _, e := range layout.CheckTables(d.Page, landscape, strings.Join(path, "."), body) {
			if p.fill != nil && !p.fill.given(path) {
				p.fail(path, true, e.Error(), e.Vietnamese())
				continue
			}
			p.errs = append(p.errs, p.in.runeProblem(path, e.Line, 1, e.Msg, e.MsgVI))
		}
	}
	check([]string{"body"}, false, d.Body)
	for i, a := range d.Appendices {
		check([]string{"appendix", strconv.Itoa(i), "body"}, a.Landscape, a.Body)
	}
}

// appendices reads the [[appendix]] tables: each a body in the markup, an
// optional title, and whether its pages are landscape.
func (p *parser) appendices(top map[string]any, d *Document) {
	v, ok := top["appendix"]
	if !ok {
		return
	}
	arr, ok := v.([]map[string]any)
	if !ok {
		p.wrongType([]string{"appendix"}, v, "tables [[appendix]] with title and body", "các bảng [[appendix]] với title và body")
		return
	}
	for i, m := range arr {
		at := []string{"appendix", strconv.Itoa(i)}
		p.unknownKeys(m, "appendix", at)
		a := document.Appendix{Title: vn.Upper(oneLine(p.str(m, append(at, "title")...)))}
		if body := p.required(m, append(at, "body")...); body != "" {
			a.Body = markup.Parse(body)
		}
		if l, ok := m["landscape"]; ok {
			b, isBool := l.(bool)
			if !isBool {
				p.wrongType(append(at, "landscape"), l, "true or false", "true hoặc false")
			}
			a.Landscape = b
		}
		d.Appendices = append(d.Appendices, a)
	}
}

func (p *parser) marks(top map[string]any, d *Document) {
	if u := p.str(top, "urgency"); u != "" {
		m, _, err := vn.Urgency(u)
		p.valueErr("urgency", err)
		d.Urgency = m
	}
	if c := p.str(top, "circulation"); c != "" {
		m, err := vn.Circulation(c)
		p.valueErr("circulation", err)
		d.Circulation = m
	}
}

func (p *parser) valueErr(key string, err error) {
	if err == nil {
		return
	}
	msg, msgVI := err.Error(), err.Error()
	var pe *problem.Error
	if errors.As(err, &pe) {
		msg, msgVI = pe.Msg, pe.MsgVI
	}
	p.fail([]string{key}, true, msg, msgVI)
}

func (p *parser) issuer(d *Document) {
	m := p.table("issuer")
	if m == nil {
		p.fail([]string{"issuer"}, false, "is required: [issuer] with name = \"...\"", "bắt buộc phải có: bảng [issuer] với name = \"...\"")
		return
	}
	d.Issuer.Parent = vn.Upper(oneLine(p.str(m, "issuer", "parent")))
	name := p.required(m, "issuer", "name")
	lines := strings.Split(vn.Upper(name), "\n")
	for i := range lines {
		lines[i] = oneLine(lines[i])
	}
	d.Issuer.Name = strings.Join(lines, "\n")
}

func (p *parser) signer(d *Document) {
	m := p.table("signer")
	if m == nil {
		p.fail([]string{"signer"}, false, "is required: [signer] with position and name", "bắt buộc phải có: bảng [signer] với position và name")
		return
	}
	d.Signer.Authority = p.lines(m, "signer", "authority")
	d.Signer.Position = vn.Upper(oneLine(p.required(m, "signer", "position")))
	d.Signer.Name = vn.PersonName(p.required(m, "signer", "name"))
}

func (p *parser) page(d *Document) {
	m := p.table("page")
	if m == nil {
		return
	}
	pg := &d.Page
	// The ranges are the Decree's, declared once in package document.
	ranges := document.PageRanges()
	num := func(m map[string]any, def float64, unit string, path ...string) float64 {
		r := ranges[strings.Join(path, ".")]
		return p.number(m, def, r.Min, r.Max, unit, path...)
	}
	if mg := p.table("page", "margins"); mg != nil {
		pg.Top = num(mg, pg.Top, " mm", "page", "margins", "top")
		pg.Bottom = num(mg, pg.Bottom, " mm", "page", "margins", "bottom")
		pg.Left = num(mg, pg.Left, " mm", "page", "margins", "left")
		pg.Right = num(mg, pg.Right, " mm", "page", "margins", "right")
	}
	pg.Size = num(m, pg.Size, " pt", "page", "size")
	pg.LineSpacing = num(m, pg.LineSpacing, "", "page", "line_spacing")
	pg.Indent = num(m, pg.Indent, " mm", "page", "indent")
}

func oneLine(s string) string { return strings.Join(strings.Fields(s), " ") }

// lines reads text of several lines, typed as an array of strings or as a
// string with line breaks, upper-cased, each line on its own: "TM. ỦY BAN
// NHÂN DÂN" over "KT. CHỦ TỊCH". It returns them joined by "\n".
func (p *parser) lines(m map[string]any, path ...string) string {
	var raw []string
	switch v := m[path[len(path)-1]].(type) {
	case nil:
		return ""
	case []any:
		for i, item := range v {
			s, ok := item.(string)
			if !ok {
				p.wrongType(append(append([]string{}, path...), strconv.Itoa(i)), item, "a string (in quotes)", "chuỗi văn bản (trong dấu ngoặc kép)")
				continue
			}
			s = vn.Clean(s)
			p.checkRunes(append(append([]string{}, path...), strconv.Itoa(i)), s)
			raw = append(raw, strings.Split(s, "\n")...)
		}
	default:
		raw = strings.Split(p.str(m, path...), "\n")
	}
	var out []string
	for _, l := range raw {
		if l = oneLine(l); l != "" {
			out = append(out, vn.Upper(l))
		}
	}
	return strings.Join(out, "\n")
}
