package web

import (
	"bytes"
	"context"
	"crypto"
	"crypto/x509"
	"encoding/json"
	"mime/multipart"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/vanban/vanban/generator/register"
	"github.com/vanban/vanban/generator/sign"
	"github.com/vanban/vanban/generator/sign/signtest"
)

// keys are the certificates of a signing test, made for it: the agency's,
// which the server holds, and the person with authority's, uploaded as a
// .p12 with its password.
type keys struct {
	ca       *signtest.CA
	agency   *Signing
	p12      []byte
	password string
	image    []byte
}

const signerName = "Trịnh Trường Huy"

func newKeys(t testing.TB) keys {
	t.Helper()
	ca := signtest.NewCA(t, "vanban test CA")
	ak, ac := ca.Issue(t, "Ủy ban nhân dân huyện Hòa An", signtest.ECDSA, time.Now().Add(-time.Hour), false)
	sk, sc := ca.Issue(t, signerName, signtest.RSA, time.Now().Add(-time.Hour), false)
	return keys{ca: ca,
		agency:   &Signing{Key: ak, Chain: ac, Seal: signtest.Seal(400, signtest.Red), SealMM: 36},
		p12:      signtest.P12(t, sk, sc, "mật khẩu 1"),
		password: "mật khẩu 1",
		image:    signtest.Signature(600, 300, signtest.Blue),
	}
}

// signingServer is a server with a fresh register and the agency's key.
func signingServer(t *testing.T, k keys) (*Server, *register.Register) {
	t.Helper()
	return registerServer(t, Options{Signing: k.agency})
}

// part is one part of a signed issue's form.
type part struct{ name, file, content string }

// signForm is the multipart body the dialog sends: the state, then the
// parts given.
func signForm(t *testing.T, st State, parts ...part) (*bytes.Buffer, string) {
	t.Helper()
	var b bytes.Buffer
	mw := multipart.NewWriter(&b)
	js, err := json.Marshal(st)
	if err != nil {
		t.Fatal(err)
	}
	mw.WriteField("state", string(js))
	for _, p := range parts {
		if p.file == "" {
			mw.WriteField(p.name, p.content)
			continue
		}
		w, _ := mw.CreateFormFile(p.name, p.file)
		w.Write([]byte(p.content))
	}
	mw.Close()
	return &b, mw.FormDataContentType()
}

// uploads are the signer's three parts.
func (k keys) uploads() []part {
	return []part{{"p12", "huy.p12", string(k.p12)}, {"password", "", k.password}, {"image", "chu-ky.png", string(k.image)}}
}

// issueSigned sends a signed issue of st expecting number n.
func issueSigned(t *testing.T, s *Server, st State, n string, parts ...part) *httptest.ResponseRecorder {
	t.Helper()
	body, ct := signForm(t, st, parts...)
	return do(s, "POST", "/api/issue/sign?expect="+n, body, "Content-Type", ct)
}

