package vn

import (
	"fmt"
	"strings"

	"github.com/vanban/vanban/generator/problem"
)

// A choice is an allowed value of a mark and the width in millimetres of the
// rectangle the Decree draws around it (0 where the Decree sets none).
type choice struct {
	text  string
	width float64
}

var (
	urgencies    = [...]choice{{"HỎA TỐC", 30}, {"THƯỢNG KHẨN", 40}, {"KHẨN", 20}}
	circulations = [...]choice{{"XEM XONG TRẢ LẠI", 0}, {"LƯU HÀNH NỘI BỘ", 0}}
)

// Urgency checks an urgency mark ("độ khẩn") and returns its canonical form,
// "HỎA TỐC", "THƯỢNG KHẨN" or "KHẨN", with the width in millimetres of the
// rectangle the Decree draws around it: 30, 40 and 20 respectively. The
// mark may be typed in any case and with either tone placement ("HOẢ TỐC"
// or "HỎA TỐC"). Any other value gives a *problem.Error whose Value is s.
func Urgency(s string) (mark string, widthMM float64, err error) {
	m, ok := lookup(s, urgencies[:])
	if !ok {
		return "", 0, valueError(s, urgencies[:], "urgency mark", "độ khẩn")
	}
	return m.text, m.width, nil
}

// Circulation checks a circulation mark ("phạm vi lưu hành") and returns
// its canonical form, "XEM XONG TRẢ LẠI" or "LƯU HÀNH NỘI BỘ". The mark may
// be typed in any case and with either tone placement. Any other value
// gives a *problem.Error whose Value is s.
func Circulation(s string) (string, error) {
	m, ok := lookup(s, circulations[:])
	if !ok {
		return "", valueError(s, circulations[:], "circulation mark", "phạm vi lưu hành")
	}
	return m.text, nil
}

// lookup returns the mark that s spells, ignoring case, tone placement and
// extra spaces.
func lookup(s string, marks []choice) (choice, bool) {
	key := Fold(clean1(s))
	for _, m := range marks {
		if Fold(m.text) == key {
			return m, true
		}
	}
	return choice{}, false
}

// valueError returns the problem with a value s that is none of marks.
func valueError(s string, marks []choice, what, whatVI string) *problem.Error {
	q := make([]string, len(marks))
	for i, m := range marks {
		q[i] = fmt.Sprintf("%q", m.text)
	}
	return &problem.Error{
		Value: s,
		Msg: fmt.Sprintf("%s %q is not allowed; use one of %s",
			what, s, strings.Join(q, ", ")),
		MsgVI: fmt.Sprintf("%s %q không hợp lệ; chỉ dùng %s hoặc %s",
			whatVI, s, strings.Join(q[:len(q)-1], ", "), q[len(q)-1]),
	}
}
