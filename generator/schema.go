package generator

import (
	"slices"
	"strconv"
	"strings"

	"github.com/vanban/vanban/generator/document"
	"github.com/vanban/vanban/generator/vn"
)

// KeyKind is what a document key holds, as the input and the web form
// know it.
type KeyKind string

// The kinds of document key.
const (
	KindText    KeyKind = "text"      // one line
	KindBlock   KeyKind = "multiline" // a few lines: the issuer's name
	KindBody    KeyKind = "body"      // text in the body markup
	KindLines   KeyKind = "lines"     // an array of lines
	KindDate    KeyKind = "date"      // a TOML date, 2026-03-05
	KindInteger KeyKind = "integer"
	KindDecimal KeyKind = "decimal"
	KindChoice  KeyKind = "choice" // one of Choices
	KindBool    KeyKind = "bool"
)

// KeySpec is one key of a document input: its kind, whether it is
// required, the range a number must lie in, what its absence means, and its
// Vietnamese label.
type KeySpec struct {
	Key      string // dotted: "page.margins.top"; "appendix.title" for a key of each [[appendix]]
	Kind     KeyKind
	Required bool
	Min, Max float64 // for numbers; both 0 when there is no range
	Default  string  // what the document gets when the key is left out, if anything
	Choices  []string
	Repeat   bool   // the key of a table the input may repeat: [[appendix]]
	Label    string // in Vietnamese
}

// Schema returns every key a document input may hold, in the order of the
// reference. The parser's table of keys and DocumentKeys are derived from
// it; the web form's fields and the README's table are tested against it.
func Schema() []KeySpec {
	pr := document.PageRanges()
	dp := document.DefaultPage
	page := func(key, label string, def float64) KeySpec {
		r := pr[key]
		return KeySpec{Key: key, Kind: KindDecimal, Min: r.Min, Max: r.Max, Default: strconv.FormatFloat(def, 'f', -1, 64), Label: label}
	}
	return []KeySpec{
		{Key: "type", Kind: KindText, Label: "Tên loại văn bản"},
		{Key: "summary", Kind: KindText, Label: "Trích yếu"},
		{Key: "number", Kind: KindInteger, Min: 1, Max: 999999, Label: "Số"},
		{Key: "code", Kind: KindText, Required: true, Label: "Ký hiệu"},
		{Key: "date", Kind: KindDate, Label: "Ngày ban hành"},
		{Key: "year", Kind: KindInteger, Min: vn.MinYear, Max: vn.MaxYear, Label: "Năm (khi chưa ghi ngày)"},
		{Key: "place", Kind: KindText, Required: true, Label: "Địa danh"},
		{Key: "addressees", Kind: KindLines, Label: "Kính gửi"},
		{Key: "enacted_by", Kind: KindText, Label: "Thẩm quyền ban hành"},
		{Key: "bases", Kind: KindLines, Label: "Căn cứ"},
		{Key: "body", Kind: KindBody, Required: true, Label: "Nội dung"},
		{Key: "recipients", Kind: KindLines, Label: "Nơi nhận"},
		{Key: "archive", Kind: KindText, Label: "Lưu"},
		{Key: "urgency", Kind: KindChoice, Choices: []string{"", "HỎA TỐC", "THƯỢNG KHẨN", "KHẨN"}, Label: "Độ khẩn"},
		{Key: "circulation", Kind: KindChoice, Choices: []string{"", "XEM XONG TRẢ LẠI", "LƯU HÀNH NỘI BỘ"}, Label: "Phạm vi lưu hành"},
		{Key: "drafter", Kind: KindText, Label: "Người soạn thảo, số bản"},
		{Key: "footer", Kind: KindText, Label: "Địa chỉ cơ quan (chân trang)"},
		{Key: "issuer.parent", Kind: KindText, Label: "Cơ quan chủ quản"},
		{Key: "issuer.name", Kind: KindBlock, Required: true, Label: "Tên cơ quan ban hành"},
		{Key: "signer.authority", Kind: KindLines, Label: "Thẩm quyền ký"},
		{Key: "signer.position", Kind: KindText, Required: true, Label: "Chức vụ"},
		{Key: "signer.name", Kind: KindText, Required: true, Label: "Họ và tên"},
		page("page.margins.top", "Lề trên (mm)", dp.Top),
		page("page.margins.bottom", "Lề dưới (mm)", dp.Bottom),
		page("page.margins.left", "Lề trái (mm)", dp.Left),
		page("page.margins.right", "Lề phải (mm)", dp.Right),
		page("page.size", "Cỡ chữ (pt)", dp.Size),
		page("page.line_spacing", "Giãn dòng (lần)", dp.LineSpacing),
		page("page.indent", "Thụt đầu dòng (mm)", dp.Indent),
		{Key: "appendix.title", Kind: KindText, Repeat: true, Label: "Tên phụ lục"},
		{Key: "appendix.body", Kind: KindBody, Required: true, Repeat: true, Label: "Nội dung phụ lục"},
		{Key: "appendix.landscape", Kind: KindBool, Repeat: true, Default: "false", Label: "In khổ ngang"},
	}
}

// schemaTables lists, for each table of the input ("" for the top level),
// the keys it may hold, in the order of Schema: what the parser checks
// unknown keys against.
func schemaTables() map[string][]string {
	out := map[string][]string{}
	for _, k := range Schema() {
		parts := strings.Split(k.Key, ".")
		for i := range parts {
			table := strings.Join(parts[:i], ".")
			if !slices.Contains(out[table], parts[i]) {
				out[table] = append(out[table], parts[i])
			}
		}
	}
	return out
}
