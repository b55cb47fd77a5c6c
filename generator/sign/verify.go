package sign

import (
	"crypto"
	"crypto/x509"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/vanban/vanban/generator/layout"
	"github.com/vanban/vanban/generator/problem"
)

// Signature is what Verify finds of one signature field.
type Signature struct {
	Field  string // the field's name: "signer", "agency", "attachment" for vanban's
	Role   Role   // by the field's name; -1 for a field vanban does not name
	Signed bool   // false for an empty field

	Signer string // the certificate's subject, common name first
	Issuer string // who issued the certificate
	Time   time.Time
	// Timestamp is the time a time-stamp authority vouches for (B-T),
	// zero without one.
	Timestamp   time.Time
	Certificate *x509.Certificate

	// Intact: the bytes the signature covers are those signed, and the
	// signature matches its certificate's key.
	Intact bool
	// Problem and ProblemVI say why the signature is not intact, in
	// English and in Vietnamese.
	Problem, ProblemVI string
	// WholeFile: the signature covers the whole file, not an earlier
	// revision of it followed by later updates.
	WholeFile bool
	// Revision is the length of the file as this signature signed it.
	Revision int

	// Trusted: with VerifyOptions.Roots, the certificate chains to one of
	// them (through the certificates the signature carries) and was valid
	// at the signing time (the time-stamp's, else the claimed one).
	// Untrusted says why not, in English and Vietnamese; both are empty
	// when no roots were given.
	Trusted                bool
	Untrusted, UntrustedVI string
}

// VerifyOptions say what Verify checks beyond the signatures themselves.
type VerifyOptions struct {
	// Roots are the certificate authorities trusted, such as Vietnam's
	// national root (Root CA of the Ministry of Information and
	// Communications) for public signatures; nil checks no chain.
	Roots *x509.CertPool
}

// Verify lists the signature fields of a PDF, signed or not, in the order
// of their signatures (empty fields last), and checks each signature.
// It fails only if the file cannot be read as a PDF.
func Verify(b []byte) ([]Signature, error) { return VerifyWith(b, VerifyOptions{}) }

// VerifyWith is Verify with options: with Roots, each intact signature's
// certificate is checked against them too.
func VerifyWith(b []byte, opt VerifyOptions) ([]Signature, error) {
	f, err := readFile(b)
	if err != nil {
		return nil, pdfProblem(err)
	}
	catalog := f.dictOf(f.trailer["Root"])
	if catalog == nil {
		return nil, pdfProblem(errors.New("the catalog is missing"))
	}
	form := f.dictOf(catalog["AcroForm"])
	if form == nil {
		return nil, nil
	}
	var out []Signature
	for n, fl := range f.fields(form) {
		s := Signature{Field: n, Role: roleOfField(n)}
		if v := f.dictOf(fl.d["V"]); v != nil {
			s.Signed = true
			certs := s.check(b, v)
			if s.Intact && opt.Roots != nil {
				s.trust(opt.Roots, certs)
			}
		}
		out = append(out, s)
	}
	slices.SortFunc(out, func(x, y Signature) int {
		switch {
		case x.Signed != y.Signed:
			if x.Signed {
				return -1
			}
			return 1
		case x.Revision != y.Revision:
			return x.Revision - y.Revision
		}
		return strings.Compare(x.Field, y.Field)
	})
	return out, nil
}

func roleOfField(n string) Role {
	switch n {
	case layout.SignerField:
		return Signer
	case layout.AgencyField:
		return Agency
	case "attachment":
		return Attachment
	}
	return -1
}

