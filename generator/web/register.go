package web

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/BurntSushi/toml"

	"github.com/vanban/vanban/generator"
	"github.com/vanban/vanban/generator/problem"
	"github.com/vanban/vanban/generator/register"
	"github.com/vanban/vanban/generator/sign"
	"github.com/vanban/vanban/generator/vn"
)

// The outgoing register in the form, when Options.Register is set: a
// finished document is issued ("Ban hành") with the next number of its
// series, and the page /so-van-ban-di lists, searches, downloads again,
// cancels and prints the register. Like every request, these need the
// token when the server has one.

// registerRoutes adds the register's page and API to m, when the server
// has a register; /api/register/info tells the page either way.
func (s *Server) registerRoutes(m *http.ServeMux) {
	m.HandleFunc("GET /api/register/info", s.registerInfo)
	if s.opt.Register == nil {
		return
	}
	m.HandleFunc("GET /so-van-ban-di", page("static/register.html"))
	m.HandleFunc("POST /api/issue/next", s.issueNext)
	m.HandleFunc("POST /api/issue", s.issue)
	m.HandleFunc("POST /api/issue/sign", s.issueSigned)
	m.HandleFunc("GET /api/register", s.registerList)
	m.HandleFunc("GET /api/register/file", s.registerFile)
	m.HandleFunc("POST /api/register/cancel", s.registerCancel)
	m.HandleFunc("POST /api/register/signed", s.registerSigned)
	m.HandleFunc("GET /api/register/print", s.registerPrint)
}

// registerInfo tells the page whether the server has a register, so the
// form shows "Ban hành", with this year and the default series.
func (s *Server) registerInfo(w http.ResponseWriter, r *http.Request) {
	writeJSON(w, http.StatusOK, map[string]any{"enabled": s.opt.Register != nil,
		"year": register.Today(time.Now()).Year(), "series": register.DefaultSeries, "signing": s.signingInfo()})
}

// row is an entry as the page shows it.
type row struct {
	Agency    string     `json:"agency"`
	Year      int        `json:"year"`
	Series    string     `json:"series"`
	Number    string     `json:"number"` // "01/QĐ-UBND"
	Columns   [10]string `json:"columns"`
	Cancelled bool       `json:"cancelled"`
	Signed    bool       `json:"signed"` // the register keeps a digitally signed PDF
	Name      string     `json:"name"`
	Query     string     `json:"query"` // identifies the row in /api/register/file and cancel
}

func rowOf(e *register.Entry) row {
	q := url.Values{"agency": {e.Agency}, "year": {strconv.Itoa(e.Year)}, "number": {e.NumberCode()}}.Encode()
	return row{Agency: e.Agency, Year: e.Year, Series: e.Series, Number: e.NumberCode(), Columns: e.Columns(),
		Cancelled: e.IsCancelled(), Signed: e.IsSigned(), Name: e.Name, Query: q}
}

// issueInput makes the register's input from the form's state: the TOML
// "Lưu để sửa tiếp" saves, with the series chosen in the dialog. It
// answers 422 and returns false when the document has problems.
func (s *Server) issueInput(w http.ResponseWriter, r *http.Request) (register.Input, bool) {
	var st State
	if !s.readJSON(w, r, &st) {
		return register.Input{}, false
	}
	in, _, ok := s.inputOf(w, r, &st)
	return in, ok
}

// inputOf makes the register's input from a state, and the document it
// makes, unnumbered. It answers 422 and returns false when the document
// has problems.
func (s *Server) inputOf(w http.ResponseWriter, r *http.Request, st *State) (register.Input, *generator.Document, bool) {
	data, probs := st.toml(s.forms)
	if data != nil && len(probs) == 0 {
		doc, err := s.document(st, data)
		if err != nil {
			probs = problems(err)
		} else {
			data = withSeries(data, r.URL.Query().Get("series"))
			return register.Input{Name: s.fileName(st, doc) + ".toml", TOML: data}, doc, true
		}
	}
	writeJSON(w, http.StatusUnprocessableEntity, map[string]any{"problems": probs})
	return register.Input{}, nil, false
}

