package token

import (
	"crypto"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/sha256"
	"crypto/x509"
	"crypto/x509/pkix"
	"errors"
	"math/big"
	"strings"
	"testing"
	"time"

	"github.com/vanban/vanban/generator/problem"
)

// testCert makes a certificate for pub named cn, signed by parent's key
// (self-signed when parent is nil); ca makes it able to sign others.
func testCert(t *testing.T, cn string, pub crypto.PublicKey, parent *x509.Certificate, parentKey crypto.Signer, ca bool, notAfter time.Time) *x509.Certificate {
	t.Helper()
	serial, err := rand.Int(rand.Reader, big.NewInt(1<<62))
	if err != nil {
		t.Fatal(err)
	}
	tmpl := &x509.Certificate{
		SerialNumber:          serial,
		Subject:               pkix.Name{CommonName: cn, Country: []string{"VN"}},
		NotBefore:             time.Now().Add(-time.Hour),
		NotAfter:              notAfter,
		KeyUsage:              x509.KeyUsageDigitalSignature | x509.KeyUsageContentCommitment,
		BasicConstraintsValid: true,
		IsCA:                  ca,
	}
	if ca {
		tmpl.KeyUsage |= x509.KeyUsageCertSign
	}
	if parent == nil {
		parent = tmpl
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, parent, pub, parentKey)
	if err != nil {
		t.Fatal(err)
	}
	cert, err := x509.ParseCertificate(der)
	if err != nil {
		t.Fatal(err)
	}
	return cert
}

func newECKey(t *testing.T) *ecdsa.PrivateKey {
	t.Helper()
	k, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	return k
}

// A root, an intermediate and a leaf, given in disorder with an unrelated
// root and a certificate of the same name as the intermediate but another
// key: the chain is leaf, intermediate, root.
func TestBuildChain(t *testing.T) {
	year := time.Now().AddDate(1, 0, 0)
	rootKey, interKey, leafKey, otherKey := newECKey(t), newECKey(t), newECKey(t), newECKey(t)
	root := testCert(t, "Root CA", rootKey.Public(), nil, rootKey, true, year)
	inter := testCert(t, "Sub CA", interKey.Public(), root, rootKey, true, year)
	fake := testCert(t, "Sub CA", otherKey.Public(), nil, otherKey, true, year)
	other := testCert(t, "Other CA", otherKey.Public(), nil, otherKey, true, year)
	leaf := testCert(t, "Nguyễn Văn A", leafKey.Public(), inter, interKey, false, year)

	got := buildChain(leaf, []*x509.Certificate{other, leaf, fake, root, inter})
	want := []*x509.Certificate{leaf, inter, root}
	if len(got) != len(want) {
		t.Fatalf("chain has %d certificates, want %d", len(got), len(want))
	}
	for i := range want {
		if !got[i].Equal(want[i]) {
			t.Errorf("chain[%d] = %s, want %s", i, got[i].Subject, want[i].Subject)
		}
	}
	// Without its issuer on the token, the leaf stands alone.
	if got := buildChain(leaf, []*x509.Certificate{leaf, root}); len(got) != 1 {
		t.Errorf("chain without the intermediate has %d certificates, want 1", len(got))
	}
}

func TestMatchCertificate(t *testing.T) {
	k, other := newECKey(t), newECKey(t)
	old := testCert(t, "A", k.Public(), nil, k, false, time.Now().AddDate(0, 1, 0))
	renewed := testCert(t, "A", k.Public(), nil, k, false, time.Now().AddDate(2, 0, 0))
	unrelated := testCert(t, "B", other.Public(), nil, other, false, time.Now().AddDate(3, 0, 0))
	if got := matchCertificate(k.Public(), []*x509.Certificate{old, unrelated, renewed}); got != renewed {
		t.Errorf("match = %v, want the renewed certificate", got)
	}
	if got := matchCertificate(k.Public(), []*x509.Certificate{unrelated}); got != nil {
		t.Errorf("match = %v, want none", got.Subject)
	}
}

