package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"strings"

	"github.com/vanban/vanban/generator"
)

// env is what a command runs with: its streams and the language of its
// messages.
type env struct {
	ctx            context.Context
	stdin          io.Reader
	stdout, stderr io.Writer
	en             bool // English messages; Vietnamese otherwise
}

// t returns the message in e's language.
func (e *env) t(vi, en string) string {
	if e.en {
		return en
	}
	return vi
}

// errorf prints a message, "vanban: " first, on standard error.
func (e *env) errorf(format string, args ...any) {
	fmt.Fprintf(e.stderr, "vanban: "+format+"\n", args...)
}

// report prints an error, one problem per line, in e's language where the
// error has both (generator.Errors).
func (e *env) report(err error) {
	msg := err.Error()
	if !e.en {
		msg = generator.Vietnamese(err)
	}
	for line := range strings.SplitSeq(msg, "\n") {
		e.errorf("%s", line)
	}
}

// takeLang removes -lang X (or -lang=X) from args, before any "--", and
// returns the language: X, else "en" when LC_ALL, LC_MESSAGES or LANG
// (the first set) starts with "en", else "vi".
func takeLang(args []string, getenv func(string) string) ([]string, string, error) {
	lang := ""
	out := make([]string, 0, len(args))
	for i := 0; i < len(args); i++ {
		a := args[i]
		if a == "--" {
			out = append(out, args[i:]...)
			break
		}
		name, value, hasValue := strings.Cut(strings.TrimPrefix(strings.TrimPrefix(a, "-"), "-"), "=")
		if !strings.HasPrefix(a, "-") || name != "lang" {
			out = append(out, a)
			continue
		}
		if !hasValue {
			if i+1 == len(args) {
				return nil, "vi", errors.New("-lang cần một giá trị: vi hoặc en (-lang needs a value: vi or en)")
			}
			i++
			value = args[i]
		}
		lang = strings.ToLower(value)
	}
	switch {
	case lang == "vi" || lang == "en":
		return out, lang, nil
	case lang != "":
		return nil, "vi", fmt.Errorf("-lang %s: chỉ có vi hoặc en (only vi or en)", lang)
	}
	for _, k := range []string{"LC_ALL", "LC_MESSAGES", "LANG"} {
		if v := getenv(k); v != "" {
			if strings.HasPrefix(v, "en") {
				return out, "en", nil
			}
			break
		}
	}
	return out, "vi", nil
}

// flags is a command's flag set, with its help in e's language.
type flags struct {
	*flag.FlagSet
	e    *env
	name string
	help string // what the command does, after the synopsis
}

// newFlags returns the flag set of command name; help says what it does.
// Errors and help are printed by parse, not by package flag.
func (e *env) newFlags(name, help, helpEN string) *flags {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	fs.Usage = func() {}
	return &flags{FlagSet: fs, e: e, name: name, help: e.t(help, helpEN)}
}

// printUsage prints the command's synopsis, what it does, and its flags
// (if it has any) to w.
func (f *flags) printUsage(w io.Writer) {
	c, _ := find(f.name)
	syn := "vanban " + f.name
	if s := f.e.t(c.synopsis, c.synopsisEN); s != "" {
		syn += " " + s
	}
	fmt.Fprintf(w, "%s %s\n\n%s\n", f.e.t("Cách dùng:", "Usage:"), syn, f.help)
	first := true
	f.VisitAll(func(fl *flag.Flag) {
		if first {
			fmt.Fprintf(w, "\n%s\n", f.e.t("Tùy chọn:", "Flags:"))
			first = false
		}
		arg, usage := flag.UnquoteUsage(fl)
		fmt.Fprintf(w, "  -%s", fl.Name)
		if arg != "" {
			fmt.Fprintf(w, " %s", arg)
		}
		fmt.Fprintf(w, "\n      %s", usage)
		if fl.DefValue != "" && fl.DefValue != "0" && fl.DefValue != "false" {
			fmt.Fprintf(w, " (%s %s)", f.e.t("mặc định:", "default:"), fl.DefValue)
		}
		fmt.Fprintln(w)
	})
}

// parse reads the flags wherever they stand among args, before a "--":
// "render a.toml -o out" is "render -o out a.toml". ok is false with the
// exit code when the command should stop: -h (the help goes to standard
// output, exit 0) or a bad flag (one message on standard error, exit 2).
// min is the fewest arguments the command takes.
func (f *flags) parse(args []string, min int) (code int, ok bool) {
	var rest []string
	for {
		err := f.Parse(args)
		if errors.Is(err, flag.ErrHelp) {
			f.printUsage(f.e.stdout)
			return exitOK, false
		}
		if err != nil {
			f.usageError(flagError(f.e, err))
			return exitUsage, false
		}
		left := f.Args()
		if used := len(args) - len(left); used > 0 && args[used-1] == "--" {
			rest = append(rest, left...)
			break
		}
		if len(left) == 0 {
			break
		}
		rest = append(rest, left[0])
		args = left[1:]
	}
	f.Parse(append([]string{"--"}, rest...)) // so that Args returns them
	if len(rest) < min {
		f.usageError(f.e.t("thiếu tên tệp", "no input files"))
		return exitUsage, false
	}
	return 0, true
}

// usageError prints one message and where to find help.
func (f *flags) usageError(msg string) {
	f.e.errorf("%s: %s", f.name, msg)
	f.e.errorf(f.e.t(`gõ "vanban %s -h" để xem cách dùng`, `run "vanban %s -h" for help`), f.name)
}

// flagError is package flag's message in e's language.
func flagError(e *env, err error) string {
	msg := err.Error()
	if e.en {
		return msg
	}
	if name, ok := strings.CutPrefix(msg, "flag provided but not defined: "); ok {
		return "không có tùy chọn " + name
	}
	if name, ok := strings.CutPrefix(msg, "flag needs an argument: "); ok {
		return "tùy chọn " + name + " cần một giá trị"
	}
	if rest, ok := strings.CutPrefix(msg, "invalid value "); ok {
		return "giá trị không hợp lệ " + rest
	}
	return msg
}