// withSeries puts series = "..." at the top of data, unless it is empty or
// the default.
func withSeries(data []byte, series string) []byte {
	series = strings.Join(strings.Fields(series), " ")
	if series == "" || series == register.DefaultSeries {
		return data
	}
	var b bytes.Buffer
	toml.NewEncoder(&b).Encode(map[string]string{"series": series})
	return append(b.Bytes(), data...)
}

// issueFailed answers an error of Next or Issue: the input's own problems
// and a number taken meanwhile are the user's to mend (422, 409); the
// rest is the database's.
func issueFailed(w http.ResponseWriter, err error) {
	var ne *register.NumberedError
	var ce *register.ChangedError
	switch {
	case errors.As(err, &ne):
		writeJSON(w, http.StatusUnprocessableEntity, map[string]any{"problems": []Problem{{Message: fmt.Sprintf(
			"văn bản đã có số (%d): số do sổ đăng ký văn bản đi cấp khi ban hành; hãy để trống ô Số rồi ban hành", ne.Number)}}})
	case errors.As(err, &ce):
		writeJSON(w, http.StatusConflict, map[string]any{"next": ce.Next, "problems": []Problem{{Message: fmt.Sprintf(
			"số %s vừa được cấp cho văn bản khác; số tiếp theo là %s: xin xác nhận lại", vn.Number(ce.Expected), vn.Number(ce.Next))}}})
	case errors.Is(err, context.DeadlineExceeded), errors.Is(err, context.Canceled):
		fail(w, http.StatusServiceUnavailable, "sổ văn bản đang bận, xin thử lại")
	default:
		if ps := problems(err); len(ps) > 0 && !strings.HasPrefix(err.Error(), "register:") {
			writeJSON(w, http.StatusUnprocessableEntity, map[string]any{"problems": ps})
			return
		}
		fail(w, http.StatusInternalServerError, "không ghi được vào sổ văn bản: "+err.Error())
	}
}

// issueNext answers POST /api/issue/next with the number the document
// would get, for the user to confirm.
func (s *Server) issueNext(w http.ResponseWriter, r *http.Request) {
	in, ok := s.issueInput(w, r)
	if !ok {
		return
	}
	e, err := s.opt.Register.Next(r.Context(), in, register.IssueOptions{})
	if err != nil {
		issueFailed(w, err)
		return
	}
	writeJSON(w, http.StatusOK, map[string]any{"number": e.Number, "numberCode": e.NumberCode(),
		"date": e.Date.Format("02/01/2006"), "agency": e.Agency, "series": e.Series, "title": e.Title})
}

// issue answers POST /api/issue?expect=N: it gives the document number N,
// the one the user confirmed, or answers 409 if another took it.
func (s *Server) issue(w http.ResponseWriter, r *http.Request) {
	expect, err := strconv.Atoi(r.URL.Query().Get("expect"))
	if err != nil || expect <= 0 {
		fail(w, http.StatusBadRequest, "thiếu số đã xác nhận (expect)")
		return
	}
	in, ok := s.issueInput(w, r)
	if !ok {
		return
	}
	ctx, cancel := context.WithTimeout(r.Context(), s.opt.RenderTimeout)
	defer cancel()
	d, err := s.opt.Register.Issue(ctx, in, register.IssueOptions{Expect: expect})
	if err != nil {
		issueFailed(w, err)
		return
	}
	writeJSON(w, http.StatusOK, rowOf(&d.Entry))
}

// registerList answers GET /api/register?year=Y&q=WORDS with the rows of
// a year (this year by default) whose summary holds the words.
func (s *Server) registerList(w http.ResponseWriter, r *http.Request) {
	year, ok := yearOf(w, r)
	if !ok {
		return
	}
	entries, err := s.opt.Register.List(r.Context(), register.Filter{Year: year, Search: r.URL.Query().Get("q")})
	if err != nil {
		fail(w, http.StatusInternalServerError, "không đọc được sổ văn bản: "+err.Error())
		return
	}
	rows := make([]row, 0, len(entries))
	for i := range entries {
		rows = append(rows, rowOf(&entries[i]))
	}
	writeJSON(w, http.StatusOK, map[string]any{"year": year, "rows": rows})
}

