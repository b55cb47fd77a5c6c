package main

import (
	"crypto"
	"crypto/x509"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"time"

	"golang.org/x/term"

	"github.com/vanban/vanban/generator"
	"github.com/vanban/vanban/generator/batch"
	"github.com/vanban/vanban/generator/problem"
	"github.com/vanban/vanban/generator/sign"
	"github.com/vanban/vanban/generator/token"
)

// Limits on the files sign reads whole.
const (
	maxSignPDF   = 256 << 20
	maxSignImage = 8 << 20
	maxSignKey   = 1 << 20
)

// signCmd signs a PDF digitally as Decree 30 defines (package sign).
func signCmd(e *env, args []string) int {
	fs := e.newFlags("sign",
		"Ký số tệp PDF theo Nghị định 30/2020/NĐ-CP: người có thẩm quyền ký trước (-role signer, ảnh chữ ký\n"+
			"màu xanh ở ô 7c), rồi cơ quan (-role agency, ảnh dấu màu đỏ, đúng kích thước thật, trùm 1/3 bên trái\n"+
			"ảnh chữ ký); văn bản kèm theo tệp riêng: -role attachment -number SỐ/KÝ-HIỆU. Khóa từ tệp .p12\n"+
			"(mật khẩu trong biến môi trường -password-env, hoặc gõ vào) hoặc từ token USB (-pkcs11 MODULE).\n"+
			"Chữ ký thêm vào cuối tệp, chữ ký trước vẫn nguyên giá trị.",
		"Sign a PDF digitally as Decree 30/2020/NĐ-CP asks: the person with authority first (-role signer,\n"+
			"a blue signature image in box 7c), then the agency (-role agency, the red seal at its real size\n"+
			"over the left third of the signature); an attachment in its own file: -role attachment -number\n"+
			"NUMBER/CODE. The key comes from a .p12 file (its password from the variable -password-env names,\n"+
			"or typed) or from a USB token (-pkcs11 MODULE). The signature is appended: earlier ones stay valid.")
	p12 := fs.String("p12", "", e.t("tệp khóa `TỆP`.p12 (.pfx)", "the key's `FILE`.p12 (.pfx)"))
	passEnv := fs.String("password-env", "", e.t("tên `BIẾN` môi trường chứa mật khẩu tệp .p12", "the environment `VARIABLE` holding the .p12 password"))
	module := fs.String("pkcs11", "", e.t("thư viện PKCS#11 của token (`MODULE` .so, .dll)", "the token's PKCS#11 `MODULE` (.so, .dll)"))
	tokenLabel := fs.String("token", "", e.t("tên (`NHÃN`) token, nếu có nhiều", "the token's `LABEL`, if there are several"))
	keyLabel := fs.String("key", "", e.t("tên (`NHÃN`) khóa trên token, nếu có nhiều", "the key's `LABEL` on the token, if there are several"))
	pinEnv := fs.String("pin-env", "", e.t("tên `BIẾN` môi trường chứa mã PIN của token", "the environment `VARIABLE` holding the token's PIN"))
	roleName := fs.String("role", "", e.t("`VAI`: signer (người có thẩm quyền), agency (cơ quan), attachment (văn bản kèm theo)",
		"`ROLE`: signer (person with authority), agency, attachment"))
	image := fs.String("image", "", e.t("ảnh chữ ký (signer) hoặc ảnh dấu (agency): `TỆP`.png nền trong suốt", "the signature (signer) or seal (agency) image: a `FILE`.png with a transparent background"))
	sealMM := fs.Float64("seal-mm", 36, e.t("đường kính thật của con dấu, `MM`", "the seal's real diameter, `MM`"))
	number := fs.String("number", "", e.t("số và ký hiệu của văn bản chính, cho -role attachment (`SỐ`, ví dụ 12/QĐ-UBND)", "the main document's number and code, for -role attachment (`NUMBER`, e.g. 12/QĐ-UBND)"))
	tsa := fs.String("tsa", "", e.t("địa chỉ `URL` của máy chủ cấp dấu thời gian (RFC 3161)", "the time-stamp authority's `URL` (RFC 3161)"))
	if code, ok := fs.parse(args, 2); !ok {
		return code
	}
	if fs.NArg() != 2 {
		fs.usageError(e.t("cần đúng hai tệp: VÀO.pdf RA.pdf", "give exactly two files: IN.pdf OUT.pdf"))
		return exitUsage
	}
	in, out := fs.Arg(0), fs.Arg(1)
	role, err := sign.ParseRole(*roleName)
	if *roleName == "" {
		fs.usageError(e.t("thiếu -role: signer, agency hoặc attachment", "-role is missing: signer, agency or attachment"))
		return exitUsage
	}
	if err != nil {
		e.report(err)
		return exitUsage
	}
	if (*p12 == "") == (*module == "") {
		fs.usageError(e.t("cần một khóa: -p12 TỆP hoặc -pkcs11 MODULE", "give one key: -p12 FILE or -pkcs11 MODULE"))
		return exitUsage
	}
	opt := sign.Options{Role: role, SealMM: *sealMM, Number: *number, TSA: *tsa, Time: time.Now()}
	if *image != "" {
		if opt.Image, err = readLimited(*image, maxSignImage); err != nil {
			e.report(err)
			return exitInput
		}
	}
	pdf, err := readLimited(in, maxSignPDF)
	if err != nil {
		e.report(err)
		return exitInput
	}
	key, chain, closeKey, err := signingKey(e, *p12, *passEnv, token.Config{Module: *module, Token: *tokenLabel, Key: *keyLabel}, *pinEnv)
	if err != nil {
		e.report(err)
		return exitInput
	}
	defer closeKey()
	opt.Key, opt.Chain = key, chain
	signed, err := sign.Sign(e.ctx, pdf, opt)
	if err != nil {
		e.report(inFile(err, in))
		return exitInput
	}
	if err := batch.WriteFile(out, signed); err != nil {
		e.report(err)
		return exitInput
	}
	e.errorf(e.t("đã ký (%s) và ghi %s", "signed (%s) and wrote %s"), e.t(role.Vietnamese(), role.String()), out)
	return exitOK
}

