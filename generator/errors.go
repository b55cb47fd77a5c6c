package generator

import (
	"errors"
	"fmt"
	"strings"
)

// InputError is one problem with an input file, placed at the line and
// column of the key or value concerned. Msg is in English, MsgVI in
// Vietnamese for office staff.
type InputError struct {
	File      string // the file's name as given, or "" for unnamed input
	Line, Col int    // 1-based; 0 when the position is unknown
	Key       string // dotted key path, "page.margins.top"; may be empty
	Field     string // the template field whose value is at fault, if any
	Msg       string
	MsgVI     string
}

// Error formats the problem as "file:line:col: key: message".
func (e *InputError) Error() string { return e.format(e.Msg) }

// Vietnamese formats the problem with the Vietnamese message.
func (e *InputError) Vietnamese() string { return e.format(e.MsgVI) }

func (e *InputError) format(msg string) string {
	var b strings.Builder
	if e.File != "" {
		b.WriteString(e.File)
		b.WriteByte(':')
	}
	if e.Line > 0 {
		fmt.Fprintf(&b, "%d:%d:", e.Line, e.Col)
	}
	if b.Len() > 0 {
		b.WriteByte(' ')
	}
	if e.Key != "" {
		b.WriteString(e.Key)
		b.WriteString(": ")
	}
	b.WriteString(msg)
	return b.String()
}

// Errors is every problem found in one input, in the order of the file.
type Errors []*InputError

// Error lists the problems, one per line.
func (es Errors) Error() string {
	lines := make([]string, len(es))
	for i, e := range es {
		lines[i] = e.Error()
	}
	return strings.Join(lines, "\n")
}

// Vietnamese lists the problems in Vietnamese, one per line.
func (es Errors) Vietnamese() string {
	lines := make([]string, len(es))
	for i, e := range es {
		lines[i] = e.Vietnamese()
	}
	return strings.Join(lines, "\n")
}

// Vietnamese returns err's message in Vietnamese where it has one (Errors
// and *InputError, wrapped or not), and err.Error() otherwise: what a form
// or a manifest for office staff shows.
func Vietnamese(err error) string {
	var es Errors
	if errors.As(err, &es) {
		return es.Vietnamese()
	}
	var e *InputError
	if errors.As(err, &e) {
		return e.Vietnamese()
	}
	// A layout's errors (a header taller than the page, a table that
	// cannot fit) say themselves in Vietnamese too.
	var vi interface{ Vietnamese() string }
	if errors.As(err, &vi) {
		return vi.Vietnamese()
	}
	return err.Error()
}
