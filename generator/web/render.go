package web

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"mime"
	"net/http"
	"slices"
	"strings"

	"github.com/vanban/vanban/generator"
	"github.com/vanban/vanban/generator/batch"
	"github.com/vanban/vanban/generator/template"
)

// contentTypes gives each download's media type.
var contentTypes = map[string]string{
	"pdf":  "application/pdf",
	"docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
	"toml": "application/toml; charset=utf-8",
}

// render answers POST /api/render?format=pdf|docx|toml[&download=1] with
// the document the form's state makes, or 422 and the problems to show
// beside the fields. The TOML is written even when the document has
// problems, so that unfinished work can be saved.
func (s *Server) render(w http.ResponseWriter, r *http.Request) {
	format := r.URL.Query().Get("format")
	if format == "" {
		format = "pdf"
	}
	if _, ok := contentTypes[format]; !ok {
		fail(w, http.StatusBadRequest, fmt.Sprintf("không có định dạng %q: chỉ có pdf, docx, toml", format))
		return
	}
	var st State
	if !s.readJSON(w, r, &st) {
		return
	}
	data, probs := st.toml(s.forms)
	if data == nil {
		writeJSON(w, http.StatusUnprocessableEntity, map[string]any{"problems": probs})
		return
	}
	if format == "toml" {
		s.send(w, r, data, s.fileName(&st, nil)+".toml", format)
		return
	}
	doc, err := s.document(&st, data)
	if err != nil {
		for _, p := range problems(err) {
			// A value the form found wrong is found wrong again by the
			// generator: say it once.
			if !slices.ContainsFunc(probs, func(q Problem) bool { return q.Field == p.Field && q.Key == p.Key }) {
				probs = append(probs, p)
			}
		}
	}
	if len(probs) > 0 {
		writeJSON(w, http.StatusUnprocessableEntity, map[string]any{"problems": probs})
		return
	}
	out, status, msg := s.write(r.Context(), doc, format)
	if status != http.StatusOK {
		fail(w, status, msg)
		return
	}
	s.send(w, r, out, s.fileName(&st, doc)+"."+format, format)
}

// document makes the document from the state's TOML, the very text "Lưu
// để sửa tiếp" saves, so that the saved file can only make the document
// shown; decoding it again costs a few microseconds. A template's values
// are given to Form.Fill as a form's are, not as an input file's, so that
// each is checked and its problems name the field.
func (s *Server) document(st *State, data []byte) (*generator.Document, error) {
	if st.Template == "" {
		return generator.ParseNamed("", data)
	}
	var raw map[string]any
	if _, err := generator.DecodeTOML("", data, &raw); err != nil {
		return nil, err // a value nested too deep; otherwise a bug: toml writes valid TOML
	}
	values, _ := raw["values"].(map[string]any)
	if values == nil {
		values = map[string]any{}
	}
	delete(raw, "values")
	delete(raw, "template")
	f := &generator.Form{Template: s.forms[st.Template].Template, Ref: st.Template, Doc: raw}
	return f.Fill(values)
}

// write renders doc within the render timeout, waiting for a free slot
// first. It returns the status to answer with and, unless it is 200, a
// message.
func (s *Server) write(ctx context.Context, doc *generator.Document, format string) ([]byte, int, string) {
	ctx, cancel := context.WithTimeout(ctx, s.opt.RenderTimeout)
	defer cancel()
	select {
	case s.slots <- struct{}{}:
		defer func() { <-s.slots }()
	case <-ctx.Done():
		return nil, http.StatusTooManyRequests, "máy chủ đang bận, xin thử lại sau ít phút"
	}
	var buf bytes.Buffer
	if err := generator.Write(ctx, &buf, doc, format); err != nil {
		if errors.Is(err, context.DeadlineExceeded) {
			return nil, http.StatusUnprocessableEntity, fmt.Sprintf("văn bản quá dài: không tạo xong trong %v", s.opt.RenderTimeout)
		}
		if errors.Is(err, context.Canceled) {
			return nil, 499, "người dùng đã hủy"
		}
		return nil, http.StatusUnprocessableEntity, "không tạo được văn bản: " + err.Error()
	}
	return buf.Bytes(), http.StatusOK, ""
}

// send writes a file: inline for the preview, as an attachment with
// ?download=1. The name is ASCII, safe on every system.
func (s *Server) send(w http.ResponseWriter, r *http.Request, data []byte, name, format string) {
	disp := "inline"
	if r.URL.Query().Get("download") == "1" {
		disp = "attachment"
	}
	h := w.Header()
	h.Set("Content-Type", contentTypes[format])
	h.Set("Content-Disposition", mime.FormatMediaType(disp, map[string]string{"filename": name}))
	h.Set("Content-Length", fmt.Sprint(len(data)))
	w.Write(data)
}

