package main

import (
	"errors"
	"flag"
	"fmt"
	"net/url"
	"os"
	"time"

	"golang.org/x/term"

	"github.com/vanban/vanban/generator/problem"
	"github.com/vanban/vanban/generator/token"
	"github.com/vanban/vanban/generator/vn"
	"github.com/vanban/vanban/generator/web"
)

// serveSigning are serve's flags for the agency's key, with which the form
// signs documents digitally as it issues them.
type serveSigning struct {
	p12, passEnv, seal, tsa         *string
	module, token, keyLabel, pinEnv *string // or the key on a token
	sealMM                          *float64
}

// signingFlags adds the agency's key's flags to fs.
func signingFlags(e *env, fs *flags) *serveSigning {
	return &serveSigning{
		p12: fs.String("agency-p12", "", e.t("khóa ký số của cơ quan: `TỆP`.p12 (.pfx); “Ban hành” ký số được (cần -db và -seal)",
			"the agency's signing key, a `FILE`.p12 (.pfx): \"Ban hành\" can then sign (needs -db and -seal)")),
		passEnv: fs.String("agency-password-env", "", e.t("tên `BIẾN` môi trường chứa mật khẩu của -agency-p12 (không có thì gõ vào khi chạy)",
			"the environment `VARIABLE` holding the -agency-p12 password (without it, typed at start)")),
		seal:   fs.String("seal", "", e.t("ảnh con dấu của cơ quan: `TỆP`.png màu đỏ, nền trong suốt", "the agency's seal: a red `FILE`.png with a transparent background")),
		sealMM: fs.Float64("seal-mm", 36, e.t("đường kính thật của con dấu, `MM`", "the seal's real diameter, `MM`")),
		module: fs.String("agency-pkcs11", "", e.t("hoặc khóa của cơ quan trên token: thư viện PKCS#11 (`MODULE` .so, .dll)",
			"or the agency's key on a token: its PKCS#11 `MODULE` (.so, .dll)")),
		token:    fs.String("agency-token", "", e.t("tên (`NHÃN`) token của cơ quan, nếu có nhiều", "the agency's token `LABEL`, if there are several")),
		keyLabel: fs.String("agency-key", "", e.t("tên (`NHÃN`) khóa trên token, nếu có nhiều", "the key's `LABEL` on the token, if there are several")),
		pinEnv: fs.String("agency-pin-env", "", e.t("tên `BIẾN` môi trường chứa mã PIN của token (không có thì gõ vào khi chạy)",
			"the environment `VARIABLE` holding the token's PIN (without it, typed at start)")),
		tsa: fs.String("tsa", "", e.t("địa chỉ `URL` của máy chủ cấp dấu thời gian (RFC 3161), nếu có", "the time-stamp authority's `URL` (RFC 3161), if any")),
	}
}