// check verifies the signature dictionary v over the file b and returns
// the certificates the signature carries.
func (s *Signature) check(b []byte, v dict) (certs []*x509.Certificate) {
	if m, ok := v["M"].(pdfString); ok {
		s.Time = parsePDFDate(decodeText(m.b))
	}
	br, _ := v["ByteRange"].(array)
	var r [4]int64
	ok := len(br) == 4
	for i := 0; ok && i < 4; i++ {
		r[i], ok = br[i].(int64)
	}
	if !ok || r[0] != 0 || r[1] < 0 || r[2] < r[1] || r[3] < 0 || r[2]+r[3] > int64(len(b)) {
		s.fail("its byte range is not a valid one", "vùng ký (ByteRange) không hợp lệ")
		return
	}
	// The gap must be exactly the /Contents string, so that no signed
	// byte hides in it.
	gap := b[r[1]:r[2]]
	if len(gap) < 2 || gap[0] != '<' || gap[len(gap)-1] != '>' {
		s.fail("its byte range leaves out more than the signature", "vùng ký (ByteRange) bỏ sót cả phần ngoài chữ ký")
		return
	}
	s.Revision = int(r[2] + r[3])
	s.WholeFile = s.Revision == len(b)
	contents, _ := v["Contents"].(pdfString)
	der := contents.b
	sd, err := parseSignedData(der)
	if err != nil {
		s.fail(err.Error(), "không đọc được chữ ký (CMS): "+err.Error())
		return
	}
	certs, err = sd.certificates()
	if err == nil {
		s.Certificate, err = sd.signerCert(certs)
	}
	if err != nil {
		s.fail(err.Error(), "không tìm được chứng thư số của người ký: "+err.Error())
		return
	}
	s.Signer = name509(s.Certificate.Subject.CommonName, s.Certificate.Subject.String())
	s.Issuer = name509(s.Certificate.Issuer.CommonName, s.Certificate.Issuer.String())
	err = sd.verifySigner(s.Certificate, func(h crypto.Hash) []byte {
		hh := h.New()
		hh.Write(b[:r[1]])
		hh.Write(b[r[2] : r[2]+r[3]])
		return hh.Sum(nil)
	})
	switch {
	case errors.Is(err, errChanged):
		s.fail(err.Error(), "nội dung tệp đã bị thay đổi sau khi ký")
		return
	case errors.Is(err, errMismatch):
		s.fail(err.Error(), "chữ ký không khớp với khóa của chứng thư số")
		return
	case err != nil:
		s.fail(err.Error(), "không kiểm tra được chữ ký: "+err.Error())
		return
	}
	si := sd.signer
	if tok := attr(si.UnsignedAttrs.Bytes, oidTimeStampToken); tok != nil {
		info, err := checkToken(tok, si.Signature)
		if err != nil {
			s.fail(fmt.Sprintf("time-stamp: %v", err), fmt.Sprintf("dấu thời gian không hợp lệ: %v", err))
			return
		}
		s.Timestamp = info.GenTime
	}
	s.Intact = true
	return certs
}

// trust checks the signer's certificate against roots at the signing
// time, with the certificates the signature carries as intermediates.
func (s *Signature) trust(roots *x509.CertPool, certs []*x509.Certificate) {
	at := s.Time
	if !s.Timestamp.IsZero() {
		at = s.Timestamp
	}
	inter := x509.NewCertPool()
	for _, c := range certs {
		if c != s.Certificate {
			inter.AddCert(c)
		}
	}
	_, err := s.Certificate.Verify(x509.VerifyOptions{Roots: roots, Intermediates: inter, CurrentTime: at,
		KeyUsages: []x509.ExtKeyUsage{x509.ExtKeyUsageAny}})
	var unknown x509.UnknownAuthorityError
	var invalid x509.CertificateInvalidError
	switch {
	case err == nil:
		s.Trusted = true
	case errors.As(err, &unknown):
		s.Untrusted = "the certificate does not chain to a trusted root"
		s.UntrustedVI = "chứng thư số không do tổ chức được tin cậy cấp"
	case errors.As(err, &invalid) && invalid.Reason == x509.Expired:
		s.Untrusted = "a certificate of the chain was not valid at the signing time"
		s.UntrustedVI = "chứng thư số không còn hiệu lực vào lúc ký"
	default:
		s.Untrusted = err.Error()
		s.UntrustedVI = "chứng thư số không hợp lệ: " + err.Error()
	}
}

func (s *Signature) fail(msg, vi string) { s.Problem, s.ProblemVI = msg, vi }

func name509(cn, full string) string {
	if cn != "" {
		return cn
	}
	return full
}

// parsePDFDate reads D:YYYYMMDDHHmmSS with an optional zone, Z or +HH'mm'.
func parsePDFDate(s string) time.Time {
	s = strings.TrimPrefix(s, "D:")
	s = strings.ReplaceAll(s, "'", "")
	for _, layout := range []string{"20060102150405-0700", "20060102150405Z", "20060102150405"} {
		if t, err := time.Parse(layout, s); err == nil {
			return t
		}
	}
	return time.Time{}
}

// Complete checks that a PDF is signed as the Decree's electronic document
// is: by the person with authority and by the agency, every signature
// intact, the last covering the whole file. Its error says what is
// missing, in both languages.
func Complete(b []byte) error {
	sigs, err := Verify(b)
	if err != nil {
		return err
	}
	signed := map[Role]bool{}
	whole := false
	for _, s := range sigs {
		if !s.Signed {
			continue
		}
		if !s.Intact {
			return &problem.Error{Key: "pdf", Msg: fmt.Sprintf("the signature %s is not intact: %s", s.Field, s.Problem),
				MsgVI: fmt.Sprintf("chữ ký %s không còn nguyên vẹn: %s", s.Field, s.ProblemVI)}
		}
		signed[s.Role] = true
		whole = whole || s.WholeFile
	}
	switch {
	case !signed[Signer] || !signed[Agency]:
		return &problem.Error{Key: "pdf", Msg: "the PDF lacks the signature of the person with authority or of the agency",
			MsgVI: "tệp PDF chưa đủ chữ ký số của người có thẩm quyền và của cơ quan"}
	case !whole:
		return &problem.Error{Key: "pdf", Msg: "something was added after the last signature",
			MsgVI: "tệp có phần thêm vào sau chữ ký cuối cùng"}
	}
	return nil
}
