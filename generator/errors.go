package generator

import (
	"errors"
	"strings"

	"github.com/vanban/vanban/generator/problem"
)

// InputError is one problem with an input file, placed at the line and
// column of the key or value concerned. Msg is in English, MsgVI in
// Vietnamese for office staff. It is problem.Error, the one error type of
// every check vanban makes.
type InputError = problem.Error

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
