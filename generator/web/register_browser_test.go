//go:build e2e

package web

import (
	"bytes"
	"context"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/vanban/vanban/generator/sign"
	"github.com/vanban/vanban/generator/sign/signtest"
)

// With a register, the clerk issues a finished decision from the form:
// "Ban hành" shows the next number, the confirmation gives it, the issued
// files are offered, and the page Sổ văn bản đi lists the row. Screenshots
// of the dialog and of the page are left in out/e2e/.
func TestBrowserIssue(t *testing.T) {
	s, reg := registerServer(t, Options{})
	ts := httptest.NewServer(s)
	defer ts.Close()
	ctx, run, shot := browse(t)
	run("open the form and fill in the examples",
		chromedp.Navigate(ts.URL+"/#quyet-dinh"),
		chromedp.WaitVisible(chromedp.ID("v-so")),
		chromedp.Click(chromedp.ID("examples")),
		// A document to issue has no number of its own, and takes
		// today's date.
		chromedp.Evaluate[chromedp.Void](`void (document.getElementById('v-so').value = '', document.getElementById('v-ngay').value = '')`),
		chromedp.WaitVisible(chromedp.ID("issue")),
		chromedp.Click(chromedp.ID("issue")),
		chromedp.Poll[chromedp.Void](`/^01\//.test(document.getElementById('issue-number').textContent)`,
			chromedp.WithPollingTimeout(30*time.Second)))
	shot("issue-dialog.png")
	run("confirm",
		chromedp.Click(chromedp.ID("issue-confirm")),
		chromedp.Poll[chromedp.Void](`/Đã ban hành: Số 01\//.test(document.getElementById('issue-done').textContent)`,
			chromedp.WithPollingTimeout(30*time.Second)))
	shot("issue-done.png")
	entries := mustList(t, reg)
	if len(entries) != 1 || entries[0].Number != 1 {
		t.Fatalf("the register holds %d rows after issuing once", len(entries))
	}
	href, err := chromedp.Run(ctx, chromedp.Evaluate[string](`document.querySelector('#issue-done a').getAttribute('href')`))
	if err != nil || !strings.Contains(href, "format=pdf") {
		t.Errorf("the issued PDF's link: %q, %v", href, err)
	}
	run("open the register",
		chromedp.Navigate(ts.URL+"/so-van-ban-di"),
		chromedp.Poll[chromedp.Void](`document.querySelectorAll('#rows tr').length === 1`, chromedp.WithPollingTimeout(30*time.Second)))
	shot("register-page.png")
	first, err := chromedp.Run(ctx, chromedp.Text(chromedp.CSS("#rows td")))
	if err != nil || first != entries[0].NumberCode() {
		t.Errorf("the register page's first cell: %q, %v; want %s", first, err, entries[0].NumberCode())
	}
	// Signed since with the signers' own tools: "Lưu bản ký số" keeps
	// the signed PDF, and the row says so.
	pdf, err := reg.IssuedFile(context.Background(), &entries[0], "pdf")
	if err != nil {
		t.Fatal(err)
	}
	_, whole := newSigners(t).both(t, pdf)
	signedFile := filepath.Join(t.TempDir(), "da-ky.pdf")
	os.WriteFile(signedFile, whole, 0o644)
	run("keep the PDF signed since",
		chromedp.SetUploadFiles(chromedp.CSS(`#rows input[type=file]`), []string{signedFile}),
		chromedp.Poll[chromedp.Void](`/Đã lưu bản PDF ký số/.test(document.getElementById('status').textContent)`,
			chromedp.WithPollingTimeout(30*time.Second)))
	shot("register-attached.png")
	if kept, err := reg.SignedPDF(context.Background(), &mustList(t, reg)[0]); err != nil || !bytes.Equal(kept, whole) {
		t.Errorf("the register does not keep the signed PDF: %v", err)
	}
}

