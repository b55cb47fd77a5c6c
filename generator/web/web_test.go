package web

import (
	"archive/zip"
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"mime"
	"mime/multipart"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/vanban/vanban/generator"
)

func newServer(t testing.TB, opt Options) *Server {
	t.Helper()
	s, err := New(opt)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

// do sends a request to h as the page at http://localhost would.
func do(h http.Handler, method, target string, body io.Reader, header ...string) *httptest.ResponseRecorder {
	r := httptest.NewRequest(method, "http://localhost:8080"+target, body)
	for i := 0; i+1 < len(header); i += 2 {
		r.Header.Set(header[i], header[i+1])
	}
	w := httptest.NewRecorder()
	h.ServeHTTP(w, r)
	return w
}

// exampleState is a template's form filled with every field's example.
func exampleState(t testing.TB, s *Server, name string) State {
	t.Helper()
	for _, ti := range s.list {
		if ti.Name != name {
			continue
		}
		st := State{Template: name, Values: map[string]Entry{}, Doc: map[string]Entry{}}
		for _, f := range ti.Fields {
			if !f.Example.blank() {
				st.Values[f.Name] = f.Example
			}
		}
		return st
	}
	t.Fatalf("no template %q", name)
	return State{}
}

func jsonBody(t testing.TB, v any) io.Reader {
	t.Helper()
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	return bytes.NewReader(b)
}

// problemsIn decodes a 4xx answer's problems, failing if it has none.
func problemsIn(t *testing.T, w *httptest.ResponseRecorder) []Problem {
	t.Helper()
	var body struct{ Problems []Problem }
	if err := json.Unmarshal(w.Body.Bytes(), &body); err != nil || len(body.Problems) == 0 {
		t.Fatalf("answer %d is not a list of problems: %q", w.Code, w.Body.String())
	}
	for _, p := range body.Problems {
		if p.Message == "" {
			t.Errorf("problem without a message: %+v", p)
		}
	}
	return body.Problems
}

func TestTemplatesEndpoint(t *testing.T) {
	s := newServer(t, Options{})
	w := do(s, "GET", "/api/templates", nil)
	if w.Code != 200 {
		t.Fatalf("status %d: %s", w.Code, w.Body)
	}
	var body struct {
		Templates []templateInfo
		Document  []DocField
	}
	if err := json.Unmarshal(w.Body.Bytes(), &body); err != nil {
		t.Fatal(err)
	}
	ts, _ := generator.Templates()
	if len(body.Templates) != len(ts) || len(ts) < 8 {
		t.Errorf("%d templates, want %d", len(body.Templates), len(ts))
	}
	for _, ti := range body.Templates {
		if ti.Title == "" || len(ti.Fields) == 0 {
			t.Errorf("template %q has no title or no fields", ti.Name)
		}
		for _, f := range ti.Fields {
			if f.Label == "" || f.Kind == "" {
				t.Errorf("%s.%s has no label or kind", ti.Name, f.Name)
			}
		}
	}
	var keys []string
	for _, f := range body.Document {
		keys = append(keys, f.Key)
		if f.Label == "" || f.Group == "" {
			t.Errorf("document field %q has no label or group", f.Key)
		}
	}
	// Every part of a document can be edited in the form.
	want := generator.DocumentKeys()
	slices.Sort(want)
	slices.Sort(keys)
	if !slices.Equal(keys, want) {
		t.Errorf("form's document keys\n%v\nwant the parser's\n%v", keys, want)
	}
}

func TestRender(t *testing.T) {
	s := newServer(t, Options{})
	campaign := exampleState(t, s, "phat-dong-thi-dua")
	blank := State{Doc: map[string]Entry{
		"issuer.name": {Text: "ỦY BAN NHÂN DÂN\nXÃ HÒA AN"}, "code": {Text: "TB-UBND"}, "place": {Text: "Hòa An"},
		"type": {Text: "thông báo"}, "summary": {Text: "Lịch tiếp công dân"}, "body": {Text: "Đoạn một.\n\nĐoạn hai."},
		"signer.position": {Text: "CHỦ TỊCH"}, "signer.name": {Text: "Nguyễn Văn A"}, "date": {Text: "2026-03-05"},
		"recipients": {List: true, Lines: []string{"Như trên", "  ", "Lưu: VT"}}, "page.line_spacing": {Text: "1,2"},
	}}
	with := func(st State, f func(*State)) State {
		st.Values, st.Doc = clone(st.Values), clone(st.Doc)
		f(&st)
		return st
	}
	for _, tc := range []struct {
		name   string
		format string
		state  State
		code   int
		magic  string // start of a good answer
		field  string // a problem names this field or key
	}{
		{"campaign pdf", "pdf", campaign, 200, "%PDF-", ""},
		{"campaign docx", "docx", campaign, 200, "PK\x03\x04", ""},
		{"campaign toml", "toml", campaign, 200, "# Phát động thi đua\ntemplate = \"phat-dong-thi-dua\"", ""},
		{"blank pdf", "pdf", blank, 200, "%PDF-", ""},
		{"blank docx", "docx", blank, 200, "PK\x03\x04", ""},
		{"missing required value", "pdf", with(campaign, func(s *State) { delete(s.Values, "don_vi") }), 422, "", "don_vi"},
		{"missing required, toml still saved", "toml", with(campaign, func(s *State) { delete(s.Values, "don_vi") }), 200, "#", ""},
		{"bad number", "pdf", with(campaign, func(s *State) { s.Values["so"] = Entry{Text: "mười lăm"} }), 422, "", "so"},
		{"bad date", "pdf", with(campaign, func(s *State) { s.Values["ngay"] = Entry{Text: "31/02/2026"} }), 422, "", "ngay"},
		{"character the fonts lack", "pdf", with(campaign, func(s *State) { s.Values["don_vi"] = Entry{Text: "Xã 和平"} }), 422, "", "don_vi"},
		{"override a document key", "pdf", with(campaign, func(s *State) { s.Doc["urgency"] = Entry{Text: "khẩn"} }), 200, "%PDF-", ""},
		{"bad override", "pdf", with(campaign, func(s *State) { s.Doc["urgency"] = Entry{Text: "rất khẩn"} }), 422, "", "urgency"},
		{"doc number not a number", "pdf", with(blank, func(s *State) { s.Doc["number"] = Entry{Text: "15a"} }), 422, "", "number"},
		{"margin out of range", "pdf", with(blank, func(s *State) { s.Doc["page.margins.left"] = Entry{Text: "10"} }), 422, "", "page.margins.left"},
		{"blank document missing body", "pdf", with(blank, func(s *State) { delete(s.Doc, "body") }), 422, "", "body"},
		{"unknown template", "pdf", State{Template: "../../etc/passwd"}, 422, "", ""},
		{"unknown field", "pdf", with(campaign, func(s *State) { s.Values["khong_co"] = Entry{Text: "x"} }), 422, "", "khong_co"},
		{"value in a blank document", "pdf", with(blank, func(s *State) { s.Values = map[string]Entry{"don_vi": {Text: "x"}} }), 422, "", "don_vi"},
		{"unknown document key", "toml", with(blank, func(s *State) { s.Doc["issuer.boss"] = Entry{Text: "x"} }), 422, "", "issuer.boss"},
		{"unknown format", "html", campaign, 400, "", ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			w := do(s, "POST", "/api/render?format="+tc.format, jsonBody(t, tc.state))
			if w.Code != tc.code {
				t.Fatalf("status %d, want %d: %.300s", w.Code, tc.code, w.Body)
			}
			if tc.code != 200 {
				probs := problemsIn(t, w)
				if tc.field != "" && !slices.ContainsFunc(probs, func(p Problem) bool { return p.Field == tc.field || p.Key == tc.field }) {
					t.Errorf("no problem names %q: %+v", tc.field, probs)
				}
				return
			}
			if !strings.HasPrefix(w.Body.String(), tc.magic) {
				t.Errorf("answer starts %q, want %q", w.Body.String()[:min(40, w.Body.Len())], tc.magic)
			}
			if ct := w.Header().Get("Content-Type"); ct != contentTypes[tc.format] {
				t.Errorf("Content-Type %q", ct)
			}
		})
	}
}

