package generator

import (
	"bytes"
	"fmt"
	"slices"

	"errors"
	"github.com/vanban/vanban/generator/markup"
	"strings"
	"testing"
	"time"
)

// good is a minimal valid document; cases below change one thing in it.
const good = `type = "phát động thi đua"
summary = "Đợt thi đua đặc biệt"
number = 5
code = "pđ-ubnd"
date = 2021-02-05
place = "Hòa An"
body = """
Đoạn thứ nhất.

Đoạn thứ hai."""
recipients = ["Sở Nội vụ;", "- Lưu trữ"]
archive = "VT, NV"

[issuer]
parent = "ubnd tỉnh cao bằng"
name = "Ủy ban nhân dân huyện Hòa An"

[signer]
position = "chủ tịch"
name = "TRỊNH TRƯỜNG HUY"
`

func TestParseNormalises(t *testing.T) {
	d, err := ParseNamed("good.toml", []byte(good))
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct{ got, want string }{
		{d.Type, "PHÁT ĐỘNG THI ĐUA"},
		{d.Code, "PĐ-UBND"},
		{d.NumberLine(), "Số: 05/PĐ-UBND"},
		{d.DateLine(), "Hòa An, ngày 05 tháng 02 năm 2021"},
		{d.Issuer.Parent, "UBND TỈNH CAO BẰNG"},
		{d.Issuer.Name, "ỦY BAN NHÂN DÂN HUYỆN HÒA AN"},
		{d.Signer.Position, "CHỦ TỊCH"},
		{d.Signer.Name, "Trịnh Trường Huy"},
		{strings.Join(d.RecipientLines(), "|"), "- Sở Nội vụ;|- Lưu trữ;|- Lưu: VT, NV."},
	} {
		if c.got != c.want {
			t.Errorf("got %q, want %q", c.got, c.want)
		}
	}
	if len(d.Body) != 2 {
		t.Errorf("body has %d paragraphs, want 2", len(d.Body))
	}
	if !d.Date.Equal(time.Date(2021, 2, 5, 0, 0, 0, 0, time.UTC)) {
		t.Errorf("date %v", d.Date)
	}
}

// Decomposed input (as macOS keyboards type it) is normalised to NFC.
func TestParseNFC(t *testing.T) {
	in := strings.Replace(good, `place = "Hòa An"`, "place = \"Ho\u0300a An\"", 1)
	d, err := Parse([]byte(in))
	if err != nil {
		t.Fatal(err)
	}
	if d.Place != "Hòa An" {
		t.Errorf("place %q is not NFC", d.Place)
	}
}

