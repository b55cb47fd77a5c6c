package problem

import (
	"errors"
	"fmt"
	"testing"
)

func TestFormat(t *testing.T) {
	for _, c := range []struct {
		e      Error
		en, vi string
	}{
		{Error{File: "a.toml", Line: 3, Col: 7, Key: "code", Msg: "bad", MsgVI: "sai"}, "a.toml:3:7: code: bad", "a.toml:3:7: code: sai"},
		{Error{Key: "body", Line: 5, Msg: "too wide", MsgVI: "rộng"}, "5: body: too wide", "5: body: rộng"},
		{Error{Field: "don_vi", Msg: "required", MsgVI: "bắt buộc"}, "don_vi: required", "don_vi: bắt buộc"},
		{Error{Key: "values.x", Field: "x", Msg: "m", MsgVI: "v"}, "values.x: m", "values.x: v"},
		{*New("PĐ UBND", "has a space", "có dấu cách"), "has a space", "có dấu cách"},
	} {
		if got := c.e.Error(); got != c.en {
			t.Errorf("Error() = %q, want %q", got, c.en)
		}
		if got := c.e.Vietnamese(); got != c.vi {
			t.Errorf("Vietnamese() = %q, want %q", got, c.vi)
		}
	}
}

// A wrapped problem is found with errors.As, as every caller reads one.
func TestAs(t *testing.T) {
	err := fmt.Errorf("render: %w", &Error{Key: "issuer.name", Msg: "m", MsgVI: "v"})
	var p *Error
	if !errors.As(err, &p) || p.Key != "issuer.name" {
		t.Errorf("errors.As: %v", err)
	}
}
