package web

import (
	"fmt"
	"io"
	"slices"
	"strconv"
	"strings"
)

// Appendices repeat: the form holds the fields of appendix i under the
// keys "appendix.i.title", "appendix.i.body" and "appendix.i.landscape",
// each described by the field "appendix.title" (and so on) of docFields,
// which has Repeat set; the TOML holds them as [[appendix]] tables.

// appendixTable is the document table that repeats.
const appendixTable = "appendix"

// fieldKey maps a key of the form to the key of its field: an appendix's
// "appendix.2.body" to "appendix.body"; any other key to itself.
func fieldKey(key string) string {
	rest, ok := strings.CutPrefix(key, appendixTable+".")
	if !ok {
		return key
	}
	n, name, ok := strings.Cut(rest, ".")
	if !ok || n == "" || strings.Trim(n, "0123456789") != "" {
		return key
	}
	return appendixTable + "." + name
}

// appendixIndices returns the indices of the appendices the form holds, in
// order.
func appendixIndices(doc map[string]Entry) []int {
	var out []int
	for k, e := range doc {
		rest, ok := strings.CutPrefix(k, appendixTable+".")
		if !ok || e.blank() {
			continue
		}
		n, _, _ := strings.Cut(rest, ".")
		if i, err := strconv.Atoi(n); err == nil && !slices.Contains(out, i) {
			out = append(out, i)
		}
	}
	slices.Sort(out)
	return out
}

// writeAppendices writes the form's appendices as [[appendix]] tables, in
// the order of their indices, and returns the problems of their values.
func writeAppendices(w io.Writer, doc map[string]Entry) []Problem {
	var probs []Problem
	for _, i := range appendixIndices(doc) {
		fmt.Fprintf(w, "\n[[%s]]\n", appendixTable)
		for _, f := range docFields {
			table, name := splitKey(f.Key)
			if table != appendixTable {
				continue
			}
			key := appendixTable + "." + strconv.Itoa(i) + "." + name
			e, ok := doc[key]
			if !ok || e.blank() {
				continue
			}
			lit, p := literal(f.Kind, e)
			if p != "" {
				probs = append(probs, Problem{Key: key, Message: p})
			}
			fmt.Fprintf(w, "%s = %s\n", name, lit)
		}
	}
	return probs
}
