//go:build pkcs11

package token

import (
	"context"
	"crypto"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/rsa"
	"crypto/sha256"
	"crypto/x509"
	"os"
	"os/exec"
	"path/filepath"
	"testing"
	"time"

	"github.com/ThalesGroup/crypto11"
)

// The tests below run against SoftHSM2 (Debian's softhsm2): a software
// token whose files live in a temporary folder, named by SOFTHSM2_CONF.
// Keys are made on the token, certificates by the test: nothing secret
// is in the repository.

const testPIN = "1234"

// softhsmModule is SoftHSM2's PKCS#11 module, or the test fails (skips
// under -short) saying how to install it. SOFTHSM2_MODULE overrides.
func softhsmModule(t *testing.T) string {
	t.Helper()
	paths := []string{
		os.Getenv("SOFTHSM2_MODULE"),
		"/usr/lib/softhsm/libsofthsm2.so",
		"/usr/lib/x86_64-linux-gnu/softhsm/libsofthsm2.so",
		"/usr/lib/aarch64-linux-gnu/softhsm/libsofthsm2.so",
		"/usr/lib64/pkcs11/libsofthsm2.so",
		"/usr/local/lib/softhsm/libsofthsm2.so",
	}
	for _, p := range paths {
		if p == "" {
			continue
		}
		if _, err := os.Stat(p); err == nil {
			if _, err := exec.LookPath("softhsm2-util"); err == nil {
				return p
			}
		}
	}
	msg := "SoftHSM2 (its module libsofthsm2.so and softhsm2-util) not found; install it with `apt-get install softhsm2` or set SOFTHSM2_MODULE"
	if testing.Short() {
		t.Skip(msg)
	}
	t.Fatal(msg)
	return ""
}

// hsm is a SoftHSM2 configuration of its own in a temporary folder,
// with a test CA made in Go.
type hsm struct {
	t      *testing.T
	module string
	caKey  *ecdsa.PrivateKey
	ca     *x509.Certificate
	nextID byte
}

// newHSM writes a softhsm2.conf whose tokens live in a temporary folder
// and points SOFTHSM2_CONF at it for the test; SoftHSM2 reads it at each
// C_Initialize, so every test sees only its own tokens.
func newHSM(t *testing.T) *hsm {
	module := softhsmModule(t)
	dir := t.TempDir()
	tokens := filepath.Join(dir, "tokens")
	if err := os.Mkdir(tokens, 0o700); err != nil {
		t.Fatal(err)
	}
	conf := filepath.Join(dir, "softhsm2.conf")
	text := "directories.tokendir = " + tokens + "\nobjectstore.backend = file\nlog.level = ERROR\n"
	if err := os.WriteFile(conf, []byte(text), 0o600); err != nil {
		t.Fatal(err)
	}
	t.Setenv("SOFTHSM2_CONF", conf)
	caKey := newECKey(t)
	ca := testCert(t, "vanban test CA", caKey.Public(), nil, caKey, true, time.Now().AddDate(5, 0, 0))
	return &hsm{t: t, module: module, caKey: caKey, ca: ca, nextID: 1}
}

// initToken makes a token labelled label with the user PIN 1234.
func (h *hsm) initToken(label string) {
	h.t.Helper()
	out, err := exec.Command("softhsm2-util", "--init-token", "--free", "--label", label, "--pin", testPIN, "--so-pin", "5678").CombinedOutput()
	if err != nil {
		h.t.Fatalf("softhsm2-util --init-token: %v\n%s", err, out)
	}
}

// session runs f with a crypto11 context logged in to the token.
func (h *hsm) session(token string, f func(c *crypto11.Context)) {
	h.t.Helper()
	c, err := crypto11.Configure(&crypto11.Config{Path: h.module, TokenLabel: token, Pin: testPIN})
	if err != nil {
		h.t.Fatalf("crypto11.Configure %s: %v", token, err)
	}
	defer func() {
		if err := c.Close(); err != nil {
			h.t.Fatal(err)
		}
	}()
	f(c)
}

