//go:build !pkcs11 || !cgo

package token

import "context"

// Open fails in a binary built without the pkcs11 tag (or without cgo):
// it has no code to load a PKCS#11 module. The error says how to build a
// binary that has.
func Open(ctx context.Context, cfg Config) (*Key, error) {
	return nil, errNoSupport()
}