func TestBadInput(t *testing.T) {
	for _, c := range []struct {
		name      string
		old, new  string // replace old with new in good
		line, col int
		key       string
		msg       string // in the English message
		msgVI     string // in the Vietnamese message
	}{
		{"syntax", `number = 5`, `number = = 5`, 3, 10, "number", "invalid TOML", "sai cú pháp"},
		{"unknown key", `archive = "VT, NV"`, `archiv = "VT, NV"`, 12, 1, "archiv", `did you mean "archive"`, "không có trong mẫu"},
		{"unknown key in a table", `position = "chủ tịch"`, `positon = "chủ tịch"`, 19, 1, "signer.positon", `did you mean "position"`, "có phải"},
		{"wrong type", `number = 5`, `number = "năm"`, 3, 10, "number", "must be a whole number", "số nguyên"},
		{"wrong type in a list", `recipients = ["Sở Nội vụ;", "- Lưu trữ"]`, `recipients = ["Sở Nội vụ;", 7]`, 11, 29, "recipients.1", "must be a string", "chuỗi"},
		{"missing key", "place = \"Hòa An\"\n", "", 0, 0, "place", "is required", "bắt buộc"},
		{"missing table", "[signer]\nposition = \"chủ tịch\"\nname = \"TRỊNH TRƯỜNG HUY\"\n", "", 0, 0, "signer", "is required", "bắt buộc"},
		{"empty value", `place = "Hòa An"`, `place = "  "`, 6, 9, "place", "must not be empty", "không được để trống"},
		{"out of range", "[issuer]", "[page]\nsize = 15\n[issuer]", 15, 8, "page.size", "outside the Decree's range 13–14", "ngoài khoảng"},
		{"margin out of range", "[issuer]", "[page]\nmargins = { top = 20, left = 25 }\n[issuer]", 15, 30, "page.margins.left", "outside the Decree's range 30–35", "Nghị định 30"},
		{"date that does not exist", `date = 2021-02-05`, `date = 2021-02-30`, 5, 8, "date", "not a date that exists", "không phải là một ngày có thật"},
		{"date string that does not exist", `date = 2021-02-05`, `date = "31/04/2021"`, 5, 8, "date", "not a date that exists", "không phải là một ngày có thật"},
		{"code with a space", `code = "pđ-ubnd"`, `code = "PĐ UBND"`, 4, 8, "code", "space", ""},
		{"unknown urgency", `archive = "VT, NV"`, "archive = \"VT, NV\"\nurgency = \"gấp\"", 13, 11, "urgency", "HỎA TỐC", ""},
		{"script the font cannot draw", `place = "Hòa An"`, `place = "Hòa An 北京"`, 6, 17, "place", "cannot be printed", "không in được"},
		{"emoji in the body", "Đoạn thứ hai.", "Đoạn thứ 🙂 hai.", 10, 10, "body", "cannot be printed", "phông chữ"},
		{"control character", `place = "Hòa An"`, `place = "Hòa\u0007An"`, 6, 13, "place", "cannot be printed", ""},
		{"Công văn without summary", "type = \"phát động thi đua\"\nsummary = \"Đợt thi đua đặc biệt\"\n", "", 0, 0, "summary", "needs a summary", "trích yếu"},
	} {
		t.Run(c.name, func(t *testing.T) {
			in := strings.Replace(good, c.old, c.new, 1)
			if in == good {
				t.Fatalf("case does not change the input")
			}
			_, err := ParseNamed("in.toml", []byte(in))
			var es Errors
			if !errors.As(err, &es) || len(es) != 1 {
				t.Fatalf("got %v, want exactly one input error", err)
			}
			e := es[0]
			if e.File != "in.toml" || e.Key != c.key || !strings.Contains(e.Msg, c.msg) || !strings.Contains(e.MsgVI, c.msgVI) {
				t.Errorf("got %+v\nwant key %q, message with %q / %q", *e, c.key, c.msg, c.msgVI)
			}
			if c.line > 0 && (e.Line != c.line || e.Col != c.col) {
				t.Errorf("position %d:%d, want %d:%d (%s)", e.Line, e.Col, c.line, c.col, e)
			}
			if c.line == 0 && e.Line == 0 {
				t.Errorf("no position at all: %s", e)
			}
			if !strings.HasPrefix(e.Error(), "in.toml:") {
				t.Errorf("message %q does not start with the file", e)
			}
		})
	}
}

