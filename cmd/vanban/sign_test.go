package main

import (
	"bytes"
	"context"
	"encoding/pem"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/vanban/vanban/generator/register"
	"github.com/vanban/vanban/generator/sign/signtest"
)

// signFiles makes, in dir, what an office signs with: a rendered
// document, the signer's and the agency's .p12 files (password in
// VANBAN_TEST_PASS) and their images.
func signFiles(t *testing.T, dir string) map[string]string {
	t.Helper()
	files := map[string]string{}
	code, _, stderr := runArgs(t, "", "render", "-o", dir, "-format", "pdf", "../../samples/quyet-dinh.toml")
	if code != 0 {
		t.Fatalf("render: %s", stderr)
	}
	files["pdf"] = filepath.Join(dir, "quyet-dinh.pdf")
	ca := signtest.NewCA(t, "vanban test CA")
	files["ca"] = filepath.Join(dir, "ca.pem")
	os.WriteFile(files["ca"], pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: ca.Cert.Raw}), 0o644)
	files["other-ca"] = filepath.Join(dir, "other.cer")
	os.WriteFile(files["other-ca"], signtest.NewCA(t, "other CA").Cert.Raw, 0o644) // DER
	for _, who := range []string{"signer", "agency"} {
		k, c := ca.Issue(t, "Người ký "+who, signtest.RSA, time.Now().Add(-time.Hour), false)
		files[who+".p12"] = filepath.Join(dir, who+".p12")
		os.WriteFile(files[who+".p12"], signtest.P12(t, k, c, "mật khẩu"), 0o600)
	}
	files["signature"] = filepath.Join(dir, "chu-ky.png")
	os.WriteFile(files["signature"], signtest.Signature(600, 300, signtest.Blue), 0o644)
	files["seal"] = filepath.Join(dir, "dau.png")
	os.WriteFile(files["seal"], signtest.Seal(400, signtest.Red), 0o644)
	files["black"] = filepath.Join(dir, "den.png")
	os.WriteFile(files["black"], signtest.Signature(600, 300, signtest.Black), 0o644)
	t.Setenv("VANBAN_TEST_PASS", "mật khẩu")
	t.Setenv("VANBAN_TEST_WRONG", "sai")
	return files
}

func TestSignAndVerify(t *testing.T) {
	dir := t.TempDir()
	f := signFiles(t, dir)
	one, two := filepath.Join(dir, "mot.pdf"), filepath.Join(dir, "hai.pdf")
	code, _, stderr := runArgs(t, "", "sign", "-role", "signer", "-p12", f["signer.p12"], "-password-env", "VANBAN_TEST_PASS",
		"-image", f["signature"], f["pdf"], one)
	if code != 0 {
		t.Fatalf("sign as signer: exit %d: %s", code, stderr)
	}
	code, _, stderr = runArgs(t, "", "sign", one, two, "-role", "agency", "-p12", f["agency.p12"], "-password-env", "VANBAN_TEST_PASS",
		"-image", f["seal"], "-seal-mm", "38")
	if code != 0 {
		t.Fatalf("sign as agency: exit %d: %s", code, stderr)
	}
	code, stdout, stderr := runArgs(t, "", "verify", two)
	if code != 0 {
		t.Fatalf("verify: exit %d: %s%s", code, stdout, stderr)
	}
	for _, want := range []string{"signer (người có thẩm quyền): đã ký", "Người ký signer", "agency (cơ quan, tổ chức): đã ký",
		"Người ký agency", "vanban test CA", "Phủ toàn bộ tệp:       có"} {
		if !strings.Contains(stdout, want) {
			t.Errorf("verify's output lacks %q:\n%s", want, stdout)
		}
	}
	// Against trusted roots: the test CA (PEM) vouches for both; another
	// (DER) for neither.
	code, stdout, _ = runArgs(t, "", "verify", "-roots", f["ca"], two)
	if code != 0 || strings.Count(stdout, "Chứng thư tin cậy:     có") != 2 {
		t.Errorf("verify -roots: exit %d:\n%s", code, stdout)
	}
	code, stdout, _ = runArgs(t, "", "verify", "-roots", f["other-ca"], two)
	if code != 1 || !strings.Contains(stdout, "KHÔNG (chứng thư số không do tổ chức được tin cậy cấp)") {
		t.Errorf("verify -roots with another CA: exit %d:\n%s", code, stdout)
	}
	if code, _, stderr := runArgs(t, "", "verify", "-roots", f["pdf"], two); code != 1 || !strings.Contains(stderr, "không có chứng thư") {
		t.Errorf("verify -roots with a PDF for roots: exit %d: %s", code, stderr)
	}
	// One byte changed in the document: verify fails and says so.
	b, _ := os.ReadFile(two)
	b[len(b)/3] ^= 1
	bad := filepath.Join(dir, "sua.pdf")
	os.WriteFile(bad, b, 0o644)
	code, stdout, _ = runArgs(t, "", "verify", "-lang", "en", bad)
	if code != 1 || !strings.Contains(stdout, "Intact:") || !strings.Contains(stdout, "NO") {
		t.Errorf("tampered file: exit %d:\n%s", code, stdout)
	}
	// An unsigned file has no signature to vouch for it.
	code, stdout, _ = runArgs(t, "", "verify", f["pdf"])
	if code != 1 || !strings.Contains(stdout, "chưa ký") {
		t.Errorf("unsigned file: exit %d:\n%s", code, stdout)
	}
}

