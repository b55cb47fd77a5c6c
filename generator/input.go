package generator

import (
	"errors"
	"fmt"
	"io"
	"io/fs"

	"github.com/BurntSushi/toml"

	"github.com/vanban/vanban/generator/tomlpos"
)

// Limits of a TOML input: a document, a template or a batch's data. No
// real input comes near them; they stop a hostile one before the decoder
// spends time and memory on it.
const (
	// MaxTOMLSize is the largest TOML input read, in bytes.
	MaxTOMLSize = 16 << 20
	// MaxNesting is the deepest nesting of arrays, inline tables and
	// dotted keys in a TOML input. A document needs 3 (page.margins.top).
	MaxNesting = 32
)

// DecodeTOML checks data against MaxTOMLSize and MaxNesting and decodes it
// into v. Every TOML input is read through it. Problems come back as
// Errors naming the file, line and column; name is the file's name in
// them. A byte order mark before the text is skipped and CRLF read as LF
// (PlainText).
func DecodeTOML(name string, data []byte, v any) (toml.MetaData, error) {
	data = PlainText(data)
	if err := checkInput(name, data); err != nil {
		return toml.MetaData{}, err
	}
	md, err := toml.Decode(string(data), v)
	if err != nil {
		return md, Errors{syntaxError(name, err)}
	}
	return md, nil
}

// checkInput refuses, before decoding, a TOML file larger than
// MaxTOMLSize or nested deeper than MaxNesting: the decoder's memory grows
// with the square of the depth.
func checkInput(name string, data []byte) error {
	if len(data) > MaxTOMLSize {
		return Errors{tooBig(name, MaxTOMLSize)}
	}
	if pos, deep := tomlpos.Nesting(data, MaxNesting); deep {
		return Errors{{File: name, Line: pos.Line, Col: pos.Col,
			Msg:   fmt.Sprintf("nested deeper than %d levels (arrays, tables and dotted keys): no document needs that", MaxNesting),
			MsgVI: fmt.Sprintf("lồng nhau quá %d tầng (danh sách, bảng, khóa có dấu chấm): không văn bản nào cần như vậy", MaxNesting)}}
	}
	return nil
}

func tooBig(name string, limit int64) *InputError {
	return &InputError{File: name,
		Msg:   fmt.Sprintf("the file is larger than %d MB", limit>>20),
		MsgVI: fmt.Sprintf("tệp lớn quá %d MB", limit>>20)}
}

// readInput reads a TOML input with ReadRegular.
func readInput(fsys fs.FS, name string) ([]byte, error) {
	return ReadRegular(fsys, name, MaxTOMLSize)
}

// ReadRegular reads the file name of fsys, which must be a regular file
// (not a device, a pipe or a directory) of at most limit bytes: a path such
// as /dev/zero or a FIFO must not hang the program or fill its memory. A
// file too big is an *InputError.
func ReadRegular(fsys fs.FS, name string, limit int64) ([]byte, error) {
	fi, err := fs.Stat(fsys, name)
	if err != nil {
		return nil, err
	}
	if !fi.Mode().IsRegular() {
		return nil, &fs.PathError{Op: "read", Path: name, Err: ErrNotRegular}
	}
	if fi.Size() > limit {
		return nil, tooBig(name, limit)
	}
	f, err := fsys.Open(name)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	// The size may have changed since Stat: read no more than the limit.
	data, err := io.ReadAll(io.LimitReader(f, limit+1))
	if err != nil {
		return nil, err
	}
	if int64(len(data)) > limit {
		return nil, tooBig(name, limit)
	}
	return data, nil
}

// ErrNotRegular is ReadRegular's error for a path that is not a regular
// file: a device, a pipe or a directory.
var ErrNotRegular = errors.New("not a regular file")
