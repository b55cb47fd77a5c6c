//go:build e2e

package sign

import (
	"bytes"
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/vanban/vanban/generator/sign/signtest"
)

// TestE2EPdfsig signs every sample twice, the second signature with a
// time-stamp, and one as an attachment, and asks poppler's pdfsig, a
// validator we did not write, what it finds: both signatures valid, the
// last covering the whole file; and, with one byte changed, not valid.
// The signed files stay in out/e2e/signed for looking at.
func TestE2EPdfsig(t *testing.T) {
	if _, err := exec.LookPath("pdfsig"); err != nil {
		t.Fatal("pdfsig (Debian package poppler-utils) is needed: apt-get install poppler-utils")
	}
	outDir := filepath.Join("..", "..", "out", "e2e", "signed")
	if err := os.MkdirAll(outDir, 0o755); err != nil {
		t.Fatal(err)
	}
	p := newPeople(t)
	tk, tc := p.ca.Issue(t, "vanban test TSA", signtest.RSA, time.Now().Add(-time.Hour), true)
	srv, _ := startTSA(t, tk, tc)
	p.signer.Time, p.agency.Time = time.Now(), time.Now()
	p.agency.TSA = srv.URL
	samples, _ := filepath.Glob(filepath.Join("..", "..", "samples", "*.toml"))
	if len(samples) == 0 {
		t.Fatal("no samples found")
	}
	for _, path := range samples {
		name := strings.TrimSuffix(filepath.Base(path), ".toml")
		t.Run(name, func(t *testing.T) {
			signed := signTwice(t, p, unsigned(t, name))
			file := filepath.Join(outDir, name+".pdf")
			if err := os.WriteFile(file, signed, 0o644); err != nil {
				t.Fatal(err)
			}
			out := pdfsig(t, file)
			if n := strings.Count(out, "Signature Validation: Signature is Valid."); n != 2 {
				t.Fatalf("pdfsig finds %d valid signatures, want 2:\n%s", n, out)
			}
			parts := strings.Split(out, "Signature #")
			if len(parts) != 3 || !strings.Contains(parts[1], "Field Name: signer") || !strings.Contains(parts[1], "Not total document signed") ||
				!strings.Contains(parts[2], "Field Name: agency") || !strings.Contains(parts[2], "Total document signed") {
				t.Errorf("pdfsig's report is not signer (part of the file) then agency (all of it):\n%s", out)
			}
			// One byte of the document changed after signing.
			bad := bytes.Clone(signed)
			i := bytes.Index(bad, []byte("/Type /Catalog"))
			bad[i+2] ^= 0x20
			badFile := filepath.Join(t.TempDir(), "bad.pdf")
			os.WriteFile(badFile, bad, 0o644)
			out = pdfsig(t, badFile)
			if strings.Contains(out, "Signature is Valid") || strings.Count(out, "Digest Mismatch") != 2 {
				t.Errorf("pdfsig does not find both signatures broken after a byte changed:\n%s", out)
			}
		})
	}
	// An attachment from another tool, with object and cross-reference
	// streams (qpdf rewrites a document so).
	t.Run("attachment-object-streams", func(t *testing.T) {
		if _, err := exec.LookPath("qpdf"); err != nil {
			t.Fatal("qpdf (Debian package qpdf) is needed: apt-get install qpdf")
		}
		plain := filepath.Join(t.TempDir(), "plain.pdf")
		os.WriteFile(plain, unsigned(t, "ke-hoach"), 0o644)
		packed := filepath.Join(t.TempDir(), "packed.pdf")
		if out, err := exec.Command("qpdf", "--object-streams=generate", plain, packed).CombinedOutput(); err != nil {
			t.Fatalf("qpdf: %v\n%s", err, out)
		}
		in, _ := os.ReadFile(packed)
		if !bytes.Contains(in, []byte("/ObjStm")) {
			t.Fatal("qpdf wrote no object stream")
		}
		a := p.agency
		a.Role, a.Image, a.Number = Attachment, nil, "03/KH-UBND"
		signed, err := Sign(context.Background(), in, a)
		if err != nil {
			t.Fatal(err)
		}
		file := filepath.Join(outDir, "attachment-object-streams.pdf")
		os.WriteFile(file, signed, 0o644)
		if out := pdfsig(t, file); !strings.Contains(out, "Signature is Valid") || !strings.Contains(out, "Total document signed") {
			t.Errorf("pdfsig:\n%s", out)
		}
	})
	t.Run("attachment", func(t *testing.T) {
		a := p.agency
		a.Role, a.Image, a.Number = Attachment, nil, "12/QĐ-UBND"
		signed, err := Sign(context.Background(), unsigned(t, "cong-van"), a)
		if err != nil {
			t.Fatal(err)
		}
		file := filepath.Join(outDir, "attachment.pdf")
		os.WriteFile(file, signed, 0o644)
		out := pdfsig(t, file)
		if !regexp.MustCompile(`Field Name: attachment[\s\S]*Total document signed[\s\S]*Signature is Valid`).MatchString(out) {
			t.Errorf("pdfsig on the attachment:\n%s", out)
		}
	})
}

// pdfsig runs pdfsig on file without checking the certificate's trust (the
// test CA is nobody's).
func pdfsig(t *testing.T, file string) string {
	t.Helper()
	out, err := exec.Command("pdfsig", "-nocert", file).CombinedOutput()
	if err != nil && !strings.Contains(string(out), "Signature") {
		t.Fatalf("pdfsig %s: %v\n%s", file, err, out)
	}
	return string(out)
}