func clone[V any](m map[string]V) map[string]V {
	out := map[string]V{}
	for k, v := range m {
		out[k] = v
	}
	return out
}

// The TOML a form saves is the document it shows: vanban render makes the
// same PDF from it, byte for byte, and opening it fills the same form.
func TestSavedTOML(t *testing.T) {
	s := newServer(t, Options{})
	for _, ti := range s.list {
		t.Run(ti.Name, func(t *testing.T) {
			st := exampleState(t, s, ti.Name)
			st.Doc["urgency"] = Entry{Text: "KHẨN"}
			st.Doc["page.margins.left"] = Entry{Text: "32.5"}
			st.Doc["bases"] = Entry{List: true, Lines: []string{`Căn cứ "một" \ hai`, "Căn cứ ba"}}
			saved := do(s, "POST", "/api/render?format=toml", jsonBody(t, st))
			pdf := do(s, "POST", "/api/render?format=pdf", jsonBody(t, st))
			if saved.Code != 200 || pdf.Code != 200 {
				t.Fatalf("status %d, %d: %s %s", saved.Code, pdf.Code, saved.Body, pdf.Body)
			}
			doc, err := generator.ParseNamed("saved.toml", saved.Body.Bytes())
			if err != nil {
				t.Fatalf("vanban cannot read the saved file: %v\n%s", err, saved.Body)
			}
			var cli bytes.Buffer
			if err := generator.WritePDF(&cli, doc); err != nil {
				t.Fatal(err)
			}
			if !bytes.Equal(cli.Bytes(), pdf.Body.Bytes()) {
				t.Error("the PDF of the saved file differs from the form's")
			}
			opened := do(s, "POST", "/api/open?name=saved.toml", bytes.NewReader(saved.Body.Bytes()))
			if opened.Code != 200 {
				t.Fatalf("open: status %d: %s", opened.Code, opened.Body)
			}
			var back State
			if err := json.Unmarshal(opened.Body.Bytes(), &back); err != nil {
				t.Fatal(err)
			}
			again := do(s, "POST", "/api/render?format=toml", jsonBody(t, back))
			if again.Body.String() != saved.Body.String() {
				t.Errorf("saved, opened and saved again differs:\n%s\n---\n%s", saved.Body, again.Body)
			}
		})
	}
}

