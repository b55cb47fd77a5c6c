//go:build pkcs11 && cgo

package token

import (
	"context"
	"crypto/x509"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync"

	"github.com/ThalesGroup/crypto11"
	"github.com/miekg/pkcs11"
)

var (
	// moduleMu makes Open and Close take turns: C_Initialize and
	// C_Finalize act on the whole process, and Open initialises a module
	// for a moment to look at its tokens before crypto11 initialises it
	// for good. It guards openTokens too.
	moduleMu sync.Mutex
	// openTokens holds the tokens that have a Key open, by module and
	// slot. A PKCS#11 login holds for the whole process, so a second
	// login to such a token would succeed with any PIN: Open refuses it.
	openTokens = map[string]bool{}
)

// slotToken is an initialised token found in a slot.
type slotToken struct {
	slot  uint
	label string
	flags uint
}

// Open loads the module, finds the token, logs in with the PIN and finds
// the key and its certificate chain. The PIN is dropped after the login.
func Open(ctx context.Context, cfg Config) (*Key, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	path, err := modulePath(cfg.Module)
	if err != nil {
		return nil, err
	}
	moduleMu.Lock()
	defer moduleMu.Unlock()
	mod := pkcs11.New(path)
	if mod == nil {
		return nil, errModuleNotLoadable(path)
	}
	// dlclose: crypto11 holds its own handle on the module.
	defer mod.Destroy()

	tok, err := findToken(mod, path, cfg.Token)
	if err != nil {
		return nil, err
	}
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	id := fmt.Sprintf("%s\x00%d", path, tok.slot)
	if openTokens[id] {
		return nil, errTokenOpen(tok.label)
	}
	c, err := login(mod, path, tok, cfg.PIN)
	if err != nil {
		return nil, err
	}
	key, err := openKey(ctx, mod, c, tok, cfg.Key)
	if err != nil {
		_ = c.Close()
		return nil, err
	}
	openTokens[id] = true
	key.close = func() error {
		moduleMu.Lock()
		defer moduleMu.Unlock()
		delete(openTokens, id)
		return c.Close()
	}
	return key, nil
}

// modulePath is the module's path with symbolic links resolved, so that
// two names of one library share one crypto11 module context.
func modulePath(module string) (string, error) {
	if module == "" {
		return "", errNoModule()
	}
	if _, err := os.Stat(module); err != nil {
		return "", errModuleNotFound(module)
	}
	path, err := filepath.EvalSymlinks(module)
	if err != nil {
		return "", errModuleNotFound(module)
	}
	return filepath.Abs(path)
}

// withModule runs f with the module initialised, finalising it after if
// it was not initialised before (by a Key already open).
func withModule(mod *pkcs11.Ctx, path string, f func() error) error {
	owned := true
	if err := mod.Initialize(); err != nil {
		if !errors.Is(err, pkcs11.Error(pkcs11.CKR_CRYPTOKI_ALREADY_INITIALIZED)) {
			return errModule(path, err)
		}
		owned = false
	}
	if owned {
		defer func() { _ = mod.Finalize() }()
	}
	return f()
}

// findToken is the initialised token labelled label, or the only one.
func findToken(mod *pkcs11.Ctx, path, label string) (slotToken, error) {
	var toks []slotToken
	err := withModule(mod, path, func() error {
		slots, err := mod.GetSlotList(true)
		if err != nil {
			return errModule(path, err)
		}
		for _, s := range slots {
			info, err := mod.GetTokenInfo(s)
			if err != nil || info.Flags&pkcs11.CKF_TOKEN_INITIALIZED == 0 {
				continue // a reader in trouble, or a blank token: not one to sign with
			}
			toks = append(toks, slotToken{slot: s, label: strings.TrimRight(info.Label, " \x00"), flags: info.Flags})
		}
		return nil
	})
	if err != nil {
		return slotToken{}, err
	}
	labels := make([]string, len(toks))
	for i, t := range toks {
		labels[i] = t.label
	}
	switch {
	case len(toks) == 0:
		return slotToken{}, errNoToken(path)
	case label != "":
		for _, t := range toks {
			if t.label == label {
				return t, nil
			}
		}
		return slotToken{}, errTokenNotFound(label, labels)
	case len(toks) > 1:
		return slotToken{}, errSeveralTokens(labels)
	}
	return toks[0], nil
}

