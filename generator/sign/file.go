package sign

import (
	"bytes"
	"compress/zlib"
	"errors"
	"fmt"
	"io"
	"strconv"
)

// maxObjects bounds the objects a cross-reference section may declare, and
// maxDecoded the bytes a stream may inflate to, so that a hostile file
// cannot make the reader allocate without end.
const (
	maxObjects = 1 << 22
	maxDecoded = 64 << 20
)

// location is where an object is: at an offset of the file, or the
// index-th object of the object stream numbered in.
type location struct {
	offset    int64
	in, index int
}

// file is a PDF read for signing: its bytes, its latest trailer and where
// each object's latest version stands.
type file struct {
	b         []byte
	trailer   dict
	xref      map[int]location
	startxref int64
	objstms   map[int][]object // object streams already decoded
}

// errNotPDF is returned for input that is not a PDF file at all.
var errNotPDF = errors.New("not a PDF file")

// readFile parses the cross-reference sections of b, from the last one
// back through /Prev, tables and streams alike.
func readFile(b []byte) (*file, error) {
	if !bytes.HasPrefix(b, []byte("%PDF-")) {
		return nil, errNotPDF
	}
	tail := b[max(0, len(b)-1024):]
	i := bytes.LastIndex(tail, []byte("startxref"))
	if i < 0 {
		return nil, errors.New("no startxref at the end of the file: the file is truncated or damaged")
	}
	p := &parser{b: tail, pos: i + len("startxref")}
	start, err := strconv.ParseInt(p.keyword(), 10, 64)
	if err != nil || start <= 0 || start >= int64(len(b)) {
		return nil, errors.New("startxref points outside the file")
	}
	f := &file{b: b, xref: map[int]location{}, startxref: start, objstms: map[int][]object{}}
	seen := map[int64]bool{}
	for off := start; off > 0; {
		if seen[off] || len(seen) > 1000 {
			return nil, errors.New("cross-reference sections form a loop")
		}
		seen[off] = true
		trailer, err := f.section(off)
		if err != nil {
			return nil, fmt.Errorf("cross-reference at byte %d: %w", off, err)
		}
		if f.trailer == nil {
			f.trailer = trailer
		}
		if x, ok := trailer["XRefStm"].(int64); ok && x > 0 && !seen[x] {
			seen[x] = true
			if _, err := f.section(x); err != nil {
				return nil, fmt.Errorf("cross-reference stream at byte %d: %w", x, err)
			}
		}
		prev, _ := trailer["Prev"].(int64)
		if prev < 0 || prev >= int64(len(b)) {
			return nil, errors.New("/Prev points outside the file")
		}
		off = prev
	}
	if _, ok := f.trailer["Root"].(ref); !ok {
		return nil, errors.New("the trailer has no /Root")
	}
	if _, ok := f.trailer["Encrypt"]; ok {
		return nil, errors.New("the file is encrypted")
	}
	return f, nil
}

// section reads the cross-reference section at off, adding the objects it
// declares that later sections have not, and returns its trailer.
func (f *file) section(off int64) (dict, error) {
	p := &parser{b: f.b, pos: int(off)}
	save := p.pos
	if p.keyword() != "xref" {
		p.pos = save
		return f.xrefStream(p)
	}
	for {
		save = p.pos
		tok := p.keyword()
		if tok == "trailer" {
			break
		}
		first, err1 := strconv.Atoi(tok)
		count, err2 := strconv.Atoi(p.keyword())
		if err1 != nil || err2 != nil || first < 0 || count < 0 || first+count > maxObjects {
			p.pos = save
			return nil, p.errorf("bad cross-reference subsection")
		}
		for n := first; n < first+count; n++ {
			o, err1 := strconv.ParseInt(p.keyword(), 10, 64)
			_, err2 := strconv.Atoi(p.keyword())
			kind := p.keyword()
			if err1 != nil || err2 != nil || (kind != "n" && kind != "f") {
				return nil, p.errorf("bad cross-reference entry for object %d", n)
			}
			if _, ok := f.xref[n]; ok {
				continue // a later section's entry stands
			}
			if kind == "n" {
				f.xref[n] = location{offset: o}
			} else {
				f.xref[n] = location{offset: -1}
			}
		}
	}
	t, err := p.value()
	if err != nil {
		return nil, err
	}
	d, ok := t.(dict)
	if !ok {
		return nil, errors.New("the trailer is not a dictionary")
	}
	return d, nil
}