func TestIssueSigned(t *testing.T) {
	k := newKeys(t)
	s, reg := signingServer(t, k)
	var info struct {
		Signing struct {
			Enabled bool
			Agency  string
		}
	}
	w := do(s, "GET", "/api/register/info", nil)
	if json.Unmarshal(w.Body.Bytes(), &info); !info.Signing.Enabled || info.Signing.Agency != "Ủy ban nhân dân huyện Hòa An" {
		t.Errorf("info with the agency's key: %s", w.Body)
	}
	st := issuable(t, s)
	w = issueSigned(t, s, st, "1", k.uploads()...)
	if w.Code != http.StatusOK {
		t.Fatalf("signed issue: %d %s", w.Code, w.Body)
	}
	if ct, cd := w.Header().Get("Content-Type"), w.Header().Get("Content-Disposition"); ct != "application/pdf" || !strings.HasPrefix(cd, "attachment") {
		t.Errorf("signed issue answers %s, %s; want a PDF to download", ct, cd)
	}
	signed := w.Body.Bytes()
	sigs, err := sign.Verify(signed)
	if err != nil {
		t.Fatal(err)
	}
	if len(sigs) != 2 {
		t.Fatalf("%d signature fields, want 2: %+v", len(sigs), sigs)
	}
	first, last := sigs[0], sigs[1]
	if !first.Signed || first.Role != sign.Signer || !first.Intact || first.WholeFile || !strings.HasPrefix(first.Signer, signerName) {
		t.Errorf("first signature: %+v; want the signer's, intact, followed by the agency's", first)
	}
	if !last.Signed || last.Role != sign.Agency || !last.Intact || !last.WholeFile || !strings.HasPrefix(last.Signer, "Ủy ban nhân dân huyện Hòa An") {
		t.Errorf("last signature: %+v; want the agency's, intact, covering the whole file", last)
	}
	// The register holds that very file, and serves it.
	entries := mustList(t, reg)
	if len(entries) != 1 || entries[0].Number != 1 || entries[0].SignedSHA256 != register.Hash(signed) {
		t.Fatalf("register after a signed issue: %+v", entries)
	}
	q := w.Header().Get("X-Vanban-Row")
	if q == "" {
		t.Fatal("no X-Vanban-Row header")
	}
	w = do(s, "GET", "/api/register/file?"+q+"&format=pdf&signed=1&download=1", nil)
	if w.Code != http.StatusOK || !bytes.Equal(w.Body.Bytes(), signed) {
		t.Errorf("the register's signed PDF: %d, or not the bytes issued", w.Code)
	}
	// The unsigned files are rendered again as for any issued document.
	if w := do(s, "GET", "/api/register/file?"+q+"&format=docx", nil); w.Code != http.StatusOK || register.Hash(w.Body.Bytes()) != entries[0].DOCXSHA256 {
		t.Errorf("the DOCX of a signed document: %d", w.Code)
	}
	if w := do(s, "GET", "/api/register/file?"+q+"&format=docx&signed=1", nil); w.Code != http.StatusBadRequest {
		t.Errorf("a signed DOCX: %d, want 400", w.Code)
	}
	w = do(s, "GET", "/api/register?year="+strconv.Itoa(entries[0].Year), nil)
	var list struct{ Rows []row }
	json.Unmarshal(w.Body.Bytes(), &list)
	if len(list.Rows) != 1 || !list.Rows[0].Signed {
		t.Errorf("the register's list does not say the row is signed: %s", w.Body)
	}
	// An unsigned issue beside it: not signed, and no signed file.
	if w := do(s, "POST", "/api/issue?expect=2", jsonBody(t, st)); w.Code != http.StatusOK || strings.Contains(w.Body.String(), `"signed":true`) {
		t.Fatalf("unsigned issue: %d %s", w.Code, w.Body)
	}
	q2 := rowOf(&mustList(t, reg)[1]).Query
	if w := do(s, "GET", "/api/register/file?"+q2+"&format=pdf&signed=1", nil); w.Code != http.StatusNotFound || !strings.Contains(problemsIn(t, w)[0].Message, "không ký số") {
		t.Errorf("the signed PDF of an unsigned document: %d %s", w.Code, w.Body)
	}
}

