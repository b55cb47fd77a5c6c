package web

import (
	"bytes"
	"cmp"
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/vanban/vanban/generator"
	"github.com/vanban/vanban/generator/template"
	"github.com/vanban/vanban/generator/tomlpos"
	"github.com/vanban/vanban/generator/vn"
)

// State is what the form on screen holds: the template (empty for a blank
// document), the values of its fields, and the document keys typed in the
// form, by dotted key ("issuer.name"). It travels as JSON between the page
// and the server, and as TOML in the files staff save and reopen.
type State struct {
	Template string           `json:"template"`
	Values   map[string]Entry `json:"values"`
	Doc      map[string]Entry `json:"doc"`
}

// Entry is one field's content: a text, or a list for fields that hold
// lines (recipients, bases). In JSON it is a string or an array of strings.
type Entry struct {
	Text  string
	Lines []string
	List  bool
}

// MarshalJSON writes a string or an array of strings.
func (e Entry) MarshalJSON() ([]byte, error) {
	if e.List {
		if e.Lines == nil {
			return []byte("[]"), nil
		}
		return json.Marshal(e.Lines)
	}
	return json.Marshal(e.Text)
}

// UnmarshalJSON reads a string or an array of strings.
func (e *Entry) UnmarshalJSON(b []byte) error {
	*e = Entry{}
	if len(b) > 0 && b[0] == '[' {
		e.List = true
		return json.Unmarshal(b, &e.Lines)
	}
	if err := json.Unmarshal(b, &e.Text); err != nil {
		return errors.New("a value must be a string or an array of strings")
	}
	return nil
}

// blank reports whether e holds nothing but spaces.
func (e Entry) blank() bool {
	if e.List {
		return !slices.ContainsFunc(e.Lines, func(s string) bool { return strings.TrimSpace(s) != "" })
	}
	return strings.TrimSpace(e.Text) == ""
}

// raw is e as a template field's Parse reads it: a string, or a list.
func (e Entry) raw() any {
	if e.List {
		return e.Lines
	}
	return e.Text
}

// lines returns the non-blank lines of e, trimmed.
func (e Entry) lines() []string {
	src := e.Lines
	if !e.List {
		src = strings.Split(e.Text, "\n")
	}
	var out []string
	for _, s := range src {
		if s = strings.TrimSpace(s); s != "" {
			out = append(out, s)
		}
	}
	return out
}

// Kinds of document field in the form. Template fields use the kinds of
// package template.
const (
	kindText    = "text"
	kindBlock   = "multiline" // a few lines: the issuer's name
	kindBody    = "body"      // the body, with its markup explained beside it
	kindDate    = "date"
	kindInteger = "integer"
	kindDecimal = "decimal"
	kindLines   = "lines"
	kindChoice  = "choice"
	kindBool    = "bool"
)

// DocField is one document key as the form shows it.
type DocField struct {
	Key      string   `json:"key"`   // dotted document key
	Group    string   `json:"group"` // the heading it stands under
	Label    string   `json:"label"`
	Help     string   `json:"help,omitempty"`
	Kind     string   `json:"kind"`
	Required bool     `json:"required,omitempty"`
	Choices  []string `json:"choices,omitempty"`
	Example  string   `json:"example,omitempty"`
	// Repeat marks the fields of a table that the document may hold
	// several of, [[appendix]]: the form keys each copy by its index.
	Repeat bool `json:"repeat,omitempty"`
}

