package sign

import (
	"bytes"
	"crypto/sha256"
	"errors"
	"fmt"
	"slices"

	"github.com/vanban/vanban/generator/layout"
	"github.com/vanban/vanban/generator/pdf"
	"github.com/vanban/vanban/generator/problem"
	"github.com/vanban/vanban/generator/vn"
)

// mmToPt converts millimetres to points, the PDF's unit.
const mmToPt = 72 / 25.4

// update is an incremental update being made to a file: objects added or
// replaced, by number.
type update struct {
	f    *file
	next int
	objs map[int]object
}

func newUpdate(f *file) *update {
	size, _ := f.trailer["Size"].(int64)
	next := int(size)
	for n := range f.xref {
		next = max(next, n+1)
	}
	return &update{f: f, next: next, objs: map[int]object{}}
}

// reserve returns a new object number, its object to be set later.
func (u *update) reserve() ref {
	u.next++
	return ref{u.next - 1, 0}
}

// add adds v as a new object.
func (u *update) add(v object) ref {
	r := u.reserve()
	u.objs[r.num] = v
	return r
}

// get returns an object as the update has it: replaced, or as in the file.
func (u *update) get(r ref) (object, error) {
	if v, ok := u.objs[r.num]; ok {
		return v, nil
	}
	return u.f.get(r)
}

// acroForm is the document's interactive form: where it stands (its own
// object, or inside the catalog) and its dictionary, a copy to change.
type acroForm struct {
	ref     ref // the form's object, or the catalog's when inline
	inline  bool
	catalog dict
	d       dict
	changed bool // fields added
}

// form returns the document's form, a new empty one if it has none.
func (u *update) form() (*acroForm, error) {
	root := u.f.trailer["Root"].(ref)
	catalog := u.f.dictOf(root)
	if catalog == nil {
		return nil, errors.New("the catalog is missing")
	}
	catalog = clone(catalog)
	switch v := catalog["AcroForm"].(type) {
	case ref:
		d := u.f.dictOf(v)
		if d == nil {
			return nil, errors.New("the form dictionary is missing")
		}
		return &acroForm{ref: v, d: clone(d), catalog: catalog}, nil
	case dict:
		return &acroForm{ref: root, inline: true, d: clone(v), catalog: catalog}, nil
	}
	// No form: make one, and a new catalog pointing to it.
	a := &acroForm{ref: u.reserve(), d: dict{"Fields": array{}}, catalog: catalog, changed: true}
	catalog["AcroForm"] = a.ref
	u.objs[root.num] = catalog
	u.objs[a.ref.num] = a.d
	return a, nil
}

// setSigFlags marks the form as holding signatures, to be changed only by
// appending (ISO 32000-1 §12.7.2: SignaturesExist, AppendOnly).
func (a *acroForm) setSigFlags(u *update) {
	if f, _ := a.d["SigFlags"].(int64); f == 3 && !a.changed {
		return // as it is: an update that rewrites nothing is the cleaner
	}
	a.d["SigFlags"] = int64(3)
	if a.inline {
		a.catalog["AcroForm"] = a.d
		u.objs[a.ref.num] = a.catalog
		return
	}
	u.objs[a.ref.num] = a.d
}

// field is a signature field found in the form.
type field struct {
	ref ref
	d   dict
}

// fields returns the form's signature fields by name, kids included.
func (f *file) fields(form dict) map[string]field {
	found := map[string]field{}
	var walk func(v object, depth int)
	walk = func(v object, depth int) {
		kids, _ := v.(array)
		if depth > 8 {
			return
		}
		for _, k := range kids {
			r, ok := k.(ref)
			d := f.dictOf(k)
			if d == nil {
				continue
			}
			if t, ok2 := d["T"].(pdfString); ok && ok2 && d["FT"] == name("Sig") {
				found[decodeText(t.b)] = field{r, d}
			}
			if kids, ok := d["Kids"]; ok {
				kv, _ := f.resolve(kids)
				walk(kv, depth+1)
			}
		}
	}
	fv, _ := f.resolve(form["Fields"])
	walk(fv, 0)
	return found
}

