// Package template reads document templates: a vanban document whose
// strings hold placeholders, plus a declaration of the fields that fill them.
// One template serves every district or ward of a province; each set of
// values gives one document.
//
// # The template file
//
// A template is a document TOML, exactly as package generator reads it, with
// two more tables: [template], which describes it, and [[fields]], one per
// field, in the order a form should ask for them.
//
//	type = "PHÁT ĐỘNG THI ĐUA"
//	summary = "{{chu_de}}"
//	code = "PĐ-UBND"
//	number = "{{so}}"
//	date = "{{ngay}}"
//	place = "{{don_vi | place}}"
//	body = """
//	Chủ tịch Ủy ban nhân dân {{don_vi | inline}} phát động ...
//	"""
//	recipients = ["{{noi_nhan}}"]
//
//	[issuer]
//	name = "ỦY BAN NHÂN DÂN\n{{don_vi | upper}}"
//
//	[signer]
//	position = "CHỦ TỊCH"
//	name = "{{chu_tich}}"
//
//	[template]
//	title = "Phát động thi đua"
//	description = "Phát động phong trào thi đua của Ủy ban nhân dân cấp xã."
//	file_name = "{{don_vi}}"
//
//	[[fields]]
//	name = "don_vi"
//	label = "Tên đơn vị"
//	help = "Tên đầy đủ, kể cả loại đơn vị: Xã Hòa An, Phường Ba Đình."
//	kind = "text"
//	required = true
//	example = "Xã Hòa An"
//
// The keys of [template]: title (required) names the template in lists and
// forms; description says in a sentence or two what it is for; file_name is
// the default name of a batch's files, a pattern with the same placeholders
// (the row number is added in front). A built-in template's name is its file
// name without ".toml".
//
// The keys of each field: name (required: lower-case ASCII letters, digits
// and "_", starting with a letter; it is the column of a batch's CSV file),
// label (required: the Vietnamese label of the form), help (a short help
// text), kind (below; "text" when absent), required (true or false), default
// (the value when none is given) and example (a realistic value, used by
// `vanban new` and shown in the form). Every declared field must be used by
// a placeholder, and every placeholder must name a declared field.
//
// # Kinds
//
//	text       one line of text
//	multiline  text of several lines or paragraphs; in the body it may use
//	           the body markup (bold, italic, headings)
//	date       a date, written 2026-03-15 or 15/03/2026 (or a TOML date)
//	number     a whole number from 0 to 999999
//	lines      a list of lines, such as recipients or legal bases: a TOML
//	           array of strings, or one line per line of text
//
// # Placeholders
//
// A placeholder is a field name between double braces, optionally followed
// by helpers, each after a vertical bar: {{don_vi}}, {{don_vi | upper}},
// {{ngay | date}}. Helpers apply from left to right:
//
//	upper   in capitals, for the header: "Xã Hòa An" → "XÃ HÒA AN"
//	lower   in lower case: "Xã Hòa An" → "xã hòa an"
//	inline  a unit's name as it reads in a sentence, its type in lower case:
//	        "Xã Hòa An" → "xã Hòa An", "Thành phố Huế" → "thành phố Huế"
//	place   the place name of the date line: the unit's name without its
//	        type, "Xã Hòa An" → "Hòa An", except for a name with a number,
//	        "Phường 1", "Phường Hà Giang 1", kept whole as the Decree asks
//	date    a date in words: "ngày 05 tháng 3 năm 2026"
//	day     the day of a date, "05"; month, "3" (01 and 02 for January and
//	        February); year, 2026 (a number: year = "{{ngay | year}}" works)
//	number  a number as the Decree writes it, "05" below 10
//
// Without helpers, a date reads "15/03/2026" and a number "5".
//
// A string that is nothing but one placeholder takes the value's own type:
// number = "{{so}}" gives the document a number, and recipients =
// ["{{noi_nhan}}"] puts each line of a lines field in the list as an item of
// its own. When such a value is empty the key is left out, so a draft without
// a number keeps the blank "Số:      /PĐ-UBND". Elsewhere in a string, the
// lines of a lines field are joined by line breaks; in the body, each line
// makes a paragraph of its own.
//
// # Values are data
//
// Values are inserted as typed and never read again as placeholders: a value
// holding "{{" prints "{{". A text value inserted in the body prints its *, #
// and \ as typed, not as markup; only multiline values may carry markup.
package template