func TestOpen(t *testing.T) {
	s := newServer(t, Options{MaxBody: 64 << 10})
	// Every sample opens: the plain documents and the template inputs.
	files, _ := filepath.Glob("../../samples/*.toml")
	more, _ := filepath.Glob("../../samples/templates/*.toml")
	files = append(files, more...)
	if len(files) < 10 {
		t.Fatalf("only %d samples", len(files))
	}
	for _, f := range files {
		data, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		w := do(s, "POST", "/api/open?name="+filepath.Base(f), bytes.NewReader(data))
		if w.Code != 200 {
			t.Errorf("%s: status %d: %s", f, w.Code, w.Body)
			continue
		}
		var st State
		json.Unmarshal(w.Body.Bytes(), &st)
		// What opens renders as the file does.
		pdf := do(s, "POST", "/api/render?format=pdf", jsonBody(t, st))
		doc, err := generator.ParseNamed(f, data)
		if err != nil {
			t.Fatal(err)
		}
		var want bytes.Buffer
		generator.WritePDF(&want, doc)
		if pdf.Code != 200 || !bytes.Equal(pdf.Body.Bytes(), want.Bytes()) {
			t.Errorf("%s: the form's PDF differs from the file's (status %d)", f, pdf.Code)
		}
	}

	for _, tc := range []struct {
		name, body string
		code       int
		line       int
	}{
		{"syntax error", "type = \"QUYẾT ĐỊNH\"\nnumber = = 3\n", 422, 2},
		{"template file", "[template]\ntitle = \"x\"\n", 422, 1},
		{"template on disk", "template = \"/etc/passwd\"\n", 422, 1},
		{"unknown template", "template = \"khong-co\"\n", 422, 1},
		{"unknown key opens, reported", "type = \"X\"\n\n[signer]\nnam = \"A\"\n", 200, 4},
		{"unknown value opens, reported", "template = \"giay-moi\"\n[values]\nkhong_co = 1\n", 200, 3},
		{"list where a text goes", "place = [\"a\"]\ntype = \"X\"\n", 200, 1},
		{"datetime", "date = 2026-01-02T10:00:00\n", 200, 1},
		{"unfinished draft opens", "type = \"QUYẾT ĐỊNH\"\n", 200, 0},
		{"dates as typed", "date = \"5/2/2021\"\ntemplate = \"giay-moi\"\n[values]\nngay = \"20/02/2026\"\n", 200, 0},
		{"too big", "body = \"" + strings.Repeat("a", 70<<10) + "\"\n", 413, 0},
		{"not UTF-8", "place = \"\xff\"\n", 422, 0},
		// Issue 14, item 1: this killed the server (out of memory).
		{"nested 10,000 deep", "x = " + strings.Repeat("{a=", 10000) + "1" + strings.Repeat("}", 10000) + "\n", 422, 1},
	} {
		t.Run(tc.name, func(t *testing.T) {
			w := do(s, "POST", "/api/open?name=x.toml", strings.NewReader(tc.body))
			if w.Code != tc.code {
				t.Fatalf("status %d, want %d: %.300s", w.Code, tc.code, w.Body)
			}
			if tc.code == 200 {
				var got opened
				if err := json.Unmarshal(w.Body.Bytes(), &got); err != nil || got.State == nil {
					t.Fatalf("%v: %s", err, w.Body)
				}
				if tc.line > 0 && (len(got.Problems) != 1 || got.Problems[0].Line != tc.line) {
					t.Errorf("the part left out is not reported at line %d: %+v", tc.line, got.Problems)
				}
				if tc.line == 0 && len(got.Problems) > 0 {
					t.Errorf("problems in a good file: %+v", got.Problems)
				}
				if strings.HasPrefix(tc.name, "unknown key") && got.Doc["type"].Text != "X" {
					t.Errorf("the rest of the file was not opened: %+v", got.State)
				}
				if tc.name == "dates as typed" && !strings.Contains(w.Body.String(), `"date":"2021-02-05"`) ||
					tc.name == "dates as typed" && !strings.Contains(w.Body.String(), `"ngay":"2026-02-20"`) {
					t.Errorf("dates not as a date picker holds them: %s", w.Body)
				}
				return
			}
			probs := problemsIn(t, w)
			if tc.line > 0 && probs[0].Line != tc.line {
				t.Errorf("problem at line %d, want %d: %+v", probs[0].Line, tc.line, probs)
			}
		})
	}
}

