package web

import (
	"bytes"
	"context"
	"crypto"
	"crypto/x509"
	"errors"
	"fmt"
	"image"
	"image/color"
	"image/png"
	"io"
	"mime"
	"net/http"
	"strconv"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/vanban/vanban/generator"
	"github.com/vanban/vanban/generator/problem"
	"github.com/vanban/vanban/generator/register"
	"github.com/vanban/vanban/generator/sign"
	"github.com/vanban/vanban/generator/vn"
)

// Digital signatures in the form, when Options.Signing holds the agency's
// key: "Ban hành" can then also sign the issued PDF, first as the person
// with authority, with the key file (.p12), its password and the image of
// the signature uploaded for that one request, then as the agency, with
// the server's key and seal (Decree 30, Article 13). The uploads live in
// memory for the request and are never written to disk, to the log or to
// the register; the register keeps the signed PDF.

// Signing is the agency's key, with which the server signs issued
// documents as the agency (box 8), after the person with authority.
type Signing struct {
	Key   crypto.Signer
	Chain []*x509.Certificate // the key's certificate first, then its issuers
	// Seal is the PNG of the agency's seal: red on a transparent
	// background.
	Seal []byte
	// SealMM is the seal's real diameter in mm; 0 means 36 mm, a People's
	// Committee's.
	SealMM float64
	// TSA is the address of an RFC 3161 time-stamp authority; empty signs
	// without a time stamp (PAdES B-B).
	TSA    string
	Client *http.Client // for the TSA; nil: a client with a 30 s limit
}

// Limits of what a signer uploads: a PKCS #12 file holds a key and a few
// certificates, a few kilobytes; a signature's image is a small picture.
const (
	maxP12Upload      = 64 << 10
	maxImageUpload    = 2 << 20
	maxPasswordUpload = 1 << 10
)

// checkDocument is what Check signs: a short decision, valid, unnumbered.
const checkDocument = `type = "Quyết định"
summary = "Kiểm tra khóa ký số"
code = "QĐ-UBND"
place = "Hà Nội"
body = "Kiểm tra."
[issuer]
name = "Cơ quan kiểm tra"
[signer]
position = "Chủ tịch"
name = "Nguyễn Văn A"
`

// Check signs a short document as the server would sign an issued one,
// with a signature of its own drawing in place of the signer's, so that
// what is wrong with the agency's key, certificate (not valid now, not for
// signing) or seal (not a PNG, not red, not transparent, a diameter out of
// range) is found when the server starts, not when a number is given.
// Its errors are *problem.Error, with Key "image" for the seal.
func (g *Signing) Check(ctx context.Context) error {
	doc, err := generator.Parse([]byte(checkDocument))
	if err != nil {
		return err
	}
	var pdf bytes.Buffer
	if err := generator.WritePDFContext(ctx, &pdf, doc); err != nil {
		return err
	}
	now := time.Now()
	one, err := sign.Sign(ctx, pdf.Bytes(), sign.Options{Role: sign.Signer, Key: g.Key, Chain: g.Chain, Image: blueStroke(), Time: now})
	if err != nil {
		return err
	}
	_, err = sign.Sign(ctx, one, g.options(now, false))
	return err
}

// options are the agency's signing options at t, with the time-stamp
// authority when tsa is set.
func (g *Signing) options(t time.Time, tsa bool) sign.Options {
	o := sign.Options{Role: sign.Agency, Key: g.Key, Chain: g.Chain, Image: g.Seal, SealMM: g.SealMM, Time: t, Client: g.Client}
	if tsa {
		o.TSA = g.TSA
	}
	return o
}

// blueStroke is a signature Check signs with: a blue line on a transparent
// background.
func blueStroke() []byte {
	img := image.NewNRGBA(image.Rect(0, 0, 60, 20))
	for x := 10; x < 50; x++ {
		img.SetNRGBA(x, 10, color.NRGBA{R: 20, G: 40, B: 190, A: 255})
	}
	var b bytes.Buffer
	png.Encode(&b, img) // an in-memory image always encodes
	return b.Bytes()
}

// signingInfo tells the page whether "Ban hành" can sign, and with which
// agency's certificate.
func (s *Server) signingInfo() map[string]any {
	g := s.opt.Signing
	if g == nil {
		return map[string]any{"enabled": false}
	}
	c := g.Chain[0]
	return map[string]any{"enabled": true, "agency": c.Subject.CommonName,
		"until": c.NotAfter.In(vn.Zone).Format("02/01/2006"), "maxP12": maxP12Upload, "maxImage": maxImageUpload}
}

// signUpload is what the signer sends with a signed issue.
type signUpload struct {
	state, p12, password, image []byte
}

