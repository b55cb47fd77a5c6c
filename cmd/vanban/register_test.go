package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// issuedDB returns a register holding 01 and 02/TB-UBND of 2026.
func issuedDB(t *testing.T) string {
	t.Helper()
	dir := t.TempDir()
	db := filepath.Join(dir, "r.db")
	for i, date := range []string{"2026-03-04", "2026-03-05"} {
		out := filepath.Join(dir, "out", string(rune('a'+i)))
		if code, _, stderr := runArgs(t, "", "issue", "-db", db, "-o", out, "-date", date, "../../samples/du-thao.toml"); code != 0 {
			t.Fatalf("issue: exit %d: %s", code, stderr)
		}
	}
	return db
}

func TestRegisterListAndCancel(t *testing.T) {
	db := issuedDB(t)
	code, stdout, stderr := runArgs(t, "", "register", "cancel", "-db", db, "-year", "2026", "-reason", "Nhầm ngày", "02/tb-ubnd")
	if code != 0 || stdout != "Số: 02/TB-UBND (ỦY BAN NHÂN DÂN PHƯỜNG KỲ LỪA, 2026): đã thu hồi: Nhầm ngày\n" {
		t.Fatalf("cancel: exit %d, %q, %s", code, stdout, stderr)
	}
	code, stdout, stderr = runArgs(t, "", "register", "-db", db, "-year", "2026", "-agency", "Ủy ban nhân dân phường Kỳ Lừa")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	lines := strings.Split(strings.TrimSpace(stdout), "\n")
	if len(lines) != 4 || !strings.HasPrefix(lines[2], "01/TB-UBND   04/03/2026  THÔNG BÁO Về việc") ||
		!strings.Contains(lines[3], "Đã thu hồi ngày ") || !strings.HasSuffix(lines[3], ": Nhầm ngày") {
		t.Errorf("register:\n%s", stdout)
	}
	if code, stdout, _ = runArgs(t, "", "register", "-db", db, "-year", "2025"); code != 0 || stdout != "" {
		t.Errorf("another year: exit %d, %q", code, stdout)
	}
	if code, _, stderr = runArgs(t, "", "register", "-db", db, "-agency", "UBND tỉnh"); code != 1 || !strings.Contains(stderr, "agency: \"UBND tỉnh\" không có trong sổ; sổ có: ỦY BAN NHÂN DÂN PHƯỜNG KỲ LỪA") {
		t.Errorf("unknown agency: exit %d, %s", code, stderr)
	}
	for _, args := range [][]string{
		{"register", "cancel", "-db", db, "-year", "2026", "01/TB-UBND"},         // no reason
		{"register", "cancel", "-db", db, "-year", "2026", "-reason", "x", "01"}, // no code
		{"register", "cancel", "-db", db, "-reason", "x"},                        // nothing to cancel
		{"register", "-db", db, "-format", "html"},                               // unknown format
		{"register", "-db", db, "extra"},                                         // stray argument
	} {
		if code, _, _ := runArgs(t, "", args...); code != 2 {
			t.Errorf("%q: exit %d, want 2", args, code)
		}
	}
	if code, _, stderr = runArgs(t, "", "register", "cancel", "-db", db, "-year", "2026", "-reason", "x", "02/TB-UBND"); code != 1 ||
		!strings.Contains(stderr, "số 02/TB-UBND đã thu hồi ngày") {
		t.Errorf("cancel twice: exit %d, %s", code, stderr)
	}
	if code, _, stderr = runArgs(t, "", "register", "cancel", "-lang", "en", "-db", db, "-year", "2026", "-reason", "x", "02/TB-UBND"); code != 1 ||
		!strings.Contains(stderr, "already cancelled") {
		t.Errorf("cancel twice, in English: exit %d, %s", code, stderr)
	}
}

func TestRegisterFormats(t *testing.T) {
	db := issuedDB(t)
	dir := t.TempDir()
	code, stdout, stderr := runArgs(t, "", "register", "-db", db, "-format", "csv")
	if code != 0 || !strings.HasPrefix(stdout, "Cơ quan,Năm,Sổ,\"Số, ký hiệu văn bản\"") || strings.Count(stdout, "\n") != 3 {
		t.Errorf("csv: exit %d, %q, %s", code, stdout, stderr)
	}
	pdf := filepath.Join(dir, "so.pdf")
	if code, _, stderr = runArgs(t, "", "register", "-db", db, "-format", "pdf", "-o", pdf); code != 0 {
		t.Fatalf("pdf: exit %d, %s", code, stderr)
	}
	if b, err := os.ReadFile(pdf); err != nil || !strings.HasPrefix(string(b), "%PDF-1.4") {
		t.Errorf("pdf: %v", err)
	}
}

func TestRegisterExportImport(t *testing.T) {
	db := issuedDB(t)
	dir := t.TempDir()
	backup := filepath.Join(dir, "backup.csv")
	if code, _, stderr := runArgs(t, "", "register", "export", "-db", db, "-o", backup); code != 0 {
		t.Fatalf("export: exit %d, %s", code, stderr)
	}
	restored := filepath.Join(dir, "restored.db")
	code, stdout, stderr := runArgs(t, "", "register", "import", "-db", restored, backup)
	if code != 0 || stdout != backup+": đã nhập 2 dòng\n" {
		t.Fatalf("import: exit %d, %q, %s", code, stdout, stderr)
	}
	_, a, _ := runArgs(t, "", "register", "-db", db, "-format", "csv")
	_, b, _ := runArgs(t, "", "register", "-db", restored, "-format", "csv")
	if a != b {
		t.Errorf("restored register:\n%s\nwant\n%s", b, a)
	}
	if code, _, stderr = runArgs(t, "", "register", "import", "-db", restored, backup); code != 1 || !strings.Contains(stderr, "backup.csv:2: ỦY BAN NHÂN DÂN PHƯỜNG KỲ LỪA năm 2026: số 01/TB-UBND đã có trong sổ") {
		t.Errorf("import twice: exit %d, %s", code, stderr)
	}
}