// inFile names file in a problem about the file itself (no key, or the
// key "pdf", which the file's name then replaces); a problem about another
// key (an image, a flag) stays as it is.
func inFile(err error, file string) error {
	var p *problem.Error
	if errors.As(err, &p) && p.File == "" && (p.Key == "" || p.Key == "pdf") {
		q := *p
		q.File, q.Key = file, ""
		return &q
	}
	return err
}

// readLimited reads a whole regular file of at most limit bytes with
// generator.ReadRegular (a FIFO or a device is refused before it is
// opened), its failures said in both languages.
func readLimited(name string, limit int64) ([]byte, error) {
	b, err := generator.ReadRegular(os.DirFS(filepath.Dir(name)), filepath.Base(name), limit)
	var p *generator.InputError
	switch {
	case err == nil:
		return b, nil
	case errors.As(err, &p): // too big, said already, of the base name
		q := *p
		q.File = name
		return nil, &q
	case errors.Is(err, generator.ErrNotRegular):
		return nil, &problem.Error{File: name, Msg: "not a regular file", MsgVI: "không phải tệp thông thường"}
	}
	return nil, &problem.Error{File: name, Msg: "cannot open: " + errText(err), MsgVI: "không mở được tệp: " + errText(err)}
}

// openRegular opens name for reading if it is a regular file.
func openRegular(name string) (*os.File, error) {
	fi, err := os.Stat(name)
	if err == nil && !fi.Mode().IsRegular() {
		return nil, &problem.Error{File: name, Msg: "not a regular file", MsgVI: "không phải tệp thông thường"}
	}
	var f *os.File
	if err == nil {
		f, err = os.Open(name)
	}
	if err != nil {
		return nil, &problem.Error{File: name, Msg: "cannot open: " + errText(err), MsgVI: "không mở được tệp: " + errText(err)}
	}
	return f, nil
}

func errText(err error) string {
	var pe *os.PathError
	if errors.As(err, &pe) {
		return pe.Err.Error()
	}
	return err.Error()
}

// signingKey opens the key: a .p12 file with its password, or a token with
// its PIN; each secret from the environment variable named, else typed at
// the terminal.
func signingKey(e *env, p12, passEnv string, cfg token.Config, pinEnv string) (crypto.Signer, []*x509.Certificate, func(), error) {
	if p12 != "" {
		data, err := readLimited(p12, maxSignKey)
		if err != nil {
			return nil, nil, nil, err
		}
		pass, err := secret(e, passEnv, e.t("Mật khẩu tệp "+p12+": ", "Password of "+p12+": "))
		if err != nil {
			return nil, nil, nil, err
		}
		key, chain, err := sign.LoadP12(data, pass)
		if err != nil {
			var p *problem.Error
			if errors.As(err, &p) {
				q := *p
				q.File, q.Key = p12, ""
				err = &q
			}
			return nil, nil, nil, err
		}
		return key, chain, func() {}, nil
	}
	pin, err := secret(e, pinEnv, e.t("Mã PIN của token: ", "Token PIN: "))
	if err != nil {
		return nil, nil, nil, err
	}
	cfg.PIN = pin
	k, err := token.Open(e.ctx, cfg)
	if err != nil {
		return nil, nil, nil, err
	}
	return k, k.Chain(), func() { k.Close() }, nil
}

// secret reads a password from the environment variable name, or, with
// none, from the terminal without echo.
func secret(e *env, name, prompt string) (string, error) {
	if name != "" {
		v, ok := os.LookupEnv(name)
		if !ok {
			return "", &problem.Error{Key: name, Msg: "the environment variable is not set", MsgVI: "biến môi trường chưa được đặt"}
		}
		return v, nil
	}
	f, ok := e.stdin.(*os.File)
	if !ok || !term.IsTerminal(int(f.Fd())) {
		return "", &problem.Error{Msg: "no password: name the environment variable that holds it (-password-env, -pin-env) or run in a terminal to type it",
			MsgVI: "thiếu mật khẩu: hãy chỉ tên biến môi trường chứa nó (-password-env, -pin-env) hoặc chạy trong cửa sổ lệnh để gõ vào"}
	}
	fmt.Fprint(e.stderr, prompt)
	b, err := term.ReadPassword(int(f.Fd()))
	fmt.Fprintln(e.stderr)
	if err != nil {
		return "", err
	}
	return strings.TrimRight(string(b), "\r\n"), nil
}
