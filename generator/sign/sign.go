// Package sign signs vanban's PDF documents digitally as Decree
// 30/2020/NĐ-CP defines an electronic administrative document (Articles
// 13–16, Appendix I part II items 7–8): first the person with authority,
// whose signature image stands in box 7c between the position lines and
// the name, then the agency, whose seal image stands at its real size over
// the left third of it (box 8); a separate attachment gets the agency's
// signature alone, shown as its number and signing time at the top right
// of its first page.
//
// Each signature is a PAdES baseline signature (ETSI EN 319 142-1: B-B, or
// B-T with a time-stamp authority), a CMS SignedData (ETSI.CAdES.detached)
// added to the PDF in an incremental update, which leaves the bytes an
// earlier signature covers as they are. Keys are crypto.Signer values, so
// that a file, a token or a remote service can hold them.
package sign

import (
	"bytes"
	"context"
	"crypto"
	"crypto/sha256"
	"crypto/x509"
	"encoding/hex"
	"errors"
	"fmt"
	"net/http"
	"slices"
	"strconv"
	"time"

	"github.com/vanban/vanban/generator/layout"
	"github.com/vanban/vanban/generator/problem"
	"github.com/vanban/vanban/generator/vn"
)

// Role is who signs, which decides where the signature shows.
type Role int

const (
	Signer     Role = iota // the person with authority: box 7c, the signature image
	Agency                 // the agency: box 8, the seal image
	Attachment             // the agency, on a separate attachment: text at the top right
)

var roleNames = []string{"signer", "agency", "attachment"}

// String returns the role's name as the command line spells it.
func (r Role) String() string {
	if r < 0 || int(r) >= len(roleNames) {
		return "Role(" + strconv.Itoa(int(r)) + ")"
	}
	return roleNames[r]
}

// Vietnamese returns the role as office staff name it.
func (r Role) Vietnamese() string {
	switch r {
	case Signer:
		return "người có thẩm quyền"
	case Agency:
		return "cơ quan, tổ chức"
	case Attachment:
		return "cơ quan, tổ chức (văn bản kèm theo)"
	}
	return r.String()
}

// ParseRole reads a role's name: signer, agency or attachment.
func ParseRole(s string) (Role, error) {
	if i := slices.Index(roleNames, s); i >= 0 {
		return Role(i), nil
	}
	return 0, &problem.Error{Key: "role", Value: s,
		Msg:   fmt.Sprintf("unknown role %q: signer, agency or attachment", s),
		MsgVI: fmt.Sprintf("vai trò %q không có: signer (người có thẩm quyền), agency (cơ quan) hoặc attachment (văn bản kèm theo)", s)}
}

// Options say who signs and how the signature shows.
type Options struct {
	Role  Role
	Key   crypto.Signer       // the signer's private key
	Chain []*x509.Certificate // the key's certificate first, then its issuers
	// Image is the PNG of the handwritten signature (Signer, blue) or of
	// the seal (Agency, red), with a transparent background. An
	// attachment shows none.
	Image []byte
	// SealMM is the seal's real diameter in mm; 0 means
	// layout.SealDiameter.
	SealMM float64
	// Number is, for an attachment, the number and code of the document
	// it goes with, "12/QĐ-UBND", shown above the signing time.
	Number string
	// Time is the claimed signing time; zero means now. It is shown and
	// recorded in Vietnam's time zone.
	Time time.Time
	// TSA is the address of an RFC 3161 time-stamp authority: with it the
	// signature is PAdES B-T, without it B-B.
	TSA    string
	Client *http.Client // for the TSA; nil: a client with a 30 s limit
	Reason string       // recorded in the signature; empty: said by role
}

// Margins of the attachment's text from the top and right edges of its
// first page, mm, and its size, pt (Appendix I, item 8b: 10 pt).
const (
	attachmentTop   = 10.0
	attachmentRight = 15.0
	attachmentSize  = 10.0
)

