package tomlpos

import (
	"bytes"
	"fmt"
	"strconv"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/BurntSushi/toml"
)

// check is one lookup on an Index and its expected result.
type check struct {
	fn   string // "key", "value" or "nearest"
	path []string
	want Pos
	ok   bool // for "key" and "value"
	n    int  // for "nearest"
}

func key(line, col int, path ...string) check {
	return check{fn: "key", path: path, want: Pos{line, col}, ok: true}
}

func value(line, col int, path ...string) check {
	return check{fn: "value", path: path, want: Pos{line, col}, ok: true}
}

func noKey(path ...string) check   { return check{fn: "key", path: path} }
func noValue(path ...string) check { return check{fn: "value", path: path} }

func nearest(line, col, n int, path ...string) check {
	return check{fn: "nearest", path: path, want: Pos{line, col}, n: n}
}

var scanTests = []struct {
	name   string
	src    string
	checks []check
}{
	{
		name: "bare keys and comments",
		src: `# comment = 1
a = 1 # b = 2
 b= "x#y"  # c = 3
c=true
`,
		checks: []check{
			key(2, 1, "a"), value(2, 5, "a"),
			key(3, 2, "b"), value(3, 5, "b"),
			key(4, 1, "c"), value(4, 3, "c"),
			noKey("comment"), noValue("comment"), noKey("x"),
		},
	},
	{
		name: "quoted keys",
		src: `"a b" = 1
'c.d' = 2
"e\"f" = 3
"\u00e9\t" = 4
"" = 5
'\n' = 6
"x\\" = 7
`,
		checks: []check{
			key(1, 1, "a b"), value(1, 9, "a b"),
			key(2, 1, "c.d"), noKey("c", "d"),
			key(3, 1, `e"f`), value(3, 10, `e"f`),
			key(4, 1, "é\t"),
			key(5, 1, ""), value(5, 6, ""),
			key(6, 1, `\n`),
			key(7, 1, `x\`), value(7, 9, `x\`),
		},
	},
	{
		name: "dotted keys",
		src: `page.size = 14
page . "margins".top = 20
[doc]
margins.'left' = 30
`,
		checks: []check{
			key(1, 1, "page"), key(1, 6, "page", "size"), value(1, 13, "page", "size"),
			key(2, 8, "page", "margins"), key(2, 18, "page", "margins", "top"),
			value(2, 24, "page", "margins", "top"),
			key(4, 1, "doc", "margins"), key(4, 9, "doc", "margins", "left"),
			value(4, 18, "doc", "margins", "left"),
			noKey("size"), noKey("margins"), noValue("page"),
		},
	},
	{
		name: "table headers",
		src: `[page]
[ issuer ]
name = "x"
[page.margins]
top = 1
[ a . "b c" ]  # comment
[	'd' ]
`,
		checks: []check{
			key(1, 2, "page"), key(2, 3, "issuer"), key(3, 1, "issuer", "name"),
			key(4, 7, "page", "margins"), key(5, 1, "page", "margins", "top"),
			key(6, 3, "a"), key(6, 7, "a", "b c"), key(7, 3, "d"),
			noValue("page"), noKey("name"), noKey("top"),
			nearest(4, 7, 2, "page", "margins", "left"),
			nearest(2, 3, 1, "issuer", "title", "x"),
			nearest(5, 1, 3, "page", "margins", "top"),
			nearest(1, 1, 0, "signer", "name"),
			nearest(1, 1, 0),
		},
	},
	{
		name: "table defined after its subtable",
		src: `[a.b]
x = 1
[a]
y = 2
[c.d]
[c.e]
`,
		checks: []check{
			key(3, 2, "a"), key(1, 4, "a", "b"), key(2, 1, "a", "b", "x"),
			key(4, 1, "a", "y"), key(5, 2, "c"), key(6, 4, "c", "e"),
		},
	},
	{
		name: "arrays of tables",
		src: `[[rows]]
name = "a"
[[rows]]
name = "b"
[rows.meta]
k = 1
[[rows.cells]]
v = 1
[[ rows . cells ]]
v = 2
[[rows]]
`,
		checks: []check{
			key(1, 3, "rows"), key(1, 3, "rows", "0"), key(2, 1, "rows", "0", "name"),
			key(3, 3, "rows", "1"), key(4, 1, "rows", "1", "name"),
			value(4, 8, "rows", "1", "name"),
			key(5, 7, "rows", "1", "meta"), key(6, 1, "rows", "1", "meta", "k"),
			key(7, 8, "rows", "1", "cells"), key(7, 8, "rows", "1", "cells", "0"),
			key(9, 11, "rows", "1", "cells", "1"), key(10, 1, "rows", "1", "cells", "1", "v"),
			key(11, 3, "rows", "2"),
			noKey("rows", "3"), noKey("rows", "name"), noKey("rows", "0", "meta"),
			noValue("rows", "0"),
			nearest(11, 3, 2, "rows", "2", "name"),
			nearest(1, 3, 1, "rows", "9", "name"),
		},
	},
	{
		name: "inline tables",
		src: `[page]
margins = { top = 20, bottom = 20, left = 30, right = 15 }
point = {x=1,y={z=2}}
empty = {}
`,
		checks: []check{
			key(2, 1, "page", "margins"), value(2, 11, "page", "margins"),
			key(2, 13, "page", "margins", "top"), value(2, 19, "page", "margins", "top"),
			key(2, 23, "page", "margins", "bottom"), key(2, 47, "page", "margins", "right"),
			value(2, 55, "page", "margins", "right"),
			key(3, 10, "page", "point", "x"), key(3, 14, "page", "point", "y"),
			value(3, 16, "page", "point", "y"),
			key(3, 17, "page", "point", "y", "z"), value(3, 19, "page", "point", "y", "z"),
			value(4, 9, "page", "empty"),
			noKey("top"), noKey("page", "top"),
			nearest(2, 1, 2, "page", "margins", "gutter"),
		},
	},
	{
		name: "inline table over several lines",
		src: `t = {
  a = 1, # a comment, with = and }
  b.c = [
    2,
  ],
}
u = 3
`,
		checks: []check{
			key(1, 1, "t"), key(2, 3, "t", "a"), key(3, 3, "t", "b"),
			key(3, 5, "t", "b", "c"), value(4, 5, "t", "b", "c", "0"),
			key(7, 1, "u"),
		},
	},
	{
		name: "arrays",
		src: `recipients = [
  "Sở Nội vụ, Cao Bằng",  # comment, with "quotes" ]
  'lit]',
  # whole line comment = 1
  42, -1.5e3,
  { name = "x", tags = ["a", "b"] },
  [1, [2, 3]],
]
empty = [ ]
`,
		checks: []check{
			key(1, 1, "recipients"), value(1, 14, "recipients"),
			value(2, 3, "recipients", "0"), value(3, 3, "recipients", "1"),
			value(5, 3, "recipients", "2"), value(5, 7, "recipients", "3"),
			value(6, 3, "recipients", "4"), key(6, 5, "recipients", "4", "name"),
			value(6, 12, "recipients", "4", "name"),
			key(6, 17, "recipients", "4", "tags"), value(6, 24, "recipients", "4", "tags"),
			value(6, 25, "recipients", "4", "tags", "0"), value(6, 30, "recipients", "4", "tags", "1"),
			value(7, 3, "recipients", "5"), value(7, 4, "recipients", "5", "0"),
			value(7, 7, "recipients", "5", "1"), value(7, 8, "recipients", "5", "1", "0"),
			value(7, 11, "recipients", "5", "1", "1"),
			noValue("recipients", "6"), noKey("recipients", "0"), noKey("whole"),
			key(9, 1, "empty"), value(9, 9, "empty"), noValue("empty", "0"),
			nearest(6, 3, 2, "recipients", "4", "missing"),
			nearest(1, 1, 1, "recipients", "7"),
		},
	},
	{
		name: "arrays of inline tables",
		src: `rows = [{name = "a"}, {name = "b"}]
`,
		checks: []check{
			key(1, 24, "rows", "1", "name"), value(1, 23, "rows", "1"),
			nearest(1, 23, 2, "rows", "1", "size"),
		},
	},
	{
		name: "basic and literal strings",
		src: `a = "x \" # y = 1"
b = 'c:\path\' # d = 2
c = "\\" # e = 3
f = "[g]" ; h = 1
i = '"'
j = 1
`,
		checks: []check{
			key(1, 1, "a"), key(2, 1, "b"), key(3, 1, "c"), key(4, 1, "f"),
			key(5, 1, "i"), value(5, 5, "i"), key(6, 1, "j"),
			noKey("y"), noKey("d"), noKey("e"), noKey("g"), noKey("h"),
		},
	},
	{
		name: "multi-line basic strings",
		src: `body = """
Thực hiện "quoted" ""two""
key = "not a key"
[not.a.table]
[[not.an.array]]
# not a comment
escaped \""" still inside \\
ends with quotes"""""
after = 1
s = """a \
    b = 2"""
t = """""" # u = 1
v = """x""" # w = """
z = 3
`,
		checks: []check{
			key(1, 1, "body"), value(1, 8, "body"),
			key(9, 1, "after"), key(10, 1, "s"), key(12, 1, "t"),
			key(13, 1, "v"), key(14, 1, "z"),
			noKey("key"), noKey("not"), noKey("b"), noKey("u"), noKey("w"),
		},
	},
	{
		name: "multi-line literal strings",
		src: `lit = '''
[table]
x = 'y' ''two''
back\'''
z = 1
lit2 = ''''That,' she said, 'is still pointless.''''
w = 2
e = ''''''
`,
		checks: []check{
			key(1, 1, "lit"), value(1, 7, "lit"), key(5, 1, "z"),
			key(6, 1, "lit2"), key(7, 1, "w"), key(8, 1, "e"),
			noKey("table"), noKey("x"),
		},
	},
	{
		name: "windows line endings",
		src:  "a = 1\r\n[t]\r\nb = [\r\n  1,\r\n  2,\r\n]\r\nc = \"\"\"x\r\ny = 1\r\n\"\"\"\r\nd = 4 # x\r\n",
		checks: []check{
			key(1, 1, "a"), key(2, 2, "t"), key(3, 1, "t", "b"),
			value(5, 3, "t", "b", "1"), key(7, 1, "t", "c"), key(10, 1, "t", "d"),
			value(10, 5, "t", "d"), noKey("t", "y"),
		},
	},
	{
		name: "byte order mark",
		src:  "\uFEFFa = 1\n[b]\n",
		checks: []check{
			key(1, 1, "a"), value(1, 5, "a"), key(2, 2, "b"),
		},
	},
	{
		// The decoder skips a UTF-16 byte order mark too.
		name: "UTF-16 byte order mark",
		src:  "\xFF\xFEa = 1\n",
		checks: []check{
			key(1, 1, "a"), value(1, 5, "a"),
		},
	},
	{
		name: "vietnamese text",
		src: `x = { a = "Đợt thi đua đặc biệt", b = 1 }
[ "Ủy ban" . "Hòa An" ]
"Tên" = "ỦY BAN NHÂN DÂN"  # ghi chú
"số" = 2
`,
		checks: []check{
			key(1, 35, "x", "b"), value(1, 39, "x", "b"),
			key(2, 3, "Ủy ban"), key(2, 14, "Ủy ban", "Hòa An"),
			key(3, 1, "Ủy ban", "Hòa An", "Tên"), value(3, 9, "Ủy ban", "Hòa An", "Tên"),
			key(4, 1, "Ủy ban", "Hòa An", "số"), value(4, 8, "Ủy ban", "Hòa An", "số"),
		},
	},
	{
		name: "tabs",
		src:  "\ta\t=\t1\n[\tt\t]\n\t\tb = 2\n",
		checks: []check{
			key(1, 2, "a"), value(1, 6, "a"), key(2, 3, "t"), key(3, 3, "t", "b"),
		},
	},
	{
		name: "numbers and dates",
		src: `d = { t = 1979-05-27 07:32:00Z, n = 1 }
e = [1979-05-27, 07:32:00, 1979-05-27T07:32:00-08:00, 1979-05-27 07:32:00.5]
f = [+inf, -nan, 0xDEAD_beef, 0o7, 0b1, 1e+10, 1_000, -0.0]
g = 1979-05-27 07:32:00 # h = 1
i = 1
`,
		checks: []check{
			key(1, 33, "d", "n"), value(1, 11, "d", "t"),
			value(2, 6, "e", "0"), value(2, 18, "e", "1"), value(2, 28, "e", "2"),
			value(2, 55, "e", "3"), noValue("e", "4"),
			value(3, 6, "f", "0"), value(3, 12, "f", "1"), value(3, 18, "f", "2"), value(3, 55, "f", "7"),
			value(4, 5, "g"), key(5, 1, "i"), noKey("h"),
		},
	},
	{
		name: "unfinished document",
		src: `a = [1,
b = "x
[c
d = { e = 1
`,
		checks: []check{
			key(1, 1, "a"), value(1, 6, "a", "0"),
		},
	},
	{
		name:   "empty",
		src:    "",
		checks: []check{noKey("a"), nearest(1, 1, 0, "a")},
	},
}

func TestScan(t *testing.T) {
	for _, tt := range scanTests {
		t.Run(tt.name, func(t *testing.T) {
			ix := Scan([]byte(tt.src))
			for _, c := range tt.checks {
				switch c.fn {
				case "key", "value":
					f := ix.Key
					if c.fn == "value" {
						f = ix.Value
					}
					got, ok := f(c.path...)
					if ok != c.ok || ok && got != c.want {
						t.Errorf("%s(%q) = %v, %v; want %v, %v", c.fn, c.path, got, ok, c.want, c.ok)
					}
				case "nearest":
					got, n := ix.Nearest(c.path...)
					if got != c.want || n != c.n {
						t.Errorf("Nearest(%q) = %v, %d; want %v, %d", c.path, got, n, c.want, c.n)
					}
				}
			}
		})
	}
}

func TestNilIndex(t *testing.T) {
	var ix *Index
	if _, ok := ix.Key("a"); ok {
		t.Error("Key on nil Index found a key")
	}
	if _, ok := ix.Value("a"); ok {
		t.Error("Value on nil Index found a value")
	}
	if p, n := ix.Nearest("a"); p != (Pos{1, 1}) || n != 0 {
		t.Errorf("Nearest on nil Index = %v, %d", p, n)
	}
}

func TestPosString(t *testing.T) {
	if s := (Pos{12, 3}).String(); s != "12:3" {
		t.Errorf("String() = %q, want %q", s, "12:3")
	}
}

// TestDeepNesting checks that deeply nested values neither exhaust the stack
// nor stop the scan of what follows on later lines.
func TestDeepNesting(t *testing.T) {
	src := "a = " + strings.Repeat("[", 100000) + strings.Repeat("]", 100000) + "\nb = 1\n"
	ix := Scan([]byte(src))
	if p, ok := ix.Key("b"); !ok || p != (Pos{2, 1}) {
		t.Errorf("Key(b) = %v, %v; want 2:1, true", p, ok)
	}
	path := []string{"a"}
	for range 50 {
		path = append(path, "0")
	}
	if p, ok := ix.Value(path...); !ok || p != (Pos{1, 55}) {
		t.Errorf("Value(a, 0, ...) = %v, %v; want 1:55, true", p, ok)
	}
}

// TestLongHeader checks that a table with a very long path is scanned in
// reasonable time.
func TestLongHeader(t *testing.T) {
	const n = 100000
	src := "[" + strings.Repeat("a.", n-1) + "a]\n" + strings.Repeat("b = 1\n", n)
	ix := Scan([]byte(src))
	path := make([]string, n, n+1)
	for i := range path {
		path[i] = "a"
	}
	if p, ok := ix.Key(append(path, "b")...); !ok || p != (Pos{2, 1}) {
		t.Errorf("Key(a, ..., b) = %v, %v; want 2:1, true", p, ok)
	}
}

var documents = map[string]string{
	"example": `type = "PHÁT ĐỘNG THI ĐUA"
summary = "Đợt thi đua đặc biệt"
number = 15
code = "PĐ-UBND"
date = 2021-02-05
place = "Hòa An"
recipients = [
  "Sở Nội vụ Cao Bằng",  # comment
  "TTHU, TTHĐND huyện",
]
body = """
Thực hiện Chỉ thị số 03/CT-UBND ...
key = "not a key"
[not.a.table]
"""
[issuer]
parent = "UBND TỈNH CAO BẰNG"
name = "ỦY BAN NHÂN DÂN HUYỆN HÒA AN"
[signer]
position = "CHỦ TỊCH"
[page]
margins = { top = 20, bottom = 20, left = 30, right = 15 }
size = 14
`,
	"decision": `# Quyết định
type = "QUYẾT ĐỊNH"
number = 102
code = 'QĐ-UBND'
date = 2023-11-20
place = "Cao Bằng"
title = """
Về việc ban hành Quy chế "làm việc" \
của Ủy ban nhân dân huyện"""

[issuer]
parent = "UBND TỈNH CAO BẰNG"
name   = "ỦY BAN NHÂN DÂN HUYỆN HÒA AN"

[[bases]]   # căn cứ
text = "Căn cứ Luật Tổ chức chính quyền địa phương ngày 19 tháng 6 năm 2015;"

[[bases]]
text = '''
Căn cứ Nghị định số 30/2020/NĐ-CP; [ghi chú]
x = 1
'''

[[articles]]
title = "Điều 1"
  [[articles.clauses]]
  text = "Khoản 1"
  [[articles.clauses]]
  text = "Khoản 2"
  points = ["a) điểm a", "b) điểm b"]

[[articles]]
title = "Điều 2"
"nơi nhận" = [
  "Như Điều 3;",   # trailing comment
  'Lưu: VT.',
]

[signer]
position = "CHỦ TỊCH"
name = "Nguyễn Văn A"
stamp.image = "seal.png"
stamp.size = { width = 40, height = 40 }

[page]
size = "A4"
margins.top = 20
margins.bottom = 20
font = { family = "Times New Roman", size = 14, line = 1.5 }
`,
	"table": `title = "Bảng tổng hợp"
columns = [
  { key = "stt", label = "STT", width = 8 },
  { key = "ten", label = "Tên đơn vị", width = 60, align = "left" },
]
rows = [
  ["1", "Xã Bạch Đằng", 12],
  ["2", "Xã Dân Chủ", 7],   # ghi chú
]
footer.note = "Số liệu đến ngày 31/12"
footer."người lập" = 'Phòng Nội vụ'
totals = { count = 2, "sum" = { value = 19, unit = "người" } }
generated = 2024-01-02T08:00:00+07:00
local = 2024-01-02 08:00:00
times = [07:00:00, 17:30:00.25]
flags = [true, false]
floats = [inf, -inf, nan, 6.626e-34, 1_000.5]
ints = [0xff, 0o17, 0b11, -12, +3]
`,
}

// decode decodes src with the reference decoder into a generic map.
func decode(src []byte) (m map[string]any, md toml.MetaData, err error) {
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("panic: %v", r)
		}
	}()
	md, err = toml.Decode(string(src), &m)
	return m, md, err
}

// checkAgainstDecoder checks that every key the reference decoder finds in
// src, which it must accept, is found by Scan where it is written, and every
// value where a value starts. It reports whether src was accepted.
func checkAgainstDecoder(t testing.TB, src []byte) bool {
	m, md, err := decode(src)
	if err != nil {
		return false
	}
	ix := Scan(src)
	c := &crossCheck{t: t, src: src, ix: ix, found: make(map[string]bool)}
	c.table(m, nil, nil)
	for _, k := range md.Keys() {
		if !c.found[fmt.Sprintf("%q", []string(k))] {
			t.Errorf("key %q from MetaData.Keys is not in the decoded document", k)
		}
	}
	return true
}

type crossCheck struct {
	t     testing.TB
	src   []byte
	ix    *Index
	found map[string]bool // paths without array indices that were checked
	lines []int           // byte offset of the start of each line
}

// table checks the keys of the decoded table m at path. bare is path without
// array indices, as the decoder's metadata names keys.
func (c *crossCheck) table(m map[string]any, path, bare []string) {
	for k, v := range m {
		p := append(path[:len(path):len(path)], k)
		b := append(bare[:len(bare):len(bare)], k)
		c.found[fmt.Sprintf("%q", b)] = true
		c.key(p, k)
		switch v := v.(type) {
		case map[string]any:
			c.table(v, p, b)
			// A table written inline has a value, which is usually the
			// inline table; but the decoder accepts "b.c = 1" followed by
			// "b = 0", and keeps the table.
			if _, ok := c.ix.Value(p...); ok {
				c.value(p)
			}
		case []map[string]any:
			// An array of tables is written inline, as a value, or as
			// [[headers]], whose elements have keys.
			if _, ok := c.ix.Value(p...); ok {
				c.value(p)
				c.elems(v, p, b)
				break
			}
			for i, e := range v {
				ep := append(p[:len(p):len(p)], strconv.Itoa(i))
				c.key(ep, k)
				c.table(e, ep, b)
			}
		default:
			c.value(p)
			c.elems(v, p, b)
		}
	}
}

// elems checks the elements of v, if it is an array.
func (c *crossCheck) elems(v any, path, bare []string) {
	switch v := v.(type) {
	case []any:
		for i, e := range v {
			ep := append(path[:len(path):len(path)], strconv.Itoa(i))
			c.value(ep)
			if m, ok := e.(map[string]any); ok {
				c.table(m, ep, bare)
			} else {
				c.elems(e, ep, bare)
			}
		}
	case []map[string]any:
		for i, e := range v {
			ep := append(path[:len(path):len(path)], strconv.Itoa(i))
			c.value(ep)
			c.table(e, ep, bare)
		}
	}
}

// key checks that the key at path, whose last part is name, is written.
func (c *crossCheck) key(path []string, name string) {
	pos, ok := c.ix.Key(path...)
	if !ok {
		c.t.Errorf("Key(%q) not found", path)
		return
	}
	c.at(pos, path, name)
}

// value checks that the value at path is written.
func (c *crossCheck) value(path []string) {
	pos, ok := c.ix.Value(path...)
	if !ok {
		c.t.Errorf("Value(%q) not found", path)
		return
	}
	off := c.offset(pos, path)
	if off >= 0 && !strings.ContainsRune(`"'[{+-0123456789tfin`, rune(c.src[off])) {
		c.t.Errorf("Value(%q) = %v, at %q, which does not start a value", path, pos, c.src[off:min(off+10, len(c.src))])
	}
}

// at checks that pos is where a key named name is written: at its opening
// quote, or at its text if it is bare.
func (c *crossCheck) at(pos Pos, path []string, name string) {
	off := c.offset(pos, path)
	if off < 0 {
		return
	}
	rest := c.src[off:]
	if rest[0] != '"' && rest[0] != '\'' && !bytes.HasPrefix(rest, []byte(name)) {
		c.t.Errorf("Key(%q) = %v, at %q, not at key %q", path, pos, rest[:min(len(name)+10, len(rest))], name)
	}
}

// offset returns the byte offset of pos in c.src, or -1 after reporting an
// error if pos is not the position of a character of c.src.
func (c *crossCheck) offset(pos Pos, path []string) int {
	if c.lines == nil {
		c.lines = []int{bomLen(c.src)}
		for i, b := range c.src {
			if b == '\n' {
				c.lines = append(c.lines, i+1)
			}
		}
	}
	if pos.Line >= 1 && pos.Line <= len(c.lines) && pos.Col >= 1 {
		// Count pos.Col-1 runes from the start of the line, without
		// crossing its end.
		off, col := c.lines[pos.Line-1], 1
		for off < len(c.src) && c.src[off] != '\n' {
			if col == pos.Col {
				return off
			}
			_, n := utf8.DecodeRune(c.src[off:])
			off += n
			col++
		}
	}
	c.t.Errorf("%q: position %v is not in the document (%d lines)", path, pos, bytes.Count(c.src, []byte("\n"))+1)
	return -1
}

// variants returns src as written, with Windows line endings, and with a
// byte order mark.
func variants(src string) map[string][]byte {
	crlf := strings.ReplaceAll(src, "\n", "\r\n")
	return map[string][]byte{
		"lf":       []byte(src),
		"crlf":     []byte(crlf),
		"bom":      []byte("\uFEFF" + src),
		"bom+crlf": []byte("\uFEFF" + crlf),
	}
}

func TestAgainstDecoder(t *testing.T) {
	for name, doc := range documents {
		for v, src := range variants(doc) {
			t.Run(name+"/"+v, func(t *testing.T) {
				if !checkAgainstDecoder(t, src) {
					_, _, err := decode(src)
					t.Fatalf("document does not decode: %v", err)
				}
			})
		}
	}
	for _, tt := range scanTests {
		t.Run(tt.name, func(t *testing.T) {
			checkAgainstDecoder(t, []byte(tt.src))
		})
	}
}

// TestExampleDocument checks positions in the example document exactly.
func TestExampleDocument(t *testing.T) {
	ix := Scan([]byte(documents["example"]))
	for _, c := range []check{
		key(1, 1, "type"), value(1, 8, "type"),
		value(5, 8, "date"),
		value(8, 3, "recipients", "0"), value(9, 3, "recipients", "1"), noValue("recipients", "2"),
		key(16, 2, "issuer"), key(18, 1, "issuer", "name"), value(18, 8, "issuer", "name"),
		key(22, 13, "page", "margins", "top"), value(22, 55, "page", "margins", "right"),
		key(23, 1, "page", "size"),
		noKey("key"), noKey("not"),
		nearest(19, 2, 1, "signer", "name"),
		nearest(22, 1, 2, "page", "margins", "gutter"),
	} {
		switch c.fn {
		case "key", "value":
			f := ix.Key
			if c.fn == "value" {
				f = ix.Value
			}
			if got, ok := f(c.path...); ok != c.ok || ok && got != c.want {
				t.Errorf("%s(%q) = %v, %v; want %v, %v", c.fn, c.path, got, ok, c.want, c.ok)
			}
		case "nearest":
			if got, n := ix.Nearest(c.path...); got != c.want || n != c.n {
				t.Errorf("Nearest(%q) = %v, %d; want %v, %d", c.path, got, n, c.want, c.n)
			}
		}
	}
}

func FuzzScan(f *testing.F) {
	for _, doc := range documents {
		for _, src := range variants(doc) {
			f.Add(src)
		}
	}
	for _, tt := range scanTests {
		f.Add([]byte(tt.src))
	}
	for _, s := range []string{
		`a = """\"""`, `a = '''''''''`, `[[a]]` + "\n" + `[a.b]`, "a = [\n", "\xef\xbb", "\xff = 1",
		`a = {b = [{c = {}}]}`, `"\u0000" = 1`, `a."b\\".'c' = 1`,
		"a = {\n b = 1, # c\n d = [\n{e = 1},\n],\n}", "a = [[{b = 1}], [{c = [2]}]]",
		"[[a]]\nb.c = 1\n[[a.b.d]]\n[[a]]\n[a.b]\n[[a.b.d]]", `"\x41\e\U0001F600" = 1`,
		"a = \"\"\"\\\r\n  b\"\"\"\"\"\r\n", "x = 1979-05-27 07:32\ny = 07:32",
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, src []byte) {
		ix := Scan(src)
		// Lookups on any index must not panic.
		ix.Key("a")
		ix.Value("a", "0")
		ix.Nearest("a", "b", "c")
		checkAgainstDecoder(t, src)
	})
}
