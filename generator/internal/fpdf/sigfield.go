package fpdf

// vanban fork: new file. Empty signature fields (ISO 32000-1 §12.7.4.5),
// which upstream cannot write: a field with its widget merged into one
// dictionary, listed in the page's /Annots and in the catalog's
// /AcroForm, an indirect object so that a signer's incremental update can
// replace it alone.

import (
	"fmt"
	"strings"
	"unicode/utf16"
)

// sigField is an empty signature field: its name, its description and its
// rectangle in points from the page's lower left corner.
type sigField struct {
	name, tip          string
	llx, lly, urx, ury float64
	obj                int // object number, known once written
}

// AddSignatureField adds to the current page an empty signature field
// named name (ASCII letters, no period), described by tip for readers'
// tooltips, over the rectangle at x, y of width w and height h in user
// units from the page's top left corner.
func (f *Fpdf) AddSignatureField(name, tip string, x, y, w, h float64) {
	if f.err != nil {
		return
	}
	if f.page == 0 {
		f.err = fmt.Errorf("fpdf: signature field %q before the first page", name)
		return
	}
	if f.sigFields == nil {
		f.sigFields = map[int][]*sigField{}
	}
	f.sigFields[f.page] = append(f.sigFields[f.page], &sigField{
		name: name, tip: tip,
		llx: x * f.k, lly: (f.h - y - h) * f.k, urx: (x + w) * f.k, ury: (f.h - y) * f.k,
	})
}

// sigFieldRefs returns the references to page n's fields when written from
// object first on, for its /Annots.
func (f *Fpdf) sigFieldRefs(n, first int) string {
	var b strings.Builder
	for i := range f.sigFields[n] {
		fmt.Fprintf(&b, "%d 0 R ", first+i)
	}
	return b.String()
}

// putSigFields writes page n's fields, the page being object page.
func (f *Fpdf) putSigFields(n, page int) {
	for _, s := range f.sigFields[n] {
		f.newobj()
		s.obj = f.n
		f.outf("<</Type /Annot /Subtype /Widget /FT /Sig /T (%s) /TU %s /F 4 /P %d 0 R /Rect [%.2f %.2f %.2f %.2f]>>",
			f.escape(s.name), utf16Hex(s.tip), page, s.llx, s.lly, s.urx, s.ury)
		f.out("endobj")
	}
}

// putAcroForm writes the interactive form listing every field, if there
// are any, and returns its object number or 0.
func (f *Fpdf) putAcroForm() int {
	var refs strings.Builder
	for n := 1; n <= f.page; n++ {
		for _, s := range f.sigFields[n] {
			fmt.Fprintf(&refs, "%d 0 R ", s.obj)
		}
	}
	if refs.Len() == 0 {
		return 0
	}
	f.newobj()
	f.outf("<</Fields [%s]>>", strings.TrimSpace(refs.String()))
	f.out("endobj")
	return f.n
}

// utf16Hex is s as a PDF text string: UTF-16BE with its byte order mark,
// in hexadecimal.
func utf16Hex(s string) string {
	var b strings.Builder
	b.WriteString("<FEFF")
	for _, u := range utf16.Encode([]rune(s)) {
		fmt.Fprintf(&b, "%04X", u)
	}
	b.WriteString(">")
	return b.String()
}
