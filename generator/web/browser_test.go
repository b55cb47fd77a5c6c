//go:build e2e

package web

// The browser test CI runs (make e2e): Debian's Chromium, headless, driven
// through the DevTools protocol by chromedp, uses the form as staff do.

import (
	"archive/zip"
	"bytes"
	"context"
	"encoding/base64"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/browser"
	"github.com/chromedp/chromedp"
)

// chromium finds the browser: $VANBAN_CHROMIUM, or Debian's chromium.
func chromium(t *testing.T) string {
	for _, p := range []string{os.Getenv("VANBAN_CHROMIUM"), "chromium", "chromium-browser", "google-chrome"} {
		if p == "" {
			continue
		}
		if path, err := exec.LookPath(p); err == nil {
			return path
		}
	}
	t.Fatal("no Chromium: install Debian's chromium package or set VANBAN_CHROMIUM")
	return ""
}

// artefacts is where the test leaves what a person should look at.
func artefacts(t *testing.T) string {
	dir := os.Getenv("VANBAN_ARTEFACTS")
	if dir == "" {
		dir = filepath.Join("..", "..", "out", "e2e")
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	return dir
}

func TestBrowser(t *testing.T) {
	s := newServer(t, Options{})
	ts := httptest.NewServer(s)
	defer ts.Close()

	downloads := t.TempDir()
	ctx := startChromium(t)
	step := func() context.Context {
		c, cancel := context.WithTimeout(ctx, time.Minute)
		t.Cleanup(cancel)
		return c
	}
	do := func(what string, steps ...chromedp.Action[chromedp.Void]) {
		t.Helper()
		if err := chromedp.Do(step(), steps...); err != nil {
			state, _ := chromedp.Run(step(), chromedp.Evaluate[string](`document.getElementById('status').textContent + ' | ' +
				document.getElementById('batch-text').textContent + ' | ' + document.getElementById('batch-messages').textContent + ' | ' +
				[...document.querySelectorAll('.problem')].map(p => p.textContent).filter(Boolean).join(' / ') + ' | ' +
				[...document.querySelectorAll('input[type=text]')].map(i => i.id + '=' + i.value).join(', ')`))
			t.Fatalf("%s: %v\npage: %s", what, err, state)
		}
	}
	eval := func(what, expr string, opts ...chromedp.EvaluateOption) any {
		t.Helper()
		v, err := chromedp.Run(step(), chromedp.Evaluate[any](expr, opts...))
		if err != nil {
			t.Fatalf("%s: %v", what, err)
		}
		return v
	}
	value := func(id string) string {
		t.Helper()
		v, err := chromedp.Run(step(), chromedp.Value(chromedp.ID(id)))
		if err != nil {
			t.Fatalf("value of #%s: %v", id, err)
		}
		return v
	}
	// typeInto replaces a field's text, key by key, as a person types.
	typeInto := func(id, text string) chromedp.Action[chromedp.Void] {
		return chromedp.Steps(
			chromedp.Evaluate[chromedp.Void](`void (document.getElementById(`+strconv.Quote(id)+`).value = '')`),
			chromedp.SendKeys(chromedp.ID(id), text))
	}
	// waitPreview waits for a preview newer than the last one seen.
	previews := 0
	waitPreview := func() {
		t.Helper()
		n, err := chromedp.Run(step(), chromedp.Poll[int](`(() => {
			const n = Number(document.body.dataset.preview || 0);
			return n > `+strconv.Itoa(previews)+` && /đã cập nhật/.test(document.getElementById('status').textContent) ? n : 0;
		})()`, chromedp.WithPollingTimeout(30*time.Second)))
		if err != nil {
			status, _ := chromedp.Run(ctx, chromedp.Text(chromedp.ID("status")))
			t.Fatalf("no preview (status %q): %v", status, err)
		}
		previews = n
	}

	do("open the page",
		chromedp.Navigate(ts.URL+"/#giay-moi"),
		chromedp.Func(func(ctx context.Context, _ *chromedp.Target) error {
			_, err := chromedp.CallBrowser(ctx, browser.SetDownloadBehavior, browser.SetDownloadBehaviorParams{
				Behavior: browser.SetDownloadBehaviorBehaviorAllow, DownloadPath: downloads})
			return err
		}),
		chromedp.WaitVisible(chromedp.ID("v-khach_moi")),
	)

	// Choose the campaign launch, as staff do, from the list; the unit
	// typed for the invitation goes over.
	do("type a unit", chromedp.SendKeys(chromedp.ID("v-don_vi"), "Xã Đồng Tâm"))
	do("choose the template",
		chromedp.SetValue(chromedp.ID("template"), "phat-dong-thi-dua"),
		chromedp.Evaluate[chromedp.Void](`void document.getElementById('template').dispatchEvent(new Event('change'))`),
		chromedp.WaitVisible(chromedp.ID("v-don_vi")),
	)
	if v := value("v-don_vi"); v != "Xã Đồng Tâm" {
		t.Errorf("the unit did not go over to the new template: %q", v)
	}
	labels := fmt.Sprint(eval("read the labels", `[...document.querySelectorAll('#fields label')].map(l => l.textContent)`))
	if !strings.Contains(labels, "Tên đơn vị") {
		t.Errorf("labels %s lack the unit's", labels)
	}

	// Fill it: the examples first, then the fields that make this
	// document ours, typed key by key.
	do("fill in the examples", chromedp.Click(chromedp.ID("examples")))
	do("type the unit", typeInto("v-don_vi", "Phường Tân Định"))
	do("type the province", typeInto("v-tinh", "Thành phố Hồ Chí Minh"))
	do("type the signer", typeInto("v-chu_tich", "Lê Thị Bích Ngọc"))
	do("type the number", typeInto("v-so", "27"))
	waitPreview()

	// The parts of the document show what the template makes of them,
	// and one can be copied into its box to be edited.
	do("copy the template's summary",
		chromedp.Evaluate[chromedp.Void](`void (document.getElementById('doc-section').open = true)`),
		chromedp.WaitVisible(chromedp.CSS(`.copy[data-key="summary"]`)),
		chromedp.Click(chromedp.CSS(`.copy[data-key="summary"]`)),
	)
	if v := value("d-summary"); !strings.HasPrefix(v, "Phong trào thi đua") {
		t.Errorf("the summary copied from the template reads %q", v)
	}
	do("show the parts", chromedp.ScrollIntoView(chromedp.ID("d-summary")), chromedp.Sleep(500*time.Millisecond))
	if png, err := chromedp.Run(step(), chromedp.CaptureScreenshot()); err == nil {
		os.WriteFile(filepath.Join(artefacts(t), "web-parts.png"), png, 0o644)
	}
	do("close the parts", chromedp.Evaluate[chromedp.Void](`void (document.getElementById('doc-section').open = false)`))
	waitPreview()

	// A mistake is shown beside its field, in Vietnamese, and mended.
	do("type a bad number",
		chromedp.SendKeys(chromedp.ID("v-so"), "x"),
		chromedp.WaitVisible(chromedp.CSS("#v-so[aria-invalid=true]")),
	)
	problem, err := chromedp.Run(step(), chromedp.Text(chromedp.ID("v-so-problem")))
	if err != nil || !strings.Contains(problem, "không phải là một số nguyên") {
		t.Errorf("problem beside the number: %q, %v", problem, err)
	}
	do("mend it", typeInto("v-so", "27"),
		chromedp.Poll[chromedp.Void](`!document.querySelector('#v-so[aria-invalid=true]')`, chromedp.WithPollingTimeout(30*time.Second)))
	waitPreview()

	// The preview is the very PDF the download gives.
	preview, _ := eval("read the preview", `(async () => {
		const b = new Uint8Array(await (await fetch(document.getElementById('pdf').src.split('#')[0])).arrayBuffer());
		let s = ''; for (const x of b) s += String.fromCharCode(x); return btoa(s);
	})()`, chromedp.EvalAwaitPromise).(string)

	// Give the browser's PDF viewer a moment to draw, for the picture.
	do("let the preview draw", chromedp.Sleep(2*time.Second))
	png, err := chromedp.Run(step(), chromedp.CaptureScreenshot())
	if err != nil {
		t.Fatal(err)
	}
	shot := filepath.Join(artefacts(t), "web-form.png")
	if err := os.WriteFile(shot, png, 0o644); err != nil {
		t.Fatal(err)
	}
	t.Logf("screenshot of the filled form: %s", shot)

	do("download the PDF", chromedp.Click(chromedp.ID("download-pdf")))
	pdf := waitFile(t, downloads, ".pdf")
	do("download the DOCX", chromedp.Click(chromedp.ID("download-docx")))
	docx := waitFile(t, downloads, ".docx")

	pdfBytes, _ := os.ReadFile(pdf)
	if got, _ := base64.StdEncoding.DecodeString(preview); !bytes.Equal(got, pdfBytes) {
		t.Errorf("the preview (%d bytes) is not the downloaded PDF (%d bytes)", len(got), len(pdfBytes))
	}
	if base := filepath.Base(pdf); base != "phat-dong-thi-dua-Phuong-Tan-Dinh.pdf" {
		t.Errorf("PDF saved as %q", base)
	}
	out, err := exec.Command("pdftotext", "-layout", pdf, "-").Output()
	if err != nil {
		t.Fatalf("pdftotext: %v", err)
	}
	want := []string{"PHƯỜNG TÂN ĐỊNH", "PHÁT ĐỘNG THI ĐUA", "Số: 27/PĐ-UBND", "Lê Thị Bích Ngọc", "Sở Nội vụ thành phố Hồ Chí Minh"}
	for _, w := range want {
		if !strings.Contains(squeeze(string(out)), w) {
			t.Errorf("the PDF lacks %q", w)
		}
	}
	text := docxText(t, docx)
	for _, w := range want {
		if !strings.Contains(text, w) {
			t.Errorf("the DOCX lacks %q", w)
		}
	}

	// Reopen a saved file: the form takes its template and its values.
	do("upload a TOML",
		chromedp.SetUploadFiles(chromedp.ID("open"), []string{abs(t, "../../samples/templates/giay-moi.toml")}),
		chromedp.WaitVisible(chromedp.ID("v-khach_moi")),
	)
	recipients := fmt.Sprint(eval("read the recipients", `[...document.querySelectorAll('#v-noi_nhan input')].map(i => i.value)`))
	if tpl, unit, so, guest := value("template"), value("v-don_vi"), value("v-so"), value("v-khach_moi"); tpl != "giay-moi" ||
		unit != "Xã Nghĩa Đàn" || so != "19" || !strings.HasPrefix(guest, "Ông Lê Văn Hùng") || recipients != "[Như thành phần mời Ủy ban bầu cử xã]" {
		t.Errorf("after the upload: template %q, unit %q, number %q, guest %q, recipients %s", tpl, unit, so, guest, recipients)
	}
	waitPreview()

	// A batch from the browser: one invitation per guest, the rest from
	// the form; the page follows the progress and the zip downloads.
	csv := filepath.Join(t.TempDir(), "khach moi.csv")
	os.WriteFile(csv, []byte("khach_moi\nÔng Nguyễn Văn An\nBà Trần Thị Bình\nÔng Lý Văn Cường\n"), 0o644)
	do("start a batch",
		chromedp.Evaluate[chromedp.Void](`void (document.getElementById('batch-section').open = true)`),
		chromedp.SetUploadFiles(chromedp.ID("batch-file"), []string{csv}),
		chromedp.Click(chromedp.ID("batch-start")),
		chromedp.Poll[chromedp.Void](`/^Xong/.test(document.getElementById('batch-text').textContent)`, chromedp.WithPollingTimeout(time.Minute)),
	)
	do("show the batch", chromedp.ScrollIntoView(chromedp.ID("batch-start")))
	if png, err := chromedp.Run(step(), chromedp.CaptureScreenshot()); err == nil {
		os.WriteFile(filepath.Join(artefacts(t), "web-batch.png"), png, 0o644)
	}
	progress, _ := chromedp.Run(step(), chromedp.Text(chromedp.ID("batch-text")))
	if !strings.HasPrefix(progress, "Xong: 3 văn bản") {
		t.Errorf("batch progress reads %q", progress)
	}
	zr, err := zip.OpenReader(waitFile(t, downloads, ".zip"))
	if err != nil {
		t.Fatalf("the batch's zip: %v", err)
	}
	defer zr.Close()
	if len(zr.File) != 7 || zr.File[6].Name != "manifest.csv" {
		t.Errorf("the batch's zip holds %d files", len(zr.File))
	}

	// A document with appendices opens with one group of fields for each,
	// the landscape one ticked, and previews.
	do("upload a document with appendices",
		chromedp.SetUploadFiles(chromedp.ID("open"), []string{abs(t, "../../samples/ke-hoach.toml")}),
		chromedp.WaitVisible(chromedp.CSS(`#appendices .appendix`)),
	)
	got := fmt.Sprint(eval("read the appendices", `[...document.querySelectorAll('#appendices .appendix')].map(b =>
		b.querySelector('h3').textContent + ': ' + b.querySelector('input[type=text]').value + ' ' + b.querySelector('input[type=checkbox]').checked)`))
	if want := "[Phụ lục I: Danh sách khu vực bỏ phiếu trên địa bàn phường false Phụ lục II: Phân công nhiệm vụ phục vụ bầu cử true]"; got != want {
		t.Errorf("appendices in the form: %s, want %s", got, want)
	}
	waitPreview()
	do("show the appendices", chromedp.ScrollIntoView(chromedp.ID("appendices")), chromedp.Sleep(500*time.Millisecond))
	if png, err := chromedp.Run(step(), chromedp.CaptureScreenshot()); err == nil {
		os.WriteFile(filepath.Join(artefacts(t), "web-appendices.png"), png, 0o644)
	}
	if n := eval("count the appendices sent", `Object.keys(collect().doc).filter(k => k.startsWith('appendix.')).length`); fmt.Sprint(n) != "5" {
		t.Errorf("%v appendix keys sent, want 5 (two titles, two bodies, one landscape)", n)
	}
}

// In every window staff use — a laptop screen, a browser snapped beside
// Word, a phone — every field of the chosen template can be seen whole and
// typed into, and the preview is a tab away when both do not fit. After a
// blank document, choosing a template shows the template, and asks before
// keeping the blank document's parts. Screenshots: out/e2e/web-WxH*.png.
func TestBrowserWindows(t *testing.T) {
	ts := httptest.NewServer(newServer(t, Options{}))
	defer ts.Close()
	ctx := startChromium(t)
	shoot := func(c context.Context, name string) {
		png, err := chromedp.Run(c, chromedp.CaptureScreenshot())
		if err != nil {
			t.Errorf("screenshot %s: %v", name, err)
			return
		}
		path := filepath.Join(artefacts(t), name+".png")
		os.WriteFile(path, png, 0o644)
		t.Logf("screenshot: %s", path)
	}
	for _, size := range [][2]int64{{1366, 768}, {683, 768}, {390, 844}} {
		name := fmt.Sprintf("web-%dx%d", size[0], size[1])
		t.Run(name, func(t *testing.T) {
			c, cancel := context.WithTimeout(ctx, 2*time.Minute)
			defer cancel()
			must := func(what string, steps ...chromedp.Action[chromedp.Void]) {
				t.Helper()
				if err := chromedp.Do(c, steps...); err != nil {
					t.Fatalf("%s: %v", what, err)
				}
			}
			must("open the letter template",
				chromedp.EmulateViewport(size[0], size[1]),
				chromedp.Evaluate[chromedp.Void](`void (window.unsaved = false, typeof unsaved !== 'undefined' && (unsaved = false))`),
				chromedp.Navigate(ts.URL+"/?"+name+"#cong-van"),
				chromedp.WaitVisible(chromedp.ID("v-don_vi")),
			)
			fields, err := chromedp.Run(c, chromedp.Evaluate[[][]string](`current.fields.map((f) => [f.name, f.kind])`))
			if err != nil || len(fields) < 5 {
				t.Fatalf("fields %v: %v", fields, err)
			}
			for _, f := range fields {
				id, kind := "v-"+f[0], f[1]
				sel := "#" + id
				if kind == "lines" {
					sel += " .items input"
				}
				// Seen whole: inside the window's width, not hidden, its
				// label and help not cut off.
				seen, err := chromedp.Run(c, chromedp.Evaluate[string](`(() => {
					const c = document.querySelector(`+strconv.Quote(sel)+`);
					if (!c) return 'no control';
					c.scrollIntoView({block: 'center'});
					const r = c.getBoundingClientRect();
					if (r.width < 100 || r.height < 10) return 'too small: ' + r.width + 'x' + r.height;
					if (r.left < 0 || r.right > innerWidth) return 'outside the window: ' + r.left + '..' + r.right + ' of ' + innerWidth;
					const wrap = c.closest('.field');
					for (const e of wrap.querySelectorAll('label, .help, .problem')) {
						const b = e.getBoundingClientRect();
						if (b.width && (b.right > innerWidth + 1 || e.scrollWidth > e.clientWidth + 1)) return 'cut off: ' + e.textContent;
					}
					const at = document.elementFromPoint(r.left + 5, r.top + r.height / 2);
					if (!at || !(at === c || c.contains(at) || at.contains(c))) return 'covered by ' + (at ? at.outerHTML.slice(0, 80) : 'nothing');
					return '';
				})()`))
				if err != nil || seen != "" {
					t.Errorf("%s (%s): %s %v", id, kind, seen, err)
					continue
				}
				switch kind {
				case "text", "multiline", "number", "lines":
					must("type into "+id,
						chromedp.Evaluate[chromedp.Void](`void (document.querySelector(`+strconv.Quote(sel)+`).value = '')`),
						chromedp.SendKeys(chromedp.CSS(sel), "12"))
					if v, _ := chromedp.Run(c, chromedp.Value(chromedp.CSS(sel))); v != "12" {
						t.Errorf("%s: typed 12, reads %q", id, v)
					}
					must("empty "+id, chromedp.Evaluate[chromedp.Void](`void (document.querySelector(`+strconv.Quote(sel)+`).value = '')`))
				default:
					must("focus "+id, chromedp.Focus(chromedp.CSS(sel)))
				}
			}
			must("fill in the examples", chromedp.Click(chromedp.ID("examples")),
				chromedp.Poll[chromedp.Void](`/đã cập nhật/.test(document.getElementById('status').textContent)`, chromedp.WithPollingTimeout(30*time.Second)),
				chromedp.ScrollIntoView(chromedp.ID("v-don_vi")),
				chromedp.Sleep(2*time.Second)) // for the PDF viewer to draw, in the picture
			shoot(c, name)
			narrow := size[0] <= 900
			tab, _ := chromedp.Run(c, chromedp.Evaluate[bool](`getComputedStyle(document.getElementById('tab-preview').parentElement).display !== 'none'`))
			if tab != narrow {
				t.Errorf("tabs shown: %v, want %v", tab, narrow)
			}
			if narrow {
				must("show the preview", chromedp.Click(chromedp.ID("tab-preview")), chromedp.Sleep(time.Second))
				shown, _ := chromedp.Run(c, chromedp.Evaluate[string](`(() => {
					const p = document.getElementById('pdf').getBoundingClientRect();
					const f = document.getElementById('form-pane').getBoundingClientRect();
					return p.width + 'x' + p.height + ' form ' + f.width;
				})()`))
				if !strings.HasPrefix(shown, fmt.Sprint(size[0])+"x") || !strings.HasSuffix(shown, " form 0") {
					t.Errorf("the preview tab: %s", shown)
				}
				shoot(c, name+"-preview")
				must("back to the form", chromedp.Click(chromedp.ID("tab-form")))
			}

			// A blank document with its examples, then a template.
			must("leave", chromedp.Evaluate[chromedp.Void](`void (unsaved = false)`))     // what was typed is not kept
			must("a blank document", chromedp.Navigate(ts.URL+"/?trong=1#van-ban-trong"), // a new address: the page loads again
				chromedp.Poll[chromedp.Void](`!!document.getElementById('d-issuer.name')`, chromedp.WithPollingTimeout(10*time.Second)))
			must("its examples", chromedp.Click(chromedp.ID("examples")))
			must("choose the letter", chromedp.SetValue(chromedp.ID("template"), "cong-van"),
				chromedp.Evaluate[chromedp.Void](`void document.getElementById('template').dispatchEvent(new Event('change'))`),
				chromedp.WaitVisible(chromedp.ID("v-don_vi")))
			must("the question", chromedp.Poll[chromedp.Void](`!document.getElementById('notice').hidden`, chromedp.WithPollingTimeout(10*time.Second)))
			kept, _ := chromedp.Run(c, chromedp.Evaluate[string](`JSON.stringify(collect().doc)`))
			if kept != "{}" {
				t.Errorf("the blank document's parts override the template before the user chose: %s", kept)
			}
			text, _ := chromedp.Run(c, chromedp.Text(chromedp.ID("notice")))
			if !strings.Contains(text, "Công văn") || !strings.Contains(text, "Giữ các phần đã điền") {
				t.Errorf("notice: %q", text)
			}
			shoot(c, name+"-switch")
			must("keep the parts",
				chromedp.Click(chromedp.CSS("#notice .buttons button:first-child")),
				chromedp.Poll[chromedp.Void](`collect().doc.type === 'THÔNG BÁO'`, chromedp.WithPollingTimeout(10*time.Second)))
		})
	}
}

// startChromium starts headless Chromium, as CI runs it, for the life of
// the test, and returns its context.
func startChromium(t *testing.T) context.Context {
	opts := []chromedp.ExecAllocatorOption{
		chromedp.ExecPath(chromium(t)),
		chromedp.Headless,
		chromedp.NoSandbox,
		chromedp.DisableGPU,
		chromedp.NoFirstRun,
		chromedp.NoDefaultBrowserCheck,
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		chromedp.UserDataDir(t.TempDir()),
		chromedp.WindowSize(1400, 1000),
	}
	ctx, cancel := chromedp.NewExecAllocator(context.Background(), opts...)
	t.Cleanup(cancel)
	ctx, cancel = chromedp.NewContext(ctx)
	t.Cleanup(cancel)
	// The first call starts the browser, for the life of ctx; later calls
	// may have time limits of their own.
	if err := chromedp.Do(ctx, chromedp.Navigate("about:blank")); err != nil {
		t.Fatalf("start Chromium: %v", err)
	}
	return ctx
}

// With a token, the address given to staff opens the form, the token
// leaves the address bar, and the page's own requests carry the cookie.
func TestBrowserToken(t *testing.T) {
	ts := httptest.NewServer(newServer(t, Options{Token: "mã-bí-mật"}))
	defer ts.Close()
	ctx := startChromium(t)
	ctx, cancel := context.WithTimeout(ctx, time.Minute)
	defer cancel()
	if err := chromedp.Do(ctx,
		chromedp.Navigate(ts.URL+"/?token=m%C3%A3-b%C3%AD-m%E1%BA%ADt#thong-bao"),
		chromedp.WaitVisible(chromedp.ID("v-don_vi")),
		chromedp.Click(chromedp.ID("examples")),
		chromedp.Poll[chromedp.Void](`/đã cập nhật/.test(document.getElementById('status').textContent)`, chromedp.WithPollingTimeout(30*time.Second)),
	); err != nil {
		status, _ := chromedp.Run(ctx, chromedp.Text(chromedp.ID("status")))
		t.Fatalf("the form behind a token: %v (status %q)", err, status)
	}
	loc, _ := chromedp.Run(ctx, chromedp.Location())
	if strings.Contains(loc, "token") {
		t.Errorf("the token stays in the address: %s", loc)
	}
	// Another browser, without the address, gets nothing.
	res, err := http.Get(ts.URL + "/api/templates")
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	if res.StatusCode != 401 {
		t.Errorf("without the token: status %d", res.StatusCode)
	}
}

func waitFile(t *testing.T, dir, ext string) string {
	t.Helper()
	deadline := time.Now().Add(30 * time.Second)
	for time.Now().Before(deadline) {
		files, _ := filepath.Glob(filepath.Join(dir, "*"+ext))
		if len(files) == 1 {
			if info, err := os.Stat(files[0]); err == nil && info.Size() > 0 {
				return files[0]
			}
		}
		time.Sleep(100 * time.Millisecond)
	}
	t.Fatalf("no %s file downloaded into %s", ext, dir)
	return ""
}

// docxText is the text of a DOCX's body, paragraphs on lines.
func docxText(t *testing.T, path string) string {
	zr, err := zip.OpenReader(path)
	if err != nil {
		t.Fatalf("the DOCX is not a zip: %v", err)
	}
	defer zr.Close()
	for _, f := range zr.File {
		if f.Name != "word/document.xml" {
			continue
		}
		rc, _ := f.Open()
		data, _ := io.ReadAll(rc)
		rc.Close()
		s := regexp.MustCompile(`</w:p>`).ReplaceAllString(string(data), "\n")
		s = regexp.MustCompile(`<w:tab/>|<w:br/>`).ReplaceAllString(s, " ")
		s = regexp.MustCompile(`<[^>]+>`).ReplaceAllString(s, "")
		s = strings.NewReplacer("&amp;", "&", "&lt;", "<", "&gt;", ">", "&quot;", `"`, "&#34;", `"`, "&#39;", "'").Replace(s)
		return squeeze(s)
	}
	t.Fatal("the DOCX has no word/document.xml")
	return ""
}

// squeeze makes every run of spaces one space.
func squeeze(s string) string {
	return regexp.MustCompile(`[ \t\x{a0}]+`).ReplaceAllString(s, " ")
}

func abs(t *testing.T, p string) string {
	a, err := filepath.Abs(p)
	if err != nil {
		t.Fatal(err)
	}
	return a
}
