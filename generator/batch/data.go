package batch

import (
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"unicode/utf8"

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
	end    pos            // where the row's last value is written
}

type pos struct{ line, col int }

// Size returns about how many bytes d holds in memory: its text, and the
// maps and strings around each value. A server counts it to bound what
// batches waiting for their download hold.
func (d *Data) Size() int64 {
	n := int64(0)
	for _, r := range d.Rows {
		n += 200 // the row and its two maps
		for k, v := range r.Values {
			n += int64(len(k)) + 100 // the entries of Values and cols
			n += valueSize(v)
		}
	}
	for _, w := range d.Warnings {
		n += int64(len(w.Msg)+len(w.MsgVI)) + 100
	}
	return n
}

func valueSize(v any) int64 {
	switch x := v.(type) {
	case string:
		return int64(len(x))
	case []any:
		n := int64(24 * len(x))
		for _, e := range x {
			n += valueSize(e) + 16
		}
		return n
	case map[string]any:
		n := int64(0)
		for k, e := range x {
			n += int64(len(k)) + 100 + valueSize(e)
		}
		return n
	}
	return 16
}

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

// Load reads the data file at path, which must be a regular file of at
// most MaxDataSize bytes, with ReadFile.
func Load(path string, t *generator.Template, enc legacy.Encoding) (*Data, error) {
	fi, err := os.Stat(path)
	if err != nil {
		return nil, err
	}
	if !fi.Mode().IsRegular() {
		return nil, fmt.Errorf("%s: not a regular file", path)
	}
	if fi.Size() > MaxDataSize {
		return nil, tooBig(path)
	}
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	data, err := io.ReadAll(io.LimitReader(f, MaxDataSize+1))
	if err != nil {
		return nil, fmt.Errorf("read %s: %w", path, err)
	}
	return ReadFile(path, data, t, enc)
}

// ReadFile reads data for t from CSV or TOML, by the name's extension
// (.toml is TOML, anything else CSV). enc is the encoding of CSV text.
func ReadFile(name string, data []byte, t *generator.Template, enc legacy.Encoding) (*Data, error) {
	if strings.EqualFold(filepath.Ext(name), ".toml") {
		return ReadTOML(name, data, t)
	}
	return ReadCSV(name, data, t, enc)
}

// Limits of a batch's data, far beyond any real spreadsheet, which give a
// clear message instead of minutes of work on a hostile file.
const (
	MaxDataSize = 64 << 20  // bytes of a data file
	MaxCell     = 256 << 10 // bytes of one cell
	MaxColumns  = 1000      // columns of a CSV file
	MaxRows     = 100000    // rows of a data file
)