// docFields lists every document key, in the order of the page. A test
// checks it against generator.DocumentKeys, so that every part of a
// document stays editable.
var docFields = []DocField{
	{Key: "issuer.parent", Group: "Cơ quan ban hành", Label: "Cơ quan chủ quản", Kind: kindText,
		Help: "Cơ quan cấp trên trực tiếp, nếu có, ví dụ “UBND TỈNH CAO BẰNG” trên “SỞ NỘI VỤ”. Để trống với Ủy ban nhân dân các cấp."},
	{Key: "issuer.name", Group: "Cơ quan ban hành", Label: "Tên cơ quan ban hành", Kind: kindBlock, Required: true,
		Help: "Tự xuống dòng khi quá dài; muốn ngắt dòng ở chỗ nào thì xuống dòng ở đó.", Example: "ỦY BAN NHÂN DÂN\nXÃ HÒA AN"},
	{Key: "number", Group: "Số, ký hiệu", Label: "Số", Kind: kindInteger,
		Help: "Để trống khi chưa cấp số: văn bản in “Số:      /…” để ghi tay.", Example: "15"},
	{Key: "code", Group: "Số, ký hiệu", Label: "Ký hiệu", Kind: kindText, Required: true,
		Help: "Các nhóm chữ nối bằng dấu gạch ngang, không có dấu cách.", Example: "TB-UBND"},
	{Key: "place", Group: "Địa danh, ngày tháng", Label: "Địa danh", Kind: kindText, Required: true, Example: "Hòa An"},
	{Key: "date", Group: "Địa danh, ngày tháng", Label: "Ngày ban hành", Kind: kindDate,
		Help: "Để trống khi chưa ký: văn bản in “ngày     tháng     năm …”.", Example: "2026-03-05"},
	{Key: "year", Group: "Địa danh, ngày tháng", Label: "Năm (khi chưa ghi ngày)", Kind: kindInteger, Example: "2026"},
	{Key: "type", Group: "Tên loại và trích yếu", Label: "Tên loại văn bản", Kind: kindText,
		Help: "QUYẾT ĐỊNH, KẾ HOẠCH, THÔNG BÁO… Để trống với công văn.", Example: "THÔNG BÁO"},
	{Key: "summary", Group: "Tên loại và trích yếu", Label: "Trích yếu", Kind: kindText,
		Help: "Với công văn, đây là dòng “V/v …” dưới số.", Example: "Lịch tiếp công dân tháng 3 năm 2026"},
	{Key: "addressees", Group: "Kính gửi, căn cứ", Label: "Kính gửi", Kind: kindLines,
		Help: "Mỗi dòng một nơi; dấu câu được thêm tự động."},
	{Key: "enacted_by", Group: "Kính gửi, căn cứ", Label: "Thẩm quyền ban hành", Kind: kindText,
		Help: "Quyết định, nghị quyết: dòng in đậm căn giữa trên các căn cứ, ví dụ “ỦY BAN NHÂN DÂN XÃ HÒA AN” hoặc “CHỦ TỊCH ỦY BAN NHÂN DÂN XÃ HÒA AN”."},
	{Key: "bases", Group: "Kính gửi, căn cứ", Label: "Căn cứ", Kind: kindLines,
		Help:    "Mỗi dòng một căn cứ, bắt đầu bằng “Căn cứ”; dấu “;” và “.” được thêm tự động.",
		Example: "Căn cứ Luật Tiếp công dân ngày 25 tháng 11 năm 2013"},
	{Key: "body", Group: "Nội dung", Label: "Nội dung", Kind: kindBody, Required: true,
		Help: "Các đoạn cách nhau một dòng trống. Cách viết chữ đậm, đề mục, điều khoản: xem bên cạnh.",
		Example: "Ủy ban nhân dân xã Hòa An thông báo lịch tiếp công dân tháng 3 năm 2026 như sau:\n\n" +
			"1. Chủ tịch Ủy ban nhân dân xã tiếp công dân vào sáng thứ Năm hằng tuần, tại Trụ sở tiếp công dân xã.\n\n" +
			"2. Công dân đến đúng giờ, mang theo giấy tờ tùy thân và tài liệu liên quan./."},
	{Key: "signer.authority", Group: "Người ký", Label: "Thẩm quyền ký", Kind: kindLines,
		Help:    "Mỗi dòng một dòng in đậm trên chức vụ: TM. ỦY BAN NHÂN DÂN, KT. CHỦ TỊCH, TL., TUQ., Q.; Phó Chủ tịch ký thay mặt Ủy ban: hai dòng TM. ỦY BAN NHÂN DÂN và KT. CHỦ TỊCH. Để trống khi ký trực tiếp.",
		Example: "TM. ỦY BAN NHÂN DÂN"},
	{Key: "signer.position", Group: "Người ký", Label: "Chức vụ", Kind: kindText, Required: true, Example: "CHỦ TỊCH"},
	{Key: "signer.name", Group: "Người ký", Label: "Họ và tên", Kind: kindText, Required: true, Example: "Nguyễn Văn A"},
	{Key: "recipients", Group: "Nơi nhận, lưu", Label: "Nơi nhận", Kind: kindLines,
		Help: "Mỗi dòng một nơi; “- ” và dấu “;” được thêm tự động.", Example: "Thường trực Đảng ủy, HĐND xã\nCác thôn"},
	{Key: "archive", Group: "Nơi nhận, lưu", Label: "Lưu", Kind: kindText, Example: "VT, VP"},
	{Key: "drafter", Group: "Nơi nhận, lưu", Label: "Người soạn thảo, số bản", Kind: kindText, Example: "PL.(300)"},
	{Key: "urgency", Group: "Độ khẩn, phạm vi", Label: "Độ khẩn", Kind: kindChoice,
		Choices: []string{"", "HỎA TỐC", "THƯỢNG KHẨN", "KHẨN"}},
	{Key: "circulation", Group: "Độ khẩn, phạm vi", Label: "Phạm vi lưu hành", Kind: kindChoice,
		Choices: []string{"", "XEM XONG TRẢ LẠI", "LƯU HÀNH NỘI BỘ"}},
	{Key: "footer", Group: "Độ khẩn, phạm vi", Label: "Địa chỉ cơ quan (chân trang)", Kind: kindText,
		Help: "Địa chỉ, điện thoại, thư điện tử; in ở chân trang đầu."},
	{Key: "page.margins.top", Group: "Trang", Label: "Lề trên (mm)", Kind: kindDecimal, Help: "20–25", Example: "20"},
	{Key: "page.margins.bottom", Group: "Trang", Label: "Lề dưới (mm)", Kind: kindDecimal, Help: "20–25", Example: "20"},
	{Key: "page.margins.left", Group: "Trang", Label: "Lề trái (mm)", Kind: kindDecimal, Help: "30–35", Example: "30"},
	{Key: "page.margins.right", Group: "Trang", Label: "Lề phải (mm)", Kind: kindDecimal, Help: "15–20", Example: "15"},
	{Key: "page.size", Group: "Trang", Label: "Cỡ chữ (pt)", Kind: kindDecimal, Help: "13–14", Example: "14"},
	{Key: "page.line_spacing", Group: "Trang", Label: "Giãn dòng (lần)", Kind: kindDecimal, Help: "1–1,5", Example: "1"},
	{Key: "page.indent", Group: "Trang", Label: "Thụt đầu dòng (mm)", Kind: kindDecimal, Help: "10–12,7", Example: "12.7"},
	{Key: "appendix.title", Group: "Phụ lục", Label: "Tên phụ lục", Kind: kindText, Repeat: true,
		Help: "In đậm, chữ in hoa, dưới dòng “Phụ lục”. Có thể để trống.", Example: "Danh sách thành viên Tổ công tác"},
	{Key: "appendix.body", Group: "Phụ lục", Label: "Nội dung phụ lục", Kind: kindBody, Repeat: true,
		Help: "Viết như phần nội dung, kể cả bảng. Mỗi phụ lục sang trang riêng sau chữ ký, đánh số trang riêng."},
	{Key: "appendix.landscape", Group: "Phụ lục", Label: "In khổ ngang", Kind: kindBool, Repeat: true,
		Help: "Cho bảng rộng: các trang của phụ lục in ngang khổ A4."},
}

