// Package templates embeds what documents are built on: the base Word
// document that every DOCX starts from.
//
// base.docx is packed from the readable parts under base/ by
// `go test ./templates -update`; a test keeps the two the same.
package templates

import _ "embed"

// baseDOCX holds styles (Times New Roman, Vietnamese), settings, the page
// number header and the first-page footer. The document body is replaced.
//
//go:embed base.docx
var baseDOCX []byte

// BaseDOCX returns the base Word document. The bytes are shared: do not
// modify them.
func BaseDOCX() []byte { return baseDOCX }
