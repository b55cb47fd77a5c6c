package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestTemplates(t *testing.T) {
	code, out, _ := runArgs(t, "", "templates")
	if code != exitOK {
		t.Fatalf("exit %d", code)
	}
	for _, name := range []string{"phat-dong-thi-dua", "quyet-dinh", "ke-hoach", "cong-van", "thong-bao", "bao-cao", "to-trinh", "giay-moi"} {
		if !strings.Contains(out, name+" ") {
			t.Errorf("templates does not list %s:\n%s", name, out)
		}
	}
}

// What vanban new prints renders as it is.
func TestNewRenders(t *testing.T) {
	dir := t.TempDir()
	code, out, errs := runArgs(t, "", "new", "phat-dong-thi-dua")
	if code != exitOK || !strings.HasPrefix(out, "# Phát động thi đua\n") {
		t.Fatalf("exit %d: %s%s", code, errs, out)
	}
	in := filepath.Join(dir, "pd.toml")
	os.WriteFile(in, []byte(out), 0o644)
	if code, _, errs := runArgs(t, "", "render", "-o", dir, in); code != exitOK {
		t.Fatalf("render: exit %d: %s", code, errs)
	}
	if _, err := os.Stat(filepath.Join(dir, "pd.pdf")); err != nil {
		t.Error(err)
	}
	if code, _, errs := runArgs(t, "", "new", "phat-dong"); code != exitInput || !strings.Contains(errs, `có phải "phat-dong-thi-dua"?`) {
		t.Errorf("unknown template: exit %d: %s", code, errs)
	}
	if code, _, _ := runArgs(t, "", "new"); code != exitUsage {
		t.Errorf("no template: exit %d", code)
	}
}

func TestBatch(t *testing.T) {
	dir := t.TempDir()
	data := filepath.Join(dir, "dv.csv")
	os.WriteFile(data, []byte("tinh,don_vi,chu_tich\nTỉnh Cao Bằng,Xã Hòa An,Nguyễn Văn A\nTỉnh Cao Bằng,Xã Bạch Đằng,\n"), 0o644)
	out := filepath.Join(dir, "out")
	code, stdout, errs := runArgs(t, "", "batch", "-lang", "en", "-o", out, "-format", "pdf", "../../samples/batch/bau-cu-2026.toml", data)
	if code != exitInput {
		t.Fatalf("a failed row must give exit 1, got %d: %s", code, errs)
	}
	if stdout != "" {
		t.Errorf("stdout: %q", stdout)
	}
	if !strings.Contains(errs, `dv.csv:3:28: chu_tich: a value for "chu_tich"`) || !strings.Contains(errs, "2 rows: 1 written, 1 failed") {
		t.Errorf("stderr:\n%s", errs)
	}
	if _, err := os.Stat(filepath.Join(out, "1-Xa-Hoa-An.pdf")); err != nil {
		t.Error(err)
	}
	if _, err := os.Stat(filepath.Join(out, "manifest.csv")); err != nil {
		t.Error(err)
	}
	for _, c := range []struct {
		args []string
		code int
		want string
	}{
		{[]string{"batch", "phat-dong-thi-dua"}, exitUsage, "needs TEMPLATE and DATA"},
		{[]string{"batch", "-encoding", "latin1", "phat-dong-thi-dua", data}, exitUsage, "latin1"},
		{[]string{"batch", "-format", "odt", "phat-dong-thi-dua", data}, exitUsage, `unknown format "odt"`},
		{[]string{"batch", "-o", out, "khong-co", data}, exitInput, `no built-in template "khong-co"`},
		{[]string{"batch", "-o", out, "phat-dong-thi-dua", filepath.Join(dir, "none.csv")}, exitInput, "no such file"},
		{[]string{"batch", "-o", out, "-name", "{{khong}}", "phat-dong-thi-dua", data}, exitInput, "names no declared field"},
	} {
		code, _, errs := runArgs(t, "", append(c.args, "-lang", "en")...)
		if code != c.code || !strings.Contains(errs, c.want) {
			t.Errorf("%v: exit %d, %s; want %d, %q", c.args, code, errs, c.code, c.want)
		}
	}
}

// -row-timeout bounds each row: a row that takes longer fails with a
// message naming its line, and the run exits 1.
func TestBatchRowTimeout(t *testing.T) {
	dir := t.TempDir()
	data := filepath.Join(dir, "dv.csv")
	os.WriteFile(data, []byte("tinh,don_vi,chu_tich\nTỉnh Cao Bằng,Xã Hòa An,Nguyễn Văn A\n"), 0o644)
	code, _, errs := runArgs(t, "", "batch", "-row-timeout", "1ns", "-o", filepath.Join(dir, "out"), "-format", "pdf",
		"../../samples/batch/bau-cu-2026.toml", data)
	if code != exitInput || !strings.Contains(errs, "dv.csv:2") || !strings.Contains(errs, "không tạo xong trong 1ns") {
		t.Errorf("exit %d:\n%s", code, errs)
	}
	if code, _, errs := runArgs(t, "", "batch", "-row-timeout", "soon", "phat-dong-thi-dua", data); code != exitUsage || !strings.Contains(errs, "row-timeout") {
		t.Errorf("bad duration: exit %d:\n%s", code, errs)
	}
}