// splitKey splits a dotted document key into its table and its name:
// "page.margins.top" gives "page.margins" and "top".
func splitKey(key string) (table, name string) {
	if i := strings.LastIndexByte(key, '.'); i >= 0 {
		return key[:i], key[i+1:]
	}
	return "", key
}

func docField(key string) (DocField, bool) {
	key = fieldKey(key)
	i := slices.IndexFunc(docFields, func(f DocField) bool { return f.Key == key })
	if i < 0 {
		return DocField{}, false
	}
	return docFields[i], true
}

// Problem is a message for the form: beside the template field or the
// document key it concerns, or at the top when it names neither.
type Problem struct {
	Field   string `json:"field,omitempty"` // template field
	Key     string `json:"key,omitempty"`   // document key, dotted
	Line    int    `json:"line,omitempty"`  // in an uploaded file
	Col     int    `json:"col,omitempty"`
	Message string `json:"message"` // Vietnamese
}

// problems turns the generator's errors into messages for the form.
// Positions are dropped: they are in the TOML the server wrote, not in
// anything the user typed.
func problems(err error) []Problem {
	var es generator.Errors
	if !errors.As(err, &es) {
		var e *generator.InputError
		if errors.As(err, &e) {
			es = generator.Errors{e}
		} else {
			return []Problem{{Message: err.Error()}}
		}
	}
	out := make([]Problem, 0, len(es))
	for _, e := range es {
		p := Problem{Field: e.Field, Message: e.MsgVI}
		if p.Field == "" {
			p.Key = strings.TrimPrefix(e.Key, "values.")
			if p.Key != e.Key {
				p.Field, p.Key = p.Key, ""
			}
		}
		out = append(out, plain(p)...)
	}
	return out
}