// rect reads a /Rect as lower left x, y, width and height, in points.
func rect(v object) (x, y, w, h float64, ok bool) {
	a, _ := v.(array)
	if len(a) != 4 {
		return 0, 0, 0, 0, false
	}
	var n [4]float64
	for i, e := range a {
		switch e := e.(type) {
		case int64:
			n[i] = float64(e)
		case float64:
			n[i] = e
		default:
			return 0, 0, 0, 0, false
		}
	}
	x, y = min(n[0], n[2]), min(n[1], n[3])
	return x, y, max(n[0], n[2]) - x, max(n[1], n[3]) - y, true
}

func rectArray(x, y, w, h float64) array { return array{x, y, x + w, y + h} }

// notVanban is the problem of a PDF without the fields vanban writes.
func notVanban(name string) error {
	return &problem.Error{Key: "pdf",
		Msg:   fmt.Sprintf("the PDF has no signature field %q: sign a PDF that vanban made (version with signature boxes), or use -role attachment", name),
		MsgVI: fmt.Sprintf("tệp PDF không có ô chữ ký %q: hãy ký tệp PDF do vanban tạo (phiên bản có ô chữ ký), hoặc dùng -role attachment", name)}
}

// signField fills the signer's or the agency's field: its rectangle fitted
// to the image, the image as its appearance, the signature as its value.
func (u *update) signField(a *acroForm, opt Options, sigRef ref) error {
	fs := u.f.fields(a.d)
	signer, hasSigner := fs[layout.SignerField]
	agency, hasAgency := fs[layout.AgencyField]
	var fl field
	var x, y, w, h float64
	var img *picture
	var err error
	switch opt.Role {
	case Signer:
		if !hasSigner {
			return notVanban(layout.SignerField)
		}
		if signer.d["V"] != nil {
			return &problem.Error{Key: "role", Msg: "the person with authority has already signed this document",
				MsgVI: "người có thẩm quyền đã ký văn bản này"}
		}
		if hasAgency && agency.d["V"] != nil {
			return &problem.Error{Key: "role", Msg: "the agency has already signed: the person with authority signs first",
				MsgVI: "cơ quan đã ký số: người có thẩm quyền phải ký trước"}
		}
		if img, err = checkImage(opt.Image, blue, "image"); err != nil {
			return err
		}
		bx, by, bw, bh, ok := rect(signer.d["Rect"])
		if !ok || bw <= 0 || bh <= 0 {
			return pdfProblem(errors.New("the signer's field has no rectangle"))
		}
		// The image, whole, as large as box 7c allows, centred in it.
		w, h = bw, bw/img.aspect
		if h > bh {
			w, h = bh*img.aspect, bh
		}
		x, y, fl = bx+(bw-w)/2, by+(bh-h)/2, signer
	case Agency:
		if !hasAgency {
			return notVanban(layout.AgencyField)
		}
		if agency.d["V"] != nil {
			return &problem.Error{Key: "role", Msg: "the agency has already signed this document", MsgVI: "cơ quan đã ký số văn bản này"}
		}
		if !hasSigner || signer.d["V"] == nil {
			return &problem.Error{Key: "role", Msg: "the person with authority has not signed yet: they sign first (Decree 30, Article 13)",
				MsgVI: "người có thẩm quyền chưa ký: người có thẩm quyền ký trước (Nghị định 30, Điều 13)"}
		}
		if img, err = checkImage(opt.Image, red, "image"); err != nil {
			return err
		}
		sx, sy, sw, sh, ok := rect(signer.d["Rect"])
		if !ok {
			return pdfProblem(errors.New("the signer's field has no rectangle"))
		}
		// The seal at its real size over the left third of the
		// signature; layout.SealBox measures from the top, the PDF from
		// the bottom, and the box is centred, so the same call serves.
		d := opt.SealMM * mmToPt
		b := layout.SealBox(layout.Box{X: sx, Y: sy, W: sw, H: sh}, d)
		x, y, w, h, fl = b.X, b.Y, b.W, b.H, agency
	}
	var buf bytes.Buffer
	if err := pdf.Picture(&buf, w/mmToPt, h/mmToPt, img.png); err != nil {
		return err
	}
	ap, err := u.appearance(buf.Bytes(), w, h)
	if err != nil {
		return err
	}
	d := clone(fl.d)
	d["V"], d["Rect"], d["AP"], d["F"] = sigRef, rectArray(x, y, w, h), dict{"N": ap}, int64(4)
	u.objs[fl.ref.num] = d
	return nil
}