func TestPick(t *testing.T) {
	year := time.Now().AddDate(1, 0, 0)
	k1, k2, k3 := newECKey(t), newECKey(t), newECKey(t)
	a := candidate{label: "ky-so-a", signer: k1, cert: testCert(t, "Nguyễn Văn A", k1.Public(), nil, k1, false, year)}
	b := candidate{label: "ky-so-b", signer: k2, cert: testCert(t, "Trần Thị B", k2.Public(), nil, k2, false, year)}
	bare := candidate{label: "", signer: k3}

	for _, c := range []struct {
		name   string
		cands  []candidate
		label  string
		want   string // the label picked, or
		en, vi string // parts of the message
	}{
		{"the only key with a certificate", []candidate{bare, a}, "", "ky-so-a", "", ""},
		{"by label", []candidate{a, b}, "ky-so-b", "ky-so-b", "", ""},
		{"two with certificates", []candidate{a, bare, b}, "", "",
			`holds 2 keys with a certificate; choose one by its label: "ky-so-a" (Nguyễn Văn A), "ky-so-b" (Trần Thị B)`,
			`có 2 khóa kèm chứng thư số; hãy chọn một theo nhãn: "ky-so-a" (Nguyễn Văn A), "ky-so-b" (Trần Thị B)`},
		{"unknown label", []candidate{a, bare}, "ky-so-c", "",
			`no key labelled "ky-so-c" on token "t"; keys present: "ky-so-a" (Nguyễn Văn A), (no label)`,
			`không có khóa nhãn "ky-so-c" trên token "t"; các khóa có trên token: "ky-so-a" (Nguyễn Văn A), (không nhãn)`},
		{"no certificate for the label", []candidate{a, {label: "cu", signer: k3}}, "cu", "",
			`no certificate on token "t" matches key "cu"`, `không có chứng thư số nào khớp với khóa "cu"`},
		{"no certificate at all", []candidate{bare}, "", "",
			`no key on token "t" has a matching certificate; keys present: (no label)`, `không khóa nào trên token "t" có chứng thư số khớp`},
		{"no key", nil, "", "", `token "t" holds no RSA or ECDSA private key`, `không chứa khóa bí mật RSA hay ECDSA nào`},
	} {
		t.Run(c.name, func(t *testing.T) {
			got, err := pick(c.cands, "t", c.label)
			if c.want != "" {
				if err != nil || got.label != c.want {
					t.Fatalf("pick = %q, %v; want %q", got.label, err, c.want)
				}
				return
			}
			assertProblem(t, err, c.en, c.vi)
		})
	}
}

// Of two keys under one label, the one whose certificate runs longest.
func TestPickRenewed(t *testing.T) {
	k1, k2 := newECKey(t), newECKey(t)
	old := candidate{label: "ky-so", signer: k1, cert: testCert(t, "A", k1.Public(), nil, k1, false, time.Now().AddDate(0, 1, 0))}
	renewed := candidate{label: "ky-so", signer: k2, cert: testCert(t, "A", k2.Public(), nil, k2, false, time.Now().AddDate(2, 0, 0))}
	got, err := pick([]candidate{renewed, old}, "t", "ky-so")
	if err != nil || got.signer != k2 {
		t.Errorf("pick = %v, %v; want the renewed key", got.cert, err)
	}
}

// assertProblem checks that err is a *problem.Error whose English and
// Vietnamese messages hold en and vi.
func assertProblem(t *testing.T, err error, en, vi string) {
	t.Helper()
	var p *problem.Error
	if !errors.As(err, &p) {
		t.Fatalf("error %v (%T) is not a *problem.Error", err, err)
	}
	if !strings.Contains(p.Error(), en) {
		t.Errorf("English message %q does not hold %q", p.Error(), en)
	}
	if !strings.Contains(p.Vietnamese(), vi) {
		t.Errorf("Vietnamese message %q does not hold %q", p.Vietnamese(), vi)
	}
}

// Sign checks its options before it reaches the token, and refuses to
// sign once the key is closed.
func TestSignChecks(t *testing.T) {
	sw := newECKey(t)
	closed := 0
	k := &Key{signer: sw, close: func() error { closed++; return nil }}
	d := sha256.Sum256([]byte("văn bản"))
	if _, err := k.Sign(rand.Reader, d[:], nil); err == nil {
		t.Error("Sign with nil options: no error")
	}
	if _, err := k.Sign(rand.Reader, d[:20], crypto.SHA256); err == nil {
		t.Error("Sign with a 20-byte SHA-256 digest: no error")
	}
	sig, err := k.Sign(rand.Reader, d[:], crypto.SHA256)
	if err != nil || !ecdsa.VerifyASN1(&sw.PublicKey, d[:], sig) {
		t.Fatalf("Sign: %v, or the signature does not verify", err)
	}
	if err := k.Close(); err != nil {
		t.Fatal(err)
	}
	if err := k.Close(); err != nil || closed != 1 {
		t.Errorf("second Close: %v, closed %d times", err, closed)
	}
	if _, err := k.Sign(rand.Reader, d[:], crypto.SHA256); err == nil {
		t.Error("Sign after Close: no error")
	}
}

// The PIN messages SoftHSM2 cannot bring about: it never locks a PIN.
func TestPINMessages(t *testing.T) {
	assertProblem(t, errWrongPIN("t", true, true), `wrong PIN for token "t"; one more wrong PIN locks it`,
		`sai mã PIN của token "t"; nhập sai thêm một lần nữa token sẽ bị khóa`)
	assertProblem(t, errWrongPIN("t", false, true), `wrong PIN for token "t"; few tries are left`,
		`sai mã PIN của token "t"; chỉ còn ít lần thử`)
	assertProblem(t, errPINLocked("t"), `the PIN of token "t" is locked after too many wrong tries`,
		`mã PIN của token "t" đã bị khóa do nhập sai quá số lần cho phép`)
}
