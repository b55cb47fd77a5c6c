package main

import (
	"context"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"net/url"
	"os"
	"os/exec"
	"runtime"
	"strconv"
	"time"

	"github.com/vanban/vanban/generator/web"
)

// tokenEnv names the environment variable that may hold the token, so that
// it need not appear in the list of processes.
const tokenEnv = "VANBAN_TOKEN"

// serve runs the web form until ctx is cancelled (SIGINT or SIGTERM), then
// lets the requests under way finish.
func serve(e *env, args []string) int {
	fs := e.newFlags("serve",
		"Chạy biểu mẫu soạn văn bản trên trình duyệt. Chỉ máy này dùng được, trừ khi có mã truy cập (-token hoặc "+tokenEnv+").",
		"Run the web form. Only this machine can use it unless a token (-token or "+tokenEnv+") guards it.")
	addr := fs.String("addr", defaultAddr, e.t("địa chỉ lắng nghe, MÁY:CỔNG; khác 127.0.0.1 thì cần -token", "address to listen on, HOST:PORT; anything but loopback needs a token"))
	token := fs.String("token", "", e.t("mã truy cập bắt buộc với mọi yêu cầu (hoặc đặt "+tokenEnv+")", "require this token on every request (or set "+tokenEnv+")"))
	timeout := fs.Duration("render-timeout", 30*time.Second, e.t("hủy một lần tạo văn bản lâu hơn", "cancel a render that takes longer"))
	db := fs.String("db", "", e.t("sổ văn bản đi: tệp SQLite hoặc địa chỉ postgres://, để biểu mẫu ban hành được văn bản (hoặc đặt "+dbEnv+")",
		"the outgoing register: a SQLite `FILE` or a postgres:// URL, so the form can issue documents (or set "+dbEnv+")"))
	open := fs.Bool("open", false, e.t("mở biểu mẫu trong trình duyệt", "open the form in the browser"))
	signFlags := signingFlags(e, fs)
	if code, ok := fs.parse(args, 0); !ok {
		return code
	}
	if fs.NArg() > 0 {
		fs.usageError(fmt.Sprintf(e.t("thừa %q", "unexpected argument %q"), fs.Arg(0)))
		return exitUsage
	}
	if *token == "" {
		*token = os.Getenv(tokenEnv)
	}
	ln, err := net.Listen("tcp", *addr)
	if err != nil && *open && *addr == defaultAddr {
		// Another vanban holds the port (a second double-click): any free
		// port does as well, since the form keeps its work in the browser.
		ln, err = net.Listen("tcp", "127.0.0.1:0")
	}
	if err != nil {
		e.errorf(e.t("không mở được địa chỉ %s: %v", "cannot listen on %s: %v"), *addr, err)
		return exitUsage
	}
	defer ln.Close()
	if !isLoopback(ln.Addr()) && *token == "" {
		e.errorf(e.t("%s mở cho cả mạng: hãy đặt -token hoặc %s để chỉ người được giao mã mới dùng được",
			"%s is reachable from the network; set -token or %s so that only people given the token can use it"), ln.Addr(), tokenEnv)
		return exitUsage
	}
	log := slog.New(slog.NewTextHandler(e.stderr, nil))
	reg, code := serveRegister(e, *db)
	if code != exitOK {
		return code
	}
	if reg != nil {
		defer reg.Close()
	}
	signing, closeKey, code := signFlags.load(e, fs, reg != nil)
	if code != exitOK {
		return code
	}
	defer closeKey()
	h, err := web.New(web.Options{Token: *token, RenderTimeout: *timeout, Log: log, Register: reg, Signing: signing})
	if err != nil {
		e.errorf("%v", err)
		return exitInput
	}
	srv := httpServer(h, log)
	urls := addresses(ln.Addr(), lanAddrs(), *token)
	fmt.Fprintf(e.stdout, e.t("vanban: mở %s trong trình duyệt để soạn văn bản (Ctrl-C để dừng)\n", "vanban: the form is at %s (Ctrl-C to stop)\n"), urls[0])
	for _, u := range urls[1:] {
		fmt.Fprintf(e.stdout, e.t("vanban: máy khác trong mạng mở %s\n", "vanban: from another machine: %s\n"), u)
	}
	done := make(chan error, 1)
	go func() { done <- srv.Serve(ln) }()
	if *open {
		if err := openBrowser(urls[0]); err != nil {
			e.errorf(e.t("không mở được trình duyệt (%v): hãy tự mở %s", "cannot open the browser (%v): open %s yourself"), err, urls[0])
		}
	}
	select {
	case err := <-done:
		e.errorf("%v", err)
		return exitInput
	case <-e.ctx.Done():
	}
	fmt.Fprintln(e.stdout, e.t("vanban: đang dừng, chờ các yêu cầu đang làm xong", "vanban: stopping; finishing the requests under way"))
	stop, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	if err := srv.Shutdown(stop); err != nil {
		e.errorf("%v", err)
		srv.Close()
		return exitInput
	}
	return exitOK
}