// ReadCSV reads a CSV file whose first row names the fields: by their names
// (don_vi) or their labels (Tên đơn vị), in any case, with or without
// diacritics. Columns that name no field are ignored with a warning, so a
// spreadsheet may keep its own columns (STT, ghi chú). Text in a legacy
// encoding is converted from enc; text that looks like an undeclared legacy
// encoding gets a warning naming its row. Text that is Unicode already,
// given as a legacy encoding, is refused, or gets a warning where a short
// text reads well both ways. Lines may end in "\n", "\r\n" or, as in old Mac
// files, "\r" alone.
func ReadCSV(name string, data []byte, t *generator.Template, enc legacy.Encoding) (*Data, error) {
	if len(data) > MaxDataSize {
		return nil, tooBig(name)
	}
	misread, err := checkMisread(name, data, enc)
	if err != nil {
		return nil, err
	}
	text, err := legacy.Decode(enc, data)
	if err != nil {
		return nil, dataError(name, 0, 0, err.Error(),
			"tệp không phải chữ Unicode (UTF-8); nếu tệp được gõ bằng phông TCVN3 (ABC) hoặc VNI, hãy chọn bảng mã đó")
	}
	if !strings.Contains(text, "\n") {
		text = strings.ReplaceAll(text, "\r", "\n") // an old Mac file
	}
	at := newPlacer(text)
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
	if err := checkRecord(name, 0, header, r, at); err != nil {
		return nil, err
	}
	d := &Data{File: name}
	cols := make([]string, len(header))
	seen := map[string]int{}
	for i, h := range header {
		f, ok := column(h, t)
		p := at.pos(r.FieldPos(i))
		line, col := p.line, p.col
		switch {
		case !ok:
			msg := fmt.Sprintf("column %q is not a field of template %q: ignored", excerpt(h), t.Name)
			msgVI := fmt.Sprintf("cột %q không phải trường của mẫu %q: bỏ qua", excerpt(h), t.Name)
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
		if err := checkRecord(name, n, rec, r, at); err != nil {
			return nil, err
		}
		line, _ := r.FieldPos(0)
		row := Row{Number: n, Line: line, Values: map[string]any{}, cols: map[string]pos{}, end: at.pos(r.FieldPos(len(rec) - 1))}
		for i, cell := range rec {
			if i >= len(cols) || cols[i] == "" {
				continue
			}
			p := at.pos(r.FieldPos(i))
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
	if misread != nil {
		misread.Row = d.rowAt(misread.Line)
		d.Warnings = append(d.Warnings, *misread)
	}
	return d, nil
}

// checkRecord refuses a record of row n (0 for the header) past the
// limits of columns or cell size.
func checkRecord(name string, n int, rec []string, r *csv.Reader, at *placer) error {
	where, whereVI := "the header", "dòng tiêu đề"
	if n > 0 {
		where, whereVI = fmt.Sprintf("row %d", n), fmt.Sprintf("dòng %d", n)
	}
	if n > MaxRows {
		return dataError(name, 0, 0, fmt.Sprintf("more than %d rows: split the file", MaxRows),
			fmt.Sprintf("tệp có quá %d dòng: hãy chia nhỏ", MaxRows))
	}
	if len(rec) > MaxColumns {
		p := at.pos(r.FieldPos(MaxColumns))
		return dataError(name, p.line, p.col, fmt.Sprintf("%s: more than %d columns", where, MaxColumns),
			fmt.Sprintf("%s: quá %d cột", whereVI, MaxColumns))
	}
	for i, cell := range rec {
		if len(cell) > MaxCell {
			p := at.pos(r.FieldPos(i))
			return dataError(name, p.line, p.col, fmt.Sprintf("%s, column %d: a cell longer than %d KB", where, i+1, MaxCell>>10),
				fmt.Sprintf("%s, cột %d: ô dài quá %d KB", whereVI, i+1, MaxCell>>10))
		}
	}
	return nil
}

// checkMisread refuses text that is Unicode already when enc is a legacy
// encoding, and returns a warning where it may be.
func checkMisread(name string, data []byte, enc legacy.Encoding) (*Warning, error) {
	if enc == legacy.UTF8 || !utf8.Valid(data) {
		return nil, nil
	}
	off, sure, found := legacy.Misread(enc, string(data))
	if !found {
		return nil, nil
	}
	p := newPlacer(string(data)).offset(off)
	word := string(data[off:])
	if i := strings.IndexAny(word, ",;\t\r\n\""); i >= 0 {
		word = word[:i]
	}
	word = excerpt(word)
	if sure {
		return nil, dataError(name, p.line, p.col,
			fmt.Sprintf("the file is Unicode (UTF-8) already (%q): reading it as %s would garble it; leave out -encoding %s", word, enc, enc),
			fmt.Sprintf("tệp đã là chữ Unicode (UTF-8) (%q): đọc theo bảng mã %s sẽ làm hỏng chữ; hãy chọn bảng mã UTF-8", word, enc))
	}
	return &Warning{File: name, Line: p.line, Col: p.col,
		Msg:   fmt.Sprintf("%q reads as Unicode Vietnamese already: if the file was saved as Unicode (UTF-8), leave out -encoding %s", word, enc),
		MsgVI: fmt.Sprintf("%q có vẻ đã là chữ Unicode: nếu tệp được lưu dạng Unicode (UTF-8), hãy chọn bảng mã UTF-8 thay cho %s", word, enc)}, nil
}

// rowAt returns the number of the row written at line, or 0.
func (d *Data) rowAt(line int) int {
	n := 0
	for _, r := range d.Rows {
		if r.Line > line {
			break
		}
		n = r.Number
	}
	return n
}

// placer turns the CSV reader's byte columns into columns in characters,
// as editors count them, in time linear in the text: the fields of a
// record come in order, so each line is counted once from where the last
// field left off.
type placer struct {
	starts []int // byte offset of each line's start
	text   string
	line   int // the line counted last, its byte column and rune column
	byteC  int
	runeC  int
}

func newPlacer(text string) *placer {
	starts := []int{0}
	for i := 0; i < len(text); i++ {
		if text[i] == '\n' {
			starts = append(starts, i+1)
		}
	}
	return &placer{starts: starts, text: text}
}

// pos returns the place of the 1-based line and byte column col.
func (p *placer) pos(line, col int) pos {
	if line < 1 || line > len(p.starts) {
		return pos{line, col}
	}
	if line != p.line || col < p.byteC {
		p.line, p.byteC, p.runeC = line, 1, 1
	}
	start := p.starts[line-1]
	end := min(start+col-1, len(p.text))
	p.runeC += utf8.RuneCountInString(p.text[min(start+p.byteC-1, end):end])
	p.byteC = col
	return pos{line, p.runeC}
}

// offset returns the place of a byte offset.
func (p *placer) offset(off int) pos {
	line := sort.SearchInts(p.starts, off+1)
	return p.pos(line, off-p.starts[line-1]+1)
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

// excerpt returns s, or its first 40 characters and "…".
func excerpt(s string) string {
	n := 0
	for i := range s {
		if n == 40 {
			return s[:i] + "…"
		}
		n++
	}
	return strings.Clone(s) // not a slice that keeps a whole record alive
}

func tooBig(name string) error {
	return dataError(name, 0, 0, fmt.Sprintf("the file is larger than %d MB", MaxDataSize>>20),
		fmt.Sprintf("tệp lớn quá %d MB", MaxDataSize>>20))
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
	md, err := generator.DecodeTOML(name, data, &raw)
	if err != nil {
		return nil, err
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
	if len(raw.Rows) > MaxRows {
		return nil, dataError(name, 0, 0, fmt.Sprintf("more than %d rows: split the file", MaxRows),
			fmt.Sprintf("tệp có quá %d dòng: hãy chia nhỏ", MaxRows))
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
	} else if r.end.line > 0 {
		e.Line, e.Col = r.end.line, r.end.col // a short row: where it ends
	} else {
		e.Line, e.Col = r.Line, 1
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
