package main

import (
	"bytes"
	"context"
	"io"
	"log/slog"
	"net"
	"net/http"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"
)

// syncBuffer is a buffer the server goroutine writes while the test reads.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

// serveFor starts vanban serve with args and returns the address it
// prints, a func that stops it as SIGINT does, and its exit code.
func serveFor(t *testing.T, args ...string) (url string, stop func() int, stdout *syncBuffer) {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	var o, e syncBuffer
	code := make(chan int, 1)
	go func() { code <- run(ctx, append([]string{"serve"}, args...), strings.NewReader(""), &o, &e) }()
	re := regexp.MustCompile(`http://[^ ]+/(\?token=\S+)?`)
	deadline := time.Now().Add(10 * time.Second)
	for url == "" && time.Now().Before(deadline) {
		select {
		case c := <-code:
			t.Fatalf("serve exited %d: %s", c, e.String())
		case <-time.After(10 * time.Millisecond):
		}
		url = re.FindString(o.String())
	}
	if url == "" {
		t.Fatalf("serve printed no address: %q %q", o.String(), e.String())
	}
	return url, func() int { cancel(); return <-code }, &o
}

func TestServe(t *testing.T) {
	url, stop, out := serveFor(t, "-addr", "127.0.0.1:0")
	res, err := http.Get(url + "api/templates")
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(res.Body)
	res.Body.Close()
	if res.StatusCode != 200 || !strings.Contains(string(body), "phat-dong-thi-dua") {
		t.Errorf("status %d: %.200s", res.StatusCode, body)
	}
	if code := stop(); code != exitOK {
		t.Errorf("exit %d after SIGINT", code)
	}
	if !strings.Contains(out.String(), "đang dừng") {
		t.Errorf("no word of stopping: %q", out.String())
	}
}

func TestServeToken(t *testing.T) {
	t.Setenv(tokenEnv, "tu-bien-moi-truong")
	url, stop, _ := serveFor(t, "-addr", "127.0.0.1:0")
	defer stop()
	if !strings.HasSuffix(url, "?token=tu-bien-moi-truong") {
		t.Errorf("address %q does not carry the token", url)
	}
	base := strings.TrimSuffix(url, "?token=tu-bien-moi-truong")
	res, err := http.Get(base + "api/templates")
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	if res.StatusCode != 401 {
		t.Errorf("without the token: status %d", res.StatusCode)
	}
}

func TestServeRefusesNetworkWithoutToken(t *testing.T) {
	code, _, stderr := runArgs(t, "", "serve", "-addr", "0.0.0.0:0")
	if code != exitUsage || !strings.Contains(stderr, "-token") {
		t.Errorf("exit %d: %s", code, stderr)
	}
	code, _, stderr = runArgs(t, "", "serve", "-addr", "127.0.0.1:0", "extra")
	if code != exitUsage {
		t.Errorf("extra argument: exit %d: %s", code, stderr)
	}
	code, _, stderr = runArgs(t, "", "serve", "-addr", "999.0.0.1:0")
	if code != exitUsage || stderr == "" {
		t.Errorf("bad address: exit %d: %s", code, stderr)
	}
}

// A client that sends its headers slowly is cut off: the server has a
// timeout for each part of a request.
func TestServeTimeouts(t *testing.T) {
	srv := httpServer(http.NotFoundHandler(), slog.New(slog.DiscardHandler))
	for name, d := range map[string]time.Duration{"read header": srv.ReadHeaderTimeout, "read": srv.ReadTimeout,
		"write": srv.WriteTimeout, "idle": srv.IdleTimeout} {
		if d <= 0 || d > 5*time.Minute {
			t.Errorf("%s timeout %v", name, d)
		}
	}
	if srv.MaxHeaderBytes <= 0 || srv.MaxHeaderBytes > 1<<20 {
		t.Errorf("header limit %d", srv.MaxHeaderBytes)
	}

	srv.ReadHeaderTimeout = 100 * time.Millisecond
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	go srv.Serve(ln)
	defer srv.Close()
	conn, err := net.Dial("tcp", ln.Addr().String())
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	conn.Write([]byte("GET / HTTP/1.1\r\nHost: localhost\r\n")) // and no more
	conn.SetReadDeadline(time.Now().Add(5 * time.Second))
	if _, err := io.ReadAll(conn); err != nil {
		t.Errorf("the slow client was not cut off: %v", err)
	}
}
