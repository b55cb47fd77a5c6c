package markup

import "strings"

// Align is a table column's alignment.
type Align uint8

// The alignments a delimiter row can ask for: "---", ":-:", "--:".
const (
	AlignLeft Align = iota
	AlignCenter
	AlignRight
)

// Table is a table typed in the body as a pipe table: a header row, a
// delimiter row and the rows. Cells hold inline markup.
type Table struct {
	Align  []Align  // one per column, from the delimiter row
	Header [][]Span // one cell per column
	Rows   []Row
}

// Row is a row of a table, with the line it was typed on. A row may have
// more or fewer cells than the header: the layout reports it.
type Row struct {
	Cells [][]Span
	Line  int // 1-based line in the body text
}

// table reads a paragraph as a pipe table, when it is one: every line
// starts with "|", and the second line is a delimiter row with as many
// cells as the first.
func table(para paragraph) (*Table, bool) {
	if len(para.lines) < 2 {
		return nil, false
	}
	for _, l := range para.lines {
		if !strings.HasPrefix(l, "|") {
			return nil, false
		}
	}
	head, delim := cells(para.lines[0]), cells(para.lines[1])
	if len(head) != len(delim) {
		return nil, false
	}
	t := &Table{}
	for _, d := range delim {
		a, ok := alignment(d)
		if !ok {
			return nil, false
		}
		t.Align = append(t.Align, a)
	}
	for _, c := range head {
		t.Header = append(t.Header, Inline(c))
	}
	for i, l := range para.lines[2:] {
		var row Row
		for _, c := range cells(l) {
			row.Cells = append(row.Cells, Inline(c))
		}
		row.Line = para.line + 2 + i
		t.Rows = append(t.Rows, row)
	}
	return t, true
}

// cells splits a table line at its unescaped bars; "\|" is a bar in the
// text. The bars at the ends of the line bound the cells.
func cells(line string) []string {
	line = strings.TrimSpace(line)
	line = strings.TrimPrefix(line, "|")
	if strings.HasSuffix(line, "|") && !strings.HasSuffix(line, `\|`) {
		line = line[:len(line)-1]
	}
	var out []string
	var cell strings.Builder
	for i := 0; i < len(line); i++ {
		switch {
		case line[i] == '\\' && i+1 < len(line) && line[i+1] == '|':
			cell.WriteByte('|')
			i++
		case line[i] == '|':
			out = append(out, strings.TrimSpace(cell.String()))
			cell.Reset()
		default:
			cell.WriteByte(line[i])
		}
	}
	return append(out, strings.TrimSpace(cell.String()))
}

// alignment reads a delimiter cell: dashes, with a colon at the left, the
// right or both ends.
func alignment(d string) (Align, bool) {
	left, right := strings.HasPrefix(d, ":"), strings.HasSuffix(d, ":")
	dashes := strings.Trim(d, ":")
	if dashes == "" || strings.Trim(dashes, "-") != "" {
		return 0, false
	}
	switch {
	case left && right:
		return AlignCenter, true
	case right:
		return AlignRight, true
	}
	return AlignLeft, true
}

// TableText is the plain text of a table, cell by cell, row by row: what a
// reader sees.
func TableText(t *Table) []string {
	var out []string
	for _, c := range t.Header {
		out = append(out, Text(c))
	}
	for _, r := range t.Rows {
		for _, c := range r.Cells {
			out = append(out, Text(c))
		}
	}
	return out
}
