//go:build pkcs11

package token

import (
	"bytes"
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/vanban/vanban/generator"
	"github.com/vanban/vanban/generator/sign"
	"github.com/vanban/vanban/generator/sign/signtest"
)

// A key on a token signs a document as the person with authority, the
// agency's file key after it: sign.Verify, and poppler's pdfsig where it
// is installed, find both signatures valid.
func TestSoftHSMSignsPDF(t *testing.T) {
	h := newHSM(t)
	h.initToken("vanban-test")
	h.addKey("vanban-test", "chu-tich", "rsa", true)
	k, err := h.open(t, Config{PIN: testPIN})
	if err != nil {
		t.Fatal(err)
	}
	d, err := generator.ParseFile(filepath.Join("..", "..", "samples", "quyet-dinh.toml"))
	if err != nil {
		t.Fatal(err)
	}
	var doc bytes.Buffer
	if err := generator.WritePDF(&doc, d); err != nil {
		t.Fatal(err)
	}
	now := time.Now()
	one, err := sign.Sign(context.Background(), doc.Bytes(), sign.Options{Role: sign.Signer, Key: k, Chain: k.Chain(),
		Image: signtest.Signature(600, 300, signtest.Blue), Time: now})
	if err != nil {
		t.Fatal(err)
	}
	ca := signtest.NewCA(t, "agency CA")
	ak, ac := ca.Issue(t, "UBND", signtest.ECDSA, now.Add(-time.Hour), false)
	two, err := sign.Sign(context.Background(), one, sign.Options{Role: sign.Agency, Key: ak, Chain: ac,
		Image: signtest.Seal(400, signtest.Red), Time: now})
	if err != nil {
		t.Fatal(err)
	}
	sigs, err := sign.Verify(two)
	if err != nil {
		t.Fatal(err)
	}
	if len(sigs) != 2 || !sigs[0].Intact || !sigs[1].Intact || !strings.Contains(sigs[0].Signer, "chu-tich") {
		t.Fatalf("signatures: %+v", sigs)
	}
	if _, err := exec.LookPath("pdfsig"); err != nil {
		return // checked by make e2e's signed samples; here the token is the subject
	}
	file := filepath.Join(t.TempDir(), "signed.pdf")
	if err := os.WriteFile(file, two, 0o644); err != nil {
		t.Fatal(err)
	}
	out, _ := exec.Command("pdfsig", "-nocert", file).CombinedOutput()
	if strings.Count(string(out), "Signature is Valid.") != 2 {
		t.Errorf("pdfsig:\n%s", out)
	}
}