func TestBadRequests(t *testing.T) {
	s := newServer(t, Options{MaxBody: 4 << 10})
	big := `{"template":"","doc":{"body":"` + strings.Repeat("x", 8<<10) + `"}}`
	for _, tc := range []struct {
		name, method, target, body string
		code                       int
	}{
		{"not JSON", "POST", "/api/render", "{", 400},
		{"unknown JSON key", "POST", "/api/render", `{"template":"","extra":1}`, 400},
		{"number where a text goes", "POST", "/api/render", `{"template":"","doc":{"place":5}}`, 400},
		{"two objects", "POST", "/api/render", `{} {}`, 400},
		{"oversize body", "POST", "/api/render", big, 413},
		{"wrong method", "GET", "/api/render", "", 405},
		{"no such page", "GET", "/khong-co", "", 404},
		{"no such batch", "GET", "/api/batch/abc", "", 404},
		{"no such batch zip", "GET", "/api/batch/abc/zip", "", 404},
	} {
		t.Run(tc.name, func(t *testing.T) {
			w := do(s, tc.method, tc.target, strings.NewReader(tc.body))
			if w.Code != tc.code {
				t.Fatalf("status %d, want %d: %.200s", w.Code, tc.code, w.Body)
			}
			if w.Body.Len() == 0 {
				t.Error("no message")
			}
		})
	}
}

// A hostile value cannot reach the file name or the page: names are ASCII
// words and dashes, and the page sets text, never HTML.
func TestHostileFileName(t *testing.T) {
	s := newServer(t, Options{})
	st := exampleState(t, s, "phat-dong-thi-dua")
	for _, v := range []string{`../../etc/passwd`, `<script>alert(1)</script>`, `CON`, `a"; filename="x.exe`, `..\..\Windows`, strings.Repeat("Ư", 300)} {
		st.Values["don_vi"] = Entry{Text: "Xã " + v}
		for _, format := range []string{"pdf", "docx", "toml"} {
			w := do(s, "POST", "/api/render?download=1&format="+format, jsonBody(t, st))
			if w.Code != 200 {
				t.Fatalf("%q: status %d: %s", v, w.Code, w.Body)
			}
			disp, params, err := mime.ParseMediaType(w.Header().Get("Content-Disposition"))
			if err != nil || disp != "attachment" {
				t.Fatalf("%q: Content-Disposition %q", v, w.Header().Get("Content-Disposition"))
			}
			name := params["filename"]
			if !regexp.MustCompile(`^[A-Za-z0-9]+(-[A-Za-z0-9]+)*\.`+format+`$`).MatchString(name) || len(name) > 110 {
				t.Errorf("%q gives the file name %q", v, name)
			}
		}
	}
	page := do(s, "GET", "/", nil)
	if !strings.Contains(page.Body.String(), `<script src="/static/app.js" defer></script>`) {
		t.Fatal("page does not load its script")
	}
	js := do(s, "GET", "/static/app.js", nil).Body.String()
	if strings.Contains(js, "innerHTML") || strings.Contains(js, "insertAdjacentHTML") || strings.Contains(js, "document.write") {
		t.Error("the script writes HTML; it must set text only")
	}
}

func TestHeaders(t *testing.T) {
	s := newServer(t, Options{})
	for _, target := range []string{"/", "/static/app.js", "/static/app.css", "/api/templates"} {
		w := do(s, "GET", target, nil)
		if w.Code != 200 {
			t.Fatalf("%s: status %d", target, w.Code)
		}
		h := w.Header()
		if !strings.Contains(h.Get("Content-Security-Policy"), "default-src 'self'") || h.Get("X-Content-Type-Options") != "nosniff" {
			t.Errorf("%s: headers %v", target, h)
		}
	}
	if ct := do(s, "GET", "/", nil).Header().Get("Content-Type"); ct != "text/html; charset=utf-8" {
		t.Errorf("page Content-Type %q", ct)
	}
}