// defaultAddr is where serve listens unless -addr says otherwise.
const defaultAddr = "127.0.0.1:8080"

// addresses returns the addresses to give people for a listener at a: one
// for this machine first, then, when a listens on every interface
// (":8080", "[::]:8080"), one per LAN address of the machine, which staff
// can open from theirs. The token, if any, rides along.
func addresses(a net.Addr, lan []net.IP, token string) []string {
	port := "8080"
	var ip net.IP
	if ta, ok := a.(*net.TCPAddr); ok {
		port, ip = strconv.Itoa(ta.Port), ta.IP
	}
	suffix := "/"
	if token != "" {
		suffix += "?token=" + url.QueryEscape(token)
	}
	mk := func(host string) string { return "http://" + net.JoinHostPort(host, port) + suffix }
	if ip != nil && !ip.IsUnspecified() {
		return []string{mk(ip.String())}
	}
	out := []string{mk("localhost")}
	for _, l := range lan {
		out = append(out, mk(l.String()))
	}
	return out
}

// lanAddrs returns the machine's IPv4 addresses that other machines can
// reach: not loopback, not link-local.
func lanAddrs() []net.IP {
	as, err := net.InterfaceAddrs()
	if err != nil {
		return nil
	}
	var out []net.IP
	for _, a := range as {
		n, ok := a.(*net.IPNet)
		if !ok || n.IP.To4() == nil || n.IP.IsLoopback() || n.IP.IsLinkLocalUnicast() {
			continue
		}
		out = append(out, n.IP.To4())
	}
	return out
}

// openBrowser opens url in the default browser.
func openBrowser(url string) error {
	var cmd *exec.Cmd
	switch runtime.GOOS {
	case "windows":
		cmd = exec.Command("rundll32", "url.dll,FileProtocolHandler", url)
	case "darwin":
		cmd = exec.Command("open", url)
	default:
		cmd = exec.Command("xdg-open", url)
	}
	if err := cmd.Start(); err != nil {
		return err
	}
	go cmd.Wait() // reap it
	return nil
}

// httpServer sets the limits no handler can: how long a client may take to
// send its headers and body, or to read the answer, how long an idle
// connection stays open, and how large the headers may be.
func httpServer(h http.Handler, log *slog.Logger) *http.Server {
	return &http.Server{
		Handler:           h,
		ReadHeaderTimeout: 10 * time.Second,
		ReadTimeout:       2 * time.Minute, // a batch's data file on a slow link
		WriteTimeout:      2 * time.Minute, // a batch's zip extends its own, write by write
		IdleTimeout:       2 * time.Minute,
		MaxHeaderBytes:    64 << 10,
		ErrorLog:          slog.NewLogLogger(log.Handler(), slog.LevelWarn),
	}
}

// isLoopback reports whether a listener's address is reachable only from
// this machine.
func isLoopback(a net.Addr) bool {
	ta, ok := a.(*net.TCPAddr)
	return ok && ta.IP.IsLoopback()
}