// addKey makes a key of kind "rsa" or "ec" on the token, labelled label,
// and, if withCert, a certificate for it signed by the test CA, imported
// under the same label and CKA_ID; the CA's certificate goes on the token
// too.
func (h *hsm) addKey(token, label, kind string, withCert bool) {
	h.t.Helper()
	id := []byte{h.nextID}
	h.nextID++
	h.session(token, func(c *crypto11.Context) {
		var s crypto11.Signer
		var err error
		switch kind {
		case "rsa":
			s, err = c.GenerateRSAKeyPairWithLabel(id, []byte(label), 2048)
		case "ec":
			s, err = c.GenerateECDSAKeyPairWithLabel(id, []byte(label), elliptic.P256())
		}
		if err != nil {
			h.t.Fatalf("generate %s key %q: %v", kind, label, err)
		}
		if !withCert {
			return
		}
		leaf := testCert(h.t, "Nguyễn Văn A "+label, s.Public(), h.ca, h.caKey, false, time.Now().AddDate(1, 0, 0))
		if err := c.ImportCertificateWithLabel(id, []byte(label), leaf); err != nil {
			h.t.Fatalf("import certificate %q: %v", label, err)
		}
		if found, err := c.FindCertificate(nil, nil, h.ca.SerialNumber); err != nil || found == nil {
			if err := c.ImportCertificateWithLabel([]byte("ca"), []byte("vanban test CA"), h.ca); err != nil {
				h.t.Fatalf("import CA certificate: %v", err)
			}
		}
	})
}

// open opens a key on the test's module, closed when t ends.
func (h *hsm) open(t *testing.T, cfg Config) (*Key, error) {
	t.Helper()
	if cfg.Module == "" {
		cfg.Module = h.module
	}
	k, err := Open(context.Background(), cfg)
	if k != nil {
		t.Cleanup(func() { _ = k.Close() })
	}
	return k, err
}

// One token, one key with its certificate: Open finds both with no label
// given, the chain is the key's certificate then the CA, and signatures
// made on the token verify with the certificate's key.
func TestSoftHSMSingleKey(t *testing.T) {
	h := newHSM(t)
	h.initToken("vanban-test")
	h.addKey("vanban-test", "vanban-rsa", "rsa", true)
	k, err := h.open(t, Config{PIN: testPIN})
	if err != nil {
		t.Fatal(err)
	}
	checkChain(t, k, h.ca)
	checkRSA(t, k)
}

// Two keys with certificates and one without on one token: with no label
// Open lists them; by label it opens each, and each signs.
func TestSoftHSMKeys(t *testing.T) {
	h := newHSM(t)
	h.initToken("vanban-test")
	h.addKey("vanban-test", "vanban-rsa", "rsa", true)
	h.addKey("vanban-test", "vanban-ec", "ec", true)
	h.addKey("vanban-test", "vanban-bare", "ec", false)

	_, err := h.open(t, Config{PIN: testPIN})
	assertProblem(t, err, `token "vanban-test" holds 2 keys with a certificate; choose one by its label: "vanban-ec" (Nguyễn Văn A vanban-ec), "vanban-rsa" (Nguyễn Văn A vanban-rsa)`,
		`token "vanban-test" có 2 khóa kèm chứng thư số; hãy chọn một theo nhãn: "vanban-ec"`)

	t.Run("rsa", func(t *testing.T) {
		k, err := h.open(t, Config{Token: "vanban-test", PIN: testPIN, Key: "vanban-rsa"})
		if err != nil {
			t.Fatal(err)
		}
		checkChain(t, k, h.ca)
		checkRSA(t, k)
	})
	t.Run("ecdsa", func(t *testing.T) {
		k, err := h.open(t, Config{PIN: testPIN, Key: "vanban-ec"})
		if err != nil {
			t.Fatal(err)
		}
		checkChain(t, k, h.ca)
		pub, ok := k.Chain()[0].PublicKey.(*ecdsa.PublicKey)
		if !ok {
			t.Fatalf("certificate key is %T, want ECDSA", k.Chain()[0].PublicKey)
		}
		d := sha256.Sum256([]byte("Quyết định số 07/QĐ-UBND"))
		sig, err := k.Sign(rand.Reader, d[:], crypto.SHA256)
		if err != nil {
			t.Fatal(err)
		}
		if !ecdsa.VerifyASN1(pub, d[:], sig) {
			t.Error("ECDSA signature does not verify with the certificate's key")
		}
	})
	t.Run("unknown label", func(t *testing.T) {
		_, err := h.open(t, Config{PIN: testPIN, Key: "ky-so"})
		assertProblem(t, err, `no key labelled "ky-so" on token "vanban-test"; keys present: "vanban-bare", "vanban-ec" (Nguyễn Văn A vanban-ec), "vanban-rsa" (Nguyễn Văn A vanban-rsa)`,
			`không có khóa nhãn "ky-so" trên token "vanban-test"; các khóa có trên token: "vanban-bare", "vanban-ec"`)
	})
	t.Run("no certificate", func(t *testing.T) {
		_, err := h.open(t, Config{PIN: testPIN, Key: "vanban-bare"})
		assertProblem(t, err, `no certificate on token "vanban-test" matches key "vanban-bare"`,
			`trên token "vanban-test" không có chứng thư số nào khớp với khóa "vanban-bare"`)
	})
	t.Run("wrong PIN", func(t *testing.T) {
		_, err := h.open(t, Config{PIN: "0000", Key: "vanban-rsa"})
		assertProblem(t, err, `wrong PIN for token "vanban-test"`, `sai mã PIN của token "vanban-test"`)
	})
	t.Run("no PIN", func(t *testing.T) {
		_, err := h.open(t, Config{Key: "vanban-rsa"})
		assertProblem(t, err, `no PIN given for token "vanban-test"`, `chưa nhập mã PIN của token "vanban-test"`)
	})
	t.Run("closed", func(t *testing.T) {
		k, err := h.open(t, Config{PIN: testPIN, Key: "vanban-ec"})
		if err != nil {
			t.Fatal(err)
		}
		if err := k.Close(); err != nil {
			t.Fatal(err)
		}
		d := sha256.Sum256([]byte("x"))
		if _, err := k.Sign(rand.Reader, d[:], crypto.SHA256); err == nil {
			t.Error("Sign after Close: no error")
		}
	})
}