// load reads and checks the agency's key, password and seal, by signing a
// short document with them, so that a wrong password, a certificate out of
// date or a seal that is not red stops the server at start with its
// reason, not a clerk at the moment of issuing. It returns nil without
// -agency-p12 or -agency-pkcs11, and a non-zero exit code when something
// is wrong; close releases a token's key when the server stops.
func (f *serveSigning) load(e *env, fs *flags, haveRegister bool) (g *web.Signing, close func(), code int) {
	close = func() {}
	set := map[string]bool{}
	fs.Visit(func(fl *flag.Flag) { set[fl.Name] = true })
	if *f.p12 == "" && *f.module == "" {
		for _, n := range []string{"agency-password-env", "agency-token", "agency-key", "agency-pin-env", "seal", "seal-mm", "tsa"} {
			if set[n] {
				fs.usageError(fmt.Sprintf(e.t("-%s chỉ dùng cùng -agency-p12 hoặc -agency-pkcs11 (khóa ký số của cơ quan)",
					"-%s goes with -agency-p12 or -agency-pkcs11 (the agency's signing key)"), n))
				return nil, close, exitUsage
			}
		}
		return nil, close, exitOK
	}
	switch {
	case *f.p12 != "" && *f.module != "":
		fs.usageError(e.t("chọn một khóa của cơ quan: -agency-p12 hoặc -agency-pkcs11", "give one agency key: -agency-p12 or -agency-pkcs11"))
		return nil, close, exitUsage
	case *f.seal == "":
		fs.usageError(e.t("khóa của cơ quan cần -seal TỆP.png: ảnh con dấu của cơ quan, màu đỏ, nền trong suốt",
			"the agency's key needs -seal FILE.png: the agency's seal, red on a transparent background"))
		return nil, close, exitUsage
	case !haveRegister:
		fs.usageError(e.t("ký số khi ban hành cần sổ văn bản đi: hãy thêm -db (hoặc đặt "+dbEnv+")",
			"signing as documents are issued needs the register: add -db (or set "+dbEnv+")"))
		return nil, close, exitUsage
	}
	if *f.tsa != "" {
		u, err := url.Parse(*f.tsa)
		if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
			fs.usageError(fmt.Sprintf(e.t("-tsa %q: cần địa chỉ http:// hoặc https://", "-tsa %q: give an http:// or https:// address"), *f.tsa))
			return nil, close, exitUsage
		}
	}
	// The password from the variable -agency-password-env names, else
	// typed at the terminal, never a flag's value (the list of processes
	// shows those).
	if *f.p12 != "" && *f.passEnv == "" && !terminal(e) {
		fs.usageError(e.t("thiếu mật khẩu của -agency-p12: hãy đặt nó vào một biến môi trường và chỉ tên biến bằng -agency-password-env",
			"no password for -agency-p12: put it in an environment variable and name the variable with -agency-password-env"))
		return nil, close, exitUsage
	}
	if *f.module != "" && *f.pinEnv == "" && !terminal(e) {
		fs.usageError(e.t("thiếu mã PIN của token: hãy đặt nó vào một biến môi trường và chỉ tên biến bằng -agency-pin-env",
			"no PIN for the token: put it in an environment variable and name the variable with -agency-pin-env"))
		return nil, close, exitUsage
	}
	key, chain, closeKey, err := signingKey(e, *f.p12, *f.passEnv,
		token.Config{Module: *f.module, Token: *f.token, Key: *f.keyLabel}, *f.pinEnv)
	if err != nil {
		e.report(err)
		return nil, close, exitInput
	}
	seal, err := readLimited(*f.seal, maxSignImage)
	if err != nil {
		closeKey()
		e.report(err)
		return nil, close, exitInput
	}
	g = &web.Signing{Key: key, Chain: chain, Seal: seal, SealMM: *f.sealMM, TSA: *f.tsa}
	if err := g.Check(e.ctx); err != nil {
		closeKey()
		var p *problem.Error
		if errors.As(err, &p) {
			q := *p
			switch q.Key {
			case "image":
				q.File, q.Key = *f.seal, ""
			case "seal-mm":
				q.Key = fmt.Sprintf("-seal-mm %g", *f.sealMM)
			default:
				if *f.p12 != "" {
					q.File, q.Key = *f.p12, ""
				}
			}
			err = &q
		}
		e.report(err)
		return nil, close, exitInput
	}
	c := chain[0]
	fmt.Fprintf(e.stdout, e.t("vanban: “Ban hành” ký số được: cơ quan %s, chứng thư số có hiệu lực đến %s\n",
		"vanban: \"Ban hành\" can sign: agency %s, certificate valid until %s\n"), c.Subject.CommonName, c.NotAfter.In(vn.Zone).Format("02/01/2006"))
	if left := time.Until(c.NotAfter); left < 30*24*time.Hour {
		e.errorf(e.t("chứng thư số của cơ quan hết hiệu lực sau %d ngày: hãy xin gia hạn", "the agency's certificate expires in %d days: renew it"), int(left.Hours()/24))
	}
	return g, closeKey, exitOK
}

// terminal reports whether standard input is a terminal, where a password
// can be typed.
func terminal(e *env) bool {
	f, ok := e.stdin.(*os.File)
	return ok && term.IsTerminal(int(f.Fd()))
}
