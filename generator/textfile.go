package generator

import (
	"bytes"
	"errors"
	"strings"

	"github.com/BurntSushi/toml"
)

// PlainText returns TOML or CSV text as vanban reads it: without a UTF-8
// byte order mark, and with CRLF line endings turned into LF. Notepad on
// Windows writes both; without this a multi-line string would keep a
// carriage return at the end of each line. Lines and columns are those of
// the file as written.
func PlainText(data []byte) []byte {
	data = bytes.TrimPrefix(data, []byte("\ufeff"))
	if !bytes.Contains(data, []byte("\r\n")) {
		return data
	}
	return bytes.ReplaceAll(data, []byte("\r\n"), []byte("\n"))
}

// maxDateFixes bounds how many impossible dates decode quotes in one file.
const maxDateFixes = 100

// decode decodes a TOML file called name (after PlainText) into raw, once
// checkInput has found it neither too large nor too deeply nested. A date
// that does not exist (2026-02-30) stops the TOML decoder with a syntax
// error; decode quotes it and decodes again, so that it reaches the checks
// as a quoted date does, with the same message, and every other problem in
// the file is found too. It returns the text it decoded: quoting moves the
// columns after a date on its line by two, no line. Its errors are Errors.
func decode(name string, data []byte) ([]byte, map[string]any, error) {
	data = PlainText(data)
	if err := checkInput(name, data); err != nil {
		return nil, nil, err
	}
	data, raw, err := decodeDates(data)
	if err != nil {
		return nil, nil, Errors{syntaxError(name, err)}
	}
	return data, raw, nil
}

// decodeDates is decode's loop over impossible dates.
func decodeDates(data []byte) ([]byte, map[string]any, error) {
	var first error
	for range maxDateFixes {
		var raw map[string]any
		_, err := toml.Decode(string(data), &raw)
		if err == nil {
			return data, raw, nil
		}
		if first == nil {
			first = err
		}
		var pe toml.ParseError
		if !errors.As(err, &pe) || !strings.HasPrefix(pe.Message, "invalid datetime") {
			return nil, nil, err
		}
		start, end := pe.Position.Start, pe.Position.Start+pe.Position.Len
		if start < 0 || end > len(data) || start >= end {
			return nil, nil, first
		}
		date := bytes.TrimSpace(data[start:end])
		fixed := make([]byte, 0, len(data)+2)
		fixed = append(fixed, data[:start]...)
		fixed = append(fixed, '"')
		fixed = append(fixed, date...)
		fixed = append(fixed, '"')
		fixed = append(fixed, data[start+len(date):]...)
		data = fixed
	}
	return nil, nil, first
}
