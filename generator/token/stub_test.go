//go:build !pkcs11 || !cgo

package token

import (
	"context"
	"testing"
)

// Without the pkcs11 tag, Open says the binary has no token support and
// how to build one, in both languages.
func TestOpenWithoutSupport(t *testing.T) {
	k, err := Open(context.Background(), Config{Module: "/usr/lib/softhsm/libsofthsm2.so", PIN: "1234"})
	if k != nil {
		t.Fatal("Open returned a key")
	}
	assertProblem(t, err,
		"built without token (PKCS#11) support; build one that has it with `CGO_ENABLED=1 go build -tags pkcs11 ./cmd/vanban` (needs a C compiler, gcc)",
		"biên dịch không kèm hỗ trợ token (PKCS#11); hãy biên dịch bản có hỗ trợ bằng lệnh `CGO_ENABLED=1 go build -tags pkcs11 ./cmd/vanban`")
}
