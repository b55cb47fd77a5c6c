package pdf_test

import (
	"bytes"
	"context"
	"io"
	"os"
	"path/filepath"
	"regexp"
	"sync"
	"testing"

	"github.com/vanban/vanban/generator"
	"github.com/vanban/vanban/generator/layout"
	"github.com/vanban/vanban/generator/pdf"
)

// sample is a sample document, parsed and laid out.
type sample struct {
	name  string
	doc   *generator.Document
	pages []layout.Page
}

func samples(t *testing.T) []sample {
	t.Helper()
	files, err := filepath.Glob("../../samples/*.toml")
	if err != nil || len(files) == 0 {
		t.Fatalf("no samples: %v", err)
	}
	var out []sample
	for _, file := range files {
		src, err := os.ReadFile(file)
		if err != nil {
			t.Fatal(err)
		}
		d, err := generator.Parse(src)
		if err != nil {
			t.Fatalf("%s: %v", file, err)
		}
		pages, err := generator.Pages(context.Background(), d)
		if err != nil {
			t.Fatalf("%s: %v", file, err)
		}
		out = append(out, sample{filepath.Base(file), d, pages})
	}
	return out
}

func write(t *testing.T, c *pdf.Cache, s sample) []byte {
	var b bytes.Buffer
	if err := c.Write(&b, s.doc, s.pages); err != nil {
		t.Errorf("%s: %v", s.name, err)
	}
	return b.Bytes()
}

var baseFontRE = regexp.MustCompile(`/BaseFont /(\S+)`)
var subsetRE = regexp.MustCompile(`^[A-Z]{6}\+LiberationSerif(-Bold|-Italic|-BoldItalic)?$`)

// Every font is a subset named TAGTAG+PostScriptName, with an /Identity
// CIDToGIDMap; a document is the same bytes whether its subsets are cut
// for it (a cold cache) or found (a warm one), and whether made alone or
// alongside others in other goroutines.
func TestSubsetsColdWarmConcurrent(t *testing.T) {
	all := samples(t)
	warm := pdf.NewCache(64)
	want := map[string][]byte{}
	for _, s := range all {
		cold := write(t, pdf.NewCache(64), s)
		want[s.name] = cold
		if got := write(t, warm, s); !bytes.Equal(got, cold) {
			t.Errorf("%s: bytes differ with a warm cache", s.name)
		}
		if got := write(t, warm, s); !bytes.Equal(got, cold) {
			t.Errorf("%s: bytes differ the second time", s.name)
		}
		names := baseFontRE.FindAllSubmatch(cold, -1)
		if len(names) == 0 {
			t.Errorf("%s: no fonts", s.name)
		}
		for _, n := range names {
			if !subsetRE.Match(n[1]) {
				t.Errorf("%s: BaseFont %s is not a subset's name", s.name, n[1])
			}
		}
		if bytes.Count(cold, []byte("/CIDToGIDMap /Identity")) != len(names)/2 {
			t.Errorf("%s: not every CIDToGIDMap is /Identity", s.name)
		}
	}
	shared := pdf.NewCache(2) // small: subsets are evicted while in use
	var wg sync.WaitGroup
	for range 4 {
		wg.Go(func() {
			for _, s := range all {
				if got := write(t, shared, s); !bytes.Equal(got, want[s.name]) {
					t.Errorf("%s: bytes differ when made concurrently", s.name)
				}
			}
		})
	}
	wg.Wait()
	if n := shared.Len(); n > 2 {
		t.Errorf("a cache of at most 2 holds %d subsets", n)
	}
}

// Documents that differ only in the tones of a name share their subsets.
func TestSubsetsShared(t *testing.T) {
	c := pdf.NewCache(64)
	var tags []string
	for _, name := range []string{"Hòa An", "Hoà Án", "Hỏa Ạn"} {
		d, err := generator.Parse([]byte(`type = "kế hoạch"
summary = "Tổ chức bầu cử"
number = 5
code = "KH-UBND"
date = 2021-02-05
place = "` + name + `"
body = "Đoạn thứ nhất."

[issuer]
parent = "ubnd tỉnh cao bằng"
name = "Ủy ban nhân dân huyện ` + name + `"

[signer]
position = "chủ tịch"
name = "TRỊNH TRƯỜNG HUY"
`))
		if err != nil {
			t.Fatal(err)
		}
		pages, err := generator.Pages(context.Background(), d)
		if err != nil {
			t.Fatal(err)
		}
		b := write(t, c, sample{name, d, pages})
		var all []byte
		for _, n := range baseFontRE.FindAllSubmatch(b, -1) {
			all = append(all, n[1]...)
		}
		tags = append(tags, string(all))
	}
	if tags[0] != tags[1] || tags[1] != tags[2] {
		t.Errorf("the fonts differ: %q", tags)
	}
}

// The seed document with its subsets found in the cache, as for all but
// the first documents of a batch, and with a cache of its own, cut anew.
func BenchmarkWriteWarm(b *testing.B) { benchWrite(b, func() *pdf.Cache { return warmCache }) }
func BenchmarkWriteCold(b *testing.B) { benchWrite(b, func() *pdf.Cache { return pdf.NewCache(4) }) }

var warmCache = pdf.NewCache(4)

func benchWrite(b *testing.B, cache func() *pdf.Cache) {
	src, err := os.ReadFile("../../samples/cao-bang-2021.toml")
	if err != nil {
		b.Fatal(err)
	}
	d, err := generator.Parse(src)
	if err != nil {
		b.Fatal(err)
	}
	pages, err := generator.Pages(context.Background(), d)
	if err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	for b.Loop() {
		if err := cache().Write(io.Discard, d, pages); err != nil {
			b.Fatal(err)
		}
	}
}