// What the signer uploads is checked before the number is given: a bad
// upload gets a 4xx with the reason in Vietnamese, beside its box, and
// the number stays for the next document.
func TestIssueSignedRefusesBadUploads(t *testing.T) {
	k := newKeys(t)
	s, reg := signingServer(t, k)
	st := issuable(t, s)
	expired := func() []byte {
		key, chain := k.ca.Issue(t, signerName, signtest.ECDSA, time.Now().Add(-400*24*time.Hour), false)
		return signtest.P12(t, key, chain, "x")
	}
	for _, c := range []struct {
		name   string
		parts  []part
		status int
		key    string
		msg    string
	}{
		{"wrong password", []part{{"p12", "a.p12", string(k.p12)}, {"password", "", "sai"}, {"image", "a.png", string(k.image)}},
			422, "sign.p12", "Sai mật khẩu"},
		{"not a p12", []part{{"p12", "a.p12", "không phải p12"}, {"password", "", k.password}, {"image", "a.png", string(k.image)}},
			422, "sign.p12", "không phải tệp chứng thư số (.p12 hoặc .pfx)"},
		{"expired certificate", []part{{"p12", "a.p12", string(expired())}, {"password", "", "x"}, {"image", "a.png", string(k.image)}},
			422, "sign.p12", "chỉ có hiệu lực"},
		{"black signature", []part{{"p12", "a.p12", string(k.p12)}, {"password", "", k.password}, {"image", "a.png", string(signtest.Signature(600, 300, signtest.Black))}},
			422, "sign.image", "màu xanh"},
		{"red signature", []part{{"p12", "a.p12", string(k.p12)}, {"password", "", k.password}, {"image", "a.png", string(signtest.Signature(600, 300, signtest.Red))}},
			422, "sign.image", "màu xanh"},
		{"signature on white", []part{{"p12", "a.p12", string(k.p12)}, {"password", "", k.password}, {"image", "a.png", string(signtest.Opaque(600, 300, signtest.Blue))}},
			422, "sign.image", "trong suốt"},
		{"not a PNG", []part{{"p12", "a.p12", string(k.p12)}, {"password", "", k.password}, {"image", "a.jpg", "\xff\xd8\xff\xe0 JFIF"}},
			422, "sign.image", "PNG"},
		{"no key file", []part{{"password", "", k.password}, {"image", "a.png", string(k.image)}},
			422, "sign.p12", "Chưa chọn tệp chứng thư số"},
		{"no image", []part{{"p12", "a.p12", string(k.p12)}, {"password", "", k.password}},
			422, "sign.image", "Chưa chọn ảnh chữ ký"},
		{"key file too large", []part{{"p12", "a.p12", strings.Repeat("x", maxP12Upload+1)}, {"image", "a.png", string(k.image)}},
			413, "sign.p12", "Tệp chứng thư số (.p12) quá lớn: tối đa 64 KB"},
		{"image too large", []part{{"p12", "a.p12", string(k.p12)}, {"image", "a.png", strings.Repeat("x", maxImageUpload+1)}},
			413, "sign.image", "Ảnh chữ ký quá lớn: tối đa 2 MB"},
		{"unknown part", []part{{"p12", "a.p12", string(k.p12)}, {"other", "", "x"}},
			400, "", "không có phần \"other\""},
		{"two key files", []part{{"p12", "a.p12", string(k.p12)}, {"p12", "b.p12", string(k.p12)}},
			400, "", "(.p12) gửi hai lần"},
	} {
		t.Run(c.name, func(t *testing.T) {
			w := issueSigned(t, s, st, "1", c.parts...)
			if w.Code != c.status {
				t.Fatalf("%d %s; want %d", w.Code, w.Body, c.status)
			}
			ps := problemsIn(t, w)
			t.Logf("%d %s: %s", w.Code, ps[0].Key, ps[0].Message)
			if !strings.Contains(ps[0].Message, c.msg) || ps[0].Key != c.key {
				t.Errorf("problem %+v; want %q beside %q", ps[0], c.msg, c.key)
			}
		})
	}
	if es := mustList(t, reg); len(es) != 0 {
		t.Fatalf("bad uploads left %d rows in the register", len(es))
	}
	// Not multipart, or no state: 400.
	if w := do(s, "POST", "/api/issue/sign?expect=1", jsonBody(t, st)); w.Code != http.StatusBadRequest {
		t.Errorf("JSON to the signed issue: %d", w.Code)
	}
	body, ct := signForm(t, st, k.uploads()...)
	if w := do(s, "POST", "/api/issue/sign", body, "Content-Type", ct); w.Code != http.StatusBadRequest {
		t.Errorf("no expected number: %d", w.Code)
	}
	// The whole body is bounded too.
	huge := strings.NewReader("--x\r\n" + strings.Repeat("y", 4<<20))
	if w := do(s, "POST", "/api/issue/sign?expect=1", huge, "Content-Type", "multipart/form-data; boundary=x"); w.Code != http.StatusRequestEntityTooLarge && w.Code != http.StatusBadRequest {
		t.Errorf("a 4 MB body: %d", w.Code)
	}
	// A document with problems: 422 beside its fields, as unsigned.
	bad := issuable(t, s)
	bad.Doc["code"] = Entry{Text: "QĐ UBND!"}
	if w := issueSigned(t, s, bad, "1", k.uploads()...); w.Code != http.StatusUnprocessableEntity {
		t.Errorf("bad document: %d %s", w.Code, w.Body)
	}
	// Number 01 was never taken: the next document gets it.
	if w := issueSigned(t, s, st, "1", k.uploads()...); w.Code != http.StatusOK {
		t.Fatalf("after the refusals: %d %s", w.Code, w.Body)
	}
	if es := mustList(t, reg); len(es) != 1 || es[0].Number != 1 || !es[0].IsSigned() {
		t.Errorf("register after the refusals and one signed issue: %+v", es)
	}
	// 01 again: taken meanwhile, 409 with the next, nothing signed.
	if w := issueSigned(t, s, st, "1", k.uploads()...); w.Code != http.StatusConflict || !strings.Contains(w.Body.String(), `"next":2`) {
		t.Errorf("signed issue of a taken number: %d %s", w.Code, w.Body)
	}
}

