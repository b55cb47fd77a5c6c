package generator

import (
	"strings"
	"testing"
)

func TestPlainText(t *testing.T) {
	for in, want := range map[string]string{
		"a = 1\n":                        "a = 1\n",
		"\ufeffa = 1\r\n":                "a = 1\n",
		"b = \"\"\"\r\nx\r\ny\"\"\"\r\n": "b = \"\"\"\nx\ny\"\"\"\n",
		"c = 'lone\rcr'":                 "c = 'lone\rcr'",
	} {
		if got := string(PlainText([]byte(in))); got != want {
			t.Errorf("%q: %q, want %q", in, got, want)
		}
	}
}

// Impossible dates are quoted so that the rest of the file is decoded;
// other syntax errors are returned as they are.
func TestDecodeQuotesImpossibleDates(t *testing.T) {
	data, raw, err := decode("t.toml", []byte("a = 2026-02-30\nb = [2026-13-01, 2026-01-01]\nc = 2026-02-30 # ghi chú\n"))
	if err != nil {
		t.Fatal(err)
	}
	if raw["a"] != "2026-02-30" || raw["c"] != "2026-02-30" {
		t.Errorf("raw %v", raw)
	}
	if b, _ := raw["b"].([]any); len(b) != 2 || b[0] != "2026-13-01" {
		t.Errorf("b = %v", raw["b"])
	}
	if !strings.Contains(string(data), `c = "2026-02-30" # ghi chú`) {
		t.Errorf("text:\n%s", data)
	}
	if _, _, err := decode("t.toml", []byte("a = [\n")); err == nil {
		t.Error("a syntax error was not reported")
	}
}