// Sign signs the PDF in as opt says and returns the signed file: in,
// unchanged, followed by an incremental update. ctx bounds the call to the
// time-stamp authority.
func Sign(ctx context.Context, in []byte, opt Options) ([]byte, error) {
	if err := opt.check(); err != nil {
		return nil, err
	}
	f, err := readFile(in)
	if err != nil {
		return nil, pdfProblem(err)
	}
	u := newUpdate(f)
	form, err := u.form()
	if err != nil {
		return nil, pdfProblem(err)
	}
	sig := &sigDict{time: opt.Time.In(vn.Zone), name: opt.Chain[0].Subject.CommonName, reason: opt.reason()}
	sigRef := u.reserve()
	if opt.Role == Attachment {
		err = u.attachmentField(form, opt, sigRef)
	} else {
		err = u.signField(form, opt, sigRef)
	}
	if err != nil {
		return nil, err
	}
	form.setSigFlags(u)
	return u.writeSigned(ctx, sigRef, sig, opt)
}

func (opt *Options) check() error {
	if opt.Role < Signer || opt.Role > Attachment {
		return &problem.Error{Key: "role", Msg: "unknown role", MsgVI: "vai trò không hợp lệ"}
	}
	if opt.Key == nil || len(opt.Chain) == 0 || opt.Chain[0] == nil {
		return &problem.Error{Key: "key", Msg: "no key or certificate to sign with", MsgVI: "thiếu khóa hoặc chứng thư số để ký"}
	}
	type equaler interface{ Equal(crypto.PublicKey) bool }
	if pub, ok := opt.Key.Public().(equaler); !ok || !pub.Equal(opt.Chain[0].PublicKey) {
		return &problem.Error{Key: "key", Msg: "the certificate is not the key's", MsgVI: "chứng thư số không khớp với khóa"}
	}
	if opt.Time.IsZero() {
		opt.Time = time.Now()
	}
	opt.Time = opt.Time.Truncate(time.Second)
	c := opt.Chain[0]
	if opt.Time.Before(c.NotBefore) || opt.Time.After(c.NotAfter) {
		return &problem.Error{Key: "certificate",
			Msg: fmt.Sprintf("the certificate of %s is valid from %s to %s, not at the signing time %s",
				c.Subject.CommonName, c.NotBefore.In(vn.Zone).Format("02/01/2006"), c.NotAfter.In(vn.Zone).Format("02/01/2006"), opt.Time.In(vn.Zone).Format("02/01/2006 15:04")),
			MsgVI: fmt.Sprintf("chứng thư số của %s chỉ có hiệu lực từ %s đến %s, không phải lúc ký %s",
				c.Subject.CommonName, c.NotBefore.In(vn.Zone).Format("02/01/2006"), c.NotAfter.In(vn.Zone).Format("02/01/2006"), opt.Time.In(vn.Zone).Format("02/01/2006 15:04"))}
	}
	if c.KeyUsage != 0 && c.KeyUsage&(x509.KeyUsageDigitalSignature|x509.KeyUsageContentCommitment) == 0 {
		return &problem.Error{Key: "certificate", Msg: "the certificate is not for digital signatures (key usage)",
			MsgVI: "chứng thư số không dùng để ký số (key usage)"}
	}
	if _, err := signatureAlgorithm(opt.Key.Public()); err != nil {
		return &problem.Error{Key: "key", Msg: err.Error(), MsgVI: "loại khóa không ký được văn bản PDF: cần khóa RSA hoặc ECDSA"}
	}
	switch {
	case opt.Role == Attachment && opt.Image != nil:
		return &problem.Error{Key: "image", Msg: "an attachment's signature shows no image (Decree 30, Appendix I, item 8b)",
			MsgVI: "chữ ký số trên văn bản kèm theo không hiển thị hình ảnh (Nghị định 30, Phụ lục I, mục 8b)"}
	case opt.Role == Attachment && opt.Number == "":
		return &problem.Error{Key: "number", Msg: "an attachment shows the number and code of its document: give them",
			MsgVI: "văn bản kèm theo phải ghi số và ký hiệu của văn bản chính: hãy nhập"}
	case opt.Role != Attachment && opt.Image == nil:
		what, vi := "signature", "chữ ký"
		if opt.Role == Agency {
			what, vi = "seal", "con dấu"
		}
		return &problem.Error{Key: "image", Msg: "the image of the " + what + " is missing (a PNG with a transparent background)",
			MsgVI: "thiếu ảnh " + vi + " (tệp PNG nền trong suốt)"}
	}
	if opt.SealMM < 0 || opt.SealMM > 60 {
		return &problem.Error{Key: "seal-mm", Msg: "a seal's diameter is between 20 and 60 mm", MsgVI: "đường kính con dấu từ 20 đến 60 mm"}
	}
	if opt.SealMM == 0 {
		opt.SealMM = layout.SealDiameter
	} else if opt.SealMM < 20 {
		return &problem.Error{Key: "seal-mm", Msg: "a seal's diameter is between 20 and 60 mm", MsgVI: "đường kính con dấu từ 20 đến 60 mm"}
	}
	return nil
}