func TestAccess(t *testing.T) {
	open := newServer(t, Options{})
	locked := newServer(t, Options{Token: "bí-mật-123"})
	req := func(h http.Handler, host, target string, header ...string) *httptest.ResponseRecorder {
		r := httptest.NewRequest("GET", "http://"+host+target, nil)
		for i := 0; i+1 < len(header); i += 2 {
			r.Header.Set(header[i], header[i+1])
		}
		w := httptest.NewRecorder()
		h.ServeHTTP(w, r)
		return w
	}
	for _, tc := range []struct {
		name   string
		h      http.Handler
		host   string
		target string
		header []string
		code   int
	}{
		{"loopback name", open, "localhost:8080", "/api/templates", nil, 200},
		{"loopback address", open, "127.0.0.1:8080", "/api/templates", nil, 200},
		{"loopback v6", open, "[::1]:8080", "/api/templates", nil, 200},
		{"rebinding: another name", open, "evil.example:8080", "/api/templates", nil, 403},
		{"rebinding: network address", open, "192.168.1.5:8080", "/api/templates", nil, 403},
		{"cross-site request", open, "localhost:8080", "/api/templates", []string{"Sec-Fetch-Site", "cross-site"}, 403},
		// Issue 14, item 9: a browser that sends no Sec-Fetch-Site still sends Origin.
		{"another site's origin", open, "localhost:8080", "/api/templates", []string{"Origin", "http://evil.example"}, 403},
		{"origin of another port", open, "localhost:8080", "/api/templates", []string{"Origin", "http://localhost:9999"}, 403},
		{"null origin", open, "localhost:8080", "/api/templates", []string{"Origin", "null"}, 403},
		{"own origin", open, "localhost:8080", "/api/templates", []string{"Origin", "http://localhost:8080"}, 200},
		{"another site's origin, with a token", locked, "10.0.0.2:8080", "/api/templates", []string{"Origin", "http://evil.example", "Authorization", "Bearer bí-mật-123"}, 403},
		{"missing token", locked, "10.0.0.2:8080", "/api/templates", nil, 401},
		{"missing token, page", locked, "10.0.0.2:8080", "/", nil, 401},
		{"wrong token", locked, "10.0.0.2:8080", "/api/templates", []string{"Authorization", "Bearer sai"}, 401},
		{"bearer token", locked, "10.0.0.2:8080", "/api/templates", []string{"Authorization", "Bearer bí-mật-123"}, 200},
		{"cookie", locked, "10.0.0.2:8080", "/api/templates", []string{"Cookie", tokenCookie + "=" + locked.cookie()}, 200},
		{"wrong cookie", locked, "10.0.0.2:8080", "/api/templates", []string{"Cookie", tokenCookie + "=x"}, 401},
		{"token in the address", locked, "10.0.0.2:8080", "/?token=b%C3%AD-m%E1%BA%ADt-123", nil, 303},
		{"wrong token in the address", locked, "10.0.0.2:8080", "/?token=x", nil, 401},
	} {
		t.Run(tc.name, func(t *testing.T) {
			w := req(tc.h, tc.host, tc.target, tc.header...)
			if w.Code != tc.code {
				t.Fatalf("status %d, want %d: %s", w.Code, tc.code, w.Body)
			}
			if tc.code == 303 {
				c := w.Result().Cookies()
				if len(c) != 1 || c[0].Name != tokenCookie || !c[0].HttpOnly || c[0].SameSite != http.SameSiteStrictMode {
					t.Errorf("cookie %v", c)
				}
				if loc := w.Header().Get("Location"); loc != "/" {
					t.Errorf("sent to %q, want / without the token", loc)
				}
			}
			if tc.code >= 400 {
				problemsIn(t, w)
			}
		})
	}
}

// A render over its time is cancelled with a message, not left running.
func TestRenderTimeout(t *testing.T) {
	s := newServer(t, Options{RenderTimeout: time.Nanosecond})
	w := do(s, "POST", "/api/render?format=pdf", jsonBody(t, exampleState(t, s, "quyet-dinh")))
	if w.Code != 422 && w.Code != 429 {
		t.Fatalf("status %d, want 422 or 429: %s", w.Code, w.Body)
	}
	problemsIn(t, w)
}

// Many renders at once all get the same, right answer.
func TestConcurrentRenders(t *testing.T) {
	// The renders wait their turn for one of Jobs slots; on two busy cores
	// under the race detector, the last of 200 waits longer than the
	// default 30 s. What is tested is the answers, not the time limit.
	s := newServer(t, Options{RenderTimeout: 10 * time.Minute})
	body, _ := json.Marshal(exampleState(t, s, "phat-dong-thi-dua"))
	want := do(s, "POST", "/api/render?format=pdf", bytes.NewReader(body)).Body.Bytes()
	n := 200
	if testing.Short() {
		n = 20
	}
	var wg sync.WaitGroup
	errs := make(chan string, n)
	for range n {
		wg.Add(1)
		go func() {
			defer wg.Done()
			w := do(s, "POST", "/api/render?format=pdf", bytes.NewReader(body))
			if w.Code != 200 || !bytes.Equal(w.Body.Bytes(), want) {
				errs <- w.Body.String()
			}
		}()
	}
	wg.Wait()
	close(errs)
	if len(errs) > 0 {
		t.Errorf("%d of %d renders wrong; first: %.200s", len(errs), n, <-errs)
	}
}

