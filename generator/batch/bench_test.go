package batch

import (
	"bufio"
	"context"
	"os"
	"strconv"
	"strings"
	"testing"

	"github.com/vanban/vanban/generator"
	"github.com/vanban/vanban/generator/legacy"
)

// BenchmarkBatch runs the whole election sample: 3,321 wards and communes,
// a PDF and a DOCX each. It reports documents (PDF and DOCX pairs) per
// second and the process's peak resident memory.
//
//	go test -run '^$' -bench Batch -benchtime 1x ./generator/batch
func BenchmarkBatch(b *testing.B) {
	form, err := generator.OpenForm("../../samples/batch/bau-cu-2026.toml")
	if err != nil {
		b.Fatal(err)
	}
	raw, err := os.ReadFile("../../samples/batch/bau-cu-2026.csv")
	if err != nil {
		b.Fatal(err)
	}
	data, err := ReadCSV("bau-cu-2026.csv", raw, form.Template, legacy.UTF8)
	if err != nil {
		b.Fatal(err)
	}
	dir := b.TempDir()
	b.ResetTimer()
	for b.Loop() {
		rep, err := Run(context.Background(), form, data, Options{Dir: dir})
		if err != nil || rep.Failed > 0 {
			b.Fatalf("%v, %d rows failed", err, rep.Failed)
		}
	}
	b.ReportMetric(float64(b.N*len(data.Rows))/b.Elapsed().Seconds(), "docs/s")
	b.ReportMetric(peakRSS()/(1<<20), "peak-MB")
}

// peakRSS returns the process's peak resident memory in bytes, from
// Linux's /proc; 0 elsewhere.
func peakRSS() float64 {
	f, err := os.Open("/proc/self/status")
	if err != nil {
		return 0
	}
	defer f.Close()
	s := bufio.NewScanner(f)
	for s.Scan() {
		if rest, ok := strings.CutPrefix(s.Text(), "VmHWM:"); ok {
			kb, _ := strconv.Atoi(strings.TrimSuffix(strings.TrimSpace(rest), " kB"))
			return float64(kb) * 1024
		}
	}
	return 0
}
