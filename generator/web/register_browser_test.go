//go:build e2e

package web

import (
	"context"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

// With a register, the clerk issues a finished decision from the form:
// "Ban hành" shows the next number, the confirmation gives it, the issued
// files are offered, and the page Sổ văn bản đi lists the row. Screenshots
// of the dialog and of the page are left in out/e2e/.
func TestBrowserIssue(t *testing.T) {
	s, reg := registerServer(t, Options{})
	ts := httptest.NewServer(s)
	defer ts.Close()
	ctx := startChromium(t)
	run := func(what string, steps ...chromedp.Action[chromedp.Void]) {
		t.Helper()
		c, cancel := context.WithTimeout(ctx, time.Minute)
		defer cancel()
		if err := chromedp.Do(c, steps...); err != nil {
			t.Fatalf("%s: %v", what, err)
		}
	}
	shot := func(name string) {
		t.Helper()
		if png, err := chromedp.Run(ctx, chromedp.CaptureScreenshot()); err == nil {
			os.WriteFile(filepath.Join(artefacts(t), name), png, 0o644)
		}
	}
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
}