// yearOf reads ?year=, this year in Vietnam when absent.
func yearOf(w http.ResponseWriter, r *http.Request) (int, bool) {
	y := r.URL.Query().Get("year")
	if y == "" {
		return register.Today(time.Now()).Year(), true
	}
	n, err := strconv.Atoi(y)
	if err != nil || n < 1945 || n > 2999 {
		fail(w, http.StatusBadRequest, fmt.Sprintf("năm %q không hợp lệ", y))
		return 0, false
	}
	return n, true
}

// find reads the row that ?agency=&year=&number= name.
func (s *Server) find(w http.ResponseWriter, r *http.Request, q map[string][]string) (*register.Entry, bool) {
	get := func(k string) string {
		if v := q[k]; len(v) > 0 {
			return v[0]
		}
		return ""
	}
	year, err := strconv.Atoi(get("year"))
	if err != nil {
		fail(w, http.StatusBadRequest, "thiếu năm của văn bản")
		return nil, false
	}
	ref, err := register.ParseRef(get("number"), get("agency"), year)
	if err != nil || ref.Agency == "" {
		fail(w, http.StatusBadRequest, "số, ký hiệu hoặc cơ quan không hợp lệ")
		return nil, false
	}
	e, err := s.opt.Register.Find(r.Context(), ref)
	if errors.Is(err, register.ErrNotFound) {
		fail(w, http.StatusNotFound, "không có số "+get("number")+" trong sổ năm "+get("year"))
		return nil, false
	}
	if err != nil {
		fail(w, http.StatusInternalServerError, "không đọc được sổ văn bản: "+err.Error())
		return nil, false
	}
	return e, true
}

// registerFile answers GET /api/register/file?...&format=pdf|docx with the
// issued file as the register keeps it (a row from before files were kept:
// rendered again and checked against the hash recorded when it was
// issued); with &signed=1, the digitally signed
// PDF the register keeps, which cannot be rendered again.
func (s *Server) registerFile(w http.ResponseWriter, r *http.Request) {
	format := r.URL.Query().Get("format")
	if format != "pdf" && format != "docx" {
		fail(w, http.StatusBadRequest, "chỉ có định dạng pdf và docx")
		return
	}
	signed := r.URL.Query().Get("signed") == "1"
	if signed && format != "pdf" {
		fail(w, http.StatusBadRequest, "chỉ tệp PDF mới được ký số")
		return
	}
	e, ok := s.find(w, r, r.URL.Query())
	if !ok {
		return
	}
	if signed {
		data, err := s.opt.Register.SignedPDF(r.Context(), e)
		if errors.Is(err, register.ErrNotSigned) {
			fail(w, http.StatusNotFound, "văn bản số "+e.NumberCode()+" được ban hành không ký số: không có bản PDF đã ký số")
			return
		}
		if err != nil {
			fail(w, http.StatusInternalServerError, "không đọc được bản PDF đã ký số: "+err.Error())
			return
		}
		s.send(w, r, data, e.Name+".pdf", "pdf")
		return
	}
	data, err := s.opt.Register.IssuedFile(r.Context(), e, format)
	if err == nil {
		s.send(w, r, data, e.Name+"."+format, format)
		return
	}
	if !errors.Is(err, register.ErrNotKept) {
		fail(w, http.StatusInternalServerError, "không đọc được tệp đã ban hành: "+err.Error())
		return
	}
	// Issued before the register kept files: render it again, and give
	// it only if it is the same bytes.
	ctx, cancel := context.WithTimeout(r.Context(), s.opt.RenderTimeout)
	defer cancel()
	data, err = register.Render(ctx, e, format)
	if err != nil {
		fail(w, http.StatusInternalServerError, "không tạo lại được văn bản: "+err.Error())
		return
	}
	want := e.PDFSHA256
	if format == "docx" {
		want = e.DOCXSHA256
	}
	if register.Hash(data) != want {
		fail(w, http.StatusConflict, "phiên bản chương trình này không tạo lại đúng từng byte tệp đã ban hành; hãy dùng bản lưu của văn thư")
		return
	}
	s.send(w, r, data, e.Name+"."+format, format)
}

