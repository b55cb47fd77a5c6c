package document

import (
	"errors"
	"fmt"
	"sort"
	"strings"

	"github.com/vanban/vanban/fonts"
	"github.com/vanban/vanban/generator/markup"
	"github.com/vanban/vanban/generator/problem"
	"github.com/vanban/vanban/generator/vn"
)

// Range is the interval a page setting must lie in, as the Decree sets it.
type Range struct{ Min, Max float64 }

// PageRanges are the Decree's ranges of the page settings, by input key;
// the parser and Check both read them, so that the two can never disagree.
func PageRanges() map[string]Range {
	return map[string]Range{
		"page.margins.top":    {20, 25},
		"page.margins.bottom": {20, 25},
		"page.margins.left":   {30, 35},
		"page.margins.right":  {15, 20},
		"page.size":           {13, 14},
		"page.line_spacing":   {1, 1.5},
		"page.indent":         {10, 12.7},
	}
}

// Check reports what is wrong with a document that a program built
// without TOML: the checks Parse makes on an input, on the values
// themselves (required parts, the page's ranges, the code, the dates and
// years, the marks, characters the fonts cannot draw). A document Parse
// returned passes. It does not change d: normalising (upper case, NFC) is
// the caller's part, and values that need it are reported.
func (d *Document) Check() []*problem.Error {
	var ps []*problem.Error
	add := func(key, msg, msgVI string) { ps = append(ps, &problem.Error{Key: key, Msg: msg, MsgVI: msgVI}) }
	for key, v := range map[string]string{"code": d.Code, "place": d.Place, "issuer.name": d.Issuer.Name,
		"signer.position": d.Signer.Position, "signer.name": d.Signer.Name} {
		if strings.TrimSpace(v) == "" {
			add(key, "is required", "bắt buộc phải có")
		}
	}
	if len(d.Body) == 0 {
		add("body", "is required", "bắt buộc phải có")
	}
	if d.IsLetter() && d.Summary == "" {
		add("summary", "a Công văn (no type) needs a summary: the V/v line", "công văn (không có tên loại) phải có trích yếu: dòng V/v")
	}
	if d.Code != "" {
		if c, err := vn.Code(d.Code); err != nil {
			msg, msgVI := err.Error(), err.Error()
			var pe *problem.Error
			if errors.As(err, &pe) {
				msg, msgVI = pe.Msg, pe.MsgVI
			}
			add("code", msg, msgVI)
		} else if c != d.Code {
			add("code", fmt.Sprintf("must be written %q", c), fmt.Sprintf("phải viết là %q", c))
		}
	}
	if d.Number < 0 || d.Number > 999999 {
		add("number", "must be from 1 to 999999, or 0 for a draft", "phải từ 1 đến 999999, hoặc 0 khi chưa cấp số")
	}
	if !d.Date.IsZero() {
		if msg, msgVI, ok := vn.YearError(d.Date); !ok {
			add("date", msg, msgVI)
		}
	}
	if d.Year != 0 && (d.Year < vn.MinYear || d.Year > vn.MaxYear) {
		add("year", fmt.Sprintf("must be from %d to %d", vn.MinYear, vn.MaxYear), fmt.Sprintf("phải từ %d đến %d", vn.MinYear, vn.MaxYear))
	}
	if d.Urgency != "" {
		if m, _, err := vn.Urgency(d.Urgency); err != nil || m != d.Urgency {
			add("urgency", "must be HỎA TỐC, THƯỢNG KHẨN or KHẨN", "phải là HỎA TỐC, THƯỢNG KHẨN hoặc KHẨN")
		}
	}
	if d.Circulation != "" {
		if m, err := vn.Circulation(d.Circulation); err != nil || m != d.Circulation {
			add("circulation", "must be XEM XONG TRẢ LẠI or LƯU HÀNH NỘI BỘ", "phải là XEM XONG TRẢ LẠI hoặc LƯU HÀNH NỘI BỘ")
		}
	}
	ps = append(ps, d.checkPage()...)
	d.checkText(add)
	sort.SliceStable(ps, func(i, j int) bool { return ps[i].Key < ps[j].Key })
	return ps
}

// checkPage reports page settings outside the Decree's ranges.
func (d *Document) checkPage() []*problem.Error {
	var ps []*problem.Error
	p := d.Page
	ranges := PageRanges()
	for key, v := range map[string]float64{"page.margins.top": p.Top, "page.margins.bottom": p.Bottom,
		"page.margins.left": p.Left, "page.margins.right": p.Right, "page.size": p.Size,
		"page.line_spacing": p.LineSpacing, "page.indent": p.Indent} {
		r := ranges[key]
		if v < r.Min || v > r.Max {
			ps = append(ps, &problem.Error{Key: key, Msg: fmt.Sprintf("%g is outside %g–%g", v, r.Min, r.Max),
				MsgVI: fmt.Sprintf("%g nằm ngoài khoảng %g–%g", v, r.Min, r.Max)})
		}
	}
	return ps
}

// checkText reports text the fonts cannot draw or that is not in Unicode
// NFC, in every part of the document.
func (d *Document) checkText(add func(key, msg, msgVI string)) {
	texts := map[string][]string{
		"type": {d.Type}, "summary": {d.Summary}, "place": {d.Place}, "addressees": d.Addressees,
		"enacted_by": {d.EnactedBy}, "bases": d.Bases, "recipients": d.Recipients, "archive": {d.Archive},
		"drafter": {d.Drafter}, "footer": {d.Footer}, "issuer.parent": {d.Issuer.Parent}, "issuer.name": {d.Issuer.Name},
		"signer.authority": {d.Signer.Authority}, "signer.position": {d.Signer.Position}, "signer.name": {d.Signer.Name},
	}
	texts["body"] = blocksText(d.Body)
	for i, a := range d.Appendices {
		key := fmt.Sprintf("appendix.%d", i)
		texts[key+".title"] = []string{a.Title}
		texts[key+".body"] = blocksText(a.Body)
	}
	for key, ss := range texts {
		for _, s := range ss {
			if r, _, _, found := vn.BadRune(s, fonts.HasAll); found {
				add(key, fmt.Sprintf("character U+%04X cannot be printed", r), fmt.Sprintf("ký tự U+%04X không in được", r))
				break
			}
			if vn.NFC(s) != s {
				add(key, "is not in Unicode NFC: normalise it (vn.NFC)", "chưa chuẩn hóa Unicode NFC (dùng vn.NFC)")
				break
			}
		}
	}
}

// blocksText is the text of body markup, a table's cell by cell.
func blocksText(bs []markup.Block) []string {
	var out []string
	for _, b := range bs {
		if b.Table != nil {
			out = append(out, markup.TableText(b.Table)...)
			continue
		}
		out = append(out, markup.Text(b.Spans))
	}
	return out
}
