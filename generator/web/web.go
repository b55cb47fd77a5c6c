// Package web is the form office staff fill in a browser: pick a template
// or a blank document, type in Vietnamese, see the real PDF as it will be
// printed, and download the PDF, the DOCX and the TOML to reopen later. A
// CSV for a template gives a zip of one document per row, with progress.
//
// The page, its script and its style are embedded: nothing is fetched from
// the network, and nothing is written to disk. Every request body has a
// size limit, a render that takes too long is cancelled, and bad input gets
// a 4xx answer with a Vietnamese message, never a 500.
//
//	srv, err := web.New(web.Options{Token: os.Getenv("VANBAN_TOKEN")})
//	...
//	http.ListenAndServe("127.0.0.1:8080", srv)
//
// Without a token the server answers only requests addressed to a loopback
// name (localhost, 127.0.0.1, [::1]), so a web page elsewhere cannot reach
// it through DNS rebinding; with one, every request must carry it.
package web

import (
	"context"
	"crypto/sha256"
	"crypto/subtle"
	"embed"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"log/slog"
	"net"
	"net/http"
	"net/url"
	"path"
	"runtime"
	"strings"
	"sync"
	"time"

	"github.com/vanban/vanban/generator"
	"github.com/vanban/vanban/generator/register"
	"github.com/vanban/vanban/generator/template"
)

//go:embed static
var static embed.FS

// Options sets the limits of a Server. Zero values take the defaults.
type Options struct {
	// Token, if set, must come with every request: as the cookie the
	// server sets when the page is opened with ?token=..., or as
	// "Authorization: Bearer <token>".
	Token string
	// RenderTimeout bounds one render, waiting included (default 30 s).
	RenderTimeout time.Duration
	// MaxBody bounds a form or an uploaded TOML (default 1 MiB).
	MaxBody int64
	// MaxUpload bounds a batch's data file (default 16 MiB).
	MaxUpload int64
	// MaxRows bounds the rows of a batch (default 10,000).
	MaxRows int
	// MaxHeld bounds the bytes of data that batches waiting for their
	// download, or being downloaded, hold together (default 64 MiB).
	MaxHeld int64
	// Jobs is how many previews and downloads render at once (default one
	// per CPU); more requests wait their turn. A batch renders with as
	// many workers of its own.
	Jobs int
	// Register, if set, is the outgoing register: the form can then issue
	// a document with its number, and /so-van-ban-di shows the register.
	Register *register.Register
	// Signing, if set with Register, is the agency's key: "Ban hành" can
	// then also sign the issued PDF digitally, as the person with
	// authority with a key file uploaded for the request, then as the
	// agency with this key. New checks it (Signing.Check).
	Signing *Signing
	// Log receives a line per request: failed ones at the warning level,
	// the rest, and 422 (a form not finished yet), at the debug level;
	// nil discards them.
	Log *slog.Logger
}

// Server serves the form and its API. It is an http.Handler.
type Server struct {
	opt     Options
	forms   map[string]*generator.Form // the built-in templates, by name
	list    []templateInfo             // what the page is told about them
	slots   chan struct{}              // one per render that may run
	mux     *http.ServeMux
	mu      sync.Mutex
	batches map[string]*job
	held    int64 // bytes of data the batches hold
}

// New returns a server with the built-in templates.
func New(opt Options) (*Server, error) {
	if opt.RenderTimeout <= 0 {
		opt.RenderTimeout = 30 * time.Second
	}
	if opt.MaxBody <= 0 {
		opt.MaxBody = 1 << 20
	}
	if opt.MaxUpload <= 0 {
		opt.MaxUpload = 16 << 20
	}
	if opt.MaxRows <= 0 {
		opt.MaxRows = 10000
	}
	if opt.MaxHeld <= 0 {
		opt.MaxHeld = 64 << 20
	}
	if opt.Jobs <= 0 {
		opt.Jobs = runtime.GOMAXPROCS(0)
	}
	if opt.Log == nil {
		opt.Log = slog.New(slog.DiscardHandler)
	}
	if opt.Signing != nil {
		if opt.Register == nil {
			return nil, errors.New("signing needs the register: documents are signed as they are issued")
		}
		if err := opt.Signing.Check(context.Background()); err != nil {
			return nil, fmt.Errorf("the agency's signing key: %w", err)
		}
	}
	ts, err := generator.Templates()
	if err != nil {
		return nil, fmt.Errorf("built-in templates: %w", err)
	}
	s := &Server{opt: opt, forms: map[string]*generator.Form{}, slots: make(chan struct{}, opt.Jobs), batches: map[string]*job{}}
	for _, t := range ts {
		s.forms[t.Name] = &generator.Form{Template: t, Ref: t.Name}
		s.list = append(s.list, info(t))
	}
	files, err := fs.Sub(static, "static")
	if err != nil {
		return nil, err
	}
	m := http.NewServeMux()
	m.Handle("GET /static/", http.StripPrefix("/static/", staticFiles(files)))
	m.HandleFunc("GET /{$}", page("static/index.html"))
	m.HandleFunc("GET /api/templates", s.templates)
	m.HandleFunc("POST /api/render", s.render)
	m.HandleFunc("POST /api/open", s.open)
	m.HandleFunc("POST /api/expand", s.expand)
	m.HandleFunc("POST /api/batch", s.startBatch)
	m.HandleFunc("GET /api/batch/{id}", s.batchStatus)
	m.HandleFunc("GET /api/batch/{id}/zip", s.batchZip)
	s.registerRoutes(m)
	m.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) {
		fail(w, http.StatusNotFound, "không có trang này: "+r.URL.Path)
	})
	// The same paths with another method: 405, with a message.
	for _, p := range []string{"/{$}", "/static/", "/api/templates", "/api/render", "/api/open", "/api/expand", "/api/batch", "/api/batch/{id}", "/api/batch/{id}/zip"} {
		m.HandleFunc(p, func(w http.ResponseWriter, r *http.Request) {
			fail(w, http.StatusMethodNotAllowed, "phương thức "+r.Method+" không dùng được với "+r.URL.Path)
		})
	}
	s.mux = m
	return s, nil
}