// xrefStream reads a cross-reference stream (§7.5.8).
func (f *file) xrefStream(p *parser) (dict, error) {
	_, s, err := indirect(p)
	if err != nil {
		return nil, err
	}
	st, ok := s.(*stream)
	if !ok || st.dict["Type"] != name("XRef") {
		return nil, errors.New("neither a cross-reference table nor stream")
	}
	data, err := decode(st)
	if err != nil {
		return nil, err
	}
	w, _ := st.dict["W"].(array)
	var ws [3]int
	width := 0
	for i := range ws {
		if i < len(w) {
			n, _ := w[i].(int64)
			if n < 0 || n > 8 {
				return nil, errors.New("bad /W")
			}
			ws[i] = int(n)
		}
		width += ws[i]
	}
	size, _ := st.dict["Size"].(int64)
	index := array{int64(0), size}
	if ix, ok := st.dict["Index"].(array); ok {
		index = ix
	}
	if width == 0 {
		return nil, errors.New("bad /W")
	}
	pos := 0
	field := func(n int, dflt int64) int64 {
		if n == 0 {
			return dflt
		}
		var v int64
		for i := 0; i < n; i++ {
			v = v<<8 | int64(data[pos+i])
		}
		pos += n
		return v
	}
	for i := 0; i+1 < len(index); i += 2 {
		first, _ := index[i].(int64)
		count, _ := index[i+1].(int64)
		if first < 0 || count < 0 || first+count > maxObjects {
			return nil, errors.New("bad /Index")
		}
		for n := int(first); n < int(first+count); n++ {
			if pos+width > len(data) {
				return nil, errors.New("cross-reference stream too short")
			}
			kind := field(ws[0], 1)
			a := field(ws[1], 0)
			c := field(ws[2], 0)
			if _, ok := f.xref[n]; ok {
				continue
			}
			switch kind {
			case 1:
				f.xref[n] = location{offset: a}
			case 2:
				f.xref[n] = location{in: int(a), index: int(c)}
			default:
				f.xref[n] = location{offset: -1}
			}
		}
	}
	return st.dict, nil
}

// indirect reads "n g obj value endobj" at p.
func indirect(p *parser) (ref, object, error) {
	num, err1 := strconv.Atoi(p.keyword())
	gen, err2 := strconv.Atoi(p.keyword())
	if err1 != nil || err2 != nil || p.keyword() != "obj" {
		return ref{}, nil, p.errorf("object expected")
	}
	v, err := p.value()
	return ref{num, gen}, v, err
}

// get returns object num's latest version, nil if it is free or missing,
// as the standard says of a reference to a missing object.
func (f *file) get(r ref) (object, error) {
	loc, ok := f.xref[r.num]
	if !ok || loc.offset < 0 {
		return nil, nil
	}
	if loc.in > 0 {
		return f.fromStream(loc)
	}
	if loc.offset >= int64(len(f.b)) {
		return nil, fmt.Errorf("object %d: offset outside the file", r.num)
	}
	p := &parser{b: f.b, pos: int(loc.offset)}
	got, v, err := indirect(p)
	if err != nil {
		return nil, fmt.Errorf("object %d: %w", r.num, err)
	}
	if got.num != r.num {
		return nil, fmt.Errorf("object %d: the cross-reference points at object %d", r.num, got.num)
	}
	return v, nil
}

// fromStream returns an object stored in an object stream.
func (f *file) fromStream(loc location) (object, error) {
	objs, ok := f.objstms[loc.in]
	if !ok {
		if f.xref[loc.in].in > 0 {
			return nil, fmt.Errorf("object stream %d is itself in an object stream", loc.in)
		}
		v, err := f.get(ref{loc.in, 0})
		if err != nil {
			return nil, err
		}
		st, ok := v.(*stream)
		if !ok {
			return nil, fmt.Errorf("object %d is not an object stream", loc.in)
		}
		data, err := decode(st)
		if err != nil {
			return nil, fmt.Errorf("object stream %d: %w", loc.in, err)
		}
		n, _ := st.dict["N"].(int64)
		first, _ := st.dict["First"].(int64)
		if n < 0 || n > maxObjects || first < 0 || first > int64(len(data)) {
			return nil, fmt.Errorf("object stream %d: bad /N or /First", loc.in)
		}
		p := &parser{b: data}
		offsets := make([]int, n)
		for i := range offsets {
			p.keyword()
			o, err := strconv.Atoi(p.keyword())
			if err != nil || o < 0 || int64(o)+first > int64(len(data)) {
				return nil, fmt.Errorf("object stream %d: bad offsets", loc.in)
			}
			offsets[i] = int(first) + o
		}
		objs = make([]object, n)
		for i, o := range offsets {
			q := &parser{b: data, pos: o}
			if objs[i], err = q.value(); err != nil {
				return nil, fmt.Errorf("object stream %d: %w", loc.in, err)
			}
		}
		f.objstms[loc.in] = objs
	}
	if loc.index < 0 || loc.index >= len(objs) {
		return nil, fmt.Errorf("object stream %d has no object %d", loc.in, loc.index)
	}
	return objs[loc.index], nil
}

