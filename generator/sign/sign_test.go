package sign

import (
	"bytes"
	"context"
	"crypto/x509"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/vanban/vanban/generator"
	"github.com/vanban/vanban/generator/problem"
	"github.com/vanban/vanban/generator/sign/signtest"
	"github.com/vanban/vanban/generator/vn"
)

// unsigned renders a sample of the repository as a PDF.
func unsigned(t testing.TB, sample string) []byte {
	t.Helper()
	d, err := generator.ParseFile(filepath.Join("..", "..", "samples", sample+".toml"))
	if err != nil {
		t.Fatal(err)
	}
	var b bytes.Buffer
	if err := generator.WritePDF(&b, d); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

// people are the signers of a test: the person with authority and the
// agency, with certificates from one test CA.
type people struct {
	ca             *signtest.CA
	signer, agency Options
}

var when = time.Date(2026, 12, 6, 9, 15, 7, 0, vn.Zone)

func newPeople(t testing.TB) people {
	ca := signtest.NewCA(t, "vanban test CA")
	sk, sc := ca.Issue(t, "Trịnh Trường Huy", signtest.RSA, when.Add(-time.Hour), false)
	ak, ac := ca.Issue(t, "Ủy ban nhân dân huyện Hòa An", signtest.ECDSA, when.Add(-time.Hour), false)
	return people{ca: ca,
		signer: Options{Role: Signer, Key: sk, Chain: sc, Image: signtest.Signature(600, 300, signtest.Blue), Time: when},
		agency: Options{Role: Agency, Key: ak, Chain: ac, Image: signtest.Seal(400, signtest.Red), Time: when.Add(time.Minute)},
	}
}

// signTwice signs pdf as the Decree's order asks: the signer, then the
// agency.
func signTwice(t testing.TB, p people, in []byte) []byte {
	t.Helper()
	one, err := Sign(context.Background(), in, p.signer)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.HasPrefix(one, in) {
		t.Fatal("the signed file does not start with the unsigned one: not an incremental update")
	}
	two, err := Sign(context.Background(), one, p.agency)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.HasPrefix(two, one) {
		t.Fatal("the agency's signature rewrote the signer's revision")
	}
	return two
}

func TestSignTwiceAndVerify(t *testing.T) {
	p := newPeople(t)
	for _, sample := range []string{"quyet-dinh", "ke-hoach", "cong-van"} {
		t.Run(sample, func(t *testing.T) {
			in := unsigned(t, sample)
			before, err := Verify(in)
			if err != nil {
				t.Fatal(err)
			}
			if len(before) != 2 || before[0].Signed || before[1].Signed {
				t.Fatalf("unsigned %s: fields %+v, want two empty ones", sample, before)
			}
			out := signTwice(t, p, in)
			sigs, err := Verify(out)
			if err != nil {
				t.Fatal(err)
			}
			if len(sigs) != 2 {
				t.Fatalf("%d signatures, want 2", len(sigs))
			}
			s, a := sigs[0], sigs[1]
			if s.Role != Signer || a.Role != Agency || !s.Intact || !a.Intact {
				t.Fatalf("signatures: %+v / %+v", s, a)
			}
			if s.WholeFile || !a.WholeFile {
				t.Errorf("whole file: signer %v (want false), agency %v (want true)", s.WholeFile, a.WholeFile)
			}
			if s.Signer != "Trịnh Trường Huy" || a.Signer != "Ủy ban nhân dân huyện Hòa An" || s.Issuer != "vanban test CA" {
				t.Errorf("names: %q, %q, issuer %q", s.Signer, a.Signer, s.Issuer)
			}
			if !s.Time.Equal(when) || !a.Time.Equal(when.Add(time.Minute)) {
				t.Errorf("times: %v, %v", s.Time, a.Time)
			}
		})
	}
}

// One changed byte anywhere a signature covers breaks it.
func TestTamperDetected(t *testing.T) {
	p := newPeople(t)
	out := signTwice(t, p, unsigned(t, "quyet-dinh"))
	for _, at := range []int{100, len(out) / 2, len(out) - 10} {
		bad := bytes.Clone(out)
		bad[at] ^= 1
		sigs, err := Verify(bad)
		if err != nil {
			continue // the change broke the file's structure: also detected
		}
		intact := 0
		for _, s := range sigs {
			if s.Intact {
				intact++
			}
		}
		if intact == 2 {
			t.Errorf("byte %d changed: both signatures still intact", at)
		}
	}
	// A byte inside the first signature's own covered range breaks both.
	bad := bytes.Clone(out)
	i := bytes.Index(bad, []byte("QUYẾT ĐỊNH"))
	if i < 0 {
		i = 2000
	}
	bad[i+1] ^= 1
	sigs, err := Verify(bad)
	if err != nil {
		t.Fatal(err)
	}
	for _, s := range sigs {
		if s.Intact {
			t.Errorf("%s still intact after a change in the first revision", s.Field)
		}
	}
}

func TestTimestamp(t *testing.T) {
	p := newPeople(t)
	tk, tc := p.ca.Issue(t, "vanban test TSA", signtest.RSA, time.Now().Add(-time.Hour), true)
	srv, tsa := startTSA(t, tk, tc)
	p.signer.TSA, p.agency.TSA = srv.URL, srv.URL
	p.signer.Time, p.agency.Time = time.Now(), time.Now()
	out := signTwice(t, p, unsigned(t, "quyet-dinh"))
	sigs, err := Verify(out)
	if err != nil {
		t.Fatal(err)
	}
	for _, s := range sigs {
		if !s.Intact || s.Timestamp.IsZero() || time.Since(s.Timestamp) > time.Hour {
			t.Errorf("%s: intact %v, time-stamp %v (%s)", s.Field, s.Intact, s.Timestamp, s.Problem)
		}
	}
	// An authority that stamps something else is refused.
	tsa.tamper = true
	_, err = Sign(context.Background(), unsigned(t, "quyet-dinh"), p.signer)
	if err == nil || !strings.Contains(err.Error(), "not over this signature") {
		t.Errorf("tampering authority: %v", err)
	}
}

func TestAttachment(t *testing.T) {
	p := newPeople(t)
	a := p.agency
	a.Role, a.Image, a.Number = Attachment, nil, "12/QĐ-UBND"
	out, err := Sign(context.Background(), unsigned(t, "cong-van"), a)
	if err != nil {
		t.Fatal(err)
	}
	sigs, err := Verify(out)
	if err != nil {
		t.Fatal(err)
	}
	var found bool
	for _, s := range sigs {
		if s.Field == "attachment" {
			found = s.Intact && s.WholeFile && s.Role == Attachment
		}
	}
	if !found {
		t.Fatalf("no intact attachment signature: %+v", sigs)
	}
}

// Every mistake an office can make ends in a message that names it.
func TestSignProblems(t *testing.T) {
	p := newPeople(t)
	in := unsigned(t, "quyet-dinh")
	signed, err := Sign(context.Background(), in, p.signer)
	if err != nil {
		t.Fatal(err)
	}
	other := signtest.NewCA(t, "other")
	ok, oc := other.Issue(t, "X", signtest.RSA, when.Add(-time.Hour), false)
	_, expired := other.Issue(t, "Y", signtest.RSA, when.Add(-400*24*time.Hour), false)
	with := func(o Options, f func(*Options)) Options { f(&o); return o }
	cases := []struct {
		name string
		in   []byte
		opt  Options
		key  string
		want string
	}{
		{"agency first", in, p.agency, "role", "has not signed yet"},
		{"signer twice", signed, p.signer, "role", "already signed"},
		{"black signature", in, with(p.signer, func(o *Options) { o.Image = signtest.Signature(600, 300, signtest.Black) }), "image", "blue"},
		{"red signature", in, with(p.signer, func(o *Options) { o.Image = signtest.Signature(600, 300, signtest.Red) }), "image", "blue"},
		{"blue seal", signed, with(p.agency, func(o *Options) { o.Image = signtest.Seal(300, signtest.Blue) }), "image", "red"},
		{"opaque", in, with(p.signer, func(o *Options) { o.Image = signtest.Opaque(600, 300, signtest.Blue) }), "image", "transparent"},
		{"not png", in, with(p.signer, func(o *Options) { o.Image = []byte("GIF89a") }), "image", "PNG"},
		{"no image", in, with(p.signer, func(o *Options) { o.Image = nil }), "image", "missing"},
		{"wrong certificate", in, with(p.signer, func(o *Options) { o.Chain = oc }), "key", "not the key's"},
		{"expired", in, with(p.signer, func(o *Options) { o.Key, o.Chain = ok, expired }), "key", "not the key's"},
		{"attachment without number", in, with(p.agency, func(o *Options) { o.Role, o.Image = Attachment, nil }), "number", "number"},
		{"seal too big", signed, with(p.agency, func(o *Options) { o.SealMM = 90 }), "seal-mm", "diameter"},
		{"not a pdf", []byte("hello"), p.signer, "pdf", "not a PDF"},
		{"truncated", in[:len(in)/2], p.signer, "pdf", "cannot be read"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			_, err := Sign(context.Background(), c.in, c.opt)
			var pe *problem.Error
			if !errors.As(err, &pe) {
				t.Fatalf("error %v (%T), want a problem", err, err)
			}
			if pe.Key != c.key || !strings.Contains(pe.Msg, c.want) || pe.MsgVI == "" {
				t.Errorf("got key %q: %s / %s; want key %q and %q", pe.Key, pe.Msg, pe.MsgVI, c.key, c.want)
			}
		})
	}
	// A certificate outside its validity at the signing time.
	k, c := other.Issue(t, "Z", signtest.RSA, when.Add(-400*24*time.Hour), false)
	_, err = Sign(context.Background(), in, with(p.signer, func(o *Options) { o.Key, o.Chain = k, c }))
	var pe *problem.Error
	if !errors.As(err, &pe) || pe.Key != "certificate" {
		t.Errorf("expired certificate: %v", err)
	}
}

