// Package signtest makes what tests of digital signatures need and no
// repository should hold: certificate authorities, keys, certificates and
// PKCS #12 files made on the spot with crypto/x509, and signature and seal
// images drawn in memory.
package signtest

import (
	"bytes"
	"crypto"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/rsa"
	"crypto/x509"
	"crypto/x509/pkix"
	"image"
	"image/color"
	"image/png"
	"math"
	"math/big"
	"testing"
	"time"

	"software.sslmate.com/src/go-pkcs12"
)

// CA is a certificate authority made for a test.
type CA struct {
	Key  crypto.Signer
	Cert *x509.Certificate
}

var serial = func() func() *big.Int {
	n := int64(time.Now().UnixNano())
	return func() *big.Int { n++; return big.NewInt(n) }
}()

// NewCA makes a root certificate authority named cn, valid for ten years
// around now.
func NewCA(t testing.TB, cn string) *CA {
	t.Helper()
	key, err := rsa.GenerateKey(rand.Reader, 2048)
	if err != nil {
		t.Fatal(err)
	}
	tmpl := &x509.Certificate{
		SerialNumber:          serial(),
		Subject:               pkix.Name{CommonName: cn, Organization: []string{"vanban test"}, Country: []string{"VN"}},
		NotBefore:             time.Now().Add(-24 * time.Hour),
		NotAfter:              time.Now().Add(10 * 365 * 24 * time.Hour),
		IsCA:                  true,
		BasicConstraintsValid: true,
		KeyUsage:              x509.KeyUsageCertSign | x509.KeyUsageCRLSign,
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, key.Public(), key)
	if err != nil {
		t.Fatal(err)
	}
	cert, err := x509.ParseCertificate(der)
	if err != nil {
		t.Fatal(err)
	}
	return &CA{Key: key, Cert: cert}
}

// Kind of key a certificate is made for.
type Kind int

const (
	RSA   Kind = iota // RSA 2048
	ECDSA             // ECDSA P-256
)

// Issue makes a key of kind and a certificate for it named cn, for
// signing documents (or, with tsa, for time-stamping), valid from
// notBefore for a year; it returns the key and the chain, leaf first.
func (ca *CA) Issue(t testing.TB, cn string, kind Kind, notBefore time.Time, tsa bool) (crypto.Signer, []*x509.Certificate) {
	t.Helper()
	var key crypto.Signer
	var err error
	if kind == ECDSA {
		key, err = ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	} else {
		key, err = rsa.GenerateKey(rand.Reader, 2048)
	}
	if err != nil {
		t.Fatal(err)
	}
	tmpl := &x509.Certificate{
		SerialNumber: serial(),
		Subject:      pkix.Name{CommonName: cn, Organization: []string{"vanban test"}, Country: []string{"VN"}},
		NotBefore:    notBefore,
		NotAfter:     notBefore.Add(365 * 24 * time.Hour),
		KeyUsage:     x509.KeyUsageDigitalSignature | x509.KeyUsageContentCommitment,
	}
	if tsa {
		tmpl.ExtKeyUsage = []x509.ExtKeyUsage{x509.ExtKeyUsageTimeStamping}
		tmpl.KeyUsage = x509.KeyUsageDigitalSignature
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, ca.Cert, key.Public(), ca.Key)
	if err != nil {
		t.Fatal(err)
	}
	cert, err := x509.ParseCertificate(der)
	if err != nil {
		t.Fatal(err)
	}
	return key, []*x509.Certificate{cert, ca.Cert}
}

// P12 encodes a key and its chain as a PKCS #12 file with password.
func P12(t testing.TB, key crypto.Signer, chain []*x509.Certificate, password string) []byte {
	t.Helper()
	b, err := pkcs12.Modern.Encode(key, chain[0], chain[1:], password)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// Signature draws a handwritten-looking stroke in ink on a transparent
// background, w × h pixels, as a PNG.
func Signature(w, h int, ink color.NRGBA) []byte {
	img := image.NewNRGBA(image.Rect(0, 0, w, h))
	for x := w / 10; x < w*9/10; x++ {
		fx := float64(x) / float64(w)
		y := float64(h)/2 + float64(h)/4*math.Sin(fx*4*math.Pi)
		for dy := -2; dy <= 2; dy++ {
			img.SetNRGBA(x, int(y)+dy, ink)
		}
	}
	return encode(img)
}

// Seal draws a ring with a star in ink on a transparent background, d × d
// pixels, as a PNG.
func Seal(d int, ink color.NRGBA) []byte {
	img := image.NewNRGBA(image.Rect(0, 0, d, d))
	c := float64(d) / 2
	for y := 0; y < d; y++ {
		for x := 0; x < d; x++ {
			r := math.Hypot(float64(x)-c, float64(y)-c)
			if (r < c-1 && r > c*0.85) || (r < c*0.6 && r > c*0.55) || r < c*0.12 {
				img.SetNRGBA(x, y, ink)
			}
		}
	}
	return encode(img)
}

// Blue and Red are the inks the Decree asks of the signature and the seal.
var (
	Blue  = color.NRGBA{R: 20, G: 40, B: 190, A: 255}
	Red   = color.NRGBA{R: 220, G: 20, B: 30, A: 255}
	Black = color.NRGBA{A: 255}
)

// Opaque returns a PNG of w × h pixels of ink on white: no transparency.
func Opaque(w, h int, ink color.NRGBA) []byte {
	img := image.NewNRGBA(image.Rect(0, 0, w, h))
	for i := range img.Pix {
		img.Pix[i] = 255
	}
	for x := w / 4; x < w*3/4; x++ {
		img.SetNRGBA(x, h/2, ink)
	}
	return encode(img)
}

func encode(img image.Image) []byte {
	var b bytes.Buffer
	if err := png.Encode(&b, img); err != nil {
		panic(err) // an in-memory NRGBA image always encodes
	}
	return b.Bytes()
}
