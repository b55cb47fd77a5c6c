// Package token opens a signing key held on a PKCS#11 token: the USB
// tokens from VNPT-CA, Viettel-CA, BKAV and the other Vietnamese
// certificate authorities, each driven by its vendor's PKCS#11 module (a
// .so or .dll). The key is a crypto.Signer whose private half never
// leaves the token; the certificates on the token give its chain.
//
// Talking to a module needs cgo, so the real Open is built only with the
// build tag pkcs11 (go build -tags pkcs11, with a C compiler). Without it
// Open says that this binary has no token support and how to build one,
// and the default binary stays static.
package token

import (
	"bytes"
	"crypto"
	"crypto/rsa"
	"crypto/x509"
	"errors"
	"fmt"
	"io"
	"slices"
	"strings"
	"sync"

	"github.com/vanban/vanban/generator/problem"
)

// Config says which module, token and key to open.
type Config struct {
	Module string // path of the PKCS#11 module (.so / .dll)
	Token  string // token label (empty: the only token present; an error naming the labels found if several)
	PIN    string // the user PIN; used for the login only, never kept
	Key    string // label of the private key (empty: the only key on the token that has a certificate; error listing labels if several)
}

// Key is a crypto.Signer whose private key stays on the token. It is safe
// for use by several goroutines; Close it when done.
type Key struct {
	signer crypto.Signer
	chain  []*x509.Certificate
	close  func() error

	mu     sync.Mutex
	closed bool
}

// Public is the public half of the key, as in its certificate.
func (k *Key) Public() crypto.PublicKey { return k.signer.Public() }

// Sign signs digest on the token: RSA PKCS#1 v1.5 for crypto.Hash opts,
// RSA-PSS for *rsa.PSSOptions, ECDSA (ASN.1 DER) for an ECDSA key. An
// automatic PSS salt length is taken as the hash's length, the length
// crypto/x509 uses and every verifier accepts, because tokens cannot
// work one out themselves.
func (k *Key) Sign(rand io.Reader, digest []byte, opts crypto.SignerOpts) ([]byte, error) {
	if opts == nil || opts.HashFunc() == 0 {
		return nil, errors.New("token: sign: the digest's hash function must be given")
	}
	if h := opts.HashFunc(); !h.Available() || len(digest) != h.Size() {
		return nil, fmt.Errorf("token: sign: a %d-byte digest is not a %v digest", len(digest), h)
	}
	if pss, ok := opts.(*rsa.PSSOptions); ok && pss.SaltLength == rsa.PSSSaltLengthAuto {
		opts = &rsa.PSSOptions{SaltLength: rsa.PSSSaltLengthEqualsHash, Hash: pss.Hash}
	}
	k.mu.Lock()
	closed := k.closed
	k.mu.Unlock()
	if closed {
		return nil, errors.New("token: sign: the key is closed")
	}
	sig, err := k.signer.Sign(rand, digest, opts)
	if err != nil {
		return nil, fmt.Errorf("token: sign: %w", err)
	}
	return sig, nil
}

// Chain is the key's certificate first, then the issuer certificates on
// the token that chain to it, each signed by the next.
func (k *Key) Chain() []*x509.Certificate { return k.chain }

// Close logs out of the token and unloads the module once no other Key
// uses it. Closing twice does nothing.
func (k *Key) Close() error {
	k.mu.Lock()
	defer k.mu.Unlock()
	if k.closed {
		return nil
	}
	k.closed = true
	if k.close == nil {
		return nil
	}
	return k.close()
}

// candidate is a private key found on a token.
type candidate struct {
	label  string
	signer crypto.Signer
	cert   *x509.Certificate // nil when no certificate on the token holds its public key
}

// matchCertificate is the certificate among certs that holds pub; of
// several (a certificate renewed for the same key), the one that expires
// last.
func matchCertificate(pub crypto.PublicKey, certs []*x509.Certificate) *x509.Certificate {
	eq, ok := pub.(interface{ Equal(crypto.PublicKey) bool })
	if !ok {
		return nil
	}
	var best *x509.Certificate
	for _, c := range certs {
		if eq.Equal(c.PublicKey) && (best == nil || c.NotAfter.After(best.NotAfter)) {
			best = c
		}
	}
	return best
}

// pick chooses the key to sign with: the one labelled label, or with an
// empty label the only key that has a certificate.
func pick(cands []candidate, token, label string) (candidate, error) {
	if len(cands) == 0 {
		return candidate{}, errNoKeys(token)
	}
	if label == "" {
		var withCert []candidate
		for _, c := range cands {
			if c.cert != nil {
				withCert = append(withCert, c)
			}
		}
		switch len(withCert) {
		case 1:
			return withCert[0], nil
		case 0:
			return candidate{}, errNoKeyWithCertificate(token, cands)
		}
		return candidate{}, errSeveralKeys(token, withCert)
	}
	var found bool
	var best candidate
	for _, c := range cands {
		if c.label != label {
			continue
		}
		found = true
		// Two keys under one label (an old key kept after a renewal):
		// the one whose certificate runs longest.
		if c.cert != nil && (best.cert == nil || c.cert.NotAfter.After(best.cert.NotAfter)) {
			best = c
		}
	}
	switch {
	case !found:
		return candidate{}, errKeyNotFound(token, label, cands)
	case best.cert == nil:
		return candidate{}, errNoCertificate(token, label)
	}
	return best, nil
}