// login opens a crypto11 context on the token's slot, logged in with pin.
func login(mod *pkcs11.Ctx, path string, tok slotToken, pin string) (*crypto11.Context, error) {
	if tok.flags&pkcs11.CKF_USER_PIN_LOCKED != 0 {
		return nil, errPINLocked(tok.label)
	}
	// A token with a PIN pad (protected authentication path) takes the
	// PIN on the device; any other needs one.
	if pin == "" && tok.flags&pkcs11.CKF_PROTECTED_AUTHENTICATION_PATH == 0 {
		return nil, errNoPIN(tok.label)
	}
	slot := int(tok.slot)
	cfg := &crypto11.Config{Path: path, SlotNumber: &slot, Pin: pin}
	c, err := crypto11.Configure(cfg)
	// crypto11 keeps cfg but reads the PIN only for the login above.
	cfg.Pin = ""
	if err == nil {
		return c, nil
	}
	var code pkcs11.Error
	if !errors.As(err, &code) {
		return nil, errTokenFailed(tok.label, "login", "đăng nhập", err)
	}
	switch code {
	case pkcs11.CKR_PIN_INCORRECT, pkcs11.CKR_PIN_LEN_RANGE, pkcs11.CKR_PIN_INVALID:
		flags := tokenFlags(mod, path, tok)
		if flags&pkcs11.CKF_USER_PIN_LOCKED != 0 {
			return nil, errPINLocked(tok.label)
		}
		return nil, errWrongPIN(tok.label, flags&pkcs11.CKF_USER_PIN_FINAL_TRY != 0, flags&pkcs11.CKF_USER_PIN_COUNT_LOW != 0)
	case pkcs11.CKR_PIN_LOCKED:
		return nil, errPINLocked(tok.label)
	case pkcs11.CKR_PIN_EXPIRED:
		return nil, errPINExpired(tok.label)
	}
	return nil, errTokenFailed(tok.label, "login", "đăng nhập", err)
}

// tokenFlags reads the token's flags again, after a failed login has
// changed its PIN counters; 0 if it cannot.
func tokenFlags(mod *pkcs11.Ctx, path string, tok slotToken) uint {
	var flags uint
	_ = withModule(mod, path, func() error {
		info, err := mod.GetTokenInfo(tok.slot)
		flags = info.Flags
		return err
	})
	return flags
}

// openKey finds the key to sign with among the RSA and ECDSA keys on the
// token, its certificate and the chain; the caller sets how to close it.
func openKey(ctx context.Context, mod *pkcs11.Ctx, c *crypto11.Context, tok slotToken, label string) (*Key, error) {
	certs, err := certificates(mod, tok.slot)
	if err != nil {
		return nil, errTokenFailed(tok.label, "listing certificates", "liệt kê chứng thư số", err)
	}
	var cands []candidate
	for _, kt := range []uint{pkcs11.CKK_RSA, pkcs11.CKK_EC} {
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		attrs := crypto11.NewAttributeSet()
		if err := attrs.Set(crypto11.CkaKeyType, kt); err != nil {
			return nil, err
		}
		signers, err := c.FindKeyPairsWithAttributes(attrs)
		if err != nil {
			return nil, errTokenFailed(tok.label, "listing keys", "liệt kê khóa", err)
		}
		for _, s := range signers {
			a, err := c.GetAttribute(s, crypto11.CkaLabel)
			if err != nil {
				return nil, errTokenFailed(tok.label, "listing keys", "liệt kê khóa", err)
			}
			cands = append(cands, candidate{label: string(a.Value), signer: s, cert: matchCertificate(s.Public(), certs)})
		}
	}
	k, err := pick(cands, tok.label, label)
	if err != nil {
		return nil, err
	}
	return &Key{signer: k.signer, chain: buildChain(k.cert, certs)}, nil
}

// certificates reads every X.509 certificate on the token in slot, in a
// session of its own; the module is initialised and logged in by
// crypto11, so private certificates are seen too. Ones that do not parse
// are left out: they cannot be in a chain.
func certificates(mod *pkcs11.Ctx, slot uint) ([]*x509.Certificate, error) {
	s, err := mod.OpenSession(slot, pkcs11.CKF_SERIAL_SESSION)
	if err != nil {
		return nil, err
	}
	defer func() { _ = mod.CloseSession(s) }()
	tmpl := []*pkcs11.Attribute{
		pkcs11.NewAttribute(pkcs11.CKA_CLASS, pkcs11.CKO_CERTIFICATE),
		pkcs11.NewAttribute(pkcs11.CKA_CERTIFICATE_TYPE, pkcs11.CKC_X_509),
	}
	if err := mod.FindObjectsInit(s, tmpl); err != nil {
		return nil, err
	}
	var handles []pkcs11.ObjectHandle
	for {
		hs, _, err := mod.FindObjects(s, 32)
		if err != nil {
			_ = mod.FindObjectsFinal(s)
			return nil, err
		}
		if len(hs) == 0 {
			break
		}
		handles = append(handles, hs...)
	}
	if err := mod.FindObjectsFinal(s); err != nil {
		return nil, err
	}
	var certs []*x509.Certificate
	for _, h := range handles {
		attrs, err := mod.GetAttributeValue(s, h, []*pkcs11.Attribute{pkcs11.NewAttribute(pkcs11.CKA_VALUE, nil)})
		if err != nil || len(attrs) == 0 {
			continue
		}
		if cert, err := x509.ParseCertificate(attrs[0].Value); err == nil {
			certs = append(certs, cert)
		}
	}
	return certs, nil
}
