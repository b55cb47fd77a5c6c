// Command vanban turns TOML into Vietnamese administrative documents laid
// out as Decree 30/2020/NĐ-CP prescribes, as PDF and DOCX.
//
// Usage:
//
//	vanban render [-o DIR] [-format pdf,docx] FILE.toml...
//	vanban check FILE.toml...
//	vanban templates
//	vanban new TEMPLATE
//	vanban batch [-o DIR] [-format pdf,docx] [-j N] [-name PATTERN] [-encoding utf-8|tcvn3|vni] TEMPLATE DATA
//	vanban serve [-addr 127.0.0.1:8080] [-token TOKEN]
//
// render writes DIR/NAME.pdf and DIR/NAME.docx for each input (NAME is the
// input's base name); "-" reads standard input and writes one format to
// standard output. check validates the inputs without writing anything.
// templates lists the built-in templates; new prints a starting input for
// one. batch fills a template with every row of a CSV or TOML file. serve
// runs the web form for office staff (package web): on loopback unless a
// token (-token or VANBAN_TOKEN) guards it.
// Exit status: 0 on success, 1 on bad input, 2 on bad usage, 3 on an
// internal error (a bug).
package main

import (
	"bytes"
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"path/filepath"
	"runtime/debug"
	"slices"
	"strings"
	"syscall"

	"github.com/vanban/vanban/generator"
	"github.com/vanban/vanban/generator/batch"
)

// Exit codes.
const (
	exitOK    = 0
	exitInput = 1
	exitUsage = 2
	// exitInternal is a bug in vanban, not in its input or its use: a
	// panic. (Go's own crashes, such as running out of memory, exit 2.)
	exitInternal = 3
)

const usage = `vanban turns TOML into Vietnamese administrative documents (Decree 30/2020/NĐ-CP), as PDF and DOCX.

Usage:
  vanban render [-o DIR] [-format pdf,docx] FILE.toml...   write DIR/NAME.pdf and DIR/NAME.docx
  vanban check FILE.toml...                                 check the inputs, write nothing
  vanban templates                                          list the built-in templates
  vanban new TEMPLATE                                       print a starting input for a template
  vanban batch [flags] TEMPLATE DATA                        one document per row of DATA (CSV or TOML)
  vanban serve [-addr 127.0.0.1:8080] [-token TOKEN]        the web form, at http://127.0.0.1:8080/
  vanban issue [-db DB] [-o DIR] FILE.toml...               number from the outgoing register, then write
  vanban register [-db DB] [-format text|csv|pdf]           print the outgoing register; cancel, export, import
  vanban help [COMMAND]                                     show help

"-" as FILE reads standard input; with render it writes one format to standard output.
Exit status: 0 success, 1 bad input, 2 bad usage, 3 internal error.
Run "vanban COMMAND -help" for a command's flags.
`

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	code := protect(os.Stderr, func() int { return run(ctx, os.Args[1:], os.Stdin, os.Stdout, os.Stderr) })
	stop()
	os.Exit(code)
}

// protect runs f, turning a panic into a message and exitInternal, so
// that a bug is not taken for bad usage, whose code Go's panics share.
func protect(stderr io.Writer, f func() int) (code int) {
	defer func() {
		if v := recover(); v != nil {
			fmt.Fprintf(stderr, "vanban: internal error, a bug in vanban (please report it with the input): %v\n%s", v, debug.Stack())
			code = exitInternal
		}
	}()
	return f()
}

// run is the whole program, with its streams passed in for tests.
func run(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	if len(args) == 0 {
		fmt.Fprint(stderr, usage)
		return exitUsage
	}
	switch args[0] {
	case "render":
		return render(ctx, args[1:], stdin, stdout, stderr)
	case "check":
		return check(args[1:], stdin, stdout, stderr)
	case "templates":
		return listTemplates(args[1:], stdout, stderr)
	case "new":
		return newInput(args[1:], stdout, stderr)
	case "batch":
		return batchCmd(ctx, args[1:], stdout, stderr)
	case "serve":
		return serve(ctx, args[1:], stdout, stderr)
	case "issue":
		return issueCmd(ctx, args[1:], stdout, stderr)
	case "register":
		return registerCmd(ctx, args[1:], stdout, stderr)
	case "help", "-h", "-help", "--help":
		if len(args) > 1 && slices.Contains([]string{"render", "check", "templates", "new", "batch", "serve"}, args[1]) {
			return run(ctx, []string{args[1], "-help"}, stdin, stdout, stderr)
		}
		fmt.Fprint(stdout, usage)
		return exitOK
	}
	fmt.Fprintf(stderr, "vanban: unknown command %q\n\n%s", args[0], usage)
	return exitUsage
}