// uploadParts are the parts of a signed issue's form, each with its limit
// and its name in messages.
var uploadParts = map[string]struct {
	limit int64
	what  string
}{
	"state":    {0, "biểu mẫu"}, // the server's MaxBody
	"p12":      {maxP12Upload, "tệp chứng thư số (.p12)"},
	"password": {maxPasswordUpload, "mật khẩu"},
	"image":    {maxImageUpload, "ảnh chữ ký"},
}

// readUpload reads a multipart/form-data request into memory, each part
// within its limit: never through ParseMultipartForm, which puts large
// files in temporary files on disk. It answers 4xx and returns false when
// it cannot.
func (s *Server) readUpload(w http.ResponseWriter, r *http.Request) (*signUpload, bool) {
	mt, _, err := mime.ParseMediaType(r.Header.Get("Content-Type"))
	if err != nil || mt != "multipart/form-data" {
		fail(w, http.StatusBadRequest, "yêu cầu ký số phải gửi dạng multipart/form-data")
		return nil, false
	}
	total := s.opt.MaxBody + maxP12Upload + maxPasswordUpload + maxImageUpload + 64<<10
	r.Body = http.MaxBytesReader(w, r.Body, total)
	mr, err := r.MultipartReader()
	if err != nil {
		fail(w, http.StatusBadRequest, "không đọc được dữ liệu gửi lên: "+err.Error())
		return nil, false
	}
	u := &signUpload{}
	got := map[string]bool{}
	for {
		part, err := mr.NextPart()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			tooBig(w, err, total)
			return nil, false
		}
		name := part.FormName()
		spec, ok := uploadParts[name]
		if !ok {
			fail(w, http.StatusBadRequest, fmt.Sprintf("yêu cầu ký số không có phần %q", name))
			return nil, false
		}
		if got[name] {
			fail(w, http.StatusBadRequest, fmt.Sprintf("%s gửi hai lần", spec.what))
			return nil, false
		}
		got[name] = true
		limit := spec.limit
		if limit == 0 {
			limit = s.opt.MaxBody
		}
		data, err := io.ReadAll(io.LimitReader(part, limit+1))
		if err != nil {
			tooBig(w, err, total)
			return nil, false
		}
		if int64(len(data)) > limit {
			p := Problem{Message: fmt.Sprintf("%s quá lớn: tối đa %s", upperFirst(spec.what), size(limit))}
			if name == "p12" || name == "image" {
				p.Key = "sign." + name // beside its box in the dialog
			}
			writeJSON(w, http.StatusRequestEntityTooLarge, map[string]any{"problems": []Problem{p}})
			return nil, false
		}
		switch name {
		case "state":
			u.state = data
		case "p12":
			u.p12 = data
		case "password":
			u.password = data
		case "image":
			u.image = data
		}
	}
	if u.state == nil {
		fail(w, http.StatusBadRequest, "thiếu biểu mẫu (state) trong yêu cầu ký số")
		return nil, false
	}
	return u, true
}

// tooBig answers a body that could not be read: 413 beyond the limit,
// 400 otherwise.
func tooBig(w http.ResponseWriter, err error, limit int64) {
	var mb *http.MaxBytesError
	if errors.As(err, &mb) {
		fail(w, http.StatusRequestEntityTooLarge, fmt.Sprintf("dữ liệu gửi lên quá lớn: tối đa %s", size(limit)))
		return
	}
	fail(w, http.StatusBadRequest, "không đọc được dữ liệu gửi lên: "+err.Error())
}

// signProblem is a signing error as the dialog shows it: beside the
// upload it concerns (Key "sign.p12", "sign.image"), in Vietnamese.
func signProblem(err error) Problem {
	var p *problem.Error
	if !errors.As(err, &p) {
		return Problem{Message: err.Error()}
	}
	key := ""
	switch p.Key {
	case "p12", "key", "certificate":
		key = "sign.p12"
	case "image":
		key = "sign.image"
	}
	return Problem{Key: key, Message: upperFirst(p.MsgVI) + "."}
}

// upperFirst capitalises a message's first letter, as a sentence shown
// alone starts.
func upperFirst(s string) string {
	r, n := utf8.DecodeRuneInString(s)
	return string(unicode.ToUpper(r)) + s[n:]
}

