package main

import (
	"io"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/vanban/vanban/generator/sign/signtest"
)

// agencyFiles writes the agency's key file (password in $VANBAN_TEST_PW)
// and seal for serve, made for the test; expired makes a certificate
// that ended a month ago.
func agencyFiles(t *testing.T, expired bool) (p12, seal string) {
	t.Helper()
	ca := signtest.NewCA(t, "vanban test CA")
	from := time.Now().Add(-time.Hour)
	if expired {
		from = time.Now().Add(-395 * 24 * time.Hour)
	}
	key, chain := ca.Issue(t, "Ủy ban nhân dân huyện Hòa An", signtest.ECDSA, from, false)
	dir := t.TempDir()
	p12, seal = filepath.Join(dir, "co-quan.p12"), filepath.Join(dir, "dau.png")
	if err := os.WriteFile(p12, signtest.P12(t, key, chain, "mk-co-quan"), 0o600); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(seal, signtest.Seal(400, signtest.Red), 0o600); err != nil {
		t.Fatal(err)
	}
	t.Setenv("VANBAN_TEST_PW", "mk-co-quan")
	return p12, seal
}

func TestServeWithTheAgencysKey(t *testing.T) {
	p12, seal := agencyFiles(t, false)
	db := filepath.Join(t.TempDir(), "r.db")
	url, stop, out := serveFor(t, "-addr", "127.0.0.1:0", "-db", db, "-agency-p12", p12, "-agency-password-env", "VANBAN_TEST_PW", "-seal", seal, "-seal-mm", "40")
	defer stop()
	res, err := http.Get(url + "api/register/info")
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(res.Body)
	res.Body.Close()
	if !strings.Contains(string(body), `"enabled":true,"maxImage"`) || !strings.Contains(string(body), "Hòa An") {
		t.Errorf("info: %s", body)
	}
	if !strings.Contains(out.String(), "ký số được: cơ quan Ủy ban nhân dân huyện Hòa An") {
		t.Errorf("serve did not say it signs: %q", out.String())
	}
}

// What is wrong with the agency's key or seal stops the server at start,
// with the file and the reason, in Vietnamese or, with -lang en, English.
func TestServeRefusesABadAgencyKey(t *testing.T) {
	p12, seal := agencyFiles(t, false)
	dir := t.TempDir()
	db := filepath.Join(dir, "r.db")
	black := filepath.Join(dir, "dau-den.png")
	os.WriteFile(black, signtest.Seal(400, signtest.Black), 0o600)
	notPNG := filepath.Join(dir, "dau.jpg")
	os.WriteFile(notPNG, []byte("\xff\xd8\xff\xe0 JFIF"), 0o600)
	oldP12, _ := agencyFiles(t, true)
	t.Setenv("VANBAN_TEST_WRONG", "sai")
	base := []string{"serve", "-addr", "127.0.0.1:0", "-db", db}
	for _, c := range []struct {
		name string
		args []string
		code int
		want []string
	}{
		{"wrong password", []string{"-agency-p12", p12, "-agency-password-env", "VANBAN_TEST_WRONG", "-seal", seal}, exitInput,
			[]string{p12, "sai mật khẩu"}},
		{"wrong password, English", []string{"-lang", "en", "-agency-p12", p12, "-agency-password-env", "VANBAN_TEST_WRONG", "-seal", seal}, exitInput,
			[]string{p12, "wrong password"}},
		{"variable not set", []string{"-agency-p12", p12, "-agency-password-env", "VANBAN_TEST_UNSET", "-seal", seal}, exitInput,
			[]string{"VANBAN_TEST_UNSET", "chưa được đặt"}},
		{"no such key file", []string{"-agency-p12", filepath.Join(dir, "khong-co.p12"), "-agency-password-env", "VANBAN_TEST_PW", "-seal", seal}, exitInput,
			[]string{"khong-co.p12", "không mở được"}},
		{"expired certificate", []string{"-agency-p12", oldP12, "-agency-password-env", "VANBAN_TEST_PW", "-seal", seal}, exitInput,
			[]string{oldP12, "chỉ có hiệu lực"}},
		{"black seal", []string{"-agency-p12", p12, "-agency-password-env", "VANBAN_TEST_PW", "-seal", black}, exitInput,
			[]string{black, "màu đỏ"}},
		{"seal not a PNG", []string{"-agency-p12", p12, "-agency-password-env", "VANBAN_TEST_PW", "-seal", notPNG}, exitInput,
			[]string{notPNG, "PNG"}},
		{"seal too small", []string{"-agency-p12", p12, "-agency-password-env", "VANBAN_TEST_PW", "-seal", seal, "-seal-mm", "10"}, exitInput,
			[]string{"-seal-mm 10", "20 đến 60 mm"}},
		{"no seal", []string{"-agency-p12", p12, "-agency-password-env", "VANBAN_TEST_PW"}, exitUsage,
			[]string{"khóa của cơ quan cần -seal"}},
		{"no password", []string{"-agency-p12", p12, "-seal", seal}, exitUsage,
			[]string{"-agency-password-env"}},
		{"seal without key", []string{"-seal", seal}, exitUsage,
			[]string{"-seal chỉ dùng cùng -agency-p12"}},
		{"two keys", []string{"-agency-p12", p12, "-agency-pkcs11", "/x.so", "-agency-password-env", "VANBAN_TEST_PW", "-seal", seal}, exitUsage,
			[]string{"-agency-p12 hoặc -agency-pkcs11"}},
		{"token without support", []string{"-agency-pkcs11", filepath.Join(dir, "none.so"), "-agency-pin-env", "VANBAN_TEST_PW", "-seal", seal}, exitInput,
			[]string{"token"}},
		{"token without PIN", []string{"-agency-pkcs11", filepath.Join(dir, "none.so"), "-seal", seal}, exitUsage,
			[]string{"-agency-pin-env"}},
		{"bad TSA", []string{"-agency-p12", p12, "-agency-password-env", "VANBAN_TEST_PW", "-seal", seal, "-tsa", "tsa.example"}, exitUsage,
			[]string{"http:// hoặc https://"}},
	} {
		t.Run(c.name, func(t *testing.T) {
			code, stdout, stderr := runArgs(t, "", append(base, c.args...)...)
			if code != c.code {
				t.Fatalf("exit %d, want %d: %s", code, c.code, stderr)
			}
			for _, w := range c.want {
				if !strings.Contains(stderr, w) {
					t.Errorf("message %q does not say %q", stderr, w)
				}
			}
			if strings.Contains(stdout, "http://") {
				t.Errorf("serve started: %s", stdout)
			}
		})
	}
	// Signing needs the register.
	t.Setenv(dbEnv, "")
	code, _, stderr := runArgs(t, "", "serve", "-addr", "127.0.0.1:0", "-agency-p12", p12, "-agency-password-env", "VANBAN_TEST_PW", "-seal", seal)
	if code != exitUsage || !strings.Contains(stderr, "-db") {
		t.Errorf("signing without a register: exit %d: %s", code, stderr)
	}
}
