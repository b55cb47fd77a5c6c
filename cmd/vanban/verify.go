package main

import (
	"fmt"
	"time"

	"github.com/vanban/vanban/generator/sign"
)

// verifyCmd lists the signatures of PDFs and checks each (package sign).
func verifyCmd(e *env, args []string) int {
	fs := e.newFlags("verify",
		"Liệt kê và kiểm tra các chữ ký số của tệp PDF: người ký, nơi cấp chứng thư, thời gian ký, vai trò,\n"+
			"chữ ký còn nguyên vẹn không và có phủ toàn bộ tệp không. Mã thoát 0 khi mọi tệp đều có chữ ký\n"+
			"và mọi chữ ký đều nguyên vẹn, 1 khi không.",
		"List and check the digital signatures of PDFs: signer, certificate issuer, signing time, role,\n"+
			"whether each is intact and whether it covers the whole file. Exit status 0 when every file is\n"+
			"signed and every signature intact, 1 otherwise.")
	if code, ok := fs.parse(args, 1); !ok {
		return code
	}
	code := exitOK
	for _, name := range fs.Args() {
		b, err := readLimited(name, maxSignPDF)
		if err != nil {
			e.report(err)
			code = exitInput
			continue
		}
		sigs, err := sign.Verify(b)
		if err != nil {
			e.report(placed(err, name))
			code = exitInput
			continue
		}
		if !printSignatures(e, name, sigs) {
			code = exitInput
		}
	}
	return code
}

// printSignatures prints what Verify found in file; it reports whether the
// file has signatures and all are intact.
func printSignatures(e *env, file string, sigs []sign.Signature) bool {
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
	}
	if signed == 0 {
		fmt.Fprintf(w, "  %s\n", e.t("không có chữ ký số", "no digital signature"))
		return false
	}
	return good
}

// vnTime formats t in Vietnam's time zone, ISO 8601.
func vnTime(t time.Time) string {
	if t.IsZero() {
		return "?"
	}
	return t.In(time.FixedZone("ICT", 7*3600)).Format("2006-01-02T15:04:05-07:00")
}