// With the agency's key on the server, the clerk issues and signs: "Ký
// số" shows the boxes for the signer's key file, password and signature;
// a black signature is refused beside its box with no number given; the
// blue one signs, and the register keeps the signed PDF, which the page
// Sổ văn bản đi marks and offers. Screenshots of the dialog at 1366 and
// 683 pixels wide are left in out/e2e/.
func TestBrowserIssueSigned(t *testing.T) {
	k := newKeys(t)
	s, reg := signingServer(t, k)
	ts := httptest.NewServer(s)
	defer ts.Close()
	dir := t.TempDir()
	files := map[string][]byte{"huy.p12": k.p12, "chu-ky.png": k.image, "chu-ky-den.png": signtest.Signature(600, 300, signtest.Black)}
	for name, b := range files {
		if err := os.WriteFile(filepath.Join(dir, name), b, 0o600); err != nil {
			t.Fatal(err)
		}
	}
	file := func(name string) []string { return []string{filepath.Join(dir, name)} }
	ctx, run, shot := browse(t)
	run("open the form, fill in the examples, open Ban hành",
		chromedp.EmulateViewport(1366, 768),
		chromedp.Navigate(ts.URL+"/#quyet-dinh"),
		chromedp.WaitVisible(chromedp.ID("v-so")),
		chromedp.Click(chromedp.ID("examples")),
		chromedp.Evaluate[chromedp.Void](`void (document.getElementById('v-so').value = '', document.getElementById('v-ngay').value = '')`),
		chromedp.WaitVisible(chromedp.ID("issue")),
		chromedp.Click(chromedp.ID("issue")),
		chromedp.Poll[chromedp.Void](`/^01\//.test(document.getElementById('issue-number').textContent)`,
			chromedp.WithPollingTimeout(30*time.Second)),
		chromedp.Click(chromedp.ID("sign-on")),
		chromedp.WaitVisible(chromedp.ID("sign-p12")),
		chromedp.SetUploadFiles(chromedp.ID("sign-p12"), file("huy.p12")),
		chromedp.SendKeys(chromedp.ID("sign-password"), k.password),
		chromedp.SetUploadFiles(chromedp.ID("sign-image"), file("chu-ky-den.png")))
	shot("issue-sign-1366.png")
	label, err := chromedp.Run(ctx, chromedp.Text(chromedp.ID("issue-confirm")))
	if err != nil || label != "Cấp số, ký số và ban hành" {
		t.Errorf("the confirmation reads %q, %v", label, err)
	}
	run("a black signature is refused beside its box",
		chromedp.EmulateViewport(683, 768),
		chromedp.Click(chromedp.ID("issue-confirm")),
		chromedp.Poll[chromedp.Void](`/màu xanh/.test(document.getElementById('sign-image-problem').textContent)`,
			chromedp.WithPollingTimeout(30*time.Second)),
		chromedp.Evaluate[chromedp.Void](`void document.getElementById('sign-image').scrollIntoView({block: 'center'})`))
	shot("issue-sign-problem-683.png")
	if es := mustList(t, reg); len(es) != 0 {
		t.Fatalf("a refused signature gave a number: %d rows", len(es))
	}
	// The dialog fits the half-screen window: every box inside it.
	out, err := chromedp.Run(ctx, chromedp.Evaluate[string](`(() => {
		for (const id of ['sign-p12', 'sign-password', 'sign-image', 'issue-confirm']) {
			const r = document.getElementById(id).getBoundingClientRect();
			if (r.width < 50 || r.left < 0 || r.right > innerWidth) return id + ': ' + r.left + '..' + r.right + ' of ' + innerWidth;
		}
		return '';
	})()`))
	if err != nil || out != "" {
		t.Errorf("the dialog at 683 px: %s %v", out, err)
	}
	run("the blue signature signs",
		chromedp.SetUploadFiles(chromedp.ID("sign-image"), file("chu-ky.png")),
		chromedp.Click(chromedp.ID("issue-confirm")),
		chromedp.Poll[chromedp.Void](`/Đã ban hành và ký số: Số 01\//.test(document.getElementById('issue-done').textContent)`,
			chromedp.WithPollingTimeout(30*time.Second)))
	shot("issue-signed-683.png")
	es := mustList(t, reg)
	if len(es) != 1 || !es[0].IsSigned() {
		t.Fatalf("the register after signing: %+v", es)
	}
	pdf, err := reg.SignedPDF(context.Background(), &es[0])
	if err != nil {
		t.Fatal(err)
	}
	if sigs, err := sign.Verify(pdf); err != nil || len(sigs) != 2 || !sigs[0].Intact || !sigs[1].Intact || !sigs[1].WholeFile {
		t.Errorf("the signed PDF: %+v, %v", sigs, err)
	}
	left, err := chromedp.Run(ctx, chromedp.Evaluate[string](`document.getElementById('sign-password').value + document.getElementById('sign-p12').value`))
	if err != nil || left != "" {
		t.Errorf("the password or the key file stayed in the page: %q %v", left, err)
	}
	run("the register marks the signed row",
		chromedp.EmulateViewport(1366, 768),
		chromedp.Navigate(ts.URL+"/so-van-ban-di"),
		chromedp.Poll[chromedp.Void](`document.querySelectorAll('#rows tr').length === 1`, chromedp.WithPollingTimeout(30*time.Second)))
	shot("register-signed.png")
	mark, err := chromedp.Run(ctx, chromedp.Evaluate[string](`document.querySelector('#rows .signed').textContent + ' ' + document.querySelector('#rows td.tools a').getAttribute('href')`))
	if err != nil || !strings.HasPrefix(mark, "Đã ký số ") || !strings.Contains(mark, "signed=1") {
		t.Errorf("the register page's signed row: %q, %v", mark, err)
	}
}

// browse starts Chromium for t and returns its context; run, which does
// steps within a minute or fails t with what; and shot, which leaves a
// screenshot of the page, once drawn, in out/e2e/.
func browse(t *testing.T) (ctx context.Context, run func(what string, steps ...chromedp.Action[chromedp.Void]), shot func(name string)) {
	ctx = startChromium(t)
	run = func(what string, steps ...chromedp.Action[chromedp.Void]) {
		t.Helper()
		c, cancel := context.WithTimeout(ctx, time.Minute)
		defer cancel()
		if err := chromedp.Do(c, steps...); err != nil {
			t.Fatalf("%s: %v", what, err)
		}
	}
	shot = func(name string) {
		t.Helper()
		run("let the page draw", chromedp.Sleep(500*time.Millisecond))
		if png, err := chromedp.Run(ctx, chromedp.CaptureScreenshot()); err == nil {
			path := filepath.Join(artefacts(t), name)
			os.WriteFile(path, png, 0o644)
			t.Logf("screenshot: %s", path)
		}
	}
	return ctx, run, shot
}
