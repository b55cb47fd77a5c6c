package generator

import (
	"io"
	"strings"
	"testing"
)

// The seed document, laid out and written.
func BenchmarkWritePDF(b *testing.B)  { benchWrite(b, WritePDF) }
func BenchmarkWriteDOCX(b *testing.B) { benchWrite(b, WriteDOCX) }

func benchWrite(b *testing.B, write func(io.Writer, *Document) error) {
	d := parseSample(b, "../samples/cao-bang-2021.toml")
	b.ReportAllocs()
	for b.Loop() {
		if err := write(io.Discard, d); err != nil {
			b.Fatal(err)
		}
	}
}

// The seed document written by as many goroutines as GOMAXPROCS, as a batch
// would: the cost of shared font data and of the garbage collector shows here.
func BenchmarkWritePDFParallel(b *testing.B) {
	d := parseSample(b, "../samples/cao-bang-2021.toml")
	b.ReportAllocs()
	b.RunParallel(func(pb *testing.PB) {
		for pb.Next() {
			if err := WritePDF(io.Discard, d); err != nil {
				b.Error(err)
				return
			}
		}
	})
}

func BenchmarkParse(b *testing.B) {
	b.ReportAllocs()
	for b.Loop() {
		parseSample(b, "../samples/cao-bang-2021.toml")
	}
}

// A hostile body: one 20,000-character word and 2,000 short paragraphs.
func BenchmarkHugeBody(b *testing.B) {
	body := strings.Repeat("x", 20000) + "\n\n" + strings.Repeat("Đoạn văn ngắn.\n\n", 2000)
	d, err := Parse([]byte(strings.Replace(good, "Đoạn thứ hai.", body, 1)))
	if err != nil {
		b.Fatal(err)
	}
	for b.Loop() {
		if err := WritePDF(io.Discard, d); err != nil {
			b.Fatal(err)
		}
	}
}
