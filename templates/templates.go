// Package templates embeds what documents are built on: the base Word
// document that every DOCX starts from, and the built-in document templates.
//
// base.docx is packed from the readable parts under base/ by
// `go test ./templates -update`; a test keeps the two the same.
package templates

import (
	"embed"
	"strings"
)

// baseDOCX holds styles (Times New Roman, Vietnamese), settings, the page
// number header and the first-page footer. The document body is replaced.
//
//go:embed base.docx
var baseDOCX []byte

// BaseDOCX returns the base Word document. The bytes are shared: do not
// modify them.
func BaseDOCX() []byte { return baseDOCX }

// builtin holds the built-in document templates, one TOML file each; see
// package generator/template for their format.
//
//go:embed *.toml
var builtin embed.FS

// Names returns the names of the built-in templates, sorted: each file's
// name without ".toml".
func Names() []string {
	entries, _ := builtin.ReadDir(".")
	var names []string
	for _, e := range entries {
		names = append(names, strings.TrimSuffix(e.Name(), ".toml"))
	}
	return names
}

// Template returns the TOML of the built-in template called name.
func Template(name string) ([]byte, bool) {
	if strings.ContainsAny(name, `/\.`) {
		return nil, false
	}
	b, err := builtin.ReadFile(name + ".toml")
	return b, err == nil
}
