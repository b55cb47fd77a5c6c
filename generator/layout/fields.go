package layout

// The Decree (Appendix I, part II, items 7d and 8a) places the images of an
// electronic document's two digital signatures: the signer's between the
// position lines and the name (box 7c), the agency's seal at its real size
// over the left third of the signer's image (box 8). The PDF carries both
// as empty signature fields, so that any signing tool puts the signatures
// where the Decree wants them.

// Names of the signature fields, as the PDF writer names them and the
// signing tool (package sign) finds them.
const (
	SignerField = "signer" // box 7c: the person with authority
	AgencyField = "agency" // box 8: the agency's seal
)

// Field is an empty signature field on a page, in mm from the page's top
// left corner.
type Field struct {
	Name string // SignerField or AgencyField
	Box
}

// SealBox returns box 8 for a seal of diameter d mm beside a signer's
// image in box sig: a square whose right edge covers the left third of the
// image, centred on it vertically.
func SealBox(sig Box, d float64) Box {
	return Box{X: sig.X + sig.W/3 - d, Y: sig.Y + sig.H/2 - d/2, W: d, H: d}
}

// signatureFields adds boxes 7c and 8 to the page where the signer's name
// stands: box 7c fills the space above the name, below the last position
// line (or the top margin if the row broke there), SignatureAspect times as
// wide as it is tall, on the signature's axis.
func (p *paginator) signatureFields() {
	s := p.f.Spec
	_, _, rx, rw := s.SignatureColumns()
	for i := range p.pages {
		pg := &p.pages[i]
		top := s.Page.Top
		for _, l := range pg.Lines {
			em := l.Size * PtToMM
			switch l.Role {
			case Authority:
				top = l.Y + 0.3*em // below the descenders
			case SignerName:
				bottom := l.Y - em // above the marks of capitals
				h := bottom - top
				if h <= 0 {
					return
				}
				w := min(h*SignatureAspect, rw)
				sig := Box{X: rx + (rw-w)/2, Y: top, W: w, H: h}
				pg.Fields = append(pg.Fields, Field{SignerField, sig}, Field{AgencyField, SealBox(sig, SealDiameter)})
				return
			}
		}
	}
}
