package main

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"os"
	"strings"
	"time"

	"github.com/vanban/vanban/generator/batch"
	"github.com/vanban/vanban/generator/register"
	"github.com/vanban/vanban/generator/vn"
)

// registerCmd prints or exports the outgoing register, cancels a number,
// or backs the register up and restores it.
func registerCmd(e *env, args []string) int {
	ctx, stdout, stderr := e.ctx, e.stdout, e.stderr
	if len(args) > 0 {
		switch args[0] {
		case "cancel":
			return cancelCmd(e, args[1:])
		case "export":
			return exportCmd(e, args[1:])
		case "import":
			return importCmd(e, args[1:])
		}
	}
	fs := e.newFlags("register", "register [-db DB] [-year Y] [-agency NAME] [-format text|csv|pdf] [-o FILE]\n"+
		"       vanban register cancel [-db DB] [-year Y] [-agency NAME] -reason TEXT NUMBER/CODE\n"+
		"       vanban register export [-db DB] [-o FILE.csv]\n"+
		"       vanban register import [-db DB] FILE.csv\n\n"+
		"Print the outgoing register (sổ đăng ký văn bản đi); -format pdf is the register to print and\n"+
		"bind. cancel marks a number as cancelled (thu hồi); export and import back the register up as CSV.", "register [-db DB] [-year Y] [-agency NAME] [-format text|csv|pdf] [-o FILE]\n"+
		"       vanban register cancel [-db DB] [-year Y] [-agency NAME] -reason TEXT NUMBER/CODE\n"+
		"       vanban register export [-db DB] [-o FILE.csv]\n"+
		"       vanban register import [-db DB] FILE.csv\n\n"+
		"Print the outgoing register (sổ đăng ký văn bản đi); -format pdf is the register to print and\n"+
		"bind. cancel marks a number as cancelled (thu hồi); export and import back the register up as CSV.")
	db := dbFlag(fs)
	year := fs.Int("year", 0, "only this `year` (default: every year)")
	agency := fs.String("agency", "", "only this issuing agency (`NAME`, in any case)")
	format := fs.String("format", "text", "text, csv or pdf")
	out := fs.String("o", "", "write to `FILE` instead of standard output")
	if code, ok := parseNoArgs(fs, args); !ok {
		return code
	}
	write := map[string]func(io.Writer, []register.Entry) error{
		"text": register.WriteText, "csv": register.WriteCSV, "pdf": register.WritePDF}[*format]
	if write == nil {
		fmt.Fprintf(stderr, "vanban register: unknown format %q: use text, csv or pdf\n", *format)
		return exitUsage
	}
	r, err := openRegister(ctx, *db)
	if err != nil {
		fmt.Fprintf(stderr, "vanban register: %v\n", err)
		return exitInput
	}
	defer r.Close()
	name, err := findAgency(ctx, r, *agency)
	if err != nil {
		fmt.Fprintf(stderr, "vanban register: %v\n", err)
		return exitInput
	}
	entries, err := r.List(ctx, register.Filter{Agency: name, Year: *year})
	if err != nil {
		fmt.Fprintf(stderr, "vanban register: %v\n", err)
		return exitInput
	}
	var buf bytes.Buffer
	if err := write(&buf, entries); err != nil {
		fmt.Fprintf(stderr, "vanban register: %v\n", err)
		return exitInput
	}
	return output(buf.Bytes(), *out, stdout, stderr)
}

// parseNoArgs parses flags for a command that takes none.
func parseNoArgs(fs *flags, args []string) (code int, ok bool) {
	if code, ok := fs.parse(args, 0); !ok {
		return code, false
	}
	if fs.NArg() > 0 {
		fs.usageError(fmt.Sprintf(fs.e.t("thừa tham số %q", "unexpected argument %q"), fs.Arg(0)))
		return exitUsage, false
	}
	return 0, true
}

// output writes data to the file path, through a temporary file, or to
// stdout when path is empty.
func output(data []byte, path string, stdout, stderr io.Writer) int {
	var err error
	if path == "" {
		_, err = stdout.Write(data)
	} else {
		err = batch.WriteFile(path, data)
	}
	if err != nil {
		fmt.Fprintf(stderr, "vanban register: %v\n", err)
		return exitInput
	}
	return exitOK
}

// findAgency returns the agency the register spells as typed, in any case
// and tone placement; "" stays "" (every agency).
func findAgency(ctx context.Context, r *register.Register, typed string) (string, error) {
	if strings.TrimSpace(typed) == "" {
		return "", nil
	}
	all, err := r.Agencies(ctx)
	if err != nil {
		return "", err
	}
	want := vn.Fold(strings.Join(strings.Fields(typed), " "))
	for _, a := range all {
		if vn.Fold(a) == want {
			return a, nil
		}
	}
	if len(all) == 0 {
		return "", fmt.Errorf("agency %q: the register is empty", typed)
	}
	return "", fmt.Errorf("agency %q is not in the register; it holds: %s", typed, strings.Join(all, "; "))
}