// Text with XML and PDF special characters comes out as typed.
func TestSpecialCharacters(t *testing.T) {
	const tricky = `a < b & c > d "quoted" ]]> (paren) \back <w:t>`
	in := strings.Replace(good, "Đoạn thứ hai.", strings.ReplaceAll(tricky, `\`, `\\`), 1)
	in = strings.Replace(in, `"Sở Nội vụ;"`, `"Sở <Nội> & vụ"`, 1)
	d, err := Parse([]byte(in))
	if err != nil {
		t.Fatal(err)
	}
	pdf, docx := render(t, d)
	if got := pdfText(t, pdf, ""); !strings.Contains(got, tricky) || !strings.Contains(got, "- Sở <Nội> & vụ;") {
		t.Errorf("PDF text lost the special characters: %s", got)
	}
	got := strings.Join(docxParagraphs(t, docx, "word/document.xml"), "\n")
	if !strings.Contains(got, tricky) || !strings.Contains(got, "- Sở <Nội> & vụ;") {
		t.Errorf("DOCX text lost the special characters: %s", got)
	}
}

// FuzzParseRender: any input either fails with input errors that carry a
// message, or renders to a PDF and a well-formed DOCX.
func FuzzParseRender(f *testing.F) {
	f.Add([]byte(good))
	f.Add([]byte(strings.Replace(good, "Đoạn thứ hai.", "**Điều 1.** *a* ***b*** \\* # c\n\nQUYẾT ĐỊNH:\n\nChương I\n\nI. MỤC ĐÍCH", 1)))
	f.Add([]byte(strings.Replace(good, `type = "phát động thi đua"`, `addressees = ["A", "B"]`+"\nurgency = \"khẩn\"", 1)))
	f.Add([]byte("number = 1\n[page]\nsize = 13\n"))
	f.Add([]byte(strings.Replace(good, "Đoạn thứ hai.", "| STT | Tên \\| x |\n|:-:|--:|\n| 1 | **A** |\n| 2 | b | c |", 1) +
		"[[appendix]]\ntitle = \"Danh sách\"\nlandscape = true\nbody = \"| a | b |\\n|---|---|\\n| 1 | 2 |\"\n"))
	f.Add([]byte(strings.Replace(good, `type = "phát động thi đua"`, `type = "quyết định"`+"\nenacted_by = \"Ủy ban nhân dân xã A\"", 1)))
	f.Fuzz(func(t *testing.T, in []byte) {
		d, err := Parse(in)
		if err != nil {
			var es Errors
			if !errors.As(err, &es) || len(es) == 0 {
				t.Fatalf("error is not Errors: %v", err)
			}
			for _, e := range es {
				if e.Msg == "" || e.MsgVI == "" {
					t.Fatalf("error without a message: %+v", *e)
				}
			}
			return
		}
		var p, w bytes.Buffer
		if err := WritePDF(&p, d); err != nil {
			// What cannot be laid out at all (a header taller than the
			// page) is a problem with its key, never anything else.
			var pe *InputError
			if !errors.As(err, &pe) || pe.Key == "" || pe.Msg == "" || pe.MsgVI == "" {
				t.Fatalf("WritePDF: %v", err)
			}
			return
		}
		if err := WriteDOCX(&w, d); err != nil {
			t.Fatalf("WriteDOCX: %v", err)
		}
		if !bytes.HasPrefix(p.Bytes(), []byte("%PDF-1.4")) {
			t.Fatalf("not a PDF")
		}
		docxParagraphs(t, w.Bytes(), "word/document.xml") // fails on malformed XML
	})
}

func TestDocumentKeys(t *testing.T) {
	got := strings.Join(DocumentKeys(), " ")
	want := "type summary number code date year place addressees enacted_by bases body recipients archive urgency circulation drafter footer " +
		"issuer.parent issuer.name signer.authority signer.position signer.name " +
		"page.margins.top page.margins.bottom page.margins.left page.margins.right page.size page.line_spacing page.indent " +
		"appendix.title appendix.body appendix.landscape"
	if got != want {
		t.Errorf("DocumentKeys() =\n%s\nwant\n%s", got, want)
	}
}

func TestParseFormats(t *testing.T) {
	for _, c := range []struct {
		in, want string // want "" for an error
	}{
		{"", "pdf docx"},
		{"pdf", "pdf"},
		{" DOCX , pdf ", "docx pdf"},
		{"pdf,pdf", "pdf"},
		{"pdf,odt", ""},
		{"pdf,", ""},
	} {
		got, err := ParseFormats(c.in)
		if c.want == "" {
			if err == nil {
				t.Errorf("ParseFormats(%q) = %q, want an error", c.in, got)
			}
			continue
		}
		if err != nil || strings.Join(got, " ") != c.want {
			t.Errorf("ParseFormats(%q) = %q, %v, want %q", c.in, got, err, c.want)
		}
	}
}

// The keys of a decision signed by a deputy for the committee, with the
// enacting authority and two appendices.
func TestSignerLinesEnactingAndAppendices(t *testing.T) {
	base := `type = "quyết định"
summary = "Về việc thành lập Tổ công tác"
code = "QĐ-UBND"
place = "Ngọc Đường"
year = 2026
enacted_by = "Ủy ban nhân dân xã  Ngọc Đường"
body = "Điều 1. Thành lập Tổ công tác."
[issuer]
name = "ỦY BAN NHÂN DÂN XÃ NGỌC ĐƯỜNG"
[signer]
%s
position = "phó chủ tịch"
name = "Nguyễn Văn A"
[[appendix]]
title = "Danh sách thành viên"
body = """
| STT | Họ và tên |
|:-:|---|
| 1 | Nguyễn Văn B |
"""
[[appendix]]
body = "Nội dung phụ lục hai."
landscape = true
`
	for _, auth := range []string{`authority = ["TM. Ủy ban nhân dân", "kt. chủ tịch"]`, `authority = "TM. ỦY BAN NHÂN DÂN\nKT. CHỦ TỊCH"`} {
		d, err := Parse([]byte(fmt.Sprintf(base, auth)))
		if err != nil {
			t.Fatalf("%s: %v", auth, err)
		}
		if got := strings.Join(d.SignerLines(), " / "); got != "TM. ỦY BAN NHÂN DÂN / KT. CHỦ TỊCH / PHÓ CHỦ TỊCH" {
			t.Errorf("%s: signer lines %q", auth, got)
		}
		if d.EnactedBy != "ỦY BAN NHÂN DÂN XÃ NGỌC ĐƯỜNG" {
			t.Errorf("enacted_by = %q", d.EnactedBy)
		}
		if len(d.Appendices) != 2 || d.Appendices[0].Title != "DANH SÁCH THÀNH VIÊN" || d.Appendices[0].Landscape ||
			!d.Appendices[1].Landscape || len(d.Appendices[1].Body) != 1 || d.Appendices[0].Body[0].Kind != markup.Tabular {
			t.Errorf("appendices %+v", d.Appendices)
		}
	}
	for _, c := range []struct{ in, key string }{
		{"[[appendix]]\ntitle = \"x\"\n", "appendix.0.body"},
		{"[[appendix]]\nbody = \"x\"\nlandscape = \"có\"\n", "appendix.0.landscape"},
		{"[[appendix]]\nbody = \"x\"\n[[appendix]]\nbody = \"y\"\ntitel = \"z\"\n", "appendix.1.titel"},
		{"appendix = \"x\"\n", "appendix"},
	} {
		doc := fmt.Sprintf(base[:strings.Index(base, "[[appendix]]")], `authority = "TM. ỦY BAN NHÂN DÂN"`)
		if strings.HasPrefix(c.in, "[[") {
			doc += c.in
		} else {
			doc = c.in + doc // a top-level key, before the tables
		}
		_, err := Parse([]byte(doc))
		var es Errors
		if !errors.As(err, &es) || !slices.ContainsFunc(es, func(e *InputError) bool { return e.Key == c.key && e.Line > 0 }) {
			t.Errorf("%q: err = %v, want a problem at %s with its line", c.in, err, c.key)
		}
	}
}

// A table that cannot be laid out is refused when the input is read, at
// its line in the file.
func TestTableProblemsAtTheirLine(t *testing.T) {
	in := "type = \"KẾ HOẠCH\"\nsummary = \"x\"\ncode = \"KH-UBND\"\nplace = \"Hòa An\"\nbody = \"\"\"\nMở đầu.\n\n| A | B |\n|---|---|\n| 1 | 2 | 3 |\n\"\"\"\n" +
		"[issuer]\nname = \"UBND\"\n[signer]\nposition = \"CHỦ TỊCH\"\nname = \"A\"\n" +
		"[[appendix]]\nbody = \"\"\"\n| " + strings.Repeat("Từdàikhôngngắtđượcchútnào", 4) + " | " + strings.Repeat("Mộttừdàikhácnữakhôngngắt", 4) + " |\n|---|---|\n\"\"\"\n"
	_, err := Parse([]byte(in))
	var es Errors
	if !errors.As(err, &es) || len(es) != 2 {
		t.Fatalf("err = %v, want two problems", err)
	}
	if e := es[0]; e.Key != "body" || e.Line != 10 || !strings.Contains(e.Msg, "3 cells") {
		t.Errorf("first problem %+v, want body at line 10", e)
	}
	if e := es[1]; e.Key != "appendix.0.body" || e.Line != 19 || !strings.Contains(e.MsgVI, "bảng rộng hơn") {
		t.Errorf("second problem %+v, want appendix.0.body at line 19", e)
	}
}
