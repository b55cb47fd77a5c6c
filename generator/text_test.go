package generator

import (
	"archive/zip"
	"bytes"
	"compress/zlib"
	"encoding/xml"
	"io"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"unicode/utf16"
)

// This file reads text back out of the PDF and DOCX the writers produce, so
// tests can compare it with the input. It knows only what fpdf and our DOCX
// writer emit: compressed content streams with UTF-16BE strings, and
// w:t/w:br runs.

var streamRE = regexp.MustCompile(`(?s)stream\r?\n(.*?)\r?\nendstream`)

// pdfPages returns the lines of text on each page, in drawing order. A line
// ends where the next text operation moves to another baseline.
func pdfPages(t testing.TB, pdf []byte) [][]string {
	t.Helper()
	var pages [][]string
	for _, m := range streamRE.FindAllSubmatch(pdf, -1) {
		r, err := zlib.NewReader(bytes.NewReader(m[1]))
		if err != nil {
			continue // not a compressed stream
		}
		content, err := io.ReadAll(r)
		if err != nil || !bytes.Contains(content, []byte("BT ")) {
			continue // a font, or not a page
		}
		pages = append(pages, contentLines(content))
	}
	return pages
}

// contentLines extracts the text of one page's content stream.
func contentLines(c []byte) []string {
	var lines []string
	var cur strings.Builder
	lastY := ""
	for _, op := range bytes.Split(c, []byte("BT "))[1:] {
		end := bytes.Index(op, []byte(" ET"))
		if end < 0 {
			continue
		}
		op = op[:end]
		fields := bytes.Fields(op)
		// "x y Td" or "0 Tw x y Td": the y is the field before "Td".
		y := ""
		for i, f := range fields {
			if string(f) == "Td" && i >= 1 {
				y = string(fields[i-1])
				break
			}
		}
		if y == "" {
			continue // a font change, no text
		}
		if y != lastY && cur.Len() > 0 {
			lines = append(lines, cur.String())
			cur.Reset()
		}
		lastY = y
		cur.WriteString(pdfStrings(op))
	}
	if cur.Len() > 0 {
		lines = append(lines, cur.String())
	}
	return lines
}

// pdfStrings decodes every (...) string in a text operation, as UTF-16BE.
func pdfStrings(op []byte) string {
	var out strings.Builder
	for i := 0; i < len(op); i++ {
		if op[i] != '(' {
			continue
		}
		var raw []byte
		for i++; i < len(op) && op[i] != ')'; i++ {
			if op[i] == '\\' && i+1 < len(op) {
				i++
				switch op[i] {
				case 'r':
					raw = append(raw, '\r')
				case 'n':
					raw = append(raw, '\n')
				default:
					raw = append(raw, op[i])
				}
				continue
			}
			raw = append(raw, op[i])
		}
		u := make([]uint16, len(raw)/2)
		for j := range u {
			u[j] = uint16(raw[2*j])<<8 | uint16(raw[2*j+1])
		}
		out.WriteString(string(utf16.Decode(u)))
	}
	return out.String()
}

// pdfText is the document's text as a reader sees it: page numbers and the
// first-page footer left out, lines joined with spaces.
func pdfText(t testing.TB, pdf []byte, footer string) string {
	t.Helper()
	var b strings.Builder
	for i, lines := range pdfPages(t, pdf) {
		for _, l := range lines {
			if i > 0 && l == strconv.Itoa(i+1) {
				continue
			}
			// A line broken after a hyphen inside a word ("03/KH-")
			// continues the word on the next line.
			s := b.String()
			if b.Len() > 0 && !(strings.HasSuffix(s, "-") && !strings.HasSuffix(s, " -")) {
				b.WriteByte(' ')
			}
			b.WriteString(strings.TrimSpace(l))
		}
	}
	text := collapse(b.String())
	if footer != "" {
		text = strings.Replace(text, collapse(footer), "", 1)
	}
	return collapse(text)
}

// docxParagraphs returns the text of each non-empty paragraph of a part of
// a DOCX, in order; a line break counts as a space.
func docxParagraphs(t testing.TB, docx []byte, part string) []string {
	t.Helper()
	zr, err := zip.NewReader(bytes.NewReader(docx), int64(len(docx)))
	if err != nil {
		t.Fatalf("docx is not a zip: %v", err)
	}
	for _, f := range zr.File {
		if f.Name != part {
			continue
		}
		rc, err := f.Open()
		if err != nil {
			t.Fatal(err)
		}
		defer rc.Close()
		return xmlParagraphs(t, rc)
	}
	t.Fatalf("docx has no %s", part)
	return nil
}

func xmlParagraphs(t testing.TB, r io.Reader) []string {
	var paras []string
	var cur strings.Builder
	inText := false
	dec := xml.NewDecoder(r)
	for {
		tok, err := dec.Token()
		if err == io.EOF {
			break
		}
		if err != nil {
			t.Fatalf("docx XML is not well-formed: %v", err)
		}
		switch tok := tok.(type) {
		case xml.StartElement:
			switch tok.Name.Local {
			case "t":
				inText = true
			case "br":
				cur.WriteByte(' ')
			}
		case xml.EndElement:
			switch tok.Name.Local {
			case "t":
				inText = false
			case "p":
				if s := collapse(cur.String()); s != "" {
					paras = append(paras, s)
				}
				cur.Reset()
			}
		case xml.CharData:
			if inText {
				cur.Write(tok)
			}
		}
	}
	return paras
}

func collapse(s string) string { return strings.Join(strings.Fields(s), " ") }