// issueSigned answers POST /api/issue/sign?expect=N[&series=S], a
// multipart form of the form's state, the signer's key file (p12), its
// password and the image of the signature: it checks the uploads by
// signing the unnumbered document first, then gives number N, renders,
// signs as the signer and as the agency within the register's
// transaction, and answers the signed PDF, which the register keeps. A
// bad upload or a failed signature gives no number.
func (s *Server) issueSigned(w http.ResponseWriter, r *http.Request) {
	if s.opt.Signing == nil {
		fail(w, http.StatusForbidden, "máy chủ này không có khóa ký số của cơ quan (vanban serve -agency-p12): "+
			"chỉ ban hành được văn bản không ký số; hãy bỏ chọn “Ký số” hoặc báo bộ phận công nghệ thông tin")
		return
	}
	expect, err := strconv.Atoi(r.URL.Query().Get("expect"))
	if err != nil || expect <= 0 {
		fail(w, http.StatusBadRequest, "thiếu số đã xác nhận (expect)")
		return
	}
	u, ok := s.readUpload(w, r)
	if !ok {
		return
	}
	var st State
	if !decodeJSON(w, u.state, &st) {
		return
	}
	in, doc, ok := s.inputOf(w, r, &st)
	if !ok {
		return
	}
	var missing []Problem
	if len(u.p12) == 0 {
		missing = append(missing, Problem{Key: "sign.p12", Message: "Chưa chọn tệp chứng thư số của người ký (.p12 hoặc .pfx)."})
	}
	if len(u.image) == 0 {
		missing = append(missing, Problem{Key: "sign.image", Message: "Chưa chọn ảnh chữ ký của người ký (PNG nền trong suốt, mực xanh)."})
	}
	if len(missing) > 0 {
		writeJSON(w, http.StatusUnprocessableEntity, map[string]any{"problems": missing})
		return
	}
	key, chain, err := sign.LoadP12(u.p12, string(u.password))
	if err != nil {
		p := signProblem(err)
		writeJSON(w, http.StatusUnprocessableEntity, map[string]any{"problems": []Problem{p}})
		return
	}
	signer := sign.Options{Role: sign.Signer, Key: key, Chain: chain, Image: u.image}
	if !s.trySigning(w, r, doc, signer) {
		return
	}
	ctx, cancel := context.WithTimeout(r.Context(), s.opt.RenderTimeout)
	defer cancel()
	d, err := s.opt.Register.Issue(ctx, in, register.IssueOptions{Expect: expect,
		Sign: func(ctx context.Context, d *register.Issued) ([]byte, error) {
			now := time.Now()
			o := signer
			o.Time = now
			one, err := sign.Sign(ctx, d.PDF, o)
			if err != nil {
				return nil, err
			}
			return sign.Sign(ctx, one, s.opt.Signing.options(now, true))
		}})
	var se *register.SignError
	if errors.As(err, &se) {
		status := http.StatusUnprocessableEntity
		var p *problem.Error
		if errors.As(se.Err, &p) && p.Key == "tsa" {
			status = http.StatusBadGateway
		} else if errors.Is(se.Err, context.DeadlineExceeded) || errors.Is(se.Err, context.Canceled) {
			status = http.StatusServiceUnavailable
		}
		pr := signProblem(se.Err)
		pr.Message = "Không ký số được, nên chưa cấp số và văn bản chưa ban hành: " + pr.Message
		writeJSON(w, status, map[string]any{"problems": []Problem{pr}})
		return
	}
	if err != nil {
		issueFailed(w, err)
		return
	}
	w.Header().Set("X-Vanban-Row", rowOf(&d.Entry).Query)
	r.URL.RawQuery = "download=1"
	s.send(w, r, d.Signed, d.Name+".pdf", "pdf")
}

// trySigning signs the unnumbered document as the signer, then as the
// agency, without a time stamp, to find what is wrong with the uploads (a
// wrong password, a black signature, a certificate out of date) before a
// number is given. It answers 4xx and returns false when signing fails.
func (s *Server) trySigning(w http.ResponseWriter, r *http.Request, doc *generator.Document, signer sign.Options) bool {
	draft, status, msg := s.write(r.Context(), doc, "pdf")
	if status != http.StatusOK {
		fail(w, status, msg)
		return false
	}
	now := time.Now()
	signer.Time = now
	one, err := sign.Sign(r.Context(), draft, signer)
	if err != nil {
		writeJSON(w, http.StatusUnprocessableEntity, map[string]any{"problems": []Problem{signProblem(err)}})
		return false
	}
	if _, err := sign.Sign(r.Context(), one, s.opt.Signing.options(now, false)); err != nil {
		// The server's key or seal, checked at start: out of date since?
		fail(w, http.StatusInternalServerError, "khóa ký số của cơ quan trên máy chủ không ký được: "+signProblem(err).Message+
			" Xin báo bộ phận công nghệ thông tin.")
		return false
	}
	return true
}
