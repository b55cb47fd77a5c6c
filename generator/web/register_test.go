package web

import (
	"bytes"
	"context"
	"database/sql"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"net/url"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/vanban/vanban/generator/register"
	"github.com/vanban/vanban/generator/sign"
	"github.com/vanban/vanban/generator/sign/signtest"
)

// registerServer is a server with a fresh SQLite register.
func registerServer(t *testing.T, opt Options) (*Server, *register.Register) {
	t.Helper()
	r, err := register.Open(context.Background(), filepath.Join(t.TempDir(), "r.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { r.Close() })
	opt.Register = r
	return newServer(t, opt), r
}

// issuable is a template's example without a number of its own.
func issuable(t *testing.T, s *Server) State {
	t.Helper()
	st := exampleState(t, s, "quyet-dinh")
	delete(st.Values, "so") // the register numbers it
	return st
}

func TestIssueFromTheForm(t *testing.T) {
	s, reg := registerServer(t, Options{})
	st := issuable(t, s)
	w := do(s, "POST", "/api/issue/next", jsonBody(t, st))
	if w.Code != http.StatusOK {
		t.Fatalf("next: %d %s", w.Code, w.Body)
	}
	var next struct {
		Number     int
		NumberCode string
		Series     string
	}
	json.Unmarshal(w.Body.Bytes(), &next)
	if next.Number != 1 || !strings.HasPrefix(next.NumberCode, "01/") || next.Series != register.DefaultSeries {
		t.Fatalf("next: %s", w.Body)
	}
	if w := do(s, "POST", "/api/issue", jsonBody(t, st)); w.Code != http.StatusBadRequest {
		t.Errorf("issue without the confirmed number: %d", w.Code)
	}
	w = do(s, "POST", "/api/issue?expect=1", jsonBody(t, st))
	if w.Code != http.StatusOK {
		t.Fatalf("issue: %d %s", w.Code, w.Body)
	}
	var got row
	json.Unmarshal(w.Body.Bytes(), &got)
	if got.Number != next.NumberCode || got.Query == "" {
		t.Fatalf("issued %s, shown %s", got.Number, next.NumberCode)
	}
	// Confirmed 01 again, but 01 is taken: 409 and the new next number.
	w = do(s, "POST", "/api/issue?expect=1", jsonBody(t, st))
	if w.Code != http.StatusConflict || !strings.Contains(w.Body.String(), `"next":2`) {
		t.Errorf("issue of a taken number: %d %s", w.Code, w.Body)
	}
	// The files download again, byte for byte the ones issued.
	entries, _ := reg.List(context.Background(), register.Filter{})
	for format, sum := range map[string]string{"pdf": entries[0].PDFSHA256, "docx": entries[0].DOCXSHA256} {
		w := do(s, "GET", "/api/register/file?"+got.Query+"&format="+format+"&download=1", nil)
		if w.Code != http.StatusOK || register.Hash(w.Body.Bytes()) != sum {
			t.Errorf("%s download: %d, or not the issued file", format, w.Code)
		}
		if cd := w.Header().Get("Content-Disposition"); !strings.HasPrefix(cd, "attachment") {
			t.Errorf("%s download: Content-Disposition %q", format, cd)
		}
	}
	// A series of its own starts at 01.
	w = do(s, "POST", "/api/issue/next?series="+url.QueryEscape("Văn bản mật"), jsonBody(t, st))
	if w.Code != http.StatusOK || !strings.Contains(w.Body.String(), `"number":1,`) {
		t.Errorf("next in another series: %d %s", w.Code, w.Body)
	}
}

func TestIssueFromTheFormRefuses(t *testing.T) {
	s, _ := registerServer(t, Options{})
	st := issuable(t, s)
	st.Values["so"] = Entry{Text: "15"}
	w := do(s, "POST", "/api/issue/next", jsonBody(t, st))
	if ps := problemsIn(t, w); w.Code != http.StatusUnprocessableEntity || !strings.Contains(ps[0].Message, "đã có số (15)") {
		t.Errorf("numbered document: %d %+v", w.Code, ps)
	}
	st = issuable(t, s)
	st.Doc["code"] = Entry{Text: "QĐ UBND!"}
	if w := do(s, "POST", "/api/issue?expect=1", jsonBody(t, st)); w.Code != http.StatusUnprocessableEntity {
		t.Errorf("bad code: %d %s", w.Code, w.Body)
	}
	plain := newServer(t, Options{})
	if w := do(plain, "GET", "/api/register/info", nil); w.Code != http.StatusOK || !strings.Contains(w.Body.String(), `"enabled":false`) {
		t.Errorf("info without a register: %d %s", w.Code, w.Body)
	}
	for _, p := range []string{"/so-van-ban-di", "/api/register", "/api/register/print"} {
		if w := do(plain, "GET", p, nil); w.Code != http.StatusNotFound {
			t.Errorf("%s without a register: %d", p, w.Code)
		}
	}
	if w := do(s, "GET", "/api/register/info", nil); !strings.Contains(w.Body.String(), `"enabled":true`) {
		t.Errorf("info with a register: %s", w.Body)
	}
}

func TestRegisterPage(t *testing.T) {
	s, reg := registerServer(t, Options{})
	for range 2 {
		if w := do(s, "POST", "/api/issue?expect="+strconv.Itoa(len(mustList(t, reg))+1), jsonBody(t, issuable(t, s))); w.Code != http.StatusOK {
			t.Fatalf("issue: %d %s", w.Code, w.Body)
		}
	}
	year := mustList(t, reg)[0].Year
	y := "year=" + strconv.Itoa(year)
	if w := do(s, "GET", "/so-van-ban-di", nil); w.Code != http.StatusOK || !strings.Contains(w.Body.String(), "Sổ đăng ký văn bản đi") {
		t.Errorf("page: %d", w.Code)
	}
	w := do(s, "GET", "/api/register?"+y, nil)
	var list struct{ Rows []row }
	json.Unmarshal(w.Body.Bytes(), &list)
	if w.Code != http.StatusOK || len(list.Rows) != 2 {
		t.Fatalf("list: %d %s", w.Code, w.Body)
	}
	if w := do(s, "GET", "/api/register?"+y+"&q=khong+co+tu+nay", nil); !strings.Contains(w.Body.String(), `"rows":[]`) {
		t.Errorf("search with no match: %s", w.Body)
	}
	form := func(reason string) *strings.Reader {
		v, _ := url.ParseQuery(list.Rows[1].Query)
		v.Set("reason", reason)
		return strings.NewReader(v.Encode())
	}
	ct := []string{"Content-Type", "application/x-www-form-urlencoded"}
	if w := do(s, "POST", "/api/register/cancel", form(" "), ct...); w.Code != http.StatusUnprocessableEntity {
		t.Errorf("cancel without a reason: %d", w.Code)
	}
	if w := do(s, "POST", "/api/register/cancel", form("Nhầm"), ct...); w.Code != http.StatusOK || !strings.Contains(w.Body.String(), `"cancelled":true`) {
		t.Errorf("cancel: %d %s", w.Code, w.Body)
	}
	if w := do(s, "POST", "/api/register/cancel", form("Nhầm"), ct...); w.Code != http.StatusConflict {
		t.Errorf("cancel twice: %d", w.Code)
	}
	w = do(s, "GET", "/api/register/print?"+y, nil)
	if w.Code != http.StatusOK || !strings.HasPrefix(w.Body.String(), "%PDF-1.4") {
		t.Errorf("print: %d", w.Code)
	}
	for _, bad := range []string{"/api/register?year=abc", "/api/register/file?year=2026&number=01/QĐ-UBND&format=pdf", "/api/register/file?format=exe"} {
		if w := do(s, "GET", bad, nil); w.Code != http.StatusBadRequest {
			t.Errorf("%s: %d, want 400", bad, w.Code)
		}
	}
	if w := do(s, "GET", "/api/register/file?agency=X&year=2026&number=09/QĐ-UBND&format=pdf", nil); w.Code != http.StatusNotFound {
		t.Errorf("unknown number: %d", w.Code)
	}
}

// Beyond loopback the server has a token, and issuing needs it as every
// request does.
func TestIssueNeedsTheToken(t *testing.T) {
	s, _ := registerServer(t, Options{Token: "secret"})
	st := issuable(t, s)
	if w := do(s, "POST", "/api/issue?expect=1", jsonBody(t, st)); w.Code != http.StatusUnauthorized {
		t.Errorf("issue without the token: %d", w.Code)
	}
	if w := do(s, "POST", "/api/issue?expect=1", jsonBody(t, st), "Authorization", "Bearer secret"); w.Code != http.StatusOK {
		t.Errorf("issue with the token: %d %s", w.Code, w.Body)
	}
}

func mustList(t *testing.T, r *register.Register) []register.Entry {
	t.Helper()
	es, err := r.List(context.Background(), register.Filter{})
	if err != nil {
		t.Fatal(err)
	}
	return es
}

// An issued document downloads as it was issued, from the file the
// register keeps, even once the input in its row would render otherwise
// (as after a change of layout); a row from before files were kept is
// rendered again and given only if it is the same bytes.
func TestRegisterFileKeptOrRendered(t *testing.T) {
	dir := t.TempDir()
	reg, err := register.Open(context.Background(), filepath.Join(dir, "r.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { reg.Close() })
	s := newServer(t, Options{Register: reg})
	for n := 1; n <= 2; n++ {
		if w := do(s, "POST", "/api/issue?expect="+strconv.Itoa(n), jsonBody(t, issuable(t, s))); w.Code != http.StatusOK {
			t.Fatalf("issue: %d %s", w.Code, w.Body)
		}
	}
	db, err := sql.Open("sqlite", filepath.Join(dir, "r.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	exec := func(q string, args ...any) {
		t.Helper()
		if _, err := db.Exec(q, args...); err != nil {
			t.Fatal(err)
		}
	}
	entries := mustList(t, reg)
	query := func(e register.Entry) string {
		return "/api/register/file?agency=" + url.QueryEscape(e.Agency) + "&year=" + strconv.Itoa(e.Year) +
			"&number=" + url.QueryEscape(e.NumberCode()) + "&format=pdf"
	}
	// 01: its input now says something else; the kept file is given.
	exec(`UPDATE entries SET input = replace(input, 'Quy chế', 'Nội quy') WHERE number = 1`)
	if w := do(s, "GET", query(entries[0]), nil); w.Code != http.StatusOK || register.Hash(w.Body.Bytes()) != entries[0].PDFSHA256 {
		t.Errorf("kept file: %d, or not the issued bytes", w.Code)
	}
	// 02, as issued before files were kept: rendered again, the same bytes.
	exec(`DELETE FROM issued_files WHERE number = 2`)
	if w := do(s, "GET", query(entries[1]), nil); w.Code != http.StatusOK || register.Hash(w.Body.Bytes()) != entries[1].PDFSHA256 {
		t.Errorf("rendered again: %d, or not the issued bytes", w.Code)
	}
	// ... unless the rendering differs: then it says so.
	exec(`UPDATE entries SET input = replace(input, 'Quy chế', 'Nội quy') WHERE number = 2`)
	if w := do(s, "GET", query(entries[1]), nil); w.Code != http.StatusConflict || !strings.Contains(w.Body.String(), "không tạo lại đúng") {
		t.Errorf("rendered otherwise: %d %s", w.Code, w.Body)
	}
}

// A document issued unsigned and signed since with another tool is kept
// when its signed PDF is sent to the register, and refused when it is not
// signed by both, is another document, or is kept already.
func TestRegisterSignedAfterwards(t *testing.T) {
	s, reg := registerServer(t, Options{})
	for n := 1; n <= 2; n++ {
		if w := do(s, "POST", "/api/issue?expect="+strconv.Itoa(n), jsonBody(t, issuable(t, s))); w.Code != http.StatusOK {
			t.Fatalf("issue: %d %s", w.Code, w.Body)
		}
	}
	entries := mustList(t, reg)
	query := func(e register.Entry) string {
		return "agency=" + url.QueryEscape(e.Agency) + "&year=" + strconv.Itoa(e.Year) + "&number=" + url.QueryEscape(e.NumberCode())
	}
	issued := func(e register.Entry) []byte {
		w := do(s, "GET", "/api/register/file?"+query(e)+"&format=pdf", nil)
		if w.Code != http.StatusOK {
			t.Fatalf("download: %d", w.Code)
		}
		return w.Body.Bytes()
	}
	signers := newSigners(t)
	one, two := issued(entries[0]), issued(entries[1])
	half, whole := signers.both(t, one)
	_, otherWhole := signers.both(t, two)
	post := func(e register.Entry, b []byte) *httptest.ResponseRecorder {
		return do(s, "POST", "/api/register/signed?"+query(e), bytes.NewReader(b), "Content-Type", "application/pdf")
	}
	for _, c := range []struct {
		name string
		b    []byte
		want string
	}{
		{"unsigned", one, "chưa đủ chữ ký số"},
		{"signer only", half, "chưa đủ chữ ký số"},
		{"another document", otherWhole, "không phải bản PDF đã ban hành"},
		{"not a PDF", []byte("hello"), "không phải PDF"},
	} {
		if w := post(entries[0], c.b); w.Code != http.StatusUnprocessableEntity || !strings.Contains(w.Body.String(), c.want) {
			t.Errorf("%s: %d %s", c.name, w.Code, w.Body)
		}
	}
	if w := post(entries[0], whole); w.Code != http.StatusOK || !strings.Contains(w.Body.String(), `"signed":true`) {
		t.Fatalf("signed afterwards: %d %s", w.Code, w.Body)
	}
	if w := do(s, "GET", "/api/register/file?"+query(entries[0])+"&format=pdf&signed=1", nil); w.Code != http.StatusOK || !bytes.Equal(w.Body.Bytes(), whole) {
		t.Errorf("the kept signed PDF: %d", w.Code)
	}
	if w := post(entries[0], whole); w.Code != http.StatusUnprocessableEntity || !strings.Contains(w.Body.String(), "đã có bản PDF ký số") {
		t.Errorf("twice: %d %s", w.Code, w.Body)
	}
	if w := post(entries[1], make([]byte, maxSignedPDF+1)); w.Code != http.StatusRequestEntityTooLarge {
		t.Errorf("too large: %d", w.Code)
	}
}

// signers are a person with authority and an agency with keys from a test
// CA, signing as another tool would after the register issued a PDF.
type signers struct{ signer, agency sign.Options }

func newSigners(t *testing.T) signers {
	ca := signtest.NewCA(t, "CA")
	sk, sc := ca.Issue(t, "Người ký", signtest.RSA, time.Now().Add(-time.Hour), false)
	ak, ac := ca.Issue(t, "Cơ quan", signtest.ECDSA, time.Now().Add(-time.Hour), false)
	return signers{
		signer: sign.Options{Role: sign.Signer, Key: sk, Chain: sc, Image: signtest.Signature(600, 300, signtest.Blue)},
		agency: sign.Options{Role: sign.Agency, Key: ak, Chain: ac, Image: signtest.Seal(400, signtest.Red)},
	}
}

// both signs pdf as the signer, then as the agency; half is the first.
func (p signers) both(t *testing.T, pdf []byte) (half, whole []byte) {
	t.Helper()
	half, err := sign.Sign(context.Background(), pdf, p.signer)
	if err != nil {
		t.Fatal(err)
	}
	whole, err = sign.Sign(context.Background(), half, p.agency)
	if err != nil {
		t.Fatal(err)
	}
	return half, whole
}
