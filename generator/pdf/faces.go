package pdf

import (
	"fmt"
	"slices"

	"github.com/vanban/vanban/fonts"
	"github.com/vanban/vanban/generator/internal/fpdf"
)

// Repertoire is what AddFaces always cuts a subset to: printable ASCII,
// the Vietnamese letters in both cases and common punctuation, so that
// the labels a program draws need not be listed.
var Repertoire = func() []rune {
	var rs []rune
	for r := rune(' '); r < 0x7f; r++ {
		rs = append(rs, r)
	}
	for _, fam := range families {
		rs = append(rs, fam...)
	}
	rs = append(rs, []rune("ĐđƯưƠơ–—“”‘’…•·№°")...)
	slices.Sort(rs)
	return slices.Compact(rs)
}()

// AddFaces registers on f, under family, each of styles cut to Repertoire
// and the runes of texts, from the process's cache of subsets: for PDFs
// other than documents, such as the printed register, whose every string
// is known before drawing.
func AddFaces(f *fpdf.Fpdf, family string, texts []string, styles ...fonts.Style) error {
	parsed, err := faces()
	if err != nil {
		return err
	}
	have := map[rune]bool{}
	for _, r := range Repertoire {
		have[r] = true
	}
	runes := slices.Clone(Repertoire)
	for _, t := range texts {
		for _, r := range t {
			if r >= ' ' && !have[r] {
				have[r] = true
				runes = append(runes, r)
			}
		}
	}
	slices.Sort(runes)
	for _, s := range styles {
		sub, err := subsets.get(s, parsed[s&3], runes)
		if err != nil {
			return fmt.Errorf("pdf: %w", err)
		}
		f.AddUTF8FontSubset(family, s.String(), sub)
	}
	return nil
}