// attachmentField adds an agency's signature field to an attachment's
// first page, at its top right, showing the number and the signing time.
func (u *update) attachmentField(a *acroForm, opt Options, sigRef ref) error {
	for n, fl := range u.f.fields(a.d) {
		if fl.d["V"] != nil && n == "attachment" {
			return &problem.Error{Key: "role", Msg: "the agency has already signed this attachment", MsgVI: "cơ quan đã ký số văn bản kèm theo này"}
		}
	}
	pageRef, page, err := u.firstPage()
	if err != nil {
		return pdfProblem(err)
	}
	mx, my, mw, mh, ok := rect(u.inherited(page, "MediaBox"))
	if !ok {
		return pdfProblem(errors.New("the first page has no size"))
	}
	t := opt.Time.In(vn.Zone)
	lines := []string{opt.Number, t.Format("2006-01-02T15:04:05-07:00")}
	w := (pdf.LinesWidth(lines, attachmentSize) + 0.5) * mmToPt
	h := pdf.LinesHeight(len(lines), attachmentSize) * mmToPt
	x, y := mx+mw-attachmentRight*mmToPt-w, my+mh-attachmentTop*mmToPt-h
	var buf bytes.Buffer
	if err := pdf.Lines(&buf, w/mmToPt, h/mmToPt, lines, attachmentSize); err != nil {
		return err
	}
	ap, err := u.appearance(buf.Bytes(), w, h)
	if err != nil {
		return err
	}
	fr := u.add(dict{
		"Type": name("Annot"), "Subtype": name("Widget"), "FT": name("Sig"),
		"T": text("attachment"), "TU": text("Chữ ký số của cơ quan, tổ chức trên văn bản kèm theo"),
		"F": int64(4), "P": pageRef, "Rect": rectArray(x, y, w, h), "V": sigRef, "AP": dict{"N": ap},
	})
	fields, _ := u.f.resolve(a.d["Fields"])
	fa, _ := fields.(array)
	a.d["Fields"] = append(slices.Clone(fa), fr)
	a.changed = true
	page = clone(page)
	annots, _ := u.f.resolve(page["Annots"])
	an, _ := annots.(array)
	page["Annots"] = append(slices.Clone(an), fr)
	u.objs[pageRef.num] = page
	return nil
}

// firstPage returns the first page of the document.
func (u *update) firstPage() (ref, dict, error) {
	catalog := u.f.dictOf(u.f.trailer["Root"])
	v := catalog["Pages"]
	for depth := 0; depth < 32; depth++ {
		r, ok := v.(ref)
		d := u.f.dictOf(v)
		if !ok || d == nil {
			break
		}
		if d["Type"] == name("Page") {
			return r, d, nil
		}
		kids, _ := u.f.resolve(d["Kids"])
		ka, _ := kids.(array)
		if len(ka) == 0 {
			break
		}
		v = ka[0]
	}
	return ref{}, nil, errors.New("the document has no pages")
}

// inherited returns a page's attribute, looking up its parents.
func (u *update) inherited(page dict, key name) object {
	for depth := 0; page != nil && depth < 32; depth++ {
		if v, ok := page[key]; ok {
			v, _ = u.f.resolve(v)
			return v
		}
		page = u.f.dictOf(page["Parent"])
	}
	return nil
}

// appearance turns the one page of the PDF b, made by package pdf, into a
// form XObject of w × h points, its objects copied into the update.
func (u *update) appearance(b []byte, w, h float64) (ref, error) {
	src, err := readFile(b)
	if err != nil {
		return ref{}, fmt.Errorf("sign: appearance: %w", err)
	}
	v := &copier{u: u, src: src, done: map[int]ref{}}
	sub := &update{f: src}
	_, page, err := sub.firstPage()
	if err != nil {
		return ref{}, fmt.Errorf("sign: appearance: %w", err)
	}
	content, err := src.resolve(page["Contents"])
	cs, ok := content.(*stream)
	if err != nil || !ok {
		return ref{}, errors.New("sign: appearance: no content stream")
	}
	res, err := v.copy(sub.inherited(page, "Resources"), 0)
	if err != nil {
		return ref{}, fmt.Errorf("sign: appearance: %w", err)
	}
	d := dict{"Type": name("XObject"), "Subtype": name("Form"), "BBox": array{0.0, 0.0, w, h}, "Resources": res}
	if f, ok := cs.dict["Filter"]; ok {
		d["Filter"] = f
	}
	return u.add(&stream{dict: d, data: cs.data}), nil
}

