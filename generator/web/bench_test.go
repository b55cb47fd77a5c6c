package web

import (
	"bufio"
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
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
func peakRSS() float64 {
	f, err := os.Open("/proc/self/status")
	if err != nil {
		return 0
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		if rest, ok := strings.CutPrefix(sc.Text(), "VmHWM:"); ok {
			kb, _ := strconv.Atoi(strings.TrimSuffix(strings.TrimSpace(rest), " kB"))
			return float64(kb) * 1024
		}
	}
	return 0
}
