package web

import (
	"context"
	"encoding/json"
	"net/http/httptest"
	"runtime"
	"strings"
	"testing"
	"time"

	"github.com/vanban/vanban/generator/batch"
	"github.com/vanban/vanban/generator/legacy"
)

// bigCSV is about size bytes of rows for the election campaign.
func bigCSV(size int) string {
	row := "Tỉnh Cao Bằng,Xã Hòa An " + strings.Repeat("x", 200) + ",Nguyễn Văn A\n"
	return "tinh,don_vi,chu_tich\n" + strings.Repeat(row, size/len(row))
}

// upload starts a batch and returns its id.
func upload(t *testing.T, s *Server, csv string) string {
	t.Helper()
	w := batchForm(t, s, "a.csv", csv)
	if w.Code != 200 {
		t.Fatalf("upload: status %d: %.300s", w.Code, w.Body)
	}
	var job struct{ ID string }
	json.Unmarshal(w.Body.Bytes(), &job)
	return job.ID
}

// Issue 14, item 3: 40 batches whose download is aborted leave nothing
// held: the server's own count of held bytes is back to zero after each,
// and the heap is back near where it started.
func TestBatchAbortedDownloads(t *testing.T) {
	s := newServer(t, Options{})
	csv := bigCSV(600 << 10) // the 2.4 MB takes 4 times as long, to the same end
	var before, after runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	for i := range 40 {
		id := upload(t, s, csv)
		if held, n := s.heldBytes(); n != 1 || held < int64(len(csv)) {
			t.Fatalf("batch %d: %d bytes in %d batches held, want the data's %d in one", i, held, n, len(csv))
		}
		ctx, cancel := context.WithCancel(context.Background())
		cancel() // the download is aborted at once
		r := httptest.NewRequest("GET", "http://localhost:8080/api/batch/"+id+"/zip", nil).WithContext(ctx)
		s.ServeHTTP(httptest.NewRecorder(), r)
		if held, n := s.heldBytes(); held != 0 || n != 0 {
			t.Fatalf("after aborted download %d: %d bytes in %d batches still held", i, held, n)
		}
	}
	runtime.GC()
	runtime.ReadMemStats(&after)
	if grew := int64(after.HeapAlloc) - int64(before.HeapAlloc); grew > 32<<20 {
		t.Errorf("the heap grew by %d MB over 40 aborted batches", grew>>20)
	}
	t.Logf("heap %d MB before, %d MB after", before.HeapAlloc>>20, after.HeapAlloc>>20)
}

// Issue 14, item 3: batches never downloaded lock nobody out for more
// than a minute, and bytes held are bounded as well as batches.
func TestBatchLockout(t *testing.T) {
	s := newServer(t, Options{})
	for range maxJobs {
		upload(t, s, batchCSV)
	}
	w := batchForm(t, s, "a.csv", batchCSV)
	if w.Code != 429 || w.Header().Get("Retry-After") != "60" {
		t.Fatalf("ninth batch: status %d, Retry-After %q", w.Code, w.Header().Get("Retry-After"))
	}
	// A minute later, the batches not downloaded are gone.
	s.mu.Lock()
	s.sweep(time.Now().Add(readyTTL))
	s.mu.Unlock()
	if held, n := s.heldBytes(); held != 0 || n != 0 {
		t.Errorf("expired batches hold %d bytes in %d batches", held, n)
	}
	id := upload(t, s, batchCSV)
	if readyTTL > time.Minute {
		t.Errorf("a batch waits %v for its download", readyTTL)
	}
	// An expired batch says so.
	s.mu.Lock()
	s.sweep(time.Now().Add(readyTTL))
	s.mu.Unlock()
	if w := do(s, "GET", "/api/batch/"+id+"/zip", nil); w.Code != 410 {
		t.Errorf("expired batch: status %d", w.Code)
	}

	csv := bigCSV(60 << 10)
	data, err := batch.ReadFile("a.csv", []byte(csv), s.forms["phat-dong-thi-dua"].Template, legacy.UTF8)
	if err != nil {
		t.Fatal(err)
	}
	small := newServer(t, Options{MaxHeld: data.Size() * 3 / 2})
	upload(t, small, csv)
	if w := batchForm(t, small, "a.csv", csv); w.Code != 429 {
		t.Errorf("past MaxHeld: status %d", w.Code)
	}
}

// Issue 14, item 9: /static/ answers as the rest of the server does: 405
// for another method, 404 for a missing file, both as JSON in Vietnamese.
func TestStaticErrors(t *testing.T) {
	s := newServer(t, Options{})
	for _, c := range []struct {
		method, target string
		code           int
	}{
		{"POST", "/static/app.js", 405},
		{"DELETE", "/static/app.css", 405},
		{"GET", "/static/khong-co.js", 404},
		{"GET", "/static/", 404},
		{"GET", "/static/app.js", 200},
	} {
		w := do(s, c.method, c.target, nil)
		if w.Code != c.code {
			t.Errorf("%s %s: status %d, want %d", c.method, c.target, w.Code, c.code)
			continue
		}
		if c.code != 200 {
			if ct := w.Header().Get("Content-Type"); !strings.HasPrefix(ct, "application/json") {
				t.Errorf("%s %s: %s", c.method, c.target, ct)
			}
			problemsIn(t, w)
		}
	}
}

// Issue 14, item 6: in the web form too, a character that changes what
// is read is refused beside its field; item 8: so is a year out of range.
func TestFormInvisibleAndDates(t *testing.T) {
	s := newServer(t, Options{})
	st := exampleState(t, s, "phat-dong-thi-dua")
	st.Values["don_vi"] = Entry{Text: "Xã \u202eHòa An"}
	st.Doc["summary"] = Entry{Text: "số tiền \u2067000 005 đồng"}
	st.Values["ngay"] = Entry{Text: "01/01/1900"}
	w := do(s, "POST", "/api/render?format=pdf", jsonBody(t, st))
	if w.Code != 422 {
		t.Fatalf("status %d: %.300s", w.Code, w.Body)
	}
	got := map[string]string{}
	for _, p := range problemsIn(t, w) {
		got[p.Field+p.Key] = p.Message
	}
	for key, want := range map[string]string{"don_vi": "U+202E", "summary": "U+2067", "ngay": "năm 1900 nằm ngoài khoảng 1945–2999"} {
		if !strings.Contains(got[key], want) {
			t.Errorf("%s: %q, want %q; all: %v", key, got[key], want, got)
		}
	}
}

// Issue 14, item 7: a Unicode file sent as TCVN3 is refused, in Vietnamese.
func TestBatchWrongEncoding(t *testing.T) {
	s := newServer(t, Options{})
	w := batchForm(t, s, "a.csv", batchCSV, "encoding", "tcvn3")
	if w.Code != 422 {
		t.Fatalf("status %d: %s", w.Code, w.Body)
	}
	if p := problemsIn(t, w); !strings.Contains(p[0].Message, "tệp đã là chữ Unicode") {
		t.Errorf("message %q", p[0].Message)
	}
}