// fileName names a download after the template and its file_name pattern,
// or after the document's type and summary.
func (s *Server) fileName(st *State, doc *generator.Document) string {
	if f, ok := s.forms[st.Template]; ok {
		name := st.Template
		np, err := f.Template.NamePattern("")
		if err == nil {
			vals := map[string]template.Value{}
			for _, fd := range f.Template.Fields {
				e, ok := st.Values[fd.Name]
				if !ok {
					continue
				}
				if v, err := fd.Parse(e.raw()); err == nil {
					vals[fd.Name] = v
				}
			}
			if part := np.Name(vals, ""); part != "" {
				name += " " + part
			}
		}
		return batch.SafeName(name)
	}
	if doc == nil {
		return batch.SafeName(st.Doc["type"].Text + " " + st.Doc["summary"].Text)
	}
	name := doc.Type
	if doc.IsLetter() {
		name = "cong van"
	}
	return batch.SafeName(name + " " + doc.Summary)
}

// open answers POST /api/open, whose body is a saved TOML file, with the
// state that fills the form and the parts of the file it left out, or 422
// and the problems with their lines when the file cannot be opened.
func (s *Server) open(w http.ResponseWriter, r *http.Request) {
	data, ok := s.readBody(w, r, s.opt.MaxBody)
	if !ok {
		return
	}
	name := r.URL.Query().Get("name")
	st, probs := readState(name, data, s.forms)
	if st == nil {
		writeJSON(w, http.StatusUnprocessableEntity, map[string]any{"problems": probs})
		return
	}
	writeJSON(w, http.StatusOK, opened{State: st, Problems: probs})
}

// opened is what POST /api/open answers: the state, and the parts of the
// file left out, with their lines, for the page to say so.
type opened struct {
	*State
	Problems []Problem `json:"problems,omitempty"`
}

// readJSON decodes the request body into v, answering 4xx when it cannot.
func (s *Server) readJSON(w http.ResponseWriter, r *http.Request, v any) bool {
	data, ok := s.readBody(w, r, s.opt.MaxBody)
	if !ok {
		return false
	}
	return decodeJSON(w, data, v)
}

// decodeJSON decodes data, one JSON value, into v, answering 400 when it
// cannot.
func decodeJSON(w http.ResponseWriter, data []byte, v any) bool {
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	if err := dec.Decode(v); err != nil {
		fail(w, http.StatusBadRequest, "dữ liệu biểu mẫu không đọc được: "+err.Error())
		return false
	}
	if dec.More() {
		fail(w, http.StatusBadRequest, "dữ liệu biểu mẫu có phần thừa sau JSON")
		return false
	}
	return true
}

// readBody reads at most limit bytes of the body, answering 413 beyond.
func (s *Server) readBody(w http.ResponseWriter, r *http.Request, limit int64) ([]byte, bool) {
	data, err := io.ReadAll(http.MaxBytesReader(w, r.Body, limit))
	var tooBig *http.MaxBytesError
	switch {
	case errors.As(err, &tooBig):
		fail(w, http.StatusRequestEntityTooLarge, fmt.Sprintf("dữ liệu gửi lên quá lớn: tối đa %s", size(limit)))
		return nil, false
	case err != nil:
		fail(w, http.StatusBadRequest, "không đọc được dữ liệu gửi lên: "+err.Error())
		return nil, false
	}
	return data, true
}

// size writes a byte count as people read it: "1 MB", "16 MB", "512 KB".
func size(n int64) string {
	if n >= 1<<20 && n%(1<<20) == 0 {
		return fmt.Sprintf("%d MB", n>>20)
	}
	if n >= 1<<10 {
		return fmt.Sprintf("%d KB", n>>10)
	}
	return fmt.Sprintf("%d byte", n)
}

// expand answers POST /api/expand with what the state's template makes of
// each document key, as the form shows it: the page shows it in the empty
// boxes of "Các phần khác của văn bản", and copies it into one to edit it.
// A field not filled yet stands as its label in brackets.
func (s *Server) expand(w http.ResponseWriter, r *http.Request) {
	var st State
	if !s.readJSON(w, r, &st) {
		return
	}
	f, ok := s.forms[st.Template]
	if !ok {
		fail(w, http.StatusUnprocessableEntity, fmt.Sprintf("không có mẫu %q", st.Template))
		return
	}
	vals := map[string]template.Value{}
	for _, fd := range f.Template.Fields {
		v, err := fd.Parse(st.Values[fd.Name].raw())
		if err != nil || v.IsZero() && fd.Default.IsZero() {
			// Unfilled or wrong: its label stands in, where text can.
			stand := "[" + fd.Label + "]"
			switch fd.Kind {
			case template.Lines:
				v, err = fd.Parse([]string{stand})
			case template.Text, template.Multiline:
				v, err = fd.Parse(stand)
			default:
				continue // a made-up date or number would mislead
			}
			if err != nil {
				continue
			}
		}
		vals[fd.Name] = v
	}
	doc := map[string]Entry{}
	if filled, probs := f.Template.Expand(vals); len(probs) == 0 {
		for _, k := range sortedKeys(filled.Doc) {
			flatten(filled.Doc[k], []string{k}, func(path []string, v any) {
				key := strings.Join(path, ".")
				if df, ok := docField(key); ok {
					if e, msg := entry(v, df.Kind == kindLines); msg == "" {
						doc[key] = e
					}
				}
			})
		}
	}
	writeJSON(w, http.StatusOK, map[string]any{"doc": doc})
}