func (opt *Options) reason() string {
	if opt.Reason != "" {
		return opt.Reason
	}
	switch opt.Role {
	case Signer:
		return "Ký ban hành văn bản"
	case Agency:
		return "Ký số của cơ quan, tổ chức"
	}
	return "Ký số văn bản kèm theo " + opt.Number
}

// pdfProblem is the message for a PDF that cannot be read.
func pdfProblem(err error) error {
	var p *problem.Error
	if errors.As(err, &p) {
		return err
	}
	if errors.Is(err, errNotPDF) {
		return &problem.Error{Key: "pdf", Msg: "the file is not a PDF", MsgVI: "tệp không phải PDF"}
	}
	return &problem.Error{Key: "pdf", Msg: "the PDF cannot be read: " + err.Error(), MsgVI: "không đọc được tệp PDF: " + err.Error()}
}

// sigDict is the signature dictionary's content apart from the signature.
type sigDict struct {
	time         time.Time
	name, reason string
}

// pdfDate formats t as a PDF date: D:YYYYMMDDHHmmSS+07'00'.
func pdfDate(t time.Time) string {
	_, off := t.Zone()
	sign := byte('+')
	if off < 0 {
		sign, off = '-', -off
	}
	return fmt.Sprintf("D:%s%c%02d'%02d'", t.Format("20060102150405"), sign, off/3600, off%3600/60)
}

// contentsSize is the room, in bytes, kept for the CMS signature.
func contentsSize(opt Options) int {
	n := 4096
	for _, c := range opt.Chain {
		n += len(c.Raw)
	}
	if opt.TSA != "" {
		n += 8192
	}
	return n
}

// writeSigned writes the update with the signature dictionary at sigRef,
// then signs the bytes around its /Contents and fills them in.
func (u *update) writeSigned(ctx context.Context, sigRef ref, sd *sigDict, opt Options) ([]byte, error) {
	size := contentsSize(opt)
	for try := 0; try < 2; try++ {
		out, at, err := u.write(sigRef, sd, size)
		if err != nil {
			return nil, err
		}
		// at is the offset of /Contents' '<'; the hex digits follow.
		end := at + 2 + 2*size
		br := fmt.Sprintf("[0 %d %d %d]", at, end, len(out)-end)
		from := max(0, at-300)
		pos := bytes.Index(out[from:at], []byte(byteRangeHole))
		if pos < 0 || len(br) > len(byteRangeHole) {
			return nil, errors.New("sign: byte range placeholder not found")
		}
		copy(out[from+pos:], fmt.Sprintf("%-*s", len(byteRangeHole), br))
		h := sha256.New()
		h.Write(out[:at])
		h.Write(out[end:])
		der, sigValue, err := signCMS(cmsInput{signer: opt.Key, chain: opt.Chain, digest: h.Sum(nil)})
		if err != nil {
			return nil, &problem.Error{Key: "key", Msg: err.Error(), MsgVI: "khóa không ký được: " + err.Error()}
		}
		if opt.TSA != "" {
			client := opt.Client
			if client == nil {
				client = &http.Client{Timeout: 30 * time.Second}
			}
			token, err := timestamp(ctx, client, opt.TSA, sigValue)
			if err != nil {
				return nil, &problem.Error{Key: "tsa", Msg: err.Error(), MsgVI: "không lấy được dấu thời gian: " + err.Error()}
			}
			if der, err = withUnsigned(der, attribute{oidTimeStampToken, set(token)}); err != nil {
				return nil, err
			}
		}
		if len(der) > size {
			size = len(der) + 1024
			continue
		}
		hex.Encode(out[at+1:], der)
		for i := at + 1 + 2*len(der); i < end-1; i++ {
			out[i] = '0'
		}
		return out, nil
	}
	return nil, errors.New("sign: the signature does not fit its room")
}

// byteRangeHole is written in place of the byte range, then overwritten
// with it padded with spaces.
const byteRangeHole = "[0 0000000000 0000000000 0000000000]"
