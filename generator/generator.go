// Package generator turns TOML into Vietnamese administrative documents laid
// out as Decree 30/2020/NĐ-CP prescribes, as PDF and DOCX.
//
// Parse or ParseFile reads and checks the input; WritePDF and WriteDOCX write
// the document. Every function is safe to call from many goroutines at once:
// nothing is shared between calls but immutable font data.
//
//	doc, err := generator.ParseFile("cao-bang-2021.toml")
//	if err != nil {
//		return err // generator.Errors: file, line, column and key of each problem
//	}
//	return generator.WritePDF(w, doc)
package generator

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"slices"
	"strings"

	"github.com/vanban/vanban/generator/document"
	"github.com/vanban/vanban/generator/docx"
	"github.com/vanban/vanban/generator/layout"
	"github.com/vanban/vanban/generator/pdf"
)

// Document is a checked, normalised document: what Parse returns and the
// writers read. See package document for its fields.
type Document = document.Document

// Check reports what is wrong with a document that a program built
// without TOML, as Errors with the input key of each problem (no file
// position: there is no file); nil when it is right. A document Parse
// returned passes.
func Check(d *Document) error {
	if ps := d.Check(); len(ps) > 0 {
		return Errors(ps)
	}
	return nil
}

// WritePDF writes d as a PDF to w.
func WritePDF(w io.Writer, d *Document) error {
	return WritePDFContext(context.Background(), w, d)
}

// WritePDFContext is WritePDF with a context that can stop the work.
// Nothing is written to w until the document is complete, so a cancelled
// or failed call leaves w untouched.
func WritePDFContext(ctx context.Context, w io.Writer, d *Document) error {
	pages, err := layout.Compose(ctx, d)
	if err != nil {
		return err
	}
	var buf bytes.Buffer
	if err := pdf.Write(&buf, d, pages); err != nil {
		return err
	}
	_, err = buf.WriteTo(w)
	return err
}

// WriteDOCX writes d as a Word document to w.
func WriteDOCX(w io.Writer, d *Document) error {
	return WriteDOCXContext(context.Background(), w, d)
}

// WriteDOCXContext is WriteDOCX with a context that can stop the work.
// Nothing is written to w until the document is complete.
func WriteDOCXContext(ctx context.Context, w io.Writer, d *Document) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	f, err := layout.Build(d)
	if err != nil {
		return err
	}
	var buf bytes.Buffer
	if err := docx.Write(&buf, d, f); err != nil {
		return err
	}
	_, err = buf.WriteTo(w)
	return err
}

// Pages lays d out and returns its pages: every line with its position, the
// rules and the boxes. The PDF draws exactly these.
func Pages(ctx context.Context, d *Document) ([]layout.Page, error) {
	return layout.Compose(ctx, d)
}

// Formats returns the output formats Write knows: "pdf" and "docx".
func Formats() []string { return []string{"pdf", "docx"} }

// ParseFormats reads a comma-separated list of formats, "pdf,docx", in any
// case, each kept once in the order given. An empty list means every format.
func ParseFormats(list string) ([]string, error) {
	if strings.TrimSpace(list) == "" {
		return Formats(), nil
	}
	var out []string
	for _, f := range strings.Split(list, ",") {
		f = strings.ToLower(strings.TrimSpace(f))
		if !slices.Contains(Formats(), f) {
			return nil, fmt.Errorf("unknown format %q: use pdf, docx or pdf,docx", f)
		}
		if !slices.Contains(out, f) {
			out = append(out, f)
		}
	}
	return out, nil
}

// Write writes d in the named format, one of Formats.
func Write(ctx context.Context, w io.Writer, d *Document, format string) error {
	switch format {
	case "pdf":
		return WritePDFContext(ctx, w, d)
	case "docx":
		return WriteDOCXContext(ctx, w, d)
	}
	return fmt.Errorf("unknown format %q: use pdf or docx", format)
}

// Render lays d out once and returns it in each of formats, in their
// order: what a batch or a server that gives both files does, at the cost
// of one layout instead of one per format.
func Render(ctx context.Context, d *Document, formats []string) ([][]byte, error) {
	var c *Cache
	return c.Render(ctx, d, formats)
}

// maxLines bounds the paragraphs a Cache keeps the lines of: a few MB.
const maxLines = 4096

// A Cache keeps work that documents which share text can share: the lines
// of the paragraphs they have set, so that the rows of a batch, which
// differ in a few names, each set only the paragraphs that hold them, and
// the DOCX's filled-in header and footer, compressed. It is safe for
// concurrent use, holds a bounded amount, and changes no document's
// bytes.
type Cache struct {
	lines *layout.Lines
	parts *docx.Cache
}

// NewCache returns an empty Cache.
func NewCache() *Cache {
	return &Cache{lines: layout.NewLines(maxLines), parts: docx.NewCache()}
}

// Render is the function Render, sharing work with the other documents
// rendered through c. A nil Cache shares nothing.
func (c *Cache) Render(ctx context.Context, d *Document, formats []string) ([][]byte, error) {
	var (
		lines *layout.Lines
		parts *docx.Cache
	)
	if c != nil {
		lines, parts = c.lines, c.parts
	}
	f, err := layout.BuildWith(d, lines)
	if err != nil {
		return nil, err
	}
	out := make([][]byte, len(formats))
	for i, format := range formats {
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		var buf bytes.Buffer
		switch format {
		case "pdf":
			pages, err := layout.Paginate(ctx, f)
			if err != nil {
				return nil, err
			}
			err = pdf.Write(&buf, d, pages)
		case "docx":
			err = parts.Write(&buf, d, f)
		default:
			err = fmt.Errorf("unknown format %q: use pdf or docx", format)
		}
		if err != nil {
			return nil, err
		}
		out[i] = buf.Bytes()
	}
	return out, nil
}