func TestSignProblemsCLI(t *testing.T) {
	dir := t.TempDir()
	f := signFiles(t, dir)
	out := filepath.Join(dir, "ra.pdf")
	cases := []struct {
		name string
		args []string
		code int
		want string
	}{
		{"wrong password", []string{"-role", "signer", "-p12", f["signer.p12"], "-password-env", "VANBAN_TEST_WRONG", "-image", f["signature"]}, 1, "sai mật khẩu"},
		{"unset variable", []string{"-role", "signer", "-p12", f["signer.p12"], "-password-env", "VANBAN_NOT_SET_X", "-image", f["signature"]}, 1, "VANBAN_NOT_SET_X"},
		{"black ink", []string{"-role", "signer", "-p12", f["signer.p12"], "-password-env", "VANBAN_TEST_PASS", "-image", f["black"]}, 1, "màu xanh"},
		{"agency first", []string{"-role", "agency", "-p12", f["agency.p12"], "-password-env", "VANBAN_TEST_PASS", "-image", f["seal"]}, 1, "ký trước"},
		{"no role", []string{"-p12", f["signer.p12"], "-password-env", "VANBAN_TEST_PASS"}, 2, "-role"},
		{"bad role", []string{"-role", "boss", "-p12", f["signer.p12"], "-password-env", "VANBAN_TEST_PASS"}, 2, "boss"},
		{"two keys", []string{"-role", "signer", "-p12", f["signer.p12"], "-pkcs11", "/x.so"}, 2, "-p12"},
		{"no token support", []string{"-role", "signer", "-pkcs11", "/nonexistent.so", "-pin-env", "VANBAN_TEST_PASS", "-image", f["signature"]}, 1, "token"},
		{"missing image file", []string{"-role", "signer", "-p12", f["signer.p12"], "-password-env", "VANBAN_TEST_PASS", "-image", filepath.Join(dir, "none.png")}, 1, "none.png"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			code, _, stderr := runArgs(t, "", append(append([]string{"sign"}, c.args...), f["pdf"], out)...)
			if code != c.code || !strings.Contains(stderr, c.want) {
				t.Errorf("exit %d (want %d), stderr %q lacks %q", code, c.code, stderr, c.want)
			}
			if _, err := os.Stat(out); err == nil {
				t.Errorf("a failed signing left %s behind", out)
			}
		})
	}
	// Not a PDF: the message names the file.
	txt := filepath.Join(dir, "a.txt")
	os.WriteFile(txt, []byte("hello"), 0o644)
	code, _, stderr := runArgs(t, "", "sign", "-role", "signer", "-p12", f["signer.p12"], "-password-env", "VANBAN_TEST_PASS", "-image", f["signature"], txt, out)
	if code != 1 || !strings.Contains(stderr, txt) || !strings.Contains(stderr, "không phải PDF") {
		t.Errorf("not a PDF: exit %d, %q", code, stderr)
	}
}

// A document issued from the command line, signed by both with vanban
// sign, is kept in the register by register attach; an unsigned or half
// signed file is refused.
func TestRegisterAttachSigned(t *testing.T) {
	dir := t.TempDir()
	f := signFiles(t, dir)
	db := filepath.Join(dir, "r.db")
	out := filepath.Join(dir, "issued")
	in := filepath.Join(dir, "qd.toml")
	src, err := os.ReadFile("../../samples/quyet-dinh.toml")
	if err != nil {
		t.Fatal(err)
	}
	os.WriteFile(in, []byte(strings.Replace(string(src), "number = ", "# number = ", 1)), 0o644)
	code, stdout, stderr := runArgs(t, "", "issue", "-db", db, "-o", out, "-date", "2026-03-04", in)
	if code != 0 {
		t.Fatalf("issue: exit %d: %s", code, stderr)
	}
	issued := filepath.Join(out, "qd.pdf")
	number := strings.Fields(strings.SplitN(stdout, "Số: ", 2)[1])[0]
	number = strings.TrimSuffix(number, ",")
	half, whole := filepath.Join(dir, "half.pdf"), filepath.Join(dir, "whole.pdf")
	if code, _, stderr := runArgs(t, "", "sign", "-role", "signer", "-p12", f["signer.p12"], "-password-env", "VANBAN_TEST_PASS",
		"-image", f["signature"], issued, half); code != 0 {
		t.Fatalf("sign: %s", stderr)
	}
	if code, _, stderr := runArgs(t, "", "sign", "-role", "agency", "-p12", f["agency.p12"], "-password-env", "VANBAN_TEST_PASS",
		"-image", f["seal"], half, whole); code != 0 {
		t.Fatalf("sign: %s", stderr)
	}
	for file, want := range map[string]string{issued: "chưa đủ chữ ký số", half: "chưa đủ chữ ký số", f["pdf"]: "chưa đủ chữ ký số"} {
		if code, _, stderr := runArgs(t, "", "register", "attach", "-db", db, "-year", "2026", number, file); code != 1 || !strings.Contains(stderr, want) {
			t.Errorf("attach %s: exit %d: %s", filepath.Base(file), code, stderr)
		}
	}
	code, stdout, stderr = runArgs(t, "", "register", "attach", "-db", db, "-year", "2026", number, whole)
	if code != 0 || !strings.Contains(stdout, "đã lưu bản PDF ký số") {
		t.Fatalf("attach: exit %d: %s%s", code, stdout, stderr)
	}
	r, err := register.Open(context.Background(), db)
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	rows, _ := r.List(context.Background(), register.Filter{})
	b, _ := os.ReadFile(whole)
	if kept, err := r.SignedPDF(context.Background(), &rows[0]); err != nil || !bytes.Equal(kept, b) {
		t.Errorf("the register does not keep the signed file: %v", err)
	}
	if code, _, stderr := runArgs(t, "", "register", "attach", "-db", db, "-year", "2026", number, whole); code != 1 || !strings.Contains(stderr, "đã có bản PDF ký số") {
		t.Errorf("attach twice: exit %d: %s", code, stderr)
	}
}