// required is the generator's message for a missing document key.
const required = "bắt buộc phải có"

// plain words a problem as the form shows it: in the form's words, never
// with TOML tables, keys or a template field's internal name. A missing
// table (the issuer, the signer) is a problem of each required box in it,
// so that it shows beside them, not at the top of a new form.
func plain(p Problem) []Problem {
	if p.Field != "" {
		p.Message = strings.ReplaceAll(p.Message, " ("+p.Field+")", "")
		p.Message = curly(p.Message)
		if strings.HasPrefix(p.Message, "phải điền ") {
			p.Message = "Chưa điền ô này."
		}
		return []Problem{p}
	}
	if _, ok := docField(p.Key); ok {
		if strings.HasPrefix(p.Message, required) {
			p.Message = "Chưa điền ô này."
		}
		p.Message = curly(p.Message)
		return []Problem{p}
	}
	if p.Key == "" || !strings.HasPrefix(p.Message, required) {
		return []Problem{p}
	}
	var out []Problem
	for _, f := range docFields {
		if f.Required && strings.HasPrefix(f.Key, p.Key+".") {
			out = append(out, Problem{Key: f.Key, Message: "Chưa điền ô này."})
		}
	}
	if len(out) == 0 {
		return []Problem{p}
	}
	return out
}

// curly turns "straight" quotes around a name or a value into “curly”
// ones, as Vietnamese text writes them.
func curly(s string) string {
	var b strings.Builder
	open := true
	for _, r := range s {
		if r != '"' {
			b.WriteRune(r)
			continue
		}
		if open {
			b.WriteString("“")
		} else {
			b.WriteString("”")
		}
		open = !open
	}
	return b.String()
}

// toml writes the state as the input vanban reads: for a template,
// template = "name", the document keys typed in the form, and [values];
// for a blank document, the document keys alone. The state's own problems
// (an unknown template or key, a number that is not one) come back too;
// the TOML is still written, with such values as strings, so that work in
// progress can always be saved.
func (s *State) toml(forms map[string]*generator.Form) ([]byte, []Problem) {
	var probs []Problem
	var t *generator.Template
	if s.Template != "" {
		f, ok := forms[s.Template]
		if !ok {
			return nil, []Problem{{Message: fmt.Sprintf("không có mẫu %q", s.Template)}}
		}
		t = f.Template
	}
	for _, k := range sortedKeys(s.Values) {
		if t == nil {
			probs = append(probs, Problem{Field: k, Message: "văn bản trống không có trường " + strconv.Quote(k)})
		} else if _, ok := t.Field(k); !ok {
			probs = append(probs, Problem{Field: k, Message: fmt.Sprintf("mẫu %q không có trường %q", s.Template, k)})
		}
	}
	for _, k := range sortedKeys(s.Doc) {
		if _, ok := docField(k); !ok {
			probs = append(probs, Problem{Key: k, Message: fmt.Sprintf("văn bản không có mục %q", k)})
		}
	}
	if len(probs) > 0 {
		return nil, probs
	}

	b := bytes.NewBuffer([]byte{}) // never nil: nil means the state was refused
	if t != nil {
		fmt.Fprintf(b, "# %s\n", t.Title)
		fmt.Fprintf(b, "template = %s\n", quote(s.Template))
	}
	// Top-level keys first, then each table once: TOML wants keys before
	// the tables that follow them.
	tables := []string{""}
	for _, f := range docFields {
		if table, _ := splitKey(f.Key); !slices.Contains(tables, table) {
			tables = append(tables, table)
		}
	}
	for _, table := range tables {
		if table == appendixTable {
			continue // written after the others, as [[appendix]]
		}
		header := table == ""
		for _, f := range docFields {
			e, ok := s.Doc[f.Key]
			if t, _ := splitKey(f.Key); t != table || !ok || e.blank() {
				continue
			}
			if !header {
				fmt.Fprintf(b, "\n[%s]\n", table)
				header = true
			}
			lit, p := literal(f.Kind, e)
			if p != "" {
				probs = append(probs, Problem{Key: f.Key, Message: p})
			}
			_, name := splitKey(f.Key)
			fmt.Fprintf(b, "%s = %s\n", name, lit)
		}
	}
	probs = append(probs, writeAppendices(b, s.Doc)...)
	if t != nil {
		b.WriteString("\n[values]\n")
		for _, f := range t.Fields {
			e, ok := s.Values[f.Name]
			if !ok || e.blank() {
				continue
			}
			lit, p := literal(valueKinds[f.Kind], e)
			if p != "" {
				probs = append(probs, Problem{Field: f.Name, Message: p})
			}
			fmt.Fprintf(b, "%s = %s\n", f.Name, lit)
		}
	}
	return b.Bytes(), probs
}