// No form state, however odd, gets a 5xx or breaks the server.
func FuzzRender(f *testing.F) {
	s := newServer(f, Options{RenderTimeout: 5 * time.Second})
	f.Add("pdf", `{"template":"phat-dong-thi-dua","values":{"don_vi":"Xã A","so":"3"}}`)
	f.Add("toml", `{"template":"","doc":{"body":"\"\"\"\\","bases":["a\u0000"]}}`)
	f.Add("docx", `{"template":"giay-moi","doc":{"page.size":"1e400"}}`)
	f.Fuzz(func(t *testing.T, format, body string) {
		w := do(s, "POST", "/api/render?format="+url.QueryEscape(format), strings.NewReader(body))
		if w.Code >= 500 {
			t.Fatalf("status %d for %q: %s", w.Code, body, w.Body)
		}
		if w.Code == 200 && format == "toml" {
			// What is saved must open again.
			if o := do(s, "POST", "/api/open", bytes.NewReader(w.Body.Bytes())); o.Code != 200 {
				t.Fatalf("saved TOML does not open (%d): %s\n%s", o.Code, o.Body, w.Body)
			}
		}
	})
}

// No uploaded file gets a 5xx.
func FuzzOpen(f *testing.F) {
	s := newServer(f, Options{})
	for _, seed := range []string{"template = \"giay-moi\"\n[values]\nngay = 2026-01-02\n", "[issuer]\nname = 1\n", "a.b.c = [[]]"} {
		f.Add(seed)
	}
	f.Fuzz(func(t *testing.T, body string) {
		if w := do(s, "POST", "/api/open", strings.NewReader(body)); w.Code >= 500 {
			t.Fatalf("status %d for %q: %s", w.Code, body, w.Body)
		}
	})
}

// batchForm posts a batch: the shared values of samples/batch, the CSV
// given, and the form fields given as name, value pairs.
func batchForm(t *testing.T, s *Server, csvName, csv string, fields ...string) *httptest.ResponseRecorder {
	t.Helper()
	shared, err := os.ReadFile("../../samples/batch/bau-cu-2026.toml")
	if err != nil {
		t.Fatal(err)
	}
	opened := do(s, "POST", "/api/open", bytes.NewReader(shared))
	if opened.Code != 200 {
		t.Fatalf("open the shared values: %s", opened.Body)
	}
	var body bytes.Buffer
	mw := multipart.NewWriter(&body)
	mw.WriteField("state", opened.Body.String())
	for i := 0; i+1 < len(fields); i += 2 {
		mw.WriteField(fields[i], fields[i+1])
	}
	if csvName != "" {
		fw, _ := mw.CreateFormFile("data", csvName)
		fw.Write([]byte(csv))
	}
	mw.Close()
	return do(s, "POST", "/api/batch", &body, "Content-Type", mw.FormDataContentType())
}

const batchCSV = "tinh,don_vi,chu_tich\n" +
	"Tỉnh Cao Bằng,Xã Hòa An,Nguyễn Văn A\n" +
	"Tỉnh Cao Bằng,,Nguyễn Văn B\n" + // no unit: the row fails, the others go on
	"Thành phố Hà Nội,Phường Ba Đình,Trần Thị C\n"

func TestBatch(t *testing.T) {
	s := newServer(t, Options{})
	zips := map[string][]byte{}
	for run := range 2 {
		w := batchForm(t, s, "../../don vi.csv", batchCSV, "encoding", "utf-8", "formats", "pdf,docx")
		if w.Code != 200 {
			t.Fatalf("status %d: %s", w.Code, w.Body)
		}
		var job struct {
			ID, Zip  string
			Rows     int
			Warnings []string
		}
		json.Unmarshal(w.Body.Bytes(), &job)
		if job.Rows != 3 || job.Zip != "phat-dong-thi-dua-don-vi.zip" {
			t.Errorf("job %+v", job)
		}
		st := do(s, "GET", "/api/batch/"+job.ID, nil)
		if !strings.Contains(st.Body.String(), `"state":"ready"`) || !strings.Contains(st.Body.String(), `"errors":[]`) {
			t.Errorf("before the download: %s", st.Body)
		}
		z := do(s, "GET", "/api/batch/"+job.ID+"/zip", nil)
		if z.Code != 200 || z.Header().Get("Content-Type") != "application/zip" {
			t.Fatalf("zip: status %d, %s", z.Code, z.Body)
		}
		if _, params, _ := mime.ParseMediaType(z.Header().Get("Content-Disposition")); params["filename"] != job.Zip {
			t.Errorf("zip named %q", params["filename"])
		}
		zips[fmt.Sprint(run)] = z.Body.Bytes()
		zr, err := zip.NewReader(bytes.NewReader(z.Body.Bytes()), int64(z.Body.Len()))
		if err != nil {
			t.Fatalf("not a zip: %v", err)
		}
		var names []string
		var manifest string
		for _, f := range zr.File {
			names = append(names, f.Name)
			if f.Name == "manifest.csv" {
				rc, _ := f.Open()
				b, _ := io.ReadAll(rc)
				manifest = string(b)
			}
		}
		want := []string{"1-Xa-Hoa-An.pdf", "1-Xa-Hoa-An.docx", "3-Phuong-Ba-Dinh.pdf", "3-Phuong-Ba-Dinh.docx", "manifest.csv"}
		if !slices.Equal(names, want) {
			t.Errorf("zip holds %q, want %q", names, want)
		}
		if !strings.Contains(manifest, "phải điền") || !strings.Contains(manifest, ",error,") {
			t.Errorf("manifest does not give the failed row in Vietnamese:\n%s", manifest)
		}
		var done status
		json.Unmarshal(do(s, "GET", "/api/batch/"+job.ID, nil).Body.Bytes(), &done)
		if done.State != "done" || done.Done != 3 || done.Failed != 1 || len(done.Errors) != 1 || !strings.HasPrefix(done.Errors[0], "dòng 2:") {
			t.Errorf("after the download: %+v", done)
		}
		if again := do(s, "GET", "/api/batch/"+job.ID+"/zip", nil); again.Code != 409 {
			t.Errorf("second download: status %d", again.Code)
		}
	}
	if !bytes.Equal(zips["0"], zips["1"]) {
		t.Error("the same batch gave two different zips")
	}
}

