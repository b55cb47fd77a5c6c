package sign

import (
	"bytes"
	"fmt"
	"image"
	"image/draw"
	"image/png"
	"math"

	"github.com/vanban/vanban/generator/problem"
)

// Limits on an image, so that a hostile file cannot take the memory of a
// decoded picture of any size.
const (
	maxImageBytes  = 8 << 20
	maxImagePixels = 4000 * 4000
)

// ink is the colour the Decree asks of an image: blue for the signer's
// signature (item 7d), red for the seal (item 8a).
type ink int

const (
	blue ink = iota
	red
)

// picture is an image checked for a signature field: re-encoded as PNG
// (so the PDF writer reads a plain file, whatever the input's chunks) and
// its width over its height.
type picture struct {
	png    []byte
	aspect float64
}

// checkImage checks that b is a PNG with a transparent background and
// ink of the colour want, as the Decree asks, and returns it re-encoded.
// key names the option the image came from in messages.
func checkImage(b []byte, want ink, key string) (*picture, error) {
	bad := func(msg, vi string) error { return &problem.Error{Key: key, Msg: msg, MsgVI: vi} }
	if len(b) > maxImageBytes {
		return nil, bad("the image is larger than 8 MB", "ảnh lớn hơn 8 MB")
	}
	cfg, format, err := image.DecodeConfig(bytes.NewReader(b))
	if err != nil || format != "png" {
		return nil, bad("the image must be a PNG file (.png) with a transparent background",
			"ảnh phải là tệp PNG (.png) nền trong suốt")
	}
	if cfg.Width <= 0 || cfg.Height <= 0 || cfg.Width*cfg.Height > maxImagePixels {
		return nil, bad(fmt.Sprintf("the image is %d×%d pixels; at most 4000×4000", cfg.Width, cfg.Height),
			fmt.Sprintf("ảnh %d×%d điểm ảnh; tối đa 4000×4000", cfg.Width, cfg.Height))
	}
	img, err := png.Decode(bytes.NewReader(b))
	if err != nil {
		return nil, bad("the PNG file is damaged: "+err.Error(), "tệp PNG bị hỏng: "+err.Error())
	}
	// One conversion; the checks read its pixels directly.
	n := image.NewNRGBA(img.Bounds())
	draw.Draw(n, n.Rect, img, n.Rect.Min, draw.Src)
	if !transparentBackground(n) {
		return nil, bad("the image's background is not transparent: the Decree asks for a PNG with a transparent background",
			"nền ảnh không trong suốt: Nghị định yêu cầu ảnh PNG nền trong suốt")
	}
	if got, ok := inkOf(n); !ok || got != want {
		if want == blue {
			return nil, bad("the signature must be in blue ink (Decree 30, Appendix I, item 7d)",
				"ảnh chữ ký phải màu xanh (Nghị định 30, Phụ lục I, mục 7d)")
		}
		return nil, bad("the seal must be red (Decree 30, Appendix I, item 8a)",
			"ảnh dấu phải màu đỏ (Nghị định 30, Phụ lục I, mục 8a)")
	}
	var out bytes.Buffer
	if err := (&png.Encoder{CompressionLevel: png.BestSpeed}).Encode(&out, n); err != nil {
		return nil, err
	}
	return &picture{png: out.Bytes(), aspect: float64(cfg.Width) / float64(cfg.Height)}, nil
}

// transparentBackground reports whether img's four corners are clear and
// at least a fifth of it is: ink on nothing, not on white paper.
func transparentBackground(img *image.NRGBA) bool {
	const clear = 0x20 // alpha below which a pixel counts as clear
	r := img.Rect
	for _, p := range []image.Point{r.Min, {r.Max.X - 1, r.Min.Y}, {r.Min.X, r.Max.Y - 1}, {r.Max.X - 1, r.Max.Y - 1}} {
		if img.NRGBAAt(p.X, p.Y).A >= clear {
			return false
		}
	}
	n := 0
	for i := 3; i < len(img.Pix); i += 4 {
		if img.Pix[i] < clear {
			n++
		}
	}
	return n*5 >= r.Dx()*r.Dy()
}

// inkOf returns the colour of img's ink: the hue of the mean colour of
// its opaque pixels, if that is clearly blue or red.
func inkOf(img *image.NRGBA) (ink, bool) {
	var sr, sg, sb, n float64
	for i := 0; i+3 < len(img.Pix); i += 4 {
		if img.Pix[i+3] < 128 {
			continue
		}
		sr, sg, sb, n = sr+float64(img.Pix[i]), sg+float64(img.Pix[i+1]), sb+float64(img.Pix[i+2]), n+1
	}
	if n == 0 {
		return 0, false
	}
	h, s := hueSat(sr/n, sg/n, sb/n)
	switch {
	case s < 0.25:
		return 0, false // black, grey or washed out
	case h >= 180 && h <= 275:
		return blue, true
	case h >= 330 || h <= 25:
		return red, true
	}
	return 0, false
}

// hueSat returns the hue (degrees) and saturation (0–1) of an RGB colour.
func hueSat(r, g, b float64) (float64, float64) {
	mx, mn := math.Max(r, math.Max(g, b)), math.Min(r, math.Min(g, b))
	if mx == 0 || mx == mn {
		return 0, 0
	}
	d := mx - mn
	var h float64
	switch mx {
	case r:
		h = math.Mod((g-b)/d, 6)
	case g:
		h = (b-r)/d + 2
	default:
		h = (r-g)/d + 4
	}
	h *= 60
	if h < 0 {
		h += 360
	}
	return h, d / mx
}