// ServeHTTP checks the request's host and token, sets the headers that
// keep the page to itself, and answers.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	start := time.Now()
	rec := &recorder{ResponseWriter: w, status: http.StatusOK}
	w = rec
	defer func() {
		// Failed requests at the warning level, so that an administrator
		// sees them; the rest at the debug level. Never the body: it is
		// the office's document.
		s.opt.Log.Log(r.Context(), logLevel(rec.status), "request", "method", r.Method, "path", r.URL.Path,
			"status", rec.status, "bytes", rec.bytes, "duration", time.Since(start).Round(time.Millisecond))
	}()
	h := w.Header()
	h.Set("Content-Security-Policy", "default-src 'self'; img-src 'self' data: blob:; frame-src 'self' blob:; object-src 'self' blob:; "+
		"style-src 'self'; script-src 'self'; connect-src 'self' blob:; base-uri 'none'; form-action 'self'; frame-ancestors 'none'")
	h.Set("X-Content-Type-Options", "nosniff")
	h.Set("X-Frame-Options", "DENY")
	h.Set("Referrer-Policy", "no-referrer")
	h.Set("Cache-Control", "no-store")
	defer func() {
		if v := recover(); v != nil {
			if v == http.ErrAbortHandler {
				panic(v)
			}
			// A bug, not bad input; tell the user so, in words.
			s.opt.Log.Error("panic", "path", r.URL.Path, "panic", fmt.Sprint(v))
			fail(w, http.StatusInternalServerError, "lỗi của chương trình; xin báo cho bộ phận công nghệ thông tin")
		}
	}()
	if s.opt.Token == "" && !loopbackHost(r.Host) {
		fail(w, http.StatusForbidden, "máy chủ chỉ nhận yêu cầu gửi tới localhost; muốn mở cho mạng, hãy chạy với -token")
		return
	}
	if r.Header.Get("Sec-Fetch-Site") == "cross-site" || !sameOrigin(r) {
		fail(w, http.StatusForbidden, "yêu cầu từ trang web khác bị từ chối")
		return
	}
	if s.opt.Token != "" && !s.authorised(w, r) {
		return
	}
	s.mux.ServeHTTP(w, r)
}

// logLevel is the level a request is logged at: warning for a failure an
// administrator may act on, debug for the rest. 422 is the user's own
// unfinished work (a form being typed, a file with a mistake), not a
// failure of the server.
func logLevel(status int) slog.Level {
	if status >= 400 && status != http.StatusUnprocessableEntity {
		return slog.LevelWarn
	}
	return slog.LevelDebug
}

// recorder notes the status and size of an answer, for the log.
type recorder struct {
	http.ResponseWriter
	status int
	bytes  int64
	wrote  bool
}

func (r *recorder) WriteHeader(code int) {
	if !r.wrote {
		r.status, r.wrote = code, true
	}
	r.ResponseWriter.WriteHeader(code)
}

func (r *recorder) Write(p []byte) (int, error) {
	r.wrote = true
	n, err := r.ResponseWriter.Write(p)
	r.bytes += int64(n)
	return n, err
}

// Unwrap lets http.ResponseController reach the connection: a batch's zip
// sets its own write deadlines.
func (r *recorder) Unwrap() http.ResponseWriter { return r.ResponseWriter }

const tokenCookie = "vanban_token"