// Keys on two tokens of one module open at once: closing one leaves the
// other signing. A second Open of a token already open is refused, since
// its login would pass with any PIN.
func TestSoftHSMTwoOpen(t *testing.T) {
	h := newHSM(t)
	h.initToken("vanban-test")
	h.initToken("vanban-khac")
	h.addKey("vanban-test", "vanban-rsa", "rsa", true)
	h.addKey("vanban-khac", "vanban-ec", "ec", true)
	a, err := h.open(t, Config{Token: "vanban-test", PIN: testPIN})
	if err != nil {
		t.Fatal(err)
	}
	b, err := h.open(t, Config{Token: "vanban-khac", PIN: testPIN})
	if err != nil {
		t.Fatal(err)
	}
	_, err = h.open(t, Config{Token: "vanban-test", PIN: "0000"})
	assertProblem(t, err, `token "vanban-test" is already open in this program`, `token "vanban-test" đang được mở trong chương trình này`)
	if err := a.Close(); err != nil {
		t.Fatal(err)
	}
	d := sha256.Sum256([]byte("x"))
	sig, err := b.Sign(rand.Reader, d[:], crypto.SHA256)
	if err != nil || !ecdsa.VerifyASN1(b.Public().(*ecdsa.PublicKey), d[:], sig) {
		t.Errorf("the second key after closing the first: %v", err)
	}
	_, err = h.open(t, Config{Token: "vanban-test", PIN: "0000"})
	assertProblem(t, err, `wrong PIN for token "vanban-test"`, `sai mã PIN của token "vanban-test"`)
	if _, err := h.open(t, Config{Token: "vanban-test", PIN: testPIN}); err != nil {
		t.Errorf("open again after Close: %v", err)
	}
}