// literal writes an entry as the TOML type of its kind (one of the
// document field kinds), or as a string with a problem when it is not one:
// the file keeps what was typed, and the problem shows beside the field.
func literal(kind string, e Entry) (string, string) {
	text := strings.TrimSpace(e.Text)
	switch kind {
	case kindLines:
		return linesLiteral(e.lines()), ""
	case kindInteger:
		if n, err := strconv.ParseInt(text, 10, 32); err == nil {
			return strconv.FormatInt(n, 10), ""
		}
		return quote(text), fmt.Sprintf("%q không phải là một số nguyên", text)
	case kindDecimal:
		x, err := strconv.ParseFloat(strings.Replace(text, ",", ".", 1), 64)
		if err == nil && !math.IsInf(x, 0) && !math.IsNaN(x) {
			return strconv.FormatFloat(x, 'f', -1, 64), ""
		}
		return quote(text), fmt.Sprintf("%q không phải là một số", text)
	case kindDate:
		if d, err := time.Parse("2006-01-02", text); err == nil {
			return d.Format("2006-01-02"), ""
		}
		return quote(text), ""
	case kindBlock, kindBody:
		return textLiteral(e.Text), ""
	case kindBool:
		switch strings.ToLower(text) {
		case "true", "có", "1":
			return "true", ""
		case "false", "không", "0", "":
			return "false", ""
		}
		return quote(text), fmt.Sprintf("%q: chọn có hoặc không", text)
	}
	return quote(text), ""
}

// valueKinds gives the document field kind a template field's value is
// written as.
var valueKinds = map[template.Kind]string{
	template.Text:      kindText,
	template.Multiline: kindBlock,
	template.Date:      kindDate,
	template.Number:    kindInteger,
	template.Lines:     kindLines,
}

func linesLiteral(lines []string) string {
	if len(lines) == 0 {
		return "[]"
	}
	var b strings.Builder
	b.WriteString("[\n")
	for _, l := range lines {
		fmt.Fprintf(&b, "  %s,\n", quote(l))
	}
	b.WriteString("]")
	return b.String()
}

// textLiteral writes a text that may hold line breaks: a multi-line string
// when it does, so that the saved file reads as the text was typed.
func textLiteral(s string) string {
	return template.Quote(strings.ReplaceAll(strings.TrimSpace(s), "\r\n", "\n"))
}

// quote writes s as a TOML string that reads back as s.
func quote(s string) string { return template.Quote(s) }

func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	return keys
}

