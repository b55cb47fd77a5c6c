package docx

import (
	"archive/zip"
	"bytes"
	"fmt"
	"io"
	"sync"

	"github.com/vanban/vanban/generator/document"
	"github.com/vanban/vanban/generator/layout"
)

// maxParts bounds a Cache: a filled header or footer is well under a
// kilobyte compressed.
const maxParts = 64

// A Cache keeps the parts of the base document that vanban fills in (the
// page-number header and the first-page footer), compressed, by their
// filled text: the documents of a batch fill them alike, and compressing
// a part of a few hundred bytes costs as much as a few kilobytes of text.
// A part is the same bytes whether compressed for the document or found
// here. A Cache is safe for concurrent use, holds at most a few dozen
// parts, and starts afresh when full.
type Cache struct {
	mu    sync.Mutex
	parts map[string]part // by name, a NUL and the filled text
}

// NewCache returns an empty Cache.
func NewCache() *Cache {
	return &Cache{parts: map[string]part{}}
}

// Write is the function Write, taking the filled parts from c. A nil
// Cache compresses them every time.
func (c *Cache) Write(w io.Writer, d *document.Document, f *layout.Flow) error {
	body, err := Body(f)
	if err != nil {
		return err
	}
	core, err := coreProperties(d)
	if err != nil {
		return err
	}
	return writeZip(w, body, core, furniture(d, f), c)
}

// filled returns the part name holding text, compressed, as copyRaw
// takes it: from c, or compressed now and kept there.
func (c *Cache) filled(name, text string) (part, error) {
	key := name + "\x00" + text
	c.mu.Lock()
	p, ok := c.parts[key]
	c.mu.Unlock()
	if ok {
		return p, nil
	}
	p, err := compressPart(name, []byte(text))
	if err != nil {
		return part{}, err
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if len(c.parts) >= maxParts {
		clear(c.parts)
	}
	c.parts[key] = p
	return p, nil
}

// compressPart compresses data as create writes it into a document, and
// returns it as the header and raw bytes a zip reader sees: a zip of the
// one part, read back.
func compressPart(name string, data []byte) (part, error) {
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	zw.RegisterCompressor(zip.Deflate, compressor)
	if err := create(zw, name, data); err != nil {
		return part{}, err
	}
	if err := zw.Close(); err != nil {
		return part{}, fmt.Errorf("docx: %s: %w", name, err)
	}
	zr, err := zip.NewReader(bytes.NewReader(buf.Bytes()), int64(buf.Len()))
	if err != nil {
		return part{}, fmt.Errorf("docx: %s: %w", name, err)
	}
	f := zr.File[0]
	rc, err := f.OpenRaw()
	if err != nil {
		return part{}, fmt.Errorf("docx: %s: %w", name, err)
	}
	raw, err := io.ReadAll(rc)
	if err != nil {
		return part{}, fmt.Errorf("docx: %s: %w", name, err)
	}
	return part{header: f.FileHeader, raw: raw}, nil
}