// buildChain is leaf, then the certificate among certs that signed it,
// then the one that signed that, up to a self-signed one or to one whose
// issuer is not among certs.
func buildChain(leaf *x509.Certificate, certs []*x509.Certificate) []*x509.Certificate {
	chain := []*x509.Certificate{leaf}
	for cur := leaf; !selfSigned(cur); {
		next := issuer(cur, certs, chain)
		if next == nil {
			break
		}
		chain = append(chain, next)
		cur = next
	}
	return chain
}

// issuer is the certificate among certs, not yet in chain, whose key
// signed c.
func issuer(c *x509.Certificate, certs, chain []*x509.Certificate) *x509.Certificate {
	for _, p := range certs {
		if bytes.Equal(p.RawSubject, c.RawIssuer) && !contains(chain, p) && c.CheckSignatureFrom(p) == nil {
			return p
		}
	}
	return nil
}

func selfSigned(c *x509.Certificate) bool {
	return bytes.Equal(c.RawSubject, c.RawIssuer) && c.CheckSignatureFrom(c) == nil
}

func contains(chain []*x509.Certificate, c *x509.Certificate) bool {
	for _, x := range chain {
		if bytes.Equal(x.Raw, c.Raw) {
			return true
		}
	}
	return false
}

// The messages of what can go wrong, in English and Vietnamese: office
// staff read them when the token does not sign.

func errNoSupport() error {
	return problem.New("",
		"this vanban was built without token (PKCS#11) support; build one that has it with "+
			"`CGO_ENABLED=1 go build -tags pkcs11 ./cmd/vanban` (needs a C compiler, gcc)",
		"bản vanban này được biên dịch không kèm hỗ trợ token (PKCS#11); hãy biên dịch bản có hỗ trợ bằng lệnh "+
			"`CGO_ENABLED=1 go build -tags pkcs11 ./cmd/vanban` (cần trình biên dịch C gcc)")
}

func errNoModule() error {
	return problem.New("",
		"no PKCS#11 module given: give the path of the token's library (.so / .dll), installed with the software of its vendor (VNPT-CA, Viettel-CA, BKAV…)",
		"chưa chỉ đường dẫn thư viện PKCS#11 của token (tệp .so / .dll, được cài cùng phần mềm của nhà cung cấp như VNPT-CA, Viettel-CA, BKAV…)")
}

func errModuleNotFound(path string) error {
	return problem.New(path,
		fmt.Sprintf("PKCS#11 module %s not found: install the token's driver or give the right path", path),
		fmt.Sprintf("không tìm thấy thư viện PKCS#11 %s: hãy cài trình điều khiển (driver) của token hoặc chỉ đúng đường dẫn", path))
}

func errModuleNotLoadable(path string) error {
	return problem.New(path,
		fmt.Sprintf("%s could not be loaded as a PKCS#11 module: not a PKCS#11 library, built for another architecture (32/64-bit), or a library it needs is missing", path),
		fmt.Sprintf("không nạp được %s làm thư viện PKCS#11: không phải thư viện PKCS#11, khác kiến trúc máy (32/64-bit), hoặc thiếu thư viện đi kèm", path))
}

func errModule(path string, err error) error {
	return problem.New(path,
		fmt.Sprintf("PKCS#11 module %s failed: %v", path, err),
		fmt.Sprintf("thư viện PKCS#11 %s báo lỗi: %v", path, err))
}

func errNoToken(path string) error {
	return problem.New(path,
		fmt.Sprintf("no token found through %s: plug the USB token in (check its driver) and try again", path),
		fmt.Sprintf("không thấy token nào qua thư viện %s: hãy cắm token USB (kiểm tra driver) rồi thử lại", path))
}

func errTokenNotFound(label string, labels []string) error {
	return problem.New(label,
		fmt.Sprintf("no token labelled %q; tokens present: %s", label, quoted(labels, false)),
		fmt.Sprintf("không có token nhãn %q; các token đang cắm: %s", label, quoted(labels, true)))
}

func errSeveralTokens(labels []string) error {
	return problem.New("",
		fmt.Sprintf("%d tokens are present; choose one by its label: %s", len(labels), quoted(labels, false)),
		fmt.Sprintf("đang cắm %d token; hãy chọn một theo nhãn: %s", len(labels), quoted(labels, true)))
}

func errTokenOpen(token string) error {
	return problem.New("",
		fmt.Sprintf("token %q is already open in this program: close the key opened on it first", token),
		fmt.Sprintf("token %q đang được mở trong chương trình này: hãy đóng khóa đã mở trên token đó trước", token))
}

func errNoPIN(token string) error {
	return problem.New("",
		fmt.Sprintf("no PIN given for token %q", token),
		fmt.Sprintf("chưa nhập mã PIN của token %q", token))
}

