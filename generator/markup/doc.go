// Package markup parses the body of a document: plain text with a few marks
// that are easy to type by hand, in the spirit of Markdown but with far fewer
// rules. [Parse] splits the body into blocks (ordinary paragraphs, headings,
// centred lines and titles) and each block into spans of upright, bold and
// italic text; the PDF and DOCX writers then lay the blocks out as Decree
// 30/2020/NĐ-CP asks.
//
// Everything that is not one of the marks below is ordinary text and is
// printed as typed, including characters such as <, &, ", ]]> and the curly
// quotes “ ”.
//
// # Paragraphs
//
// Paragraphs are separated by one or more blank lines; a line that holds only
// spaces and tabs counts as blank. Inside a paragraph a single line break
// reads as a space, so long lines may be wrapped anywhere. Spaces and tabs at
// either end of a line are dropped, and a run of them inside a line reads as
// one space. Lines may end in LF or CRLF; a stray carriage return reads as a
// space.
//
//	Thực hiện Chỉ thị số 03/CT-UBND ngày 01/02/2021 của Ủy ban
//	nhân dân tỉnh về phát động thi đua;
//
//	1. Thi đua thực hiện tốt cuộc bầu cử đại biểu Quốc hội khóa XV.
//
//	a) Tuyên truyền sâu rộng về ý nghĩa của cuộc bầu cử;
//
//	- Các cơ quan, đơn vị xây dựng kế hoạch cụ thể.
//
// is four paragraphs, the first wrapped over two lines. An ordinary paragraph
// is justified with its first line indented. Clauses ("1."), points ("a)")
// and dashed items ("- ") are ordinary paragraphs that start with their
// number or dash: type them as they should read.
//
// # Bold and italic
//
// Asterisks mark emphasis inside a paragraph:
//
//	**in đậm**          bold
//	*in nghiêng*        italic
//	***đậm nghiêng***   bold italic
//
// Each mark switches its style on, and the next one of the same kind
// switches it off again, so marks may nest or overlap:
//
//	**Điều kiện *bắt buộc* và điều kiện khác**
//
// is bold throughout, with "bắt buộc" bold italic. A mark that is never
// switched off again within its paragraph is not a mark: it is printed as
// typed, so "5 * 3 = 15" and "**chưa đóng" stay as they are. Four or more
// asterisks in a row are always printed as typed. Since marks pair off in
// order, "2 * 3 * 4" makes " 3 " italic; write "2 \* 3 \* 4" to keep both
// asterisks.
//
// Quotes around emphasis are ordinary text, so in
//
//	với chủ đề “*Phát huy sức mạnh đại đoàn kết*” với các nội dung như sau:
//
// the theme is italic and the quotes around it upright.
//
// # Escapes
//
// A backslash before *, # or \ prints that character as it is: "\*" prints
// an asterisk that marks nothing, "\#" at the start of a paragraph prints a
// "#" instead of making a centred line, and "\\" prints one backslash. A
// backslash before any other character is printed as typed.
//
// # Centred lines
//
// A paragraph that starts with "# " (a hash and a space) is a centred bold
// line. The "# " is dropped and the rest is printed as typed, keeping its
// case; italic marks inside it still apply:
//
//	# Phần thứ nhất: *tổng kết*
//
// A paragraph that reads only "QUYẾT ĐỊNH:" or "QUYẾT NGHỊ:", in any case,
// with or without a space before the colon and with or without the colon,
// is centred, bold and printed as "QUYẾT ĐỊNH:" or "QUYẾT NGHỊ:". So "Quyết
// định" and "QUYẾT ĐỊNH :" both print "QUYẾT ĐỊNH:".
//
// # Headings
//
// A paragraph that starts with a Roman numeral from I to XXXIX in capitals,
// a full stop and a space is a heading, bold throughout and indented like a
// paragraph, as plans and reports use them:
//
//	I. MỤC ĐÍCH, YÊU CẦU
//
//	II. NỘI DUNG
//
// Only valid numerals count: "IIII. ..." or "Ixia. ..." is an ordinary
// paragraph.
//
// # Articles
//
// In a paragraph that starts with "Điều", a space, a number and a full stop,
// that prefix is bold and the rest of the paragraph is ordinary text:
//
//	Điều 1. Ban hành kèm theo Quyết định này Quy chế thi đua, khen thưởng.
//
// prints "Điều 1." in bold. When the rest is the article's title — it ends
// with no punctuation — the whole line is bold and keeps with the paragraph
// after it, as Appendix I of the Decree asks:
//
//	Điều 1. Phạm vi điều chỉnh
//
// "Điều" must be written with a capital D, as the word "điều" also starts
// ordinary sentences.
//
// # Tables
//
// A paragraph whose every line starts with "|", and whose second line is a
// delimiter row with as many cells as the first, is a table, typed as on
// GitHub: the header row, the delimiter row, then the rows. A delimiter
// cell of dashes aligns its column left; ":-:" centres it, "--:" aligns it
// right. "\|" is a bar inside a cell; cells hold inline markup:
//
//	| STT | Họ và tên | Số tiền |
//	|:-:|---|--:|
//	| 1 | Nguyễn Văn **A** | 1.000.000 |
//
// The layout gives the table single thin borders, a bold header row
// repeated on every page it runs onto, and column widths from the content.
// A row with more cells than the header, or a table whose words cannot fit
// in the text area, is an error naming its line.
//
// # Divisions and their titles
//
// A paragraph that reads only "Phần" or "Chương" and a Roman numeral from I
// to XXXIX, or "Mục" or "Tiểu mục" and an Arabic number, is a division: a
// centred bold line. The word may be typed in any case and is printed with a
// capital first letter, the Roman numeral in capitals: "chương iv" prints
// "Chương IV".
//
// The paragraph after a division is its title, printed centred, bold and in
// capitals, unless that paragraph is itself a division. The title may also
// follow the division on the next line of the same paragraph. A "# " before
// the title is dropped, since a title is centred anyway. Both of these print
// "Chương I" over "QUY ĐỊNH CHUNG":
//
//	Chương I
//	Quy định chung
//
//	Chương I
//
//	Quy định chung
//
// The division must stand on a line of its own: "Chương I Quy định chung"
// typed on one line is an ordinary paragraph.
//
// # Precedence
//
// A paragraph is read as the first of these that fits it: a division (or a
// division over its title), the title of the division before it, a centred
// "# " line, QUYẾT ĐỊNH or QUYẾT NGHỊ, a heading, an article, an ordinary
// paragraph. The marks for a kind of paragraph are looked for as typed, before
// escapes are read: "**I. MỤC TIÊU**" is an ordinary paragraph in bold, not a
// heading.
package markup