// resolve follows v if it is a reference.
func (f *file) resolve(v object) (object, error) {
	for i := 0; i < 8; i++ {
		r, ok := v.(ref)
		if !ok {
			return v, nil
		}
		var err error
		if v, err = f.get(r); err != nil {
			return nil, err
		}
	}
	return nil, errors.New("references refer to references too deep")
}

// dictOf resolves v and returns it as a dictionary, nil if it is not one.
func (f *file) dictOf(v object) dict {
	v, err := f.resolve(v)
	if err != nil {
		return nil
	}
	switch v := v.(type) {
	case dict:
		return v
	case *stream:
		return v.dict
	}
	return nil
}

// decode returns a stream's data decoded: no filter, or FlateDecode with
// or without a PNG predictor.
func decode(st *stream) ([]byte, error) {
	filter := st.dict["Filter"]
	if a, ok := filter.(array); ok && len(a) == 1 {
		filter = a[0]
	}
	switch filter {
	case nil:
		return st.data, nil
	case name("FlateDecode"):
	default:
		return nil, fmt.Errorf("unsupported stream filter %v", filter)
	}
	r, err := zlib.NewReader(bytes.NewReader(st.data))
	if err != nil {
		return nil, fmt.Errorf("flate: %w", err)
	}
	data, err := io.ReadAll(io.LimitReader(r, maxDecoded+1))
	if err != nil && !errors.Is(err, io.ErrUnexpectedEOF) {
		return nil, fmt.Errorf("flate: %w", err)
	}
	if len(data) > maxDecoded {
		return nil, fmt.Errorf("a stream inflates to more than %d MB", maxDecoded>>20)
	}
	parms, _ := st.dict["DecodeParms"].(dict)
	if a, ok := st.dict["DecodeParms"].(array); ok && len(a) == 1 {
		parms, _ = a[0].(dict)
	}
	pred, _ := parms["Predictor"].(int64)
	if pred < 10 {
		if pred > 1 {
			return nil, fmt.Errorf("unsupported predictor %d", pred)
		}
		return data, nil
	}
	cols, _ := parms["Columns"].(int64)
	if cols <= 0 || cols > 1<<16 {
		return nil, errors.New("bad predictor /Columns")
	}
	return unpredict(data, int(cols))
}

// unpredict undoes the PNG predictors of rows of cols bytes, one byte per
// pixel, as cross-reference streams use them.
func unpredict(data []byte, cols int) ([]byte, error) {
	row := cols + 1
	if len(data)%row != 0 {
		return nil, errors.New("predicted data is not whole rows")
	}
	out := make([]byte, 0, len(data)/row*cols)
	prev := make([]byte, cols)
	for i := 0; i < len(data); i += row {
		kind, cur := data[i], append([]byte(nil), data[i+1:i+row]...)
		for j := range cur {
			var left, up, ul byte
			if j > 0 {
				left, ul = cur[j-1], prev[j-1]
			}
			up = prev[j]
			switch kind {
			case 0:
			case 1:
				cur[j] += left
			case 2:
				cur[j] += up
			case 3:
				cur[j] += byte((int(left) + int(up)) / 2)
			case 4:
				cur[j] += paeth(left, up, ul)
			default:
				return nil, fmt.Errorf("bad PNG predictor %d", kind)
			}
		}
		out = append(out, cur...)
		prev = cur
	}
	return out, nil
}

func paeth(a, b, c byte) byte {
	p := int(a) + int(b) - int(c)
	pa, pb, pc := abs(p-int(a)), abs(p-int(b)), abs(p-int(c))
	if pa <= pb && pa <= pc {
		return a
	}
	if pb <= pc {
		return b
	}
	return c
}

func abs(x int) int {
	if x < 0 {
		return -x
	}
	return x
}
