package web

import (
	"os"
	"strings"
	"testing"

	"github.com/vanban/vanban/generator"
)

// A document with appendices opens into the form with each appendix's
// fields keyed by its index, and the form writes them back as
// [[appendix]] tables that read as the same document.
func TestAppendicesRoundTrip(t *testing.T) {
	data, err := os.ReadFile("../../samples/ke-hoach.toml")
	if err != nil {
		t.Fatal(err)
	}
	st, probs := readState("ke-hoach.toml", data, nil)
	if len(probs) > 0 {
		t.Fatalf("readState: %v", probs)
	}
	if st.Doc["appendix.0.title"].Text != "Danh sách khu vực bỏ phiếu trên địa bàn phường" ||
		st.Doc["appendix.1.landscape"].Text != "true" || !strings.Contains(st.Doc["appendix.1.body"].Text, "| STT |") {
		t.Fatalf("appendix entries: %v %v", st.Doc["appendix.0.title"], st.Doc["appendix.1.landscape"])
	}
	if len(st.Doc["signer.authority"].Lines) != 1 {
		t.Errorf("signer.authority = %+v, want one line", st.Doc["signer.authority"])
	}
	out, probs := st.toml(nil)
	if len(probs) > 0 {
		t.Fatalf("toml: %v", probs)
	}
	if n := strings.Count(string(out), "[[appendix]]"); n != 2 {
		t.Errorf("%d [[appendix]] tables written, want 2:\n%s", n, out)
	}
	want, err := generator.Parse(data)
	if err != nil {
		t.Fatal(err)
	}
	got, err := generator.Parse(out)
	if err != nil {
		t.Fatalf("the form's TOML does not read: %v\n%s", err, out)
	}
	if len(got.Appendices) != 2 || got.Appendices[1].Landscape != want.Appendices[1].Landscape ||
		got.Appendices[0].Title != want.Appendices[0].Title || len(got.Appendices[0].Body) != len(want.Appendices[0].Body) {
		t.Errorf("appendices read back as %+v", got.Appendices)
	}
}

func TestFieldKey(t *testing.T) {
	for in, want := range map[string]string{
		"appendix.0.body": "appendix.body", "appendix.12.landscape": "appendix.landscape",
		"appendix.x.body": "appendix.x.body", "issuer.name": "issuer.name", "appendix": "appendix",
	} {
		if got := fieldKey(in); got != want {
			t.Errorf("fieldKey(%q) = %q, want %q", in, got, want)
		}
	}
}