// Signing writes the same bytes for the same input, key and time, but for
// the signature values of keys that sign at random (ECDSA).
func TestSignDeterministic(t *testing.T) {
	p := newPeople(t)
	in := unsigned(t, "quyet-dinh")
	a, err := Sign(context.Background(), in, p.signer)
	if err != nil {
		t.Fatal(err)
	}
	b, err := Sign(context.Background(), in, p.signer)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(a, b) {
		t.Error("two RSA signatures of the same file at the same time differ")
	}
}

func TestMain(m *testing.M) {
	os.Exit(m.Run())
}

// With trusted roots, a signature whose certificate chains to one of them
// at the signing time is trusted; one from another authority is not.
func TestVerifyTrust(t *testing.T) {
	p := newPeople(t)
	out := signTwice(t, p, unsigned(t, "quyet-dinh"))
	roots := x509.NewCertPool()
	roots.AddCert(p.ca.Cert)
	sigs, err := VerifyWith(out, VerifyOptions{Roots: roots})
	if err != nil {
		t.Fatal(err)
	}
	for _, s := range sigs {
		if !s.Trusted || s.Untrusted != "" {
			t.Errorf("%s: trusted %v (%s)", s.Field, s.Trusted, s.Untrusted)
		}
	}
	other := x509.NewCertPool()
	other.AddCert(signtest.NewCA(t, "someone else").Cert)
	sigs, _ = VerifyWith(out, VerifyOptions{Roots: other})
	for _, s := range sigs {
		if s.Trusted || !strings.Contains(s.UntrustedVI, "không do tổ chức được tin cậy cấp") {
			t.Errorf("%s under another root: trusted %v (%s)", s.Field, s.Trusted, s.UntrustedVI)
		}
	}
	if sigs, _ := Verify(out); sigs[0].Trusted || sigs[0].Untrusted != "" {
		t.Error("without roots, no chain is judged")
	}
}
