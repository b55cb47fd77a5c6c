// This file is not in upstream fpdf: it was added by the vanban fork (see
// FORK.md) so that a TrueType font is parsed once per process rather than
// once per document.

package fpdf

import (
	"bytes"
	"crypto/sha1"
	"encoding/hex"
	"fmt"
)

// UTF8Font is a TrueType font parsed once for use in many documents: pass it
// to AddUTF8FontParsed where AddUTF8FontFromBytes would parse the font file
// again for every document.
//
// A UTF8Font is never modified after ParseUTF8Font returns it, so any number
// of Fpdf instances, in any number of goroutines, may share one.
type UTF8Font struct {
	data   []byte          // the font file; read, never written
	digest [sha1.Size]byte // of data, from which font ids are derived
	desc   FontDescType
	up, ut int
	cw     []int      // width by rune, as fontDefType.Cw
	cut    *cutTables // what GenerateCutFont reads before it cuts
	psName string     // the PostScript name, from the name table
}

// ParseUTF8Font parses a TrueType font file, as AddUTF8FontFromBytes does,
// and returns it ready to be registered with AddUTF8FontParsed. It keeps a
// copy of data, so the caller may reuse or modify data afterwards.
func ParseUTF8Font(data []byte) (font *UTF8Font, err error) {
	// Upstream's parser indexes the file without bounds checks: a short
	// or malformed file panics. Report that as an error instead.
	defer func() {
		if r := recover(); r != nil {
			font, err = nil, fmt.Errorf("fpdf: malformed TrueType font: %v", r)
		}
	}()
	data = bytes.Clone(data)
	utf8File := newUTF8Font(&fileReader{readerPosition: 0, array: data})
	if err := utf8File.parseFile(); err != nil {
		return nil, fmt.Errorf("fpdf: %w", err)
	}
	font = &UTF8Font{
		data:   data,
		digest: sha1.Sum(data),
		desc: FontDescType{
			Ascent:       int(utf8File.Ascent),
			Descent:      int(utf8File.Descent),
			CapHeight:    utf8File.CapHeight,
			Flags:        utf8File.Flags,
			FontBBox:     utf8File.Bbox,
			ItalicAngle:  utf8File.ItalicAngle,
			StemV:        utf8File.StemV,
			MissingWidth: round(utf8File.DefaultWidth),
		},
		up: int(round(utf8File.UnderlinePosition)),
		ut: round(utf8File.UnderlineThickness),
		cw: utf8File.CharWidths,
	}
	if font.cut = utf8File.parseCutTables(); font.cut == nil {
		return nil, fmt.Errorf("fpdf: font has no Unicode (format 4) cmap")
	}
	if err := font.cut.check(len(data)); err != nil {
		return nil, fmt.Errorf("fpdf: malformed TrueType font: %w", err)
	}
	if font.psName, err = postScriptName(data, font.cut.tableDescriptions["name"]); err != nil {
		return nil, fmt.Errorf("fpdf: malformed TrueType font: %w", err)
	}
	return font, nil
}

// check reports tables that lie outside a file of size bytes, and loca
// offsets or metrics that lie outside their tables: GenerateCutFont slices
// the file by them without checking, and would panic in the middle of a
// document's output. It does not check the glyphs themselves.
func (t *cutTables) check(size int) error {
	for name, d := range t.tableDescriptions {
		if d.position < 0 || d.size < 0 || d.position+d.size > size {
			return fmt.Errorf("table %q outside the file", name)
		}
	}
	glyf := t.tableDescriptions["glyf"]
	if glyf == nil {
		return fmt.Errorf("no glyf table")
	}
	for _, name := range []string{"head", "hhea", "maxp", "hmtx", "loca", "post"} {
		if t.tableDescriptions[name] == nil {
			return fmt.Errorf("no %s table", name)
		}
	}
	if len(t.symbolPosition) != t.numSymbols+1 {
		return fmt.Errorf("loca has %d entries for %d glyphs", len(t.symbolPosition), t.numSymbols)
	}
	hmtx := t.tableDescriptions["hmtx"].size
	if t.metricsCount < 1 || hmtx < 4*t.metricsCount+2*max(0, t.numSymbols-t.metricsCount) {
		return fmt.Errorf("hmtx too short for %d metrics and %d glyphs", t.metricsCount, t.numSymbols)
	}
	prev := 0
	for _, pos := range t.symbolPosition {
		if pos < prev || pos > glyf.size {
			return fmt.Errorf("loca points outside glyf")
		}
		prev = pos
	}
	return nil
}

// AddUTF8FontParsed registers a parsed font under a family and style, as
// AddUTF8FontFromBytes registers a font file; see AddFont for familyStr and
// styleStr. The font is not parsed again, and only this document's state
// (the characters it uses, the subset it embeds) is made per call: font
// itself is only read, here and when the document is output.
//
// As with AddUTF8FontFromBytes, registering a family and style a second time
// does nothing.
func (f *Fpdf) AddUTF8FontParsed(familyStr, styleStr string, font *UTF8Font) {
	f.addParsedFont("AddUTF8FontParsed", familyStr, styleStr, font, func(def fontDefType) fontDefType {
		if f.aliasNbPagesStr == "" {
			def.usedRunes = makeSubsetRange(57)
		} else {
			def.usedRunes = makeSubsetRange(32)
		}
		// This document's own reader and cut state over the shared,
		// read-only bytes and tables.
		def.utf8File = &utf8FontFile{fileReader: &fileReader{array: font.data}, cut: font.cut}
		return def
	})
}

// addParsedFont registers a font under a family and style not yet
// registered, with the definition that more makes of the one common to
// every parsed font. caller names the function for the error of a nil font.
func (f *Fpdf) addParsedFont(caller, familyStr, styleStr string, font *UTF8Font, more func(fontDefType) fontDefType) {
	if f.err != nil {
		return
	}
	if font == nil {
		f.SetErrorf("%s: nil font for %q %q", caller, familyStr, styleStr)
		return
	}
	fontkey := getFontKey(fontFamilyEscape(familyStr), styleStr)
	if _, ok := f.fonts[fontkey]; ok {
		return
	}
	f.fonts[fontkey] = more(fontDefType{
		Tp:   "UTF8",
		Name: fontkey,
		Desc: font.desc,
		Up:   font.up,
		Ut:   font.ut,
		Cw:   font.cw,
		i:    font.id(fontkey),
	})
}

// id returns the font's resource name under fontkey: a SHA-1 of the font
// file's digest and the key. Upstream hashes the JSON of the whole font
// definition, including its 65,536-entry width table, for every document;
// like upstream's, the id differs for different files or keys and is the
// same in every document.
func (font *UTF8Font) id(fontkey string) string {
	h := sha1.New()
	h.Write(font.digest[:])
	h.Write([]byte(fontkey))
	return hex.EncodeToString(h.Sum(nil))
}
