package batch

import (
	"bufio"
	"bytes"
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
// second, the process's peak resident memory, and the CPU time (user and
// system) the batch took, which, unlike the wall time, does not grow when
// other work shares the machine.
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
	cpu0 := cpuTime()
	b.ResetTimer()
	for b.Loop() {
		rep, err := Run(context.Background(), form, data, Options{Dir: dir})
		if err != nil || rep.Failed > 0 {
			b.Fatalf("%v, %d rows failed", err, rep.Failed)
		}
	}
	b.ReportMetric(float64(b.N*len(data.Rows))/b.Elapsed().Seconds(), "docs/s")
	b.ReportMetric(peakRSS()/(1<<20), "peak-MB")
	b.ReportMetric((cpuTime()-cpu0)/float64(b.N), "cpu-s/op")
}

// cpuTime returns the CPU time, user and system, the process has taken, in
// seconds, from Linux's /proc (in clock ticks, 100 a second); 0 elsewhere.
func cpuTime() float64 {
	b, err := os.ReadFile("/proc/self/stat")
	if err != nil {
		return 0
	}
	// The fields after the command name, which is in parentheses: utime
	// and stime are the 12th and 13th of them.
	f := strings.Fields(string(b[bytes.LastIndexByte(b, ')')+1:]))
	if len(f) < 13 {
		return 0
	}
	utime, _ := strconv.Atoi(f[11])
	stime, _ := strconv.Atoi(f[12])
	return float64(utime+stime) / 100
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