// authorised reports whether r carries the token. A page opened with
// ?token= gets it as a cookie and is sent to the same address without it,
// so the token does not stay in the address bar or the history.
func (s *Server) authorised(w http.ResponseWriter, r *http.Request) bool {
	same := func(t string) bool { return subtle.ConstantTimeCompare([]byte(t), []byte(s.opt.Token)) == 1 }
	if t := r.URL.Query().Get("token"); t != "" && r.Method == http.MethodGet {
		if !same(t) {
			fail(w, http.StatusUnauthorized, "mã truy cập không đúng")
			return false
		}
		http.SetCookie(w, &http.Cookie{Name: tokenCookie, Value: s.cookie(), Path: "/", HttpOnly: true, SameSite: http.SameSiteStrictMode})
		q := r.URL.Query()
		q.Del("token")
		u := *r.URL
		u.RawQuery = q.Encode()
		http.Redirect(w, r, u.RequestURI(), http.StatusSeeOther)
		return false
	}
	if c, err := r.Cookie(tokenCookie); err == nil && subtle.ConstantTimeCompare([]byte(c.Value), []byte(s.cookie())) == 1 {
		return true
	}
	if t, ok := strings.CutPrefix(r.Header.Get("Authorization"), "Bearer "); ok && same(t) {
		return true
	}
	w.Header().Set("WWW-Authenticate", `Bearer realm="vanban"`)
	fail(w, http.StatusUnauthorized, "cần mã truy cập: hãy mở địa chỉ mà bộ phận công nghệ thông tin gửi, có dạng http://máy-chủ:8080/?token=...")
	return false
}

// cookie is the cookie's value: derived from the token, not the token
// itself, and ASCII whatever the token holds.
func (s *Server) cookie() string {
	sum := sha256.Sum256([]byte("vanban cookie\x00" + s.opt.Token))
	return hex.EncodeToString(sum[:])
}

// sameOrigin reports whether r's Origin header, when it has one, names the
// server it was sent to: browsers that do not send Sec-Fetch-Site still
// send Origin with a request from another site's page.
func sameOrigin(r *http.Request) bool {
	o := r.Header.Get("Origin")
	if o == "" {
		return true
	}
	u, err := url.Parse(o)
	return err == nil && (u.Scheme == "http" || u.Scheme == "https") && strings.EqualFold(u.Host, r.Host)
}

// loopbackHost reports whether the Host header names this machine.
func loopbackHost(host string) bool {
	if h, _, err := net.SplitHostPort(host); err == nil {
		host = h
	}
	host = strings.TrimSuffix(strings.Trim(host, "[]"), ".")
	if strings.EqualFold(host, "localhost") || strings.HasSuffix(strings.ToLower(host), ".localhost") {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}

// staticFiles serves the page's script and style; a missing file, or a
// folder, gets the same JSON answer as any other unknown path.
func staticFiles(files fs.FS) http.Handler {
	h := http.FileServerFS(files)
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		fi, err := fs.Stat(files, strings.TrimPrefix(path.Clean("/"+r.URL.Path), "/"))
		if err != nil || fi.IsDir() {
			fail(w, http.StatusNotFound, "không có trang này: /static/"+r.URL.Path)
			return
		}
		h.ServeHTTP(w, r)
	})
}

// page serves the embedded HTML page at name: the form, the register.
func page(name string) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		data, err := static.ReadFile(name)
		if err != nil {
			fail(w, http.StatusNotFound, "không có trang này")
			return
		}
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		w.Write(data)
	}
}

// templateInfo is a template as the page sees it.
type templateInfo struct {
	Name        string      `json:"name"`
	Title       string      `json:"title"`
	Description string      `json:"description"`
	Fields      []fieldInfo `json:"fields"`
}

type fieldInfo struct {
	Name     string `json:"name"`
	Label    string `json:"label"`
	Help     string `json:"help,omitempty"`
	Kind     string `json:"kind"`
	Required bool   `json:"required,omitempty"`
	Default  Entry  `json:"default"`
	Example  Entry  `json:"example"`
}

func info(t *generator.Template) templateInfo {
	ti := templateInfo{Name: t.Name, Title: t.Title, Description: t.Description, Fields: []fieldInfo{}}
	for _, f := range t.Fields {
		ti.Fields = append(ti.Fields, fieldInfo{Name: f.Name, Label: f.Label, Help: f.Help, Kind: string(f.Kind),
			Required: f.Required, Default: formEntry(f.Default.Raw(), f.Kind == template.Lines), Example: formEntry(f.Example.Raw(), f.Kind == template.Lines)})
	}
	return ti
}

// formEntry is a template value as the form shows it.
func formEntry(raw any, list bool) Entry {
	if raw == nil {
		return Entry{List: list}
	}
	e, _ := entry(raw, list)
	return e
}

// templates tells the page the built-in templates and the document's keys.
func (s *Server) templates(w http.ResponseWriter, r *http.Request) {
	writeJSON(w, http.StatusOK, map[string]any{"templates": s.list, "document": docFields})
}

// fail answers with a status and a message, as JSON: the page shows the
// message to the user.
func fail(w http.ResponseWriter, status int, msg string) {
	writeJSON(w, status, map[string]any{"problems": []Problem{{Message: msg}}})
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.WriteHeader(status)
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(true)
	enc.Encode(v)
}
