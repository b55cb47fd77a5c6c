package batch

import (
	"archive/zip"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"strings"
	"time"
)

// A Sink receives a batch's files, one at a time, in row order, and the
// manifest last. Run calls Put from one goroutine at a time. An error from
// Put fails the row and stops the batch: see Run.
type Sink interface {
	Put(name string, data []byte) error
}

// Dir is a Sink that writes each file into a directory, created if
// missing. Each file is written to a temporary name and renamed (see
// WriteFile), so it is there whole or not at all. Its Put may be called
// from many goroutines at once.
type Dir string

// Put writes data to the file name in d. Name is a slash-separated path
// inside d; Put rejects one that would leave d.
func (d Dir) Put(name string, data []byte) error {
	if err := checkName(name); err != nil {
		return err
	}
	return WriteFile(filepath.Join(string(d), filepath.FromSlash(name)), data)
}

// modified is the time every entry of a Zip carries, the earliest a zip
// can hold, so that the same files give the same bytes.
var modified = time.Date(1980, 1, 1, 0, 0, 0, 0, time.UTC)

// Zip is a Sink that writes a zip archive to a stream, such as an HTTP
// response, with nothing on disk. The same files put in the same order give
// byte-identical archives: entries are in the order of Put and carry a
// fixed time; PDF and DOCX files, compressed already, are stored, and the
// rest (the manifest) deflated.
//
// After the stream fails, the archive is broken: every later Put, and
// Close, returns the first error.
type Zip struct {
	zw    *zip.Writer
	names map[string]bool
	err   error
}

// NewZip returns a Zip writing to w.
func NewZip(w io.Writer) *Zip {
	return &Zip{zw: zip.NewWriter(w), names: map[string]bool{}}
}

// errClosed is Put's error after Close.
var errClosed = errors.New("zip: Put after Close")

// Put adds the file name holding data. Name is a slash-separated path; Put
// rejects one that is absolute, holds "..", or is already in the archive,
// and writes nothing for it.
func (z *Zip) Put(name string, data []byte) error {
	if z.err != nil {
		return z.err
	}
	if err := checkName(name); err != nil {
		return err
	}
	if z.names[name] {
		return fmt.Errorf("zip: %q is already in the archive", name)
	}
	method := zip.Deflate
	switch strings.ToLower(path.Ext(name)) {
	case ".pdf", ".docx":
		method = zip.Store
	}
	w, err := z.zw.CreateHeader(&zip.FileHeader{Name: name, Method: method, Modified: modified})
	if err == nil {
		_, err = w.Write(data)
	}
	if err != nil {
		z.err = fmt.Errorf("zip: %s: %w", name, err)
		return z.err
	}
	z.names[name] = true
	return nil
}

// Close writes the archive's central directory. It does not close the
// underlying writer.
func (z *Zip) Close() error {
	if z.err != nil {
		if z.err == errClosed {
			return nil
		}
		return z.err
	}
	if err := z.zw.Close(); err != nil {
		z.err = fmt.Errorf("zip: %w", err)
		return z.err
	}
	z.err = errClosed
	return nil
}

// checkName rejects a name that is not a plain relative path: empty,
// absolute, with a "." or ".." element, a backslash or a colon (a drive
// on Windows).
func checkName(name string) error {
	if !fs.ValidPath(name) || name == "." || strings.ContainsAny(name, `\:`) {
		return &os.PathError{Op: "put", Path: name, Err: fs.ErrInvalid}
	}
	return nil
}
