package docx

import (
	"archive/zip"
	"bytes"
	"compress/flate"
	"errors"
	"fmt"
	"io"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/vanban/vanban/generator/document"
	"github.com/vanban/vanban/generator/layout"
	"github.com/vanban/vanban/templates"
)

// part is one file of the base document, read once: its header and its
// compressed bytes, copied as they are into every document; or, for the
// parts with placeholders, its text.
type part struct {
	header zip.FileHeader
	raw    []byte // compressed
	text   string // set for the parts vanban fills in
}

var errNoBase = errors.New("docx: base document has no word/document.xml")

// The parts vanban writes or fills in itself.
const (
	documentPart = "word/document.xml"
	corePart     = "docProps/core.xml"
)

// base is the base document's parts, in order. It is read once, on first
// use, and never changed after.
var base = sync.OnceValues(func() ([]part, error) {
	b := templates.BaseDOCX()
	zr, err := zip.NewReader(bytes.NewReader(b), int64(len(b)))
	if err != nil {
		return nil, fmt.Errorf("docx: base document: %w", err)
	}
	var parts []part
	for _, f := range zr.File {
		p := part{header: f.FileHeader}
		if strings.HasPrefix(f.Name, "word/header") || strings.HasPrefix(f.Name, "word/footer") {
			rc, err := f.Open()
			if err != nil {
				return nil, fmt.Errorf("docx: base document: %s: %w", f.Name, err)
			}
			text, err := io.ReadAll(rc)
			rc.Close()
			if err != nil {
				return nil, fmt.Errorf("docx: base document: %s: %w", f.Name, err)
			}
			p.text = string(text)
		} else if f.Name != documentPart {
			rc, err := f.OpenRaw()
			if err != nil {
				return nil, fmt.Errorf("docx: base document: %s: %w", f.Name, err)
			}
			if p.raw, err = io.ReadAll(rc); err != nil {
				return nil, fmt.Errorf("docx: base document: %s: %w", f.Name, err)
			}
		}
		parts = append(parts, p)
	}
	if !slices.ContainsFunc(parts, func(p part) bool { return p.header.Name == documentPart }) {
		return nil, errNoBase
	}
	return parts, nil
})

// furniture fills in the placeholders of the base's page-number header and
// first-page footer: sizes and the footer's text, from the flow.
func furniture(d *document.Document, f *layout.Flow) *strings.Replacer {
	var text bytes.Buffer
	escape(&text, d.Footer)
	return strings.NewReplacer(
		"VANBAN_PAGE_SIZE", itoa(halfPoints(f.PageNumber.Size)),
		"VANBAN_FOOTER_SIZE", itoa(halfPoints(f.Spec.Font(layout.Footer).Size)),
		"VANBAN_RULE_EIGHTHS", itoa(eighths(layout.RulePt)),
		"VANBAN_RULE_GAP", itoa(int(layout.FooterRuleGapPt)),
		"VANBAN_FOOTER_TEXT", text.String(),
	)
}

// compressors keeps flate writers for reuse: a new one allocates about a
// megabyte, and a batch writes thousands of documents.
var compressors = sync.Pool{New: func() any {
	w, _ := flate.NewWriter(nil, flate.BestSpeed)
	return w
}}

// pooledFlate is a flate writer that goes back to the pool when closed.
type pooledFlate struct{ *flate.Writer }

func (p pooledFlate) Close() error {
	err := p.Writer.Close()
	compressors.Put(p.Writer)
	return err
}

func compressor(w io.Writer) (io.WriteCloser, error) {
	fw := compressors.Get().(*flate.Writer)
	fw.Reset(w)
	return pooledFlate{fw}, nil
}

// writeZip writes the document: the base's parts in order, copied
// compressed, with document.xml replaced by body, the header and footer
// filled in (through c, which may be nil), and the core properties added.
// Every error is returned.
func writeZip(w io.Writer, body, core []byte, fill *strings.Replacer, c *Cache) error {
	parts, err := base()
	if err != nil {
		return err
	}
	zw := zip.NewWriter(w)
	zw.RegisterCompressor(zip.Deflate, compressor)
	for _, p := range parts {
		switch {
		case p.header.Name == documentPart:
			err = create(zw, documentPart, body)
		case p.text != "" && c == nil:
			err = create(zw, p.header.Name, []byte(fill.Replace(p.text)))
		case p.text != "":
			var fp part
			if fp, err = c.filled(p.header.Name, fill.Replace(p.text)); err == nil {
				err = copyRaw(zw, fp)
			}
		default:
			err = copyRaw(zw, p)
		}
		if err != nil {
			return err
		}
	}
	if err := create(zw, corePart, core); err != nil {
		return err
	}
	if err := zw.Close(); err != nil {
		return fmt.Errorf("docx: %w", err)
	}
	return nil
}

// create adds a compressed part with no time stamp.
func create(zw *zip.Writer, name string, data []byte) error {
	fw, err := zw.CreateHeader(&zip.FileHeader{Name: name, Method: zip.Deflate})
	if err != nil {
		return fmt.Errorf("docx: %s: %w", name, err)
	}
	if _, err := fw.Write(data); err != nil {
		return fmt.Errorf("docx: %s: %w", name, err)
	}
	return nil
}

// copyRaw adds a part of the base as it is, already compressed.
func copyRaw(zw *zip.Writer, p part) error {
	h := p.header
	fw, err := zw.CreateRaw(&h)
	if err != nil {
		return fmt.Errorf("docx: %s: %w", h.Name, err)
	}
	if _, err := fw.Write(p.raw); err != nil {
		return fmt.Errorf("docx: %s: %w", h.Name, err)
	}
	return nil
}

// coreProperties is docProps/core.xml: the title, the issuing agency as the
// author, the language and the document's date, as the PDF's metadata has
// them. It holds no clock time, so output stays reproducible.
func coreProperties(d *document.Document) ([]byte, error) {
	x := &xmlWriter{}
	x.raw(`<?xml version="1.0" encoding="UTF-8" standalone="yes"?>`)
	x.start("cp:coreProperties",
		"xmlns:cp", "http://schemas.openxmlformats.org/package/2006/metadata/core-properties",
		"xmlns:dc", "http://purl.org/dc/elements/1.1/",
		"xmlns:dcterms", "http://purl.org/dc/terms/",
		"xmlns:xsi", "http://www.w3.org/2001/XMLSchema-instance")
	x.elem("dc:title", nil, func() { x.text(d.Title()) })
	x.elem("dc:creator", nil, func() { x.text(strings.Join(d.IssuerLines(), " ")) })
	x.elem("dc:language", nil, func() { x.text("vi-VN") })
	stamp := d.Timestamp().Format(time.RFC3339)
	x.elem("dcterms:created", []string{"xsi:type", "dcterms:W3CDTF"}, func() { x.text(stamp) })
	x.elem("dcterms:modified", []string{"xsi:type", "dcterms:W3CDTF"}, func() { x.text(stamp) })
	x.end()
	return x.bytes()
}