func TestBatchBadRequests(t *testing.T) {
	s := newServer(t, Options{MaxUpload: 1 << 10, MaxRows: 5})
	many := "tinh,don_vi,chu_tich\n" + strings.Repeat("Tỉnh Cao Bằng,Xã Hòa An,Nguyễn Văn A\n", 6)
	for _, tc := range []struct {
		name    string
		file    string
		data    string
		fields  []string
		code    int
		message string
	}{
		{"no data file", "", "", nil, 400, "chưa có tệp dữ liệu"},
		{"bad encoding", "a.csv", batchCSV, []string{"encoding", "latin-1"}, 400, "bảng mã"},
		{"bad formats", "a.csv", batchCSV, []string{"formats", "pdf,exe"}, 400, "định dạng"},
		{"oversize data", "a.csv", strings.Repeat("x", 2<<10), nil, 413, "quá lớn"},
		{"too many rows", "a.csv", many, nil, 413, "quá 5 dòng"},
		{"no rows", "a.csv", "tinh,don_vi,chu_tich\n", nil, 422, "không có dòng"},
		{"not UTF-8", "a.csv", "tinh,don_vi\n\xff\xfe,x\n", nil, 422, "bảng mã"},
		{"bad quote", "a.csv", "tinh,don_vi\n\"Tỉnh A,x\n", nil, 422, "ngoặc kép"},
		{"bad TOML", "a.toml", "[[rows]]\ndon_vi = \n", nil, 422, "sai cú pháp"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			w := batchForm(t, s, tc.file, tc.data, tc.fields...)
			if w.Code != tc.code {
				t.Fatalf("status %d, want %d: %s", w.Code, tc.code, w.Body)
			}
			if p := problemsIn(t, w); !strings.Contains(p[0].Message, tc.message) {
				t.Errorf("message %q lacks %q", p[0].Message, tc.message)
			}
		})
	}
	// A blank document has nothing to fill.
	var body bytes.Buffer
	mw := multipart.NewWriter(&body)
	mw.WriteField("state", `{"template":""}`)
	fw, _ := mw.CreateFormFile("data", "a.csv")
	fw.Write([]byte(batchCSV))
	mw.Close()
	if w := do(s, "POST", "/api/batch", &body, "Content-Type", mw.FormDataContentType()); w.Code != 422 {
		t.Errorf("blank document: status %d: %s", w.Code, w.Body)
	}
	if w := do(s, "POST", "/api/batch", strings.NewReader("x"), "Content-Type", "text/plain"); w.Code != 400 {
		t.Errorf("not multipart: status %d: %s", w.Code, w.Body)
	}
	// Columns that name no field are ignored, with a warning.
	w := batchForm(t, s, "a.csv", "STT,ghi chu\n1,2\n")
	if w.Code != 200 || !strings.Contains(w.Body.String(), `cột \"STT\" không phải trường`) {
		t.Errorf("unknown columns: status %d: %s", w.Code, w.Body)
	}
	// Batches not downloaded hold their place: the ninth waits.
	s = newServer(t, Options{})
	for i := range maxJobs + 1 {
		w := batchForm(t, s, "a.csv", batchCSV)
		if want := map[bool]int{true: 429, false: 200}[i == maxJobs]; w.Code != want {
			t.Fatalf("batch %d: status %d, want %d: %s", i+1, w.Code, want, w.Body)
		}
	}
}

func TestExpand(t *testing.T) {
	s := newServer(t, Options{})
	w := do(s, "POST", "/api/expand", strings.NewReader(`{"template":"phat-dong-thi-dua","values":{"don_vi":"Xã Hòa An","so":"x"}}`))
	if w.Code != 200 {
		t.Fatalf("status %d: %s", w.Code, w.Body)
	}
	var body struct{ Doc map[string]Entry }
	json.Unmarshal(w.Body.Bytes(), &body)
	for key, want := range map[string]string{
		"issuer.name": "ỦY BAN NHÂN DÂN\nXÃ HÒA AN",
		"place":       "Hòa An",
		"type":        "PHÁT ĐỘNG THI ĐUA",
		"summary":     "[Tên phong trào (trích yếu)]", // not filled: its label stands in
	} {
		if got := body.Doc[key].Text; got != want {
			t.Errorf("%s = %q, want %q", key, got, want)
		}
	}
	if _, ok := body.Doc["number"]; ok {
		t.Error("a wrong number stands in the template's view")
	}
	if r := body.Doc["recipients"]; !r.List || len(r.Lines) == 0 || r.Lines[0] != "Sở Nội vụ [Tỉnh, thành phố]" {
		t.Errorf("recipients %+v", r)
	}
	if w := do(s, "POST", "/api/expand", strings.NewReader(`{"template":""}`)); w.Code != 422 {
		t.Errorf("blank document: status %d", w.Code)
	}
}

