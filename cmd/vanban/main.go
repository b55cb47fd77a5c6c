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
//	vanban serve [-addr 127.0.0.1:8080] [-token TOKEN] [-open] [-db DB]
//	vanban issue [-db DB] [-o DIR] [-date YYYY-MM-DD] FILE.toml...
//	vanban register [-db DB] [-year Y] [-agency NAME] [-format text|csv|pdf] [-o FILE]
//	vanban register cancel|export|import|attach ...
//	vanban sign -role signer|agency|attachment (-p12 FILE [-password-env VAR] | -pkcs11 MODULE [-token LABEL] [-key LABEL] [-pin-env VAR]) [-image PNG] [-seal-mm 36] [-number NUMBER] [-tsa URL] IN.pdf OUT.pdf
//	vanban verify [-roots FILE] FILE.pdf...
//	vanban version
//
// render writes DIR/NAME.pdf and DIR/NAME.docx for each input (NAME is the
// input's base name; DIR is "out" unless -o says otherwise); "-" reads
// standard input and writes one format to standard output. check validates
// the inputs without writing anything. templates lists the built-in
// templates; new prints a starting input for one. batch fills a template
// with every row of a CSV or TOML file. serve runs the web form for office
// staff (package web): on loopback unless a token (-token or VANBAN_TOKEN)
// guards it. On Windows, vanban without arguments (a double-click on
// vanban.exe) is "vanban serve -open".
//
// Flags may come before or after the file names. Messages are in
// Vietnamese unless -lang en is given or LANG (LC_ALL, LC_MESSAGES) starts
// with "en". Exit status: 0 on success, 1 on bad input, 2 on bad usage, 3
// on an internal error (a bug).
//
// issue gives each input the next number of the outgoing register and
// writes it; register prints, exports, imports or cancels in the register
// (package register). sign adds a digital signature to a PDF as Decree 30
// defines electronic documents: the person with authority, then the
// agency, or the agency on a separate attachment; verify lists and checks
// the signatures of PDFs (package sign).
package main