// copier copies objects from another file into an update, each once.
type copier struct {
	u    *update
	src  *file
	done map[int]ref
}

func (c *copier) copy(v object, depth int) (object, error) {
	if depth > maxDepth {
		return nil, errors.New("objects nested too deep")
	}
	switch v := v.(type) {
	case ref:
		if r, ok := c.done[v.num]; ok {
			return r, nil
		}
		r := c.u.reserve()
		c.done[v.num] = r
		o, err := c.src.get(v)
		if err != nil {
			return nil, err
		}
		if c.u.objs[r.num], err = c.copy(o, depth+1); err != nil {
			return nil, err
		}
		return r, nil
	case array:
		out := make(array, len(v))
		for i, e := range v {
			var err error
			if out[i], err = c.copy(e, depth+1); err != nil {
				return nil, err
			}
		}
		return out, nil
	case dict:
		out := dict{}
		for k, e := range v {
			var err error
			if out[k], err = c.copy(e, depth+1); err != nil {
				return nil, err
			}
		}
		return out, nil
	case *stream:
		d, err := c.copy(v.dict, depth+1)
		if err != nil {
			return nil, err
		}
		return &stream{dict: d.(dict), data: v.data}, nil
	}
	return v, nil
}

func clone(d dict) dict {
	out := make(dict, len(d))
	for k, v := range d {
		out[k] = v
	}
	return out
}

// write returns the file followed by the update, the signature dictionary
// at sigRef with room for size bytes of signature, and the offset of its
// /Contents' '<'.
func (u *update) write(sigRef ref, sd *sigDict, size int) ([]byte, int, error) {
	var b bytes.Buffer
	b.Grow(len(u.f.b) + 64<<10 + 2*size)
	b.Write(u.f.b)
	if !bytes.HasSuffix(u.f.b, []byte("\n")) {
		b.WriteByte('\n')
	}
	offsets := map[int]int{}
	nums := []int{sigRef.num}
	for n := range u.objs {
		nums = append(nums, n)
	}
	slices.Sort(nums)
	contentsAt := 0
	for _, n := range nums {
		offsets[n] = b.Len()
		fmt.Fprintf(&b, "%d 0 obj\n", n)
		if n == sigRef.num {
			b.WriteString("<</Type /Sig /Filter /Adobe.PPKLite /SubFilter /ETSI.CAdES.detached /M ")
			writeObject(&b, text(pdfDate(sd.time)))
			b.WriteString(" /Name ")
			writeObject(&b, text(sd.name))
			b.WriteString(" /Reason ")
			writeObject(&b, text(sd.reason))
			b.WriteString("\n/ByteRange " + byteRangeHole + "\n/Contents ")
			contentsAt = b.Len()
			b.WriteByte('<')
			b.Write(bytes.Repeat([]byte{'0'}, 2*size))
			b.WriteString(">>>")
		} else {
			writeObject(&b, u.objs[n])
		}
		b.WriteString("\nendobj\n")
	}
	xref := b.Len()
	b.WriteString("xref\n")
	for i := 0; i < len(nums); {
		j := i + 1
		for j < len(nums) && nums[j] == nums[j-1]+1 {
			j++
		}
		fmt.Fprintf(&b, "%d %d\n", nums[i], j-i)
		for _, n := range nums[i:j] {
			fmt.Fprintf(&b, "%010d 00000 n\r\n", offsets[n])
		}
		i = j
	}
	t := dict{"Size": int64(u.next), "Root": u.f.trailer["Root"], "Prev": u.f.startxref}
	if info, ok := u.f.trailer["Info"]; ok {
		t["Info"] = info
	}
	id := sha256.Sum256(b.Bytes())
	first := pdfString{b: id[:16], hex: true}
	if old, ok := u.f.trailer["ID"].(array); ok && len(old) == 2 {
		if s, ok := old[0].(pdfString); ok {
			first = pdfString{b: s.b, hex: true}
		}
	}
	t["ID"] = array{first, pdfString{b: id[16:], hex: true}}
	b.WriteString("trailer\n")
	writeObject(&b, t)
	fmt.Fprintf(&b, "\nstartxref\n%d\n%%%%EOF\n", xref)
	return b.Bytes(), contentsAt, nil
}