// readState reads a saved TOML back into a form: an input that names a
// built-in template, or a plain document. The document is not checked
// here, so an unfinished draft opens, and its problems show beside the
// fields as soon as it is previewed. A key the form cannot show (unknown,
// or of the wrong type) is left out and reported, with its line: the rest
// of the file opens. The state is nil when the file cannot be opened at
// all (not TOML, a template file, an unknown template). name is the
// file's name, for messages.
func readState(name string, data []byte, forms map[string]*generator.Form) (*State, []Problem) {
	data = generator.PlainText(data)
	var raw map[string]any
	if _, err := generator.DecodeTOML(name, data, &raw); err != nil {
		var es generator.Errors
		errors.As(err, &es)
		var probs []Problem
		for _, e := range es {
			probs = append(probs, Problem{Line: e.Line, Col: e.Col, Message: e.MsgVI})
		}
		return nil, probs
	}
	var ix *tomlpos.Index // scanned on the first problem: a good file never needs it
	var probs []Problem
	fail := func(path []string, msg string) {
		p := Problem{Key: strings.Join(path, "."), Message: msg}
		if ix == nil {
			ix = tomlpos.Scan(data)
		}
		if pos, ok := ix.Key(path...); ok {
			p.Line, p.Col = pos.Line, pos.Col
		}
		probs = append(probs, p)
	}
	s := &State{Values: map[string]Entry{}, Doc: map[string]Entry{}}
	var t *generator.Template
	if v, ok := raw["template"]; ok {
		ref, isString := v.(string)
		switch f, known := forms[ref]; {
		case !isString:
			fail([]string{"template"}, "đây là tệp mẫu (có bảng [template]), không phải văn bản: hãy mở một văn bản đã lưu từ biểu mẫu hoặc tạo bằng “vanban new”")
			return nil, probs
		case !known:
			fail([]string{"template"}, fmt.Sprintf("không có mẫu %q trong các mẫu có sẵn: %s", ref, strings.Join(sortedKeys(forms), ", ")))
			return nil, probs
		default:
			s.Template, t = ref, f.Template
		}
	}
	for _, k := range sortedKeys(raw) {
		v := raw[k]
		switch {
		case k == "template":
		case k == "values" && t != nil:
			vals, ok := v.(map[string]any)
			if !ok {
				fail([]string{k}, "phải là một bảng: [values]")
				continue
			}
			for _, name := range sortedKeys(vals) {
				f, ok := t.Field(name)
				if !ok {
					fail([]string{k, name}, fmt.Sprintf("mẫu “%s” không có ô %q: phần này của tệp được bỏ qua", t.Title, name))
					continue
				}
				e, msg := entry(vals[name], f.Kind == template.Lines)
				if msg != "" {
					fail([]string{k, name}, "“"+f.Label+"”: "+msg+"; phần này của tệp được bỏ qua")
					continue
				}
				if f.Kind == template.Date {
					e = isoDate(e)
				}
				s.Values[name] = e
			}
		default:
			flatten(v, []string{k}, func(path []string, v any) {
				key := strings.Join(path, ".")
				f, ok := docField(key)
				if !ok {
					fail(path, fmt.Sprintf("biểu mẫu không có mục %q: phần này của tệp được bỏ qua", key))
					return
				}
				e, msg := entry(v, f.Kind == kindLines)
				if msg != "" {
					fail(path, "“"+f.Label+"”: "+msg+"; phần này của tệp được bỏ qua")
					return
				}
				if f.Kind == kindDate {
					e = isoDate(e)
				}
				s.Doc[key] = e
			})
		}
	}
	slices.SortStableFunc(probs, func(a, b Problem) int { return cmp.Or(a.Line-b.Line, a.Col-b.Col) })
	return s, probs
}

// isoDate writes a date typed as people in Vietnam type it, 05/02/2021,
// as a date picker holds it, 2021-02-05. Anything else stays as typed:
// the page shows it in a text box, and the preview says what is wrong.
func isoDate(e Entry) Entry {
	if d, ok := vn.ParseDate(e.Text); ok {
		e.Text = d.Format("2006-01-02")
	}
	return e
}

// flatten calls fn with the path of every value that is not a table.
func flatten(v any, path []string, fn func([]string, any)) {
	if ms, ok := v.([]map[string]any); ok { // [[appendix]]: keyed by index
		for i, m := range ms {
			flatten(m, append(slices.Clip(path), strconv.Itoa(i)), fn)
		}
		return
	}
	m, ok := v.(map[string]any)
	if !ok {
		fn(path, v)
		return
	}
	for _, k := range sortedKeys(m) {
		flatten(m[k], append(slices.Clip(path), k), fn)
	}
}

// entry turns a decoded TOML value into what a form field holds.
func entry(v any, list bool) (Entry, string) {
	switch x := v.(type) {
	case string:
		if list {
			return Entry{List: true, Lines: Entry{Text: x}.lines()}, ""
		}
		return Entry{Text: x}, ""
	case int64:
		return Entry{Text: strconv.FormatInt(x, 10)}, ""
	case float64:
		return Entry{Text: strconv.FormatFloat(x, 'f', -1, 64)}, ""
	case bool:
		return Entry{Text: strconv.FormatBool(x)}, ""
	case time.Time:
		if x.Hour() != 0 || x.Minute() != 0 || x.Second() != 0 || x.Nanosecond() != 0 {
			return Entry{}, "chỉ ghi ngày, ví dụ 2026-03-15, không ghi giờ"
		}
		return Entry{Text: x.Format("2006-01-02")}, ""
	case []any:
		if !list {
			return Entry{}, "phải là một giá trị, không phải danh sách"
		}
		e := Entry{List: true, Lines: []string{}}
		for _, item := range x {
			s, ok := item.(string)
			if !ok {
				return Entry{}, `phải là danh sách chuỗi, ["...", "..."]`
			}
			e.Lines = append(e.Lines, s)
		}
		return e, ""
	}
	return Entry{}, fmt.Sprintf("giá trị loại %T không dùng được ở đây", v)
}