import (
	"bufio"
	"context"
	"fmt"
	"io"
	"os"
	"os/signal"
	"runtime"
	"runtime/debug"
	"syscall"
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

// command is one of vanban's commands: its name, its one-line synopsis and
// summary in both languages, and the function that runs it. To add a
// command, add it to commands.
type command struct {
	name                 string
	synopsis, synopsisEN string // after "vanban NAME "
	summary, summaryEN   string // for the list of commands
	run                  func(e *env, args []string) int
}

// commands lists vanban's commands in the order the usage shows them.
func commands() []command {
	return []command{
		{"render", "[-o THƯ_MỤC] [-format pdf,docx] TỆP.toml...", "[-o DIR] [-format pdf,docx] FILE.toml...",
			"ghi THƯ_MỤC/TÊN.pdf và THƯ_MỤC/TÊN.docx", "write DIR/NAME.pdf and DIR/NAME.docx", render},
		{"check", "TỆP.toml...", "FILE.toml...",
			"kiểm tra tệp, không ghi gì", "check the inputs, write nothing", check},
		{"templates", "", "",
			"liệt kê các mẫu có sẵn", "list the built-in templates", listTemplates},
		{"new", "MẪU > TỆP.toml", "TEMPLATE > FILE.toml",
			"in tệp khởi đầu cho một mẫu", "print a starting input for a template", newInput},
		{"batch", "[tùy chọn] MẪU DỮ_LIỆU", "[flags] TEMPLATE DATA",
			"mỗi dòng của DỮ_LIỆU (CSV, TOML) một văn bản", "one document per row of DATA (CSV or TOML)", batchCmd},
		{"serve", "[-addr 127.0.0.1:8080] [-token MÃ] [-open] [-db CSDL [-agency-p12 TỆP -seal TỆP.png]]", "[-addr 127.0.0.1:8080] [-token TOKEN] [-open] [-db DB [-agency-p12 FILE -seal FILE.png]]",
			"biểu mẫu trên trình duyệt", "the web form, in a browser", serve},
		{"issue", "[-db CSDL] [-o THƯ_MỤC] [-date NGÀY] TỆP.toml...", "[-db DB] [-o DIR] [-date YYYY-MM-DD] FILE.toml...",
			"cấp số từ sổ văn bản đi rồi ghi văn bản", "number from the outgoing register, then write", issueCmd},
		{"register", "[-db CSDL] [-format text|csv|pdf]; cancel, export, import, attach", "[-db DB] [-format text|csv|pdf]; cancel, export, import, attach",
			"in sổ văn bản đi; thu hồi số, sao lưu", "print the outgoing register; cancel, export, import", registerCmd},
		{"sign", "-role VAI (-p12 TỆP | -pkcs11 MODULE) [-image ẢNH.png] [-tsa URL] VÀO.pdf RA.pdf", "-role ROLE (-p12 FILE | -pkcs11 MODULE) [-image IMAGE.png] [-tsa URL] IN.pdf OUT.pdf",
			"ký số tệp PDF (Nghị định 30)", "sign a PDF digitally (Decree 30)", signCmd},
		{"verify", "[-roots TỆP] TỆP.pdf...", "[-roots FILE] FILE.pdf...",
			"kiểm tra chữ ký số", "check digital signatures", verifyCmd},
		{"version", "", "",
			"in phiên bản", "print the version", versionCmd},
	}
}

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	args := os.Args[1:]
	clicked := len(args) == 0 && runtime.GOOS == "windows"
	code := protect(os.Stderr, func() int { return run(ctx, defaultArgs(runtime.GOOS, args), os.Stdin, os.Stdout, os.Stderr) })
	stop()
	if clicked && code != exitOK {
		// Started by a double-click: the console window closes when vanban
		// exits, taking the message with it. Let it be read first.
		fmt.Fprint(os.Stderr, "\nNhấn Enter để đóng cửa sổ này. (Press Enter to close.)")
		bufio.NewReader(os.Stdin).ReadString('\n')
	}
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

// defaultArgs returns args, or for none on Windows, where vanban.exe is
// started by a double-click, the web form in the browser.
func defaultArgs(goos string, args []string) []string {
	if len(args) == 0 && goos == "windows" {
		return []string{"serve", "-open"}
	}
	return args
}

// run is the whole program, with its streams passed in for tests.
func run(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	args, lang, err := takeLang(args, os.Getenv)
	e := &env{ctx: ctx, stdin: stdin, stdout: stdout, stderr: stderr, en: lang == "en"}
	if err != nil {
		e.errorf("%v", err)
		return exitUsage
	}
	if len(args) == 0 {
		fmt.Fprint(stderr, e.usage())
		return exitUsage
	}
	name := args[0]
	switch name {
	case "help", "-h", "-help", "--help":
		if len(args) > 1 {
			if c, ok := find(args[1]); ok {
				return c.run(e, []string{"-help"})
			}
		}
		fmt.Fprint(stdout, e.usage())
		return exitOK
	case "-version", "--version":
		name = "version"
	}
	c, ok := find(name)
	if !ok {
		e.errorf(e.t("không có lệnh %q\n\n%s", "unknown command %q\n\n%s"), name, e.usage())
		return exitUsage
	}
	return c.run(e, args[1:])
}

// find returns the command called name.
func find(name string) (command, bool) {
	for _, c := range commands() {
		if c.name == name {
			return c, true
		}
	}
	return command{}, false
}

// usage is the list of commands, in e's language.
func (e *env) usage() string {
	var b []byte
	b = fmt.Appendf(b, "%s\n\n%s\n", e.t(
		"vanban soạn văn bản hành chính theo Nghị định 30/2020/NĐ-CP từ tệp TOML, ra PDF và DOCX.",
		"vanban turns TOML into Vietnamese administrative documents (Decree 30/2020/NĐ-CP), as PDF and DOCX."),
		e.t("Cách dùng:", "Usage:"))
	for _, c := range commands() {
		line := "vanban " + c.name
		if s := e.t(c.synopsis, c.synopsisEN); s != "" {
			line += " " + s
		}
		b = fmt.Appendf(b, "  %-58s %s\n", line, e.t(c.summary, c.summaryEN))
	}
	b = fmt.Appendf(b, "\n%s\n", e.t(
		`Tùy chọn đặt trước hay sau tên tệp đều được. "-" thay tên tệp là đọc từ đầu vào chuẩn; với render thì ghi một định dạng ra đầu ra chuẩn.
Thông báo bằng tiếng Việt; -lang en (hoặc LANG=en...) để dùng tiếng Anh.
Mã thoát: 0 thành công, 1 tệp có lỗi, 2 dùng sai lệnh.
Gõ "vanban LỆNH -h" để xem tùy chọn của một lệnh.`,
		`Flags may come before or after the file names. "-" as FILE reads standard input; with render it writes one format to standard output.
Messages are in Vietnamese; -lang en (or LANG=en...) for English.
Exit status: 0 success, 1 bad input, 2 bad usage.
Run "vanban COMMAND -h" for a command's flags.`))
	return string(b)
}
