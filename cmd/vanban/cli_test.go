package main

import (
	"encoding/csv"
	"net"
	"os"
	"path/filepath"
	"runtime/debug"
	"slices"
	"strings"
	"testing"
)

// Flags may follow the file names, as Windows users and scripts write
// them; "--" ends the flags.
func TestFlagOrder(t *testing.T) {
	dir := t.TempDir()
	for _, args := range [][]string{
		{"render", "../../samples/du-thao.toml", "-o", dir, "-format", "pdf"},
		{"render", "-format", "pdf", "../../samples/du-thao.toml", "-o=" + dir},
		{"render", "-o", dir, "-format", "pdf", "--", "../../samples/du-thao.toml"},
	} {
		os.Remove(filepath.Join(dir, "du-thao.pdf"))
		code, _, stderr := runArgs(t, "", args...)
		if code != exitOK {
			t.Errorf("%v: exit %d: %s", args, code, stderr)
		}
		if _, err := os.Stat(filepath.Join(dir, "du-thao.pdf")); err != nil {
			t.Errorf("%v: %v", args, err)
		}
		if _, err := os.Stat(filepath.Join(dir, "du-thao.docx")); err == nil {
			t.Errorf("%v: -format pdf after the file was not read", args)
		}
	}
	// After "--", "-o" is a file name.
	code, _, stderr := runArgs(t, "", "check", "--", "-o")
	if code != exitInput || !strings.Contains(stderr, "-o") {
		t.Errorf(`check -- -o: exit %d: %s`, code, stderr)
	}
}

