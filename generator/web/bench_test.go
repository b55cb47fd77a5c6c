package web

import (
	"bufio"
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"mime/multipart"
	"net/http"
	"net/http/httptest"
	"os"
	"runtime"
	"runtime/debug"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"
)

// BenchmarkServe200 sends 200 render requests at once, over loopback TCP,
// to a server as vanban serve runs it, and checks that every answer is the
// right PDF, byte for byte. It reports requests per second, the median and
// 95th-percentile latency, and the process's peak resident memory (server
// and client together).
//
//	go test -run '^$' -bench Serve200 -benchtime 5x ./generator/web
func BenchmarkServe200(b *testing.B) {
	const clients = 200
	s := newServer(b, Options{})
	ts := httptest.NewUnstartedServer(s)
	ts.Config.ReadHeaderTimeout = 10 * time.Second
	ts.Start()
	defer ts.Close()
	client := &http.Client{Transport: &http.Transport{MaxIdleConnsPerHost: clients, MaxConnsPerHost: clients}}
	// The campaign launch, two pages, as staff would fill it.
	body, _ := json.Marshal(exampleState(b, s, "phat-dong-thi-dua"))
	post := func() ([]byte, error) {
		res, err := client.Post(ts.URL+"/api/render?format=pdf", "application/json", bytes.NewReader(body))
		if err != nil {
			return nil, err
		}
		defer res.Body.Close()
		data, err := io.ReadAll(res.Body)
		if err == nil && res.StatusCode != 200 {
			err = fmt.Errorf("status %d: %.200s", res.StatusCode, data)
		}
		return data, err
	}
	want, err := post()
	if err != nil {
		b.Fatal(err)
	}
	var latencies []time.Duration
	b.ResetTimer()
	for b.Loop() {
		var mu sync.Mutex
		var wg sync.WaitGroup
		var bad []string
		start := make(chan struct{})
		for range clients {
			wg.Add(1)
			go func() {
				defer wg.Done()
				<-start
				t0 := time.Now()
				got, err := post()
				d := time.Since(t0)
				mu.Lock()
				defer mu.Unlock()
				latencies = append(latencies, d)
				if err != nil || !bytes.Equal(got, want) {
					bad = append(bad, fmt.Sprint(err))
				}
			}()
		}
		close(start)
		wg.Wait()
		if len(bad) > 0 {
			b.Fatalf("%d of %d answers wrong; first: %s", len(bad), clients, bad[0])
		}
	}
	b.StopTimer()
	slices.Sort(latencies)
	pct := func(p float64) float64 {
		return latencies[int(p*float64(len(latencies)-1))].Seconds() * 1000
	}
	b.ReportMetric(float64(len(latencies))/b.Elapsed().Seconds(), "req/s")
	b.ReportMetric(pct(0.50), "p50-ms")
	b.ReportMetric(pct(0.95), "p95-ms")
	b.ReportMetric(peakRSS()/(1<<20), "peak-MB")
	b.ReportMetric(0, "ns/op") // a round of 200 is not one operation
}

// peakRSS returns the process's peak resident memory in bytes, from
// Linux's /proc; 0 elsewhere.
func peakRSS() float64 { return procStatus("VmHWM:") }

// rss returns the process's resident memory now, as peakRSS does.
func rss() float64 { return procStatus("VmRSS:") }

func procStatus(field string) float64 {
	f, err := os.Open("/proc/self/status")
	if err != nil {
		return 0
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		if rest, ok := strings.CutPrefix(sc.Text(), field); ok {
			kb, _ := strconv.Atoi(strings.TrimSuffix(strings.TrimSpace(rest), " kB"))
			return float64(kb) * 1024
		}
	}
	return 0
}

// BenchmarkSoakBatches replays the probe of issue 14 over loopback TCP:
// 40 uploads of a 2.4 MB CSV, each download stopped after its first
// bytes. It reports the resident memory before and after (server and
// client together, after a GC) and the bytes the server still holds,
// which must be none.
//
//	go test -run '^$' -bench SoakBatches -benchtime 1x ./generator/web
func BenchmarkSoakBatches(b *testing.B) {
	s := newServer(b, Options{})
	ts := httptest.NewServer(s) // loopback only
	defer ts.Close()
	state, err := os.ReadFile("../../samples/batch/bau-cu-2026.toml")
	if err != nil {
		b.Fatal(err)
	}
	res, err := http.Post(ts.URL+"/api/open", "application/toml", bytes.NewReader(state))
	if err != nil {
		b.Fatal(err)
	}
	form, _ := io.ReadAll(res.Body)
	res.Body.Close()
	csv := bigCSV(2400 << 10)
	upload := func() string {
		var body bytes.Buffer
		mw := multipart.NewWriter(&body)
		mw.WriteField("state", string(form))
		fw, _ := mw.CreateFormFile("data", "a.csv")
		fw.Write([]byte(csv))
		mw.Close()
		res, err := http.Post(ts.URL+"/api/batch", mw.FormDataContentType(), &body)
		if err != nil {
			b.Fatal(err)
		}
		defer res.Body.Close()
		var job struct{ ID string }
		if err := json.NewDecoder(res.Body).Decode(&job); err != nil || res.StatusCode != 200 {
			b.Fatalf("upload: status %d, %v", res.StatusCode, err)
		}
		return job.ID
	}
	runtime.GC()
	debug.FreeOSMemory()
	before := rss()
	deadline := time.Now().Add(5 * time.Minute) // bounded, whatever the machine
	for b.Loop() {
		for range 40 {
			res, err := http.Get(ts.URL + "/api/batch/" + upload() + "/zip")
			if err != nil {
				b.Fatal(err)
			}
			res.Body.Read(make([]byte, 512))
			res.Body.Close() // the download is stopped
			if time.Now().After(deadline) {
				b.Fatal("the soak takes more than 5 minutes")
			}
		}
	}
	b.StopTimer()
	var held int64
	for wait := time.Now(); time.Since(wait) < 30*time.Second; time.Sleep(50 * time.Millisecond) {
		if held, _ = s.heldBytes(); held == 0 {
			break
		}
	}
	runtime.GC()
	debug.FreeOSMemory()
	b.ReportMetric(before/(1<<20), "rss-before-MB")
	b.ReportMetric(rss()/(1<<20), "rss-after-MB")
	b.ReportMetric(float64(held), "held-bytes")
	b.ReportMetric(0, "ns/op")
	if held != 0 {
		b.Errorf("%d bytes still held after every download stopped", held)
	}
}