// A signature that fails after the number was drawn (the time-stamp
// authority does not answer) gives no number: the register's transaction
// is rolled back, and the message says so.
func TestIssueSignedTimestampFails(t *testing.T) {
	k := newKeys(t)
	calls := 0
	tsa := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		calls++
		http.Error(w, "down", http.StatusServiceUnavailable)
	}))
	defer tsa.Close()
	k.agency.TSA = tsa.URL
	s, reg := signingServer(t, k)
	st := issuable(t, s)
	w := issueSigned(t, s, st, "1", k.uploads()...)
	if w.Code != http.StatusBadGateway {
		t.Fatalf("TSA down: %d %s", w.Code, w.Body)
	}
	if msg := problemsIn(t, w)[0].Message; !strings.Contains(msg, "chưa cấp số") || !strings.Contains(msg, "dấu thời gian") {
		t.Errorf("TSA down: %q", msg)
	}
	if calls != 1 {
		t.Errorf("the TSA was asked %d times; want once, by the real signature, not the trial", calls)
	}
	if es := mustList(t, reg); len(es) != 0 {
		t.Errorf("a failed signature left %d rows", len(es))
	}
	if w := do(s, "POST", "/api/issue/next", jsonBody(t, st)); !strings.Contains(w.Body.String(), `"number":1,`) {
		t.Errorf("after a failed signature the next number is %s", w.Body)
	}
}

// Without the agency's key the form has no signing: the info says so and
// a signing request is refused with the reason.
func TestIssueSignedWithoutTheAgencysKey(t *testing.T) {
	k := newKeys(t)
	s, reg := registerServer(t, Options{})
	if w := do(s, "GET", "/api/register/info", nil); !strings.Contains(w.Body.String(), `"signing":{"enabled":false}`) {
		t.Errorf("info without the agency's key: %s", w.Body)
	}
	w := issueSigned(t, s, issuable(t, s), "1", k.uploads()...)
	if w.Code != http.StatusForbidden || !strings.Contains(problemsIn(t, w)[0].Message, "không có khóa ký số của cơ quan") {
		t.Errorf("signing without the agency's key: %d %s", w.Code, w.Body)
	}
	if es := mustList(t, reg); len(es) != 0 {
		t.Errorf("%d rows", len(es))
	}
	if _, err := New(Options{Signing: k.agency}); err == nil || !strings.Contains(err.Error(), "register") {
		t.Errorf("signing without a register: %v", err)
	}
}

// The agency's key and seal are checked when the server is made.
func TestSigningCheck(t *testing.T) {
	k := newKeys(t)
	other, _ := k.ca.Issue(t, "Khác", signtest.ECDSA, time.Now().Add(-time.Hour), false)
	oldKey, oldChain := k.ca.Issue(t, "Cũ", signtest.ECDSA, time.Now().Add(-400*24*time.Hour), false)
	for name, c := range map[string]struct {
		key   crypto.Signer
		chain []*x509.Certificate
		seal  []byte
		mm    float64
		want  string
	}{
		"black seal":      {k.agency.Key, k.agency.Chain, signtest.Seal(400, signtest.Black), 36, "màu đỏ"},
		"blue seal":       {k.agency.Key, k.agency.Chain, signtest.Seal(400, signtest.Blue), 36, "màu đỏ"},
		"not a PNG":       {k.agency.Key, k.agency.Chain, []byte("GIF89a"), 36, "PNG"},
		"not the key's":   {other, k.agency.Chain, k.agency.Seal, 36, "không khớp"},
		"expired":         {oldKey, oldChain, k.agency.Seal, 36, "chỉ có hiệu lực"},
		"seal too large":  {k.agency.Key, k.agency.Chain, k.agency.Seal, 80, "20 đến 60 mm"},
		"no certificates": {k.agency.Key, nil, k.agency.Seal, 36, "Thiếu khóa"},
	} {
		g := &Signing{Key: c.key, Chain: c.chain, Seal: c.seal, SealMM: c.mm}
		err := g.Check(context.Background())
		if err == nil || !strings.Contains(signProblem(err).Message, c.want) {
			t.Errorf("%s: %v; want %q", name, err, c.want)
		}
	}
	if err := k.agency.Check(context.Background()); err != nil {
		t.Errorf("good key: %v", err)
	}
}
