package batch

import (
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"path/filepath"
	"strings"
	"unicode/utf8"

	"github.com/BurntSushi/toml"

	"github.com/vanban/vanban/generator"
	"github.com/vanban/vanban/generator/internal/suggest"
	"github.com/vanban/vanban/generator/legacy"
	"github.com/vanban/vanban/generator/tomlpos"
	"github.com/vanban/vanban/generator/vn"
)

// Data is the table of values a batch fills its template with.
type Data struct {
	File     string // the file's name, for messages
	Rows     []Row
	Warnings []Warning // columns ignored, text that looks like a legacy encoding
}

// Row is one row of values: one document.
type Row struct {
	Number int            // 1-based, counting data rows only
	Line   int            // the line of the file where the row starts
	Values map[string]any // by field name: strings from CSV, TOML values from TOML
	cols   map[string]pos // where each value is written
}

type pos struct{ line, col int }

// Warning is something in the data that is probably wrong but does not stop
// the batch.
type Warning struct {
	File      string
	Row       int // 0 for the whole file
	Line, Col int
	Field     string
	Msg       string
	MsgVI     string
}

func (w Warning) String() string { return w.format(w.Msg, "row") }

// Vietnamese formats the warning in Vietnamese.
func (w Warning) Vietnamese() string { return w.format(w.MsgVI, "dòng") }

func (w Warning) format(msg, row string) string {
	s := w.File
	if w.Line > 0 {
		s += fmt.Sprintf(":%d:%d", w.Line, w.Col)
	}
	s += ": "
	if w.Row > 0 {
		s += fmt.Sprintf("%s %d: ", row, w.Row)
	}
	if w.Field != "" {
		s += w.Field + ": "
	}
	return s + msg
}

// ReadFile reads data for t from CSV or TOML, by the name's extension
// (.toml is TOML, anything else CSV). enc is the encoding of CSV text.
func ReadFile(name string, data []byte, t *generator.Template, enc legacy.Encoding) (*Data, error) {
	if strings.EqualFold(filepath.Ext(name), ".toml") {
		return ReadTOML(name, data, t)
	}
	return ReadCSV(name, data, t, enc)
}

// ReadCSV reads a CSV file whose first row names the fields: by their names
// (don_vi) or their labels (Tên đơn vị), in any case, with or without
// diacritics. Columns that name no field are ignored with a warning, so a
// spreadsheet may keep its own columns (STT, ghi chú). Text in a legacy
// encoding is converted from enc; text that looks like an undeclared legacy
// encoding gets a warning naming its row.
func ReadCSV(name string, data []byte, t *generator.Template, enc legacy.Encoding) (*Data, error) {
	text, err := legacy.Decode(enc, data)
	if err != nil {
		return nil, dataError(name, 0, 0, err.Error(),
			"tệp không phải chữ Unicode (UTF-8); nếu tệp được gõ bằng phông TCVN3 (ABC) hoặc VNI, hãy chọn bảng mã đó")
	}
	lines := strings.Split(text, "\n")
	// at turns the reader's byte column into a column in characters, as
	// editors count them.
	at := func(line, col int) pos {
		if line-1 < len(lines) && col-1 <= len(lines[line-1]) {
			col = utf8.RuneCountInString(lines[line-1][:col-1]) + 1
		}
		return pos{line, col}
	}
	r := csv.NewReader(strings.NewReader(text))
	r.FieldsPerRecord = -1
	r.Comma = sniffComma(text)
	header, err := r.Read()
	if err == io.EOF {
		return nil, dataError(name, 0, 0, fmt.Sprintf("the file is empty: its first line must name the fields (%s)", fieldNames(t)),
			fmt.Sprintf("tệp trống: dòng đầu phải ghi tên các trường (%s)", fieldNames(t)))
	}
	if err != nil {
		return nil, csvError(name, 0, err)
	}
	d := &Data{File: name}
	cols := make([]string, len(header))
	seen := map[string]int{}
	for i, h := range header {
		f, ok := column(h, t)
		p := at(r.FieldPos(i))
		line, col := p.line, p.col
		switch {
		case !ok:
			msg := fmt.Sprintf("column %q is not a field of template %q: ignored", h, t.Name)
			msgVI := fmt.Sprintf("cột %q không phải trường của mẫu %q: bỏ qua", h, t.Name)
			hint, hintVI := suggest.Hint(h, t.FieldNames())
			msg, msgVI = msg+hint, msgVI+hintVI
			d.Warnings = append(d.Warnings, Warning{File: name, Line: line, Col: col, Msg: msg, MsgVI: msgVI})
		case seen[f] > 0:
			return nil, dataError(name, line, col, fmt.Sprintf("columns %d and %d both give field %q", seen[f], i+1, f),
				fmt.Sprintf("cột %d và cột %d cùng ghi trường %q", seen[f], i+1, f))
		default:
			cols[i] = f
			seen[f] = i + 1
		}
	}
	for n := 1; ; n++ {
		rec, err := r.Read()
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, csvError(name, n, err)
		}
		if blank(rec) {
			n--
			continue
		}
		line, _ := r.FieldPos(0)
		row := Row{Number: n, Line: line, Values: map[string]any{}, cols: map[string]pos{}}
		for i, cell := range rec {
			if i >= len(cols) || cols[i] == "" {
				continue
			}
			p := at(r.FieldPos(i))
			l, c := p.line, p.col
			row.Values[cols[i]] = cell
			row.cols[cols[i]] = p
			if enc == legacy.UTF8 {
				if e, ok := legacy.Looks(cell); ok {
					d.Warnings = append(d.Warnings, Warning{File: name, Row: n, Line: l, Col: c, Field: cols[i],
						Msg:   fmt.Sprintf("%q looks like %s text; if the file was typed in %s fonts, use -encoding %s", excerpt(cell), e, e, strings.ToLower(e.String())),
						MsgVI: fmt.Sprintf("%q có vẻ là chữ %s; nếu tệp được gõ bằng phông %s, hãy dùng -encoding %s", excerpt(cell), e, e, strings.ToLower(e.String()))})
				}
			}
		}
		d.Rows = append(d.Rows, row)
	}
	if len(d.Rows) == 0 {
		return nil, dataError(name, 0, 0, "no rows after the header", "tệp không có dòng dữ liệu nào sau dòng tiêu đề")
	}
	return d, nil
}