// Failed requests are logged with their status, never with the document;
// a form not finished yet (422 while typing) is not a failure to log.
func TestLog(t *testing.T) {
	var buf bytes.Buffer
	s := newServer(t, Options{Log: slog.New(slog.NewTextHandler(&buf, nil))})
	do(s, "POST", "/api/render?format=pdf", strings.NewReader(`{"template":"","doc":{"body":"bí mật"}}`))
	do(s, "POST", "/api/render?format=odt", strings.NewReader(`{"template":"","doc":{"body":"bí mật"}}`))
	do(s, "GET", "/api/templates", nil)
	log := buf.String()
	if !strings.Contains(log, "status=400") || !strings.Contains(log, "path=/api/render") {
		t.Errorf("the failed request is not logged: %q", log)
	}
	if strings.Contains(log, "status=422") {
		t.Errorf("an unfinished form is logged as a warning: %q", log)
	}
	if strings.Contains(log, "bí mật") || strings.Contains(log, "/api/templates") {
		t.Errorf("the log holds the document or a good request at the default level: %q", log)
	}
}

// "Điền ví dụ" on a blank document gives a document: the examples of the
// document's parts make a valid one.
func TestBlankExamples(t *testing.T) {
	s := newServer(t, Options{})
	st := State{Doc: blankExamples()}
	if w := do(s, "POST", "/api/render?format=pdf", jsonBody(t, st)); w.Code != 200 {
		t.Errorf("status %d: %s", w.Code, w.Body)
	}
}

// blankExamples is a blank document filled by "Điền ví dụ".
func blankExamples() map[string]Entry {
	doc := map[string]Entry{}
	for _, f := range docFields {
		if f.Example == "" {
			continue
		}
		e := Entry{Text: f.Example}
		if f.Kind == kindLines {
			e = Entry{List: true, Lines: strings.Split(f.Example, "\n")}
		}
		doc[f.Key] = e
	}
	return doc
}

// After a blank document filled with examples, choosing the letter
// template gives the letter: the page sends the template's values without
// the blank document's parts (they are put aside until the user keeps
// them), and what it sends when they are kept is a different document.
func TestTemplateSwitch(t *testing.T) {
	s := newServer(t, Options{})
	st := exampleState(t, s, "cong-van")
	doc, err := s.document(&st, mustTOML(t, s, &st))
	if err != nil {
		t.Fatal(err)
	}
	if !doc.IsLetter() {
		t.Errorf("the letter template without the blank's parts is a %q", doc.Type)
	}
	kept := st
	kept.Doc = blankExamples()
	doc, err = s.document(&kept, mustTOML(t, s, &kept))
	if err != nil {
		t.Fatal(err)
	}
	if doc.IsLetter() || doc.Type != "THÔNG BÁO" {
		t.Errorf("the parts kept do not override the template: %q", doc.Type)
	}
	for _, st := range []State{st, kept} {
		a := do(s, "POST", "/api/render?format=pdf", jsonBody(t, st))
		if a.Code != 200 {
			t.Fatalf("status %d: %s", a.Code, a.Body)
		}
	}
}

func mustTOML(t *testing.T, s *Server, st *State) []byte {
	t.Helper()
	data, probs := st.toml(s.forms)
	if len(probs) > 0 {
		t.Fatalf("%+v", probs)
	}
	return data
}

// Messages name the form's boxes in plain Vietnamese: a new blank
// document's problems all belong beside a box (so that they wait until it
// is typed in), and none speaks of tables, keys or internal field names.
func TestPlainMessages(t *testing.T) {
	s := newServer(t, Options{})
	jargon := regexp.MustCompile(`\[|=|bảng|khóa|\([a-z_]+\)|"`)
	for _, name := range []string{"", "cong-van", "phat-dong-thi-dua", "giay-moi"} {
		w := do(s, "POST", "/api/render?format=pdf", jsonBody(t, State{Template: name}))
		for _, p := range problemsIn(t, w) {
			if p.Field == "" {
				if _, ok := docField(p.Key); !ok {
					t.Errorf("%q: a problem beside no box: %+v", name, p)
				}
			}
			if jargon.MatchString(p.Message) {
				t.Errorf("%q: jargon in %q", name, p.Message)
			}
		}
	}
}