// Files saved by Notepad: CRLF line endings and a byte order mark, in a
// document, a template and a batch's data.
func TestWindowsFiles(t *testing.T) {
	dir := t.TempDir()
	windows := func(name, src string) string {
		path := filepath.Join(dir, name)
		text := "\ufeff" + strings.ReplaceAll(src, "\n", "\r\n")
		if err := os.WriteFile(path, []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
		return path
	}
	_, starter, _ := runArgs(t, "", "new", "thong-bao")
	doc := windows("thong-bao.toml", starter)
	if !strings.Contains(starter, `"""`) {
		t.Fatal("the starter has no multi-line string: the test would not see a carriage return kept in one")
	}
	tpl, err := os.ReadFile("../../templates/cong-van.toml")
	if err != nil {
		t.Fatal(err)
	}
	tplPath := windows("cong-van-rieng.toml", string(tpl))
	csvPath := windows("dv.csv", "tinh,don_vi,chu_tich\nTỉnh Cao Bằng,\"Xã Hòa An\",Nguyễn Văn A\n")
	for _, args := range [][]string{
		{"check", doc},
		{"render", "-o", filepath.Join(dir, "out"), doc},
		{"new", tplPath},
		{"batch", "-o", filepath.Join(dir, "batch"), "-format", "pdf", "../../samples/batch/bau-cu-2026.toml", csvPath},
	} {
		if code, _, stderr := runArgs(t, "", args...); code != exitOK {
			t.Errorf("%v: exit %d: %s", args, code, stderr)
		}
	}
}

// An impossible date written as a TOML date gets the message a quoted one
// gets, and the other problems of the file are listed with it.
func TestImpossibleDate(t *testing.T) {
	dir := t.TempDir()
	_, starter, _ := runArgs(t, "", "new", "thong-bao")
	var lines []string
	for l := range strings.SplitSeq(starter, "\n") {
		switch {
		case strings.HasPrefix(l, "ngay = "):
			l = "ngay = 2026-02-30"
		case strings.HasPrefix(l, "so = "):
			l = `so = "mười"`
		}
		lines = append(lines, l)
	}
	bad := filepath.Join(dir, "bad.toml")
	os.WriteFile(bad, []byte(strings.Join(lines, "\n")), 0o644)
	quoted := filepath.Join(dir, "quoted.toml")
	os.WriteFile(quoted, []byte(strings.ReplaceAll(strings.Join(lines, "\n"), "ngay = 2026-02-30", `ngay = "2026-02-30"`)), 0o644)
	code, _, stderr := runArgs(t, "", "check", bad)
	_, _, want := runArgs(t, "", "check", quoted)
	if code != exitInput || strings.Count(stderr, "\n") != 2 || !strings.Contains(stderr, "so:") {
		t.Errorf("exit %d:\n%s", code, stderr)
	}
	if strings.ReplaceAll(want, "quoted.toml", "bad.toml") != stderr {
		t.Errorf("unquoted:\n%squoted:\n%s", stderr, want)
	}
}

// -h prints the command's help on standard output and exits 0; a command
// without flags has no "Flags:" heading; a bad flag is one message.
func TestHelp(t *testing.T) {
	for _, c := range commands() {
		for _, h := range []string{"-h", "-help", "--help"} {
			code, stdout, stderr := runArgs(t, "", c.name, h)
			if code != exitOK || stderr != "" || !strings.HasPrefix(stdout, "Cách dùng: vanban "+c.name) {
				t.Errorf("%s %s: exit %d, stdout %q, stderr %q", c.name, h, code, stdout, stderr)
			}
			if strings.Contains(stdout, "Tùy chọn:\n") && !strings.Contains(stdout, "\n  -") {
				t.Errorf("%s %s: an empty list of flags:\n%s", c.name, h, stdout)
			}
		}
	}
	_, stdout, _ := runArgs(t, "", "help", "render", "-lang", "en")
	if !strings.HasPrefix(stdout, "Usage: vanban render") || !strings.Contains(stdout, "Flags:\n  -format") {
		t.Errorf("help render in English:\n%s", stdout)
	}
	_, stdout, _ = runArgs(t, "", "templates", "-h")
	if strings.Contains(stdout, "Tùy chọn") {
		t.Errorf("templates has no flags:\n%s", stdout)
	}
	code, stdout, stderr := runArgs(t, "", "render", "-x", "a.toml")
	if code != exitUsage || stdout != "" || strings.Count(stderr, "-x") != 1 || strings.Count(stderr, "\n") != 2 {
		t.Errorf("bad flag: exit %d, stdout %q, stderr %q", code, stdout, stderr)
	}
}

// Messages are Vietnamese unless -lang en or LANG=en...
func TestLang(t *testing.T) {
	dir := t.TempDir()
	bad := filepath.Join(dir, "bad.toml")
	os.WriteFile(bad, []byte("[page]\nsize = 16\n"), 0o644)
	_, _, vi := runArgs(t, "", "check", bad)
	_, _, en := runArgs(t, "", "check", "-lang", "en", bad)
	_, _, en2 := runArgs(t, "", "-lang=en", "check", bad)
	if !strings.Contains(vi, "bắt buộc") || strings.Contains(vi, "required") {
		t.Errorf("Vietnamese:\n%s", vi)
	}
	if !strings.Contains(en, "required") || en != en2 {
		t.Errorf("English:\n%s\n%s", en, en2)
	}
	t.Setenv("LANG", "en_US.UTF-8")
	var o, e strings.Builder
	run(t.Context(), []string{"check", bad}, strings.NewReader(""), &o, &e)
	if e.String() != en {
		t.Errorf("LANG=en_US.UTF-8:\n%s", e.String())
	}
	if code, _, _ := runArgs(t, "", "-lang", "fr", "templates"); code != exitUsage {
		t.Errorf("-lang fr: exit %d", code)
	}
	for _, c := range []struct {
		env  map[string]string
		want string
	}{
		{map[string]string{}, "vi"},
		{map[string]string{"LANG": "vi_VN.UTF-8"}, "vi"},
		{map[string]string{"LANG": "C.UTF-8"}, "vi"},
		{map[string]string{"LANG": "en_GB.UTF-8"}, "en"},
		{map[string]string{"LANG": "en_GB.UTF-8", "LC_ALL": "vi_VN.UTF-8"}, "vi"},
		{map[string]string{"LC_MESSAGES": "en_US", "LANG": "vi_VN"}, "en"},
	} {
		_, got, _ := takeLang(nil, func(k string) string { return c.env[k] })
		if got != c.want {
			t.Errorf("%v: %s, want %s", c.env, got, c.want)
		}
	}
}

// render and batch write into the same folder by default; batch ends with
// a one-line summary when its output is not a terminal, and its manifest
// speaks the user's language.
func TestDefaultsAndSummary(t *testing.T) {
	root := repoRoot(t)
	t.Chdir(t.TempDir())
	src, err := os.ReadFile(filepath.Join(root, "samples/du-thao.toml"))
	if err != nil {
		t.Fatal(err)
	}
	os.WriteFile("du-thao.toml", src, 0o644)
	if code, _, stderr := runArgs(t, "", "render", "-format", "pdf", "du-thao.toml"); code != exitOK || !strings.Contains(stderr, filepath.Join(defaultDir, "du-thao.pdf")) {
		t.Fatalf("render: exit %d: %s", code, stderr)
	}
	os.WriteFile("dv.csv", []byte("tinh,don_vi,chu_tich\nTỉnh Cao Bằng,Xã Hòa An,Nguyễn Văn A\n"), 0o644)
	code, _, stderr := runArgs(t, "", "batch", "-format", "pdf", filepath.Join(root, "samples/batch/bau-cu-2026.toml"), "dv.csv")
	if code != exitOK || strings.Count(stderr, "\n") != 1 || !strings.Contains(stderr, "1 dòng: 1 văn bản đã ghi, 0 dòng lỗi") {
		t.Errorf("batch: exit %d: %q", code, stderr)
	}
	for _, f := range []string{"du-thao.pdf", "1-Xa-Hoa-An.pdf", "manifest.csv"} {
		if _, err := os.Stat(filepath.Join(defaultDir, f)); err != nil {
			t.Error(err)
		}
	}
	m, _ := os.Open(filepath.Join(defaultDir, "manifest.csv"))
	head, _ := csv.NewReader(m).Read()
	m.Close()
	if !slices.Equal(head, []string{"stt", "dòng", "kết quả", "pdf", "mã kiểm tra pdf (sha256)", "lỗi"}) {
		t.Errorf("manifest head %q", head)
	}
}

// repoRoot is the repository's root, as an absolute path.
func repoRoot(t *testing.T) string {
	t.Helper()
	root, err := filepath.Abs("../..")
	if err != nil {
		t.Fatal(err)
	}
	return root
}

func TestDefaultArgs(t *testing.T) {
	if got := defaultArgs("windows", nil); !slices.Equal(got, []string{"serve", "-open"}) {
		t.Errorf("windows, no arguments: %v", got)
	}
	if got := defaultArgs("linux", nil); len(got) != 0 {
		t.Errorf("linux, no arguments: %v", got)
	}
	if got := defaultArgs("windows", []string{"templates"}); !slices.Equal(got, []string{"templates"}) {
		t.Errorf("windows with arguments: %v", got)
	}
}

// The address serve prints is one staff can open: the machine's LAN
// address when it listens on every interface, never [::] or 0.0.0.0.
func TestAddresses(t *testing.T) {
	lan := []net.IP{net.IPv4(192, 168, 1, 20)}
	for _, c := range []struct {
		addr  net.Addr
		token string
		want  []string
	}{
		{&net.TCPAddr{IP: net.IPv6unspecified, Port: 8080}, "a b", []string{"http://localhost:8080/?token=a+b", "http://192.168.1.20:8080/?token=a+b"}},
		{&net.TCPAddr{IP: net.IPv4zero, Port: 9000}, "", []string{"http://localhost:9000/", "http://192.168.1.20:9000/"}},
		{&net.TCPAddr{IP: net.IPv4(127, 0, 0, 1), Port: 8080}, "", []string{"http://127.0.0.1:8080/"}},
		{&net.TCPAddr{IP: net.IPv4(10, 0, 0, 5), Port: 80}, "x", []string{"http://10.0.0.5:80/?token=x"}},
	} {
		if got := addresses(c.addr, lan, c.token); !slices.Equal(got, c.want) {
			t.Errorf("%v: %v, want %v", c.addr, got, c.want)
		}
	}
}

func TestVersion(t *testing.T) {
	if got := buildVersion("v1.2.0", nil); got != "v1.2.0" {
		t.Errorf("set by -ldflags: %q", got)
	}
	info := func(main string, settings ...debug.BuildSetting) func() (*debug.BuildInfo, bool) {
		return func() (*debug.BuildInfo, bool) {
			return &debug.BuildInfo{Main: debug.Module{Version: main}, Settings: settings}, true
		}
	}
	for _, c := range []struct {
		read func() (*debug.BuildInfo, bool)
		want string
	}{
		{info("v0.3.1"), "v0.3.1"},
		{info("(devel)", debug.BuildSetting{Key: "vcs.revision", Value: "0123456789abcdef"}), "dev-0123456789ab"},
		{info("(devel)", debug.BuildSetting{Key: "vcs.revision", Value: "abc"}, debug.BuildSetting{Key: "vcs.modified", Value: "true"}), "dev-abc-dirty"},
		{info("(devel)"), "dev"},
		{func() (*debug.BuildInfo, bool) { return nil, false }, "dev"},
	} {
		if got := buildVersion("", c.read); got != c.want {
			t.Errorf("%q, want %q", got, c.want)
		}
	}
	if code, out, _ := runArgs(t, "", "version"); code != exitOK || !strings.HasPrefix(out, "vanban ") {
		t.Errorf("version: exit %d, %q", code, out)
	}
}

// A starter for a commune (xã) speaks of its villages (thôn), not of a
// ward's residential groups (tổ dân phố), and the other way round.
func TestStartersFitTheUnit(t *testing.T) {
	_, list, _ := runArgs(t, "", "templates")
	n := 0
	for l := range strings.SplitSeq(list, "\n") {
		name, _, _ := strings.Cut(l, " ")
		if name == "" {
			continue
		}
		n++
		_, starter, _ := runArgs(t, "", "new", name)
		var values []string
		for v := range strings.SplitSeq(starter, "\n") {
			if !strings.HasPrefix(v, "#") {
				values = append(values, v)
			}
		}
		text := strings.Join(values, "\n")
		commune := strings.Contains(text, `"Xã `)
		ward := strings.Contains(text, `"Phường `)
		if commune && (strings.Contains(text, "tổ dân phố") || strings.Contains(text, "phường")) ||
			ward && strings.Contains(text, "thôn") {
			t.Errorf("%s: a starter for a %s speaks of the other kind of unit:\n%s", name, map[bool]string{true: "commune", false: "ward"}[commune], text)
		}
	}
	if n < 8 {
		t.Fatalf("only %d templates listed", n)
	}
}
