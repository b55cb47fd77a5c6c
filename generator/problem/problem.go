// Package problem is the one error type of what vanban finds wrong with
// its input: the message in English and in Vietnamese, for office staff,
// and where the problem is. Every check — the parser, the template filler,
// the text rules of package vn, the layout, Document.Check — reports its
// problems as *Error, so that a caller reads both messages and the place
// of any of them the same way, with errors.As.
package problem

import (
	"fmt"
	"strings"
)

// Error is one problem with an input.
type Error struct {
	File string // the file's name as given, or "" for unnamed input
	// Line and Col are 1-based, 0 when unknown. With a File, they place
	// the problem in the file; without one (the layout of a document a
	// program built), Line is the line within the text at Key.
	Line, Col int
	Key       string // dotted key path, "page.margins.top"; may be empty
	Field     string // the template field whose value is at fault, if any
	Value     string // the value at fault as given, when the check saw it alone
	Msg       string // in English
	MsgVI     string // in Vietnamese
}

// New is a problem with a value alone, not yet placed: the caller that
// knows the key and the position sets them.
func New(value, msg, msgVI string) *Error { return &Error{Value: value, Msg: msg, MsgVI: msgVI} }

// Error formats the problem as "file:line:col: key: message".
func (e *Error) Error() string { return e.format(e.Msg) }

// Vietnamese formats the problem with the Vietnamese message.
func (e *Error) Vietnamese() string { return e.format(e.MsgVI) }

func (e *Error) format(msg string) string {
	var b strings.Builder
	if e.File != "" {
		b.WriteString(e.File)
		b.WriteByte(':')
	}
	if e.Line > 0 {
		if e.Col == 0 {
			fmt.Fprintf(&b, "%d:", e.Line) // a whole line, or a line within the key's text
		} else {
			fmt.Fprintf(&b, "%d:%d:", e.Line, e.Col)
		}
	}
	if b.Len() > 0 {
		b.WriteByte(' ')
	}
	if where := e.where(); where != "" {
		b.WriteString(where)
		b.WriteString(": ")
	}
	b.WriteString(msg)
	return b.String()
}

// where is the key, or the template field when there is no key.
func (e *Error) where() string {
	if e.Key != "" {
		return e.Key
	}
	return e.Field
}