// sniffComma returns the separator of the header line: spreadsheets set to
// Vietnamese write ";" because "," is their decimal comma.
func sniffComma(text string) rune {
	first, _, _ := strings.Cut(text, "\n")
	if strings.Count(first, ";") > strings.Count(first, ",") {
		return ';'
	}
	if strings.Count(first, "\t") > strings.Count(first, ",") {
		return '\t'
	}
	return ','
}

func blank(rec []string) bool {
	for _, c := range rec {
		if strings.TrimSpace(c) != "" {
			return false
		}
	}
	return true
}

func excerpt(s string) string {
	if r := []rune(s); len(r) > 40 {
		return string(r[:40]) + "…"
	}
	return s
}

// column returns the field a header names, by name or by label.
func column(h string, t *generator.Template) (string, bool) {
	key := fold(h)
	for _, f := range t.Fields {
		if key == fold(f.Name) || key == fold(f.Label) {
			return f.Name, true
		}
	}
	return "", false
}

// fold makes a header comparable: no case, no diacritics, no spaces or
// underscores.
func fold(s string) string {
	s = Plain(strings.ToLower(vn.Clean(s)))
	return strings.Map(func(r rune) rune {
		if r == ' ' || r == '_' || r == '-' {
			return -1
		}
		return r
	}, s)
}

func fieldNames(t *generator.Template) string { return strings.Join(t.FieldNames(), ", ") }

// ReadTOML reads rows from a TOML file of [[rows]] tables, each giving
// values by field name.
func ReadTOML(name string, data []byte, t *generator.Template) (*Data, error) {
	data = generator.PlainText(data)
	if !utf8.Valid(data) {
		return nil, dataError(name, 0, 0, "not UTF-8 text", "tệp không phải chữ Unicode (UTF-8)")
	}
	var raw struct {
		Rows []map[string]any `toml:"rows"`
	}
	md, err := toml.Decode(string(data), &raw)
	if err != nil {
		var pe toml.ParseError
		if errors.As(err, &pe) {
			return nil, dataError(name, pe.Position.Line, pe.Position.Col, "invalid TOML: "+pe.Message, "tệp TOML sai cú pháp: "+pe.Message)
		}
		return nil, dataError(name, 0, 0, "invalid TOML: "+err.Error(), "tệp TOML sai cú pháp: "+err.Error())
	}
	ix := tomlpos.Scan(data)
	for _, k := range md.Undecoded() {
		p, _ := ix.Nearest(k...)
		return nil, dataError(name, p.Line, p.Col, fmt.Sprintf("unknown key %q: the file holds [[rows]] tables only", k.String()),
			fmt.Sprintf("khóa %q không dùng được: tệp chỉ gồm các bảng [[rows]]", k.String()))
	}
	if len(raw.Rows) == 0 {
		return nil, dataError(name, 0, 0, "no [[rows]]", "tệp không có bảng [[rows]] nào")
	}
	d := &Data{File: name}
	for i, m := range raw.Rows {
		idx := fmt.Sprint(i)
		p, _ := ix.Key("rows", idx)
		row := Row{Number: i + 1, Line: p.Line, Values: m, cols: map[string]pos{}}
		for k := range m {
			if vp, ok := ix.Value("rows", idx, k); ok {
				row.cols[k] = pos{vp.Line, vp.Col}
			}
		}
		d.Rows = append(d.Rows, row)
	}
	return d, nil
}

// place fills in where a problem with a row's value is written.
func (r *Row) place(file string, e *generator.InputError) {
	if e.File != "" {
		return // a problem in the template or the form's own file
	}
	e.File = file
	field := e.Field
	if field == "" {
		field = e.Key
	}
	if p, ok := r.cols[field]; ok {
		e.Line, e.Col = p.line, p.col
	} else {
		e.Line = r.Line
	}
	if e.Key == "" {
		e.Key = field
	}
}

// dataError is a problem with a whole data file, or at a line and column
// of it, in English and in Vietnamese.
func dataError(name string, line, col int, msg, msgVI string) error {
	return &generator.InputError{File: name, Line: line, Col: col, Msg: msg, MsgVI: msgVI}
}

// csvError reports a CSV syntax error of row n (0 for the header).
func csvError(name string, n int, err error) error {
	var pe *csv.ParseError
	if !errors.As(err, &pe) {
		return dataError(name, 0, 0, err.Error(), "không đọc được tệp CSV: "+err.Error())
	}
	where, whereVI := "the header", "dòng tiêu đề"
	if n > 0 {
		where, whereVI = fmt.Sprintf("row %d", n), fmt.Sprintf("dòng %d", n)
	}
	msgVI := pe.Err.Error()
	switch {
	case errors.Is(pe.Err, csv.ErrQuote), errors.Is(pe.Err, csv.ErrBareQuote):
		msgVI = "dấu ngoặc kép \" không đúng chỗ: ô có dấu phẩy hay xuống dòng phải đặt trong ngoặc kép, và dấu ngoặc kép bên trong ô phải gõ hai lần"
	}
	return dataError(name, pe.Line, pe.Column, where+": "+pe.Err.Error(), whereVI+": "+msgVI)
}