// newFlags returns a flag set that prints its usage on -help and reports
// errors without exiting.
func newFlags(name, synopsis string, stderr io.Writer) *flag.FlagSet {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.Usage = func() {
		fmt.Fprintf(stderr, "Usage: vanban %s\n\nFlags:\n", synopsis)
		fs.PrintDefaults()
	}
	return fs
}

// parseFlags parses args; ok is false with the exit code when the program
// should stop (help asked for, or bad flags).
func parseFlags(fs *flag.FlagSet, args []string) (code int, ok bool) {
	err := fs.Parse(args)
	switch {
	case errors.Is(err, flag.ErrHelp):
		return exitOK, false
	case err != nil:
		return exitUsage, false
	case fs.NArg() == 0:
		fmt.Fprintln(fs.Output(), "vanban: no input files")
		fs.Usage()
		return exitUsage, false
	}
	return 0, true
}

// read parses one input; "-" is standard input.
func read(name string, stdin io.Reader) (*generator.Document, error) {
	if name != "-" {
		return generator.ParseFile(name)
	}
	data, err := io.ReadAll(stdin)
	if err != nil {
		return nil, fmt.Errorf("read standard input: %w", err)
	}
	// Templates named by path are read from the working directory.
	return generator.ParseWith(data, generator.Options{Name: "<stdin>", Templates: os.DirFS(".")})
}

func check(args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	fs := newFlags("check", "check FILE.toml...\n\nCheck inputs without writing anything; report every problem with its file, line, column and key.", stderr)
	if code, ok := parseFlags(fs, args); !ok {
		return code
	}
	code := exitOK
	for _, name := range fs.Args() {
		if _, err := read(name, stdin); err != nil {
			report(stderr, err)
			code = exitInput
			continue
		}
		fmt.Fprintf(stdout, "%s: ok\n", name)
	}
	return code
}

// report prints an input error, one problem per line.
func report(stderr io.Writer, err error) {
	for _, line := range strings.Split(err.Error(), "\n") {
		fmt.Fprintf(stderr, "vanban: %s\n", line)
	}
}

func render(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	fs := newFlags("render", "render [-o DIR] [-format pdf,docx] FILE.toml...\n\nWrite DIR/NAME.pdf and DIR/NAME.docx for each input. \"-\" reads standard input and writes one format to standard output.", stderr)
	dir := fs.String("o", ".", "output `DIR`ectory (created if missing)")
	formatList := fs.String("format", "pdf,docx", "comma-separated output `formats`: pdf, docx")
	if code, ok := parseFlags(fs, args); !ok {
		return code
	}
	formats, err := generator.ParseFormats(*formatList)
	if err != nil {
		fmt.Fprintf(stderr, "vanban: %v\n", err)
		return exitUsage
	}
	for _, name := range fs.Args() {
		if name == "-" && len(formats) != 1 {
			fmt.Fprintln(stderr, "vanban: standard input writes to standard output: choose one format, -format pdf or -format docx")
			return exitUsage
		}
	}
	// Temporary files of an earlier run that was killed.
	batch.CleanTemp(*dir, batch.TempAge)
	code := exitOK
	for _, name := range fs.Args() {
		if err := ctx.Err(); err != nil {
			fmt.Fprintln(stderr, "vanban: interrupted")
			return exitInput
		}
		d, err := read(name, stdin)
		if err != nil {
			report(stderr, err)
			code = exitInput
			continue
		}
		for _, f := range formats {
			if err := emit(ctx, d, name, *dir, f, stdout); err != nil {
				fmt.Fprintf(stderr, "vanban: %s: %v\n", name, err)
				code = exitInput
				break // the next format would fail the same way
			}
		}
	}
	return code
}

// emit writes one format of d: to stdout for "-", else to DIR/NAME.EXT.
func emit(ctx context.Context, d *generator.Document, name, dir, format string, stdout io.Writer) error {
	var buf bytes.Buffer
	if err := generator.Write(ctx, &buf, d, format); err != nil {
		return err
	}
	if name == "-" {
		_, err := buf.WriteTo(stdout)
		return err
	}
	base := strings.TrimSuffix(filepath.Base(name), filepath.Ext(name))
	return batch.WriteFile(filepath.Join(dir, base+"."+format), buf.Bytes())
}
