package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"os"
	"time"

	"github.com/vanban/vanban/generator/web"
)

// tokenEnv names the environment variable that may hold the token, so that
// it need not appear in the list of processes.
const tokenEnv = "VANBAN_TOKEN"

// serve runs the web form until ctx is cancelled (SIGINT or SIGTERM), then
// lets the requests under way finish.
func serve(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	fs := newFlags("serve", "serve [-addr HOST:PORT] [-token TOKEN]", stderr)
	addr := fs.String("addr", "127.0.0.1:8080", "address to listen on; anything but loopback needs a token")
	token := fs.String("token", "", "require this token on every request (or set "+tokenEnv+")")
	timeout := fs.Duration("render-timeout", 30*time.Second, "cancel a render that takes longer")
	db := fs.String("db", "", "keep the outgoing register in this SQLite `FILE` or postgres:// URL, so the form can issue documents (or set "+dbEnv+")")
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return exitOK
		}
		return exitUsage
	}
	if fs.NArg() > 0 {
		fmt.Fprintf(stderr, "vanban serve: unexpected argument %q\n", fs.Arg(0))
		fs.Usage()
		return exitUsage
	}
	if *token == "" {
		*token = os.Getenv(tokenEnv)
	}
	ln, err := net.Listen("tcp", *addr)
	if err != nil {
		fmt.Fprintf(stderr, "vanban serve: %v\n", err)
		return exitUsage
	}
	defer ln.Close()
	if !isLoopback(ln.Addr()) && *token == "" {
		fmt.Fprintf(stderr, "vanban serve: %s is reachable from the network; set -token or %s so that only people given the token can use it\n", ln.Addr(), tokenEnv)
		return exitUsage
	}
	log := slog.New(slog.NewTextHandler(stderr, nil))
	reg, code := serveRegister(ctx, *db, stderr)
	if code != exitOK {
		return code
	}
	if reg != nil {
		defer reg.Close()
	}
	h, err := web.New(web.Options{Token: *token, RenderTimeout: *timeout, Log: log, Register: reg})
	if err != nil {
		fmt.Fprintf(stderr, "vanban serve: %v\n", err)
		return exitInput
	}
	srv := httpServer(h, log)
	url := "http://" + ln.Addr().String() + "/"
	if *token != "" {
		url += "?token=" + *token
	}
	// Staff may start it themselves: say it in Vietnamese first.
	fmt.Fprintf(stdout, "vanban: mở %s trong trình duyệt để soạn văn bản (Ctrl-C để dừng)\n", url)
	fmt.Fprintf(stdout, "vanban: the form is at %s (Ctrl-C to stop)\n", url)
	done := make(chan error, 1)
	go func() { done <- srv.Serve(ln) }()
	select {
	case err := <-done:
		fmt.Fprintf(stderr, "vanban serve: %v\n", err)
		return exitInput
	case <-ctx.Done():
	}
	fmt.Fprintln(stdout, "vanban: đang dừng / stopping; finishing the requests under way")
	stop, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	if err := srv.Shutdown(stop); err != nil {
		fmt.Fprintf(stderr, "vanban serve: %v\n", err)
		srv.Close()
		return exitInput
	}
	return exitOK
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