// maxSignedPDF bounds a signed PDF sent to the register: an issued
// document with two signatures is some hundred kilobytes.
const maxSignedPDF = 32 << 20

// registerSigned answers POST /api/register/signed?agency=&year=&number=,
// the body a PDF: a document issued unsigned, signed since by the person
// with authority and the agency with another tool (their tokens), is kept
// in the register if it is the issued PDF with the signatures appended and
// they are intact.
func (s *Server) registerSigned(w http.ResponseWriter, r *http.Request) {
	data, ok := s.readBody(w, r, maxSignedPDF)
	if !ok {
		return
	}
	e, ok := s.find(w, r, r.URL.Query())
	if !ok {
		return
	}
	if err := sign.Complete(data); err != nil {
		writeJSON(w, http.StatusUnprocessableEntity, map[string]any{"problems": []Problem{{Message: upperFirst(generator.Vietnamese(err)) + "."}}})
		return
	}
	if err := s.opt.Register.AttachSigned(r.Context(), e, data); err != nil {
		var p *problem.Error
		if errors.As(err, &p) {
			writeJSON(w, http.StatusUnprocessableEntity, map[string]any{"problems": []Problem{{Message: upperFirst(p.MsgVI) + "."}}})
			return
		}
		fail(w, http.StatusInternalServerError, "không ghi được vào sổ văn bản: "+err.Error())
		return
	}
	writeJSON(w, http.StatusOK, rowOf(e))
}

// registerCancel answers POST /api/register/cancel (a form: agency, year,
// number, reason): the number is cancelled and stays in the register.
func (s *Server) registerCancel(w http.ResponseWriter, r *http.Request) {
	r.Body = http.MaxBytesReader(w, r.Body, s.opt.MaxBody)
	if err := r.ParseForm(); err != nil {
		fail(w, http.StatusBadRequest, "không đọc được yêu cầu: "+err.Error())
		return
	}
	e, ok := s.find(w, r, r.PostForm)
	if !ok {
		return
	}
	reason := r.PostForm.Get("reason")
	if strings.TrimSpace(reason) == "" {
		fail(w, http.StatusUnprocessableEntity, "hãy ghi lý do thu hồi số")
		return
	}
	ref := register.Ref{Agency: e.Agency, Year: e.Year, Number: e.Number, Code: e.Code}
	e, err := s.opt.Register.Cancel(r.Context(), ref, reason, time.Now())
	if err != nil {
		fail(w, http.StatusConflict, "không thu hồi được: "+generator.Vietnamese(err))
		return
	}
	writeJSON(w, http.StatusOK, rowOf(e))
}

// registerPrint answers GET /api/register/print?year=Y with the register
// of the year to print: a PDF.
func (s *Server) registerPrint(w http.ResponseWriter, r *http.Request) {
	year, ok := yearOf(w, r)
	if !ok {
		return
	}
	entries, err := s.opt.Register.List(r.Context(), register.Filter{Year: year})
	if err != nil {
		fail(w, http.StatusInternalServerError, "không đọc được sổ văn bản: "+err.Error())
		return
	}
	var b bytes.Buffer
	if err := register.WritePDF(&b, entries); err != nil {
		fail(w, http.StatusInternalServerError, "không in được sổ: "+err.Error())
		return
	}
	s.send(w, r, b.Bytes(), fmt.Sprintf("so-van-ban-di-%d.pdf", year), "pdf")
}
