package layout

import (
	"math"
	"strings"
)

// Header lines break as an office breaks them, not greedily: the Decree
// does not say where a long agency name breaks, and offices keep names
// whole. The breaks are chosen here, once, and written into the text as
// line breaks, so that Word and the PDF break at the same words.

// unitTypes are the words that name the type of an administrative unit or
// body: they stay on one line, and with the first word of the name after
// them ("XÃ HÒA AN", "THÀNH PHỐ HÀ NỘI"). Longest first.
var unitTypes = [][]string{
	{"ỦY", "BAN", "MẶT", "TRẬN", "TỔ", "QUỐC"},
	{"HỘI", "ĐỒNG", "NHÂN", "DÂN"},
	{"ỦY", "BAN", "NHÂN", "DÂN"},
	{"UỶ", "BAN", "NHÂN", "DÂN"},
	{"THÀNH", "PHỐ"}, {"THỊ", "XÃ"}, {"THỊ", "TRẤN"}, {"ĐẶC", "KHU"},
	{"XÃ"}, {"PHƯỜNG"}, {"TỈNH"}, {"HUYỆN"}, {"QUẬN"},
}

// Bodies, unlike unit types, may end a line: "ỦY BAN NHÂN DÂN" / "XÃ HÒA AN".
var bodies = map[string]bool{"ỦY BAN MẶT TRẬN TỔ QUỐC": true, "HỘI ĐỒNG NHÂN DÂN": true,
	"ỦY BAN NHÂN DÂN": true, "UỶ BAN NHÂN DÂN": true}

// noBreakAfter marks the words of text after which a line may not break:
// inside a unit type, and between a unit type and the name that follows.
func noBreakAfter(words []string) []bool {
	no := make([]bool, len(words))
	for i := 0; i < len(words); {
		n := matchType(words[i:])
		if n == 0 {
			i++
			continue
		}
		for k := i; k < i+n-1; k++ {
			no[k] = true
		}
		if !bodies[strings.Join(words[i:i+n], " ")] {
			no[i+n-1] = true
		}
		i += n
	}
	return no
}

// matchType is the length of the unit type words start with, or 0.
func matchType(words []string) int {
	for _, t := range unitTypes {
		if len(words) >= len(t) && equalUpper(words[:len(t)], t) {
			return len(t)
		}
	}
	return 0
}

func equalUpper(a, b []string) bool {
	for i := range a {
		if strings.ToUpper(a[i]) != b[i] {
			return false
		}
	}
	return true
}

// breakUnitName returns text with line breaks where an office breaks a
// unit's name in a centred column w mm wide: the fewest lines, no unit type
// cut from its name, no word alone on a line, and the lines as even as the
// words allow. Breaks typed as "\n" are kept; a part that cannot be broken
// by these rules is left for the ordinary line breaking.
func (s Spec) breakUnitName(r Role, text string, w float64) string {
	parts := strings.Split(text, "\n")
	for i, p := range parts {
		if s.Width(r, p) <= w+1e-9 {
			continue // one line, as typed
		}
		words := strings.Fields(p)
		if starts := balance(s, r, words, w, noBreakAfter(words)); starts != nil {
			parts[i] = joinLines(words, starts)
		}
	}
	return strings.Join(parts, "\n")
}

// joinLines joins words into lines that start at the words starts gives.
func joinLines(words []string, starts []int) string {
	lines := make([]string, len(starts))
	for k, from := range starts {
		to := len(words)
		if k+1 < len(starts) {
			to = starts[k+1]
		}
		lines[k] = strings.Join(words[from:to], " ")
	}
	return strings.Join(lines, "\n")
}

// breakDateLine returns the place-and-date line with a break after the
// place's comma when the line does not fit in w mm: "Văn Miếu - Quốc Tử
// Giám," / "ngày 06 tháng 01 năm 2026".
func (s Spec) breakDateLine(text string, w float64) string {
	if s.Width(Date, text) <= w+1e-9 {
		return text
	}
	place, date, ok := strings.Cut(text, ", ")
	if !ok {
		return text
	}
	return place + ",\n" + date
}

// balance chooses the line breaks of words, set in role r, in a column w
// mm wide: no break after a word that no marks, no line of one word, the
// fewest lines, then the least sum of squared slack, which for a given
// number of lines makes them as even as the words allow. It returns the
// index of each line's first word, or nil when no breaking keeps the rules.
func balance(s Spec, r Role, words []string, w float64, no []bool) []int {
	n := len(words)
	if n < 2 || n > 200 { // a name is a few words; leave the rest to greedy breaking
		return nil
	}
	width := make([]float64, n)
	for i, word := range words {
		width[i] = s.Width(r, word)
	}
	space := s.Width(r, " ")
	type best struct {
		lines int
		cost  float64
		from  int
		ok    bool
	}
	b := make([]best, n+1)
	b[0] = best{ok: true}
	for j := 1; j <= n; j++ { // words[:j] set; the last line is words[i:j]
		line := -space
		for i := j - 1; i >= 0; i-- {
			line += width[i] + space
			if line > w+1e-9 {
				break
			}
			if !b[i].ok || (i > 0 && no[i-1]) || (j-i == 1 && n > 1) {
				continue
			}
			slack := w - line
			c := best{lines: b[i].lines + 1, cost: b[i].cost + slack*slack, from: i, ok: true}
			if !b[j].ok || c.lines < b[j].lines || c.lines == b[j].lines && c.cost < b[j].cost-1e-9 {
				b[j] = c
			}
		}
	}
	if !b[n].ok || math.IsInf(b[n].cost, 0) {
		return nil
	}
	var starts []int
	for j := n; j > 0; j = b[j].from {
		starts = append([]int{b[j].from}, starts...)
	}
	return starts
}
