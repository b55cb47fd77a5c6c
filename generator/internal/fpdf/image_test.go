// The vanban fork keeps upstream's PNG images (see FORK.md) for signature
// and seal images: a test that they still draw.

package fpdf

import (
	"bytes"
	"image"
	"image/color"
	"image/png"
	"strings"
	"testing"
)

// A PNG with transparency is embedded as an image and its soft mask, and
// drawn on the page.
func TestPNGImage(t *testing.T) {
	img := image.NewNRGBA(image.Rect(0, 0, 8, 4))
	for x := range 8 {
		img.Set(x, x%4, color.NRGBA{R: 200, A: uint8(30 * x)})
	}
	var src bytes.Buffer
	if err := png.Encode(&src, img); err != nil {
		t.Fatal(err)
	}
	f := newDoc()
	f.AddPage()
	info := f.RegisterImageOptionsReader("seal", ImageOptions{ImageType: "PNG"}, &src)
	if info == nil || info.w != 8 || info.h != 4 {
		t.Fatalf("registered %+v, want an 8×4 image (%v)", info, f.Error())
	}
	f.ImageOptions("seal", 10, 10, 40, 20, false, ImageOptions{ImageType: "PNG"}, 0, "")
	var out bytes.Buffer
	if err := f.Output(&out); err != nil {
		t.Fatal(err)
	}
	pdf := out.String()
	for _, want := range []string{"/Subtype /Image", "/SMask", "/Width 8", "/Height 4", " Do"} {
		if !strings.Contains(pdf, want) {
			t.Errorf("the PDF lacks %q", want)
		}
	}
	if !strings.Contains(pdf, "q 113.38583 0 0 56.69291 28.34646 756.85063 cm /I") {
		t.Errorf("the image is not drawn 40 mm × 20 mm at (10 mm, 10 mm)")
	}
}