// errWrongPIN says the PIN was wrong, and how close the token is to
// locking when it tells.
func errWrongPIN(token string, finalTry, countLow bool) error {
	en, vi := fmt.Sprintf("wrong PIN for token %q", token), fmt.Sprintf("sai mã PIN của token %q", token)
	switch {
	case finalTry:
		en += "; one more wrong PIN locks it"
		vi += "; nhập sai thêm một lần nữa token sẽ bị khóa"
	case countLow:
		en += "; few tries are left before it locks"
		vi += "; chỉ còn ít lần thử trước khi token bị khóa"
	}
	return problem.New("", en, vi)
}

func errPINLocked(token string) error {
	return problem.New("",
		fmt.Sprintf("the PIN of token %q is locked after too many wrong tries: unlock it with the vendor's software (PUK / SO PIN) or ask the certificate authority", token),
		fmt.Sprintf("mã PIN của token %q đã bị khóa do nhập sai quá số lần cho phép: hãy mở khóa bằng phần mềm của nhà cung cấp (mã PUK / SO PIN) hoặc liên hệ nhà cung cấp chứng thư số", token))
}

func errPINExpired(token string) error {
	return problem.New("",
		fmt.Sprintf("the PIN of token %q has expired: change it with the vendor's software first", token),
		fmt.Sprintf("mã PIN của token %q đã hết hạn: hãy đổi mã PIN bằng phần mềm của nhà cung cấp trước", token))
}

// errTokenFailed is any other failure of the token at a step, named in
// both languages: what ("login") and whatVI ("đăng nhập").
func errTokenFailed(token, what, whatVI string, err error) error {
	return problem.New("",
		fmt.Sprintf("token %q: %s failed: %v", token, what, err),
		fmt.Sprintf("token %q: lỗi khi %s: %v", token, whatVI, err))
}

func errNoKeys(token string) error {
	return problem.New("",
		fmt.Sprintf("token %q holds no RSA or ECDSA private key", token),
		fmt.Sprintf("token %q không chứa khóa bí mật RSA hay ECDSA nào", token))
}

func errKeyNotFound(token, label string, cands []candidate) error {
	return problem.New(label,
		fmt.Sprintf("no key labelled %q on token %q; keys present: %s", label, token, keyList(cands, false)),
		fmt.Sprintf("không có khóa nhãn %q trên token %q; các khóa có trên token: %s", label, token, keyList(cands, true)))
}

func errNoCertificate(token, label string) error {
	return problem.New(label,
		fmt.Sprintf("no certificate on token %q matches key %q: import the certificate the authority issued for it", token, label),
		fmt.Sprintf("trên token %q không có chứng thư số nào khớp với khóa %q: hãy nạp chứng thư số mà nhà cung cấp đã cấp cho khóa này", token, label))
}

func errNoKeyWithCertificate(token string, cands []candidate) error {
	return problem.New("",
		fmt.Sprintf("no key on token %q has a matching certificate; keys present: %s", token, keyList(cands, false)),
		fmt.Sprintf("không khóa nào trên token %q có chứng thư số khớp; các khóa có trên token: %s", token, keyList(cands, true)))
}

func errSeveralKeys(token string, cands []candidate) error {
	return problem.New("",
		fmt.Sprintf("token %q holds %d keys with a certificate; choose one by its label: %s", token, len(cands), keyList(cands, false)),
		fmt.Sprintf("token %q có %d khóa kèm chứng thư số; hãy chọn một theo nhãn: %s", token, len(cands), keyList(cands, true)))
}

// keyList names the keys by label, each with the holder named in its
// certificate when it has one, in the order of the labels, those without
// one last: `"k1" (Nguyễn Văn A), "k2", (no label)`.
func keyList(cands []candidate, vi bool) string {
	cands = slices.Clone(cands)
	slices.SortStableFunc(cands, func(a, b candidate) int { return compareLabels(a.label, b.label) })
	parts := make([]string, len(cands))
	for i, c := range cands {
		parts[i] = labelText(c.label, vi)
		if c.cert != nil && c.cert.Subject.CommonName != "" {
			parts[i] += " (" + c.cert.Subject.CommonName + ")"
		}
	}
	return strings.Join(parts, ", ")
}

// quoted joins token labels for a message, in order.
func quoted(labels []string, vi bool) string {
	labels = slices.Clone(labels)
	slices.SortStableFunc(labels, compareLabels)
	parts := make([]string, len(labels))
	for i, l := range labels {
		parts[i] = labelText(l, vi)
	}
	return strings.Join(parts, ", ")
}

// compareLabels orders labels as strings, empty ones last.
func compareLabels(a, b string) int {
	switch {
	case a == b:
		return 0
	case a == "":
		return 1
	case b == "":
		return -1
	}
	return strings.Compare(a, b)
}

func labelText(label string, vi bool) string {
	switch {
	case label != "":
		return fmt.Sprintf("%q", label)
	case vi:
		return "(không nhãn)"
	}
	return "(no label)"
}