// Two tokens: with no label Open lists them; by label it opens one.
func TestSoftHSMTwoTokens(t *testing.T) {
	h := newHSM(t)
	h.initToken("vanban-test")
	h.initToken("vanban-khac")
	h.addKey("vanban-test", "vanban-ec", "ec", true)
	_, err := h.open(t, Config{PIN: testPIN})
	assertProblem(t, err, `2 tokens are present; choose one by its label: "vanban-khac", "vanban-test"`,
		`đang cắm 2 token; hãy chọn một theo nhãn: "vanban-khac", "vanban-test"`)
	_, err = h.open(t, Config{Token: "vanban-mat", PIN: testPIN})
	assertProblem(t, err, `no token labelled "vanban-mat"; tokens present: "vanban-khac", "vanban-test"`,
		`không có token nhãn "vanban-mat"; các token đang cắm: "vanban-khac", "vanban-test"`)
	k, err := h.open(t, Config{Token: "vanban-test", PIN: testPIN})
	if err != nil {
		t.Fatal(err)
	}
	checkChain(t, k, h.ca)
}

// No token initialised (SoftHSM2 shows only its free slot): "no token".
func TestSoftHSMNoToken(t *testing.T) {
	h := newHSM(t)
	_, err := h.open(t, Config{PIN: testPIN})
	assertProblem(t, err, "no token found through", "không thấy token nào qua thư viện")
}

// A module path that does not exist, and a file that is no library.
func TestModuleErrors(t *testing.T) {
	missing := filepath.Join(t.TempDir(), "libkhongco.so")
	_, err := Open(context.Background(), Config{Module: missing, PIN: testPIN})
	assertProblem(t, err, "PKCS#11 module "+missing+" not found", "không tìm thấy thư viện PKCS#11 "+missing)

	junk := filepath.Join(t.TempDir(), "libgia.so")
	if err := os.WriteFile(junk, []byte("not a library"), 0o600); err != nil {
		t.Fatal(err)
	}
	_, err = Open(context.Background(), Config{Module: junk, PIN: testPIN})
	assertProblem(t, err, "could not be loaded as a PKCS#11 module", "không nạp được")

	_, err = Open(context.Background(), Config{PIN: testPIN})
	assertProblem(t, err, "no PKCS#11 module given", "chưa chỉ đường dẫn thư viện PKCS#11")
}

// checkChain checks that the chain is the key's certificate, then ca.
func checkChain(t *testing.T, k *Key, ca *x509.Certificate) {
	t.Helper()
	chain := k.Chain()
	if len(chain) != 2 {
		t.Fatalf("chain has %d certificates, want 2 (the key's, the CA's)", len(chain))
	}
	if !chain[1].Equal(ca) {
		t.Errorf("chain[1] is %s, want the test CA", chain[1].Subject)
	}
	if err := chain[0].CheckSignatureFrom(ca); err != nil {
		t.Errorf("chain[0] not signed by the CA: %v", err)
	}
	pub, ok := k.Public().(interface{ Equal(crypto.PublicKey) bool })
	if !ok || !pub.Equal(chain[0].PublicKey) {
		t.Error("the key's public half is not the one in chain[0]")
	}
}

// checkRSA signs a SHA-256 digest with PKCS#1 v1.5 and with PSS (the
// hash's salt length, and an automatic one) and verifies each with the
// certificate's key.
func checkRSA(t *testing.T, k *Key) {
	t.Helper()
	pub, ok := k.Chain()[0].PublicKey.(*rsa.PublicKey)
	if !ok {
		t.Fatalf("certificate key is %T, want RSA", k.Chain()[0].PublicKey)
	}
	d := sha256.Sum256([]byte("Kế hoạch số 12/KH-UBND"))
	sig, err := k.Sign(rand.Reader, d[:], crypto.SHA256)
	if err != nil {
		t.Fatal(err)
	}
	if err := rsa.VerifyPKCS1v15(pub, crypto.SHA256, d[:], sig); err != nil {
		t.Errorf("PKCS#1 v1.5 signature: %v", err)
	}
	for _, salt := range []int{rsa.PSSSaltLengthEqualsHash, rsa.PSSSaltLengthAuto} {
		opts := &rsa.PSSOptions{SaltLength: salt, Hash: crypto.SHA256}
		sig, err := k.Sign(rand.Reader, d[:], opts)
		if err != nil {
			t.Fatalf("PSS, salt length %d: %v", salt, err)
		}
		if err := rsa.VerifyPSS(pub, crypto.SHA256, d[:], sig, &rsa.PSSOptions{SaltLength: rsa.PSSSaltLengthEqualsHash}); err != nil {
			t.Errorf("PSS signature, salt length %d: %v", salt, err)
		}
	}
}
