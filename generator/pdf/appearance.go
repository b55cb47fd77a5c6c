package pdf

import (
	"bytes"
	"fmt"
	"io"
	"slices"
	"time"

	"github.com/vanban/vanban/fonts"
	"github.com/vanban/vanban/generator/internal/fpdf"
	"github.com/vanban/vanban/generator/layout"
)

// A signature field shows an appearance: a picture (the signer's
// signature, the seal) or a few lines of text (an attachment's number and
// signing time). Package sign asks for it as a one-page PDF the size of
// the field, drawn here with the same fonts and image code as documents,
// and takes the page over as the field's appearance.

// Picture writes to out a one-page PDF of w × h mm filled with the PNG
// image img.
func Picture(out io.Writer, w, h float64, img []byte) error {
	f := page(w, h)
	f.RegisterImageOptionsReader("img", fpdf.ImageOptions{ImageType: "PNG"}, bytes.NewReader(img))
	f.ImageOptions("img", 0, 0, w, h, false, fpdf.ImageOptions{ImageType: "PNG"}, 0, "")
	return output(f, out)
}

// Lines writes to out a one-page PDF of w × h mm with lines of text in the
// regular face at size points, black, right-aligned, the first line's top
// at the page's top.
func Lines(out io.Writer, w, h float64, lines []string, size float64) error {
	parsed, err := faces()
	if err != nil {
		return err
	}
	f := page(w, h)
	var runes []rune
	for _, l := range lines {
		runes = append(runes, []rune(l)...)
	}
	slices.Sort(runes)
	runes = slices.Compact(runes)
	sub, err := subsets.get(fonts.Regular, parsed[fonts.Regular], widen(runes))
	if err != nil {
		return fmt.Errorf("pdf: %w", err)
	}
	f.AddUTF8FontSubset(family, fonts.Regular.String(), sub)
	f.SetFont(family, fonts.Regular.String(), size)
	face := fonts.Metrics(fonts.Regular)
	lh := face.LineHeight(size) * layout.PtToMM
	for i, l := range lines {
		f.SetXY(0, float64(i)*lh)
		f.CellFormat(w, lh, l, "", 0, "R", false, 0, "")
	}
	return output(f, out)
}

// LinesWidth is the width in mm that lines of text at size points need.
func LinesWidth(lines []string, size float64) float64 {
	face := fonts.Metrics(fonts.Regular)
	w := 0.0
	for _, l := range lines {
		w = max(w, face.Width(l, size)*layout.PtToMM)
	}
	return w
}

// LinesHeight is the height in mm of n lines at size points.
func LinesHeight(n int, size float64) float64 {
	return float64(n) * fonts.Metrics(fonts.Regular).LineHeight(size) * layout.PtToMM
}

func page(w, h float64) *fpdf.Fpdf {
	f := fpdf.NewCustom(&fpdf.InitType{OrientationStr: "P", UnitStr: "mm", Size: fpdf.SizeType{Wd: w, Ht: h}})
	f.SetAutoPageBreak(false, 0)
	f.SetMargins(0, 0, 0)
	f.SetCellMargin(0)
	f.SetCatalogSort(true)
	t := time.Date(2000, 1, 1, 0, 0, 0, 0, time.UTC) // never read: the page is taken apart
	f.SetCreationDate(t)
	f.SetModificationDate(t)
	f.AddPage()
	return f
}

func output(f *fpdf.Fpdf, out io.Writer) error {
	if err := f.Error(); err != nil {
		return fmt.Errorf("pdf: %w", err)
	}
	if err := f.Output(out); err != nil {
		return fmt.Errorf("pdf: %w", err)
	}
	return nil
}