func cancelCmd(e *env, args []string) int {
	ctx, stdout, stderr := e.ctx, e.stdout, e.stderr
	fs := e.newFlags("register cancel", "register cancel [-db DB] [-year Y] [-agency NAME] -reason TEXT NUMBER/CODE\n\n"+
		"Cancel (thu hồi) a number given in error: it stays in the register, marked with the reason,\n"+
		"and is never given again. NUMBER/CODE is as printed: 01/QĐ-UBND.", "register cancel [-db DB] [-year Y] [-agency NAME] -reason TEXT NUMBER/CODE\n\n"+
		"Cancel (thu hồi) a number given in error: it stays in the register, marked with the reason,\n"+
		"and is never given again. NUMBER/CODE is as printed: 01/QĐ-UBND.")
	db := dbFlag(fs)
	year := fs.Int("year", 0, "the `year` of the number (default: this year in Vietnam)")
	agency := fs.String("agency", "", "the issuing agency (`NAME`), needed when several gave the same number and code")
	reason := fs.String("reason", "", "why the number is cancelled (required)")
	if code, ok := fs.parse(args, 1); !ok {
		return code
	}
	if fs.NArg() != 1 {
		fmt.Fprintln(stderr, "vanban register cancel: give one NUMBER/CODE, such as 01/QĐ-UBND")
		return exitUsage
	}
	if strings.TrimSpace(*reason) == "" {
		fmt.Fprintln(stderr, "vanban register cancel: -reason is required: say why the number is cancelled")
		return exitUsage
	}
	now := time.Now()
	if *year == 0 {
		*year = register.Today(now).Year()
	}
	r, err := openRegister(ctx, *db)
	if err != nil {
		fmt.Fprintf(stderr, "vanban register cancel: %v\n", err)
		return exitInput
	}
	defer r.Close()
	name, err := findAgency(ctx, r, *agency)
	if err != nil {
		fmt.Fprintf(stderr, "vanban register cancel: %v\n", err)
		return exitInput
	}
	ref, err := register.ParseRef(fs.Arg(0), name, *year)
	if err != nil {
		fmt.Fprintf(stderr, "vanban register cancel: %v\n", err)
		return exitUsage
	}
	c, err := r.Cancel(ctx, ref, *reason, now)
	if err != nil {
		fmt.Fprintf(stderr, "vanban register cancel: %v\n", err)
		return exitInput
	}
	fmt.Fprintf(stdout, "Số: %s (%s, %d): đã thu hồi / cancelled: %s\n", c.NumberCode(), c.Agency, c.Year, c.Reason)
	return exitOK
}

func exportCmd(e *env, args []string) int {
	ctx, stdout, stderr := e.ctx, e.stdout, e.stderr
	fs := e.newFlags("register export", "register export [-db DB] [-o FILE.csv]\n\n"+
		"Write every row of the register, with the inputs and the files' hashes, as CSV: a backup\n"+
		"that \"vanban register import\" restores.", "register export [-db DB] [-o FILE.csv]\n\n"+
		"Write every row of the register, with the inputs and the files' hashes, as CSV: a backup\n"+
		"that \"vanban register import\" restores.")
	db := dbFlag(fs)
	out := fs.String("o", "", "write to `FILE` instead of standard output")
	if code, ok := parseNoArgs(fs, args); !ok {
		return code
	}
	r, err := openRegister(ctx, *db)
	if err != nil {
		fmt.Fprintf(stderr, "vanban register export: %v\n", err)
		return exitInput
	}
	defer r.Close()
	var buf bytes.Buffer
	if err := r.Export(ctx, &buf); err != nil {
		fmt.Fprintf(stderr, "vanban register export: %v\n", err)
		return exitInput
	}
	return output(buf.Bytes(), *out, stdout, stderr)
}

func importCmd(e *env, args []string) int {
	ctx, stdout, stderr := e.ctx, e.stdout, e.stderr
	fs := e.newFlags("register import", "register import [-db DB] FILE.csv\n\n"+
		"Add the rows of a backup written by \"vanban register export\": all of them, or none if any\n"+
		"number is already in the register. Each series then continues after its highest number.", "register import [-db DB] FILE.csv\n\n"+
		"Add the rows of a backup written by \"vanban register export\": all of them, or none if any\n"+
		"number is already in the register. Each series then continues after its highest number.")
	db := dbFlag(fs)
	if code, ok := fs.parse(args, 1); !ok {
		return code
	}
	if fs.NArg() != 1 {
		fmt.Fprintln(stderr, "vanban register import: give one backup file")
		return exitUsage
	}
	f, err := os.Open(fs.Arg(0))
	if err != nil {
		fmt.Fprintf(stderr, "vanban register import: %v\n", err)
		return exitInput
	}
	defer f.Close()
	r, err := openRegister(ctx, *db)
	if err != nil {
		fmt.Fprintf(stderr, "vanban register import: %v\n", err)
		return exitInput
	}
	defer r.Close()
	n, err := r.Import(ctx, f)
	if err != nil {
		fmt.Fprintf(stderr, "vanban register import: %s: %v\n", fs.Arg(0), err)
		return exitInput
	}
	fmt.Fprintf(stdout, "%s: %d rows imported\n", fs.Arg(0), n)
	return exitOK
}

// serveRegister opens the register the web form issues from: -db, else
// $VANBAN_DB, else none (the form then only drafts).
func serveRegister(ctx context.Context, db string, stderr io.Writer) (*register.Register, int) {
	if db == "" {
		db = os.Getenv(dbEnv)
	}
	if db == "" {
		return nil, exitOK
	}
	r, err := register.Open(ctx, db)
	if err != nil {
		fmt.Fprintf(stderr, "vanban serve: %v\n", err)
		return nil, exitInput
	}
	return r, exitOK
}
