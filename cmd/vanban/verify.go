package main

import (
	"crypto/x509"
	"encoding/pem"
	"fmt"
	"time"

	"github.com/vanban/vanban/generator/problem"
	"github.com/vanban/vanban/generator/sign"
	"github.com/vanban/vanban/generator/vn"
)

// verifyCmd lists the signatures of PDFs and checks each (package sign).
func verifyCmd(e *env, args []string) int {
	fs := e.newFlags("verify",
		"Liệt kê và kiểm tra các chữ ký số của tệp PDF: người ký, nơi cấp chứng thư, thời gian ký, vai trò,\n"+
			"chữ ký còn nguyên vẹn không và có phủ toàn bộ tệp không; với -roots, chứng thư có do tổ chức\n"+
			"được tin cậy cấp không. Mã thoát 0 khi mọi tệp đều có chữ ký và mọi chữ ký đều nguyên vẹn (và\n"+
			"tin cậy), 1 khi không.",
		"List and check the digital signatures of PDFs: signer, certificate issuer, signing time, role,\n"+
			"whether each is intact and whether it covers the whole file; with -roots, whether the\n"+
			"certificate chains to a trusted authority. Exit status 0 when every file is signed and every\n"+
			"signature intact (and trusted), 1 otherwise.")
	rootsFile := fs.String("roots", "", e.t("tệp chứng thư của các tổ chức chứng thực được tin cậy (`TỆP` .pem, .crt hoặc .cer): kiểm tra cả chuỗi chứng thư",
		"certificates of the trusted authorities (a `FILE`, .pem, .crt or .cer): check the chain too"))
	if code, ok := fs.parse(args, 1); !ok {
		return code
	}
	var opt sign.VerifyOptions
	if *rootsFile != "" {
		roots, err := readRoots(*rootsFile)
		if err != nil {
			e.report(err)
			return exitInput
		}
		opt.Roots = roots
	}
	code := exitOK
	for _, name := range fs.Args() {
		b, err := readLimited(name, maxSignPDF)
		if err != nil {
			e.report(err)
			code = exitInput
			continue
		}
		sigs, err := sign.VerifyWith(b, opt)
		if err != nil {
			e.report(inFile(err, name))
			code = exitInput
			continue
		}
		if !printSignatures(e, name, sigs, opt.Roots != nil) {
			code = exitInput
		}
	}
	return code
}

// printSignatures prints what Verify found in file; it reports whether the
// file has signatures and all are intact (and trusted, with roots).
func printSignatures(e *env, file string, sigs []sign.Signature, roots bool) bool {
	w := e.stdout
	fmt.Fprintf(w, "%s\n", file)
	signed, good := 0, true
	yes := func(b bool) string {
		if b {
			return e.t("có", "yes")
		}
		return e.t("KHÔNG", "NO")
	}
	for _, s := range sigs {
		role := s.Field
		if s.Role >= 0 {
			role = fmt.Sprintf("%s (%s)", s.Field, e.t(s.Role.Vietnamese(), s.Role.String()))
		}
		if !s.Signed {
			fmt.Fprintf(w, "  %s: %s\n", role, e.t("chưa ký", "not signed"))
			continue
		}
		signed++
		good = good && s.Intact
		fmt.Fprintf(w, "  %s: %s\n", role, e.t("đã ký", "signed"))
		fmt.Fprintf(w, "    %-22s %s\n", e.t("Người ký:", "Signer:"), s.Signer)
		fmt.Fprintf(w, "    %-22s %s\n", e.t("Nơi cấp chứng thư:", "Certificate issuer:"), s.Issuer)
		fmt.Fprintf(w, "    %-22s %s\n", e.t("Thời gian ký:", "Signing time:"), vnTime(s.Time))
		if !s.Timestamp.IsZero() {
			fmt.Fprintf(w, "    %-22s %s\n", e.t("Dấu thời gian:", "Time-stamp:"), vnTime(s.Timestamp))
		}
		intact := yes(s.Intact)
		if !s.Intact {
			intact += " (" + e.t(s.ProblemVI, s.Problem) + ")"
		}
		fmt.Fprintf(w, "    %-22s %s\n", e.t("Nguyên vẹn:", "Intact:"), intact)
		whole := yes(s.WholeFile)
		if !s.WholeFile && s.Intact {
			whole = e.t(fmt.Sprintf("không: ký %d byte đầu; phần sau là cập nhật về sau (chữ ký khác, ...)", s.Revision),
				fmt.Sprintf("no: signs the first %d bytes; what follows was added later (other signatures, ...)", s.Revision))
		}
		fmt.Fprintf(w, "    %-22s %s\n", e.t("Phủ toàn bộ tệp:", "Covers whole file:"), whole)
		if roots && s.Intact {
			good = good && s.Trusted
			trusted := yes(s.Trusted)
			if !s.Trusted {
				trusted += " (" + e.t(s.UntrustedVI, s.Untrusted) + ")"
			}
			fmt.Fprintf(w, "    %-22s %s\n", e.t("Chứng thư tin cậy:", "Trusted chain:"), trusted)
		}
	}
	if signed == 0 {
		fmt.Fprintf(w, "  %s\n", e.t("không có chữ ký số", "no digital signature"))
		return false
	}
	return good
}

// readRoots reads the certificates of a PEM file (any number) or of one
// DER file.
func readRoots(name string) (*x509.CertPool, error) {
	b, err := readLimited(name, maxSignKey)
	if err != nil {
		return nil, err
	}
	pool := x509.NewCertPool()
	n := 0
	for rest := b; ; {
		var blk *pem.Block
		blk, rest = pem.Decode(rest)
		if blk == nil {
			break
		}
		if blk.Type != "CERTIFICATE" {
			continue
		}
		c, err := x509.ParseCertificate(blk.Bytes)
		if err != nil {
			return nil, &problem.Error{File: name, Msg: "a certificate cannot be read: " + err.Error(), MsgVI: "không đọc được một chứng thư: " + err.Error()}
		}
		pool.AddCert(c)
		n++
	}
	if n == 0 {
		c, err := x509.ParseCertificate(b)
		if err != nil {
			return nil, &problem.Error{File: name, Msg: "no certificate (PEM or DER) in the file", MsgVI: "tệp không có chứng thư nào (PEM hoặc DER)"}
		}
		pool.AddCert(c)
	}
	return pool, nil
}

// vnTime formats t in Vietnam's time zone, ISO 8601.
func vnTime(t time.Time) string {
	if t.IsZero() {
		return "?"
	}
	return t.In(vn.Zone).Format("2006-01-02T15:04:05-07:00")
}
