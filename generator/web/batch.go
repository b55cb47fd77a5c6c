package web

import (
	"cmp"
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"mime"
	"mime/multipart"
	"net/http"
	"path"
	"strings"
	"sync"
	"time"

	"github.com/vanban/vanban/generator"
	"github.com/vanban/vanban/generator/batch"
	"github.com/vanban/vanban/generator/legacy"
)

// Limits of the batches a server holds. A batch holds its data from its
// upload to the end of its download; its progress, a few bytes, stays for
// the page to read a while longer.
const (
	maxJobs    = 8                // batches waiting or running at once
	readyTTL   = time.Minute      // how long a batch waits for its download
	doneTTL    = 10 * time.Minute // how long the progress of a finished batch stays
	maxErrors  = 50               // row errors the page is told
	writeGrace = time.Minute      // how long one write of a zip may take
)

// job is a batch from the browser: checked when its data is uploaded,
// rendered while its zip is downloaded, so that nothing waits in memory
// but the data, and nothing is written to disk.
type job struct {
	id      string
	form    *generator.Form
	formats []string
	name    string // the zip's file name
	total   int    // rows
	size    int64  // bytes its data holds, as the server counts them
	created time.Time

	mu     sync.Mutex
	data   *batch.Data // nil once the batch is over
	state  string      // "ready", "running", "done" or "cancelled"
	ended  time.Time   // when it stopped being ready or running
	done   int
	failed int
	errors []string
}

// status is what GET /api/batch/{id} tells the page.
type status struct {
	State  string   `json:"state"`
	Total  int      `json:"total"`
	Done   int      `json:"done"`
	Failed int      `json:"failed"`
	Errors []string `json:"errors"`
}

func (j *job) status() status {
	j.mu.Lock()
	defer j.mu.Unlock()
	return status{State: j.state, Total: j.total, Done: j.done, Failed: j.failed, Errors: append([]string{}, j.errors...)}
}

// startBatch answers POST /api/batch, a multipart form with the form's
// state ("state", JSON), the data ("data", a CSV or TOML file), its
// encoding ("encoding": utf-8, tcvn3 or vni) and the formats ("formats":
// "pdf,docx"). It checks the data and answers with the batch's id, its
// rows and the warnings; GET /api/batch/{id}/zip then renders it.
func (s *Server) startBatch(w http.ResponseWriter, r *http.Request) {
	r.Body = http.MaxBytesReader(w, r.Body, s.opt.MaxUpload+s.opt.MaxBody)
	if err := r.ParseMultipartForm(s.opt.MaxUpload + s.opt.MaxBody); err != nil {
		var tooBig *http.MaxBytesError
		if errors.As(err, &tooBig) || errors.Is(err, multipart.ErrMessageTooLarge) {
			fail(w, http.StatusRequestEntityTooLarge, fmt.Sprintf("tệp dữ liệu quá lớn: tối đa %s", size(s.opt.MaxUpload)))
			return
		}
		fail(w, http.StatusBadRequest, "không đọc được dữ liệu gửi lên: "+err.Error())
		return
	}
	defer r.MultipartForm.RemoveAll()
	var st State
	dec := json.NewDecoder(strings.NewReader(r.FormValue("state")))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&st); err != nil {
		fail(w, http.StatusBadRequest, "dữ liệu biểu mẫu không đọc được: "+err.Error())
		return
	}
	if st.Template == "" {
		fail(w, http.StatusUnprocessableEntity, "hãy chọn một mẫu: tạo hàng loạt cần một mẫu có các trường để điền")
		return
	}
	enc, err := legacy.ParseEncoding(cmp.Or(r.FormValue("encoding"), "utf-8"))
	if err != nil {
		fail(w, http.StatusBadRequest, "bảng mã không đúng: chỉ có utf-8, tcvn3, vni")
		return
	}
	formats, err := generator.ParseFormats(r.FormValue("formats"))
	if err != nil {
		fail(w, http.StatusBadRequest, "định dạng không đúng: pdf, docx hoặc cả hai")
		return
	}
	file, head, err := r.FormFile("data")
	if err != nil {
		fail(w, http.StatusBadRequest, "chưa có tệp dữ liệu (CSV hoặc TOML)")
		return
	}
	defer file.Close()
	if head.Size > s.opt.MaxUpload {
		fail(w, http.StatusRequestEntityTooLarge, fmt.Sprintf("tệp dữ liệu quá lớn: tối đa %s", size(s.opt.MaxUpload)))
		return
	}
	raw, err := io.ReadAll(io.LimitReader(file, s.opt.MaxUpload+1))
	if err != nil {
		fail(w, http.StatusBadRequest, "không đọc được tệp dữ liệu: "+err.Error())
		return
	}
	text, probs := st.toml(s.forms)
	if text == nil || len(probs) > 0 {
		writeJSON(w, http.StatusUnprocessableEntity, map[string]any{"problems": probs})
		return
	}
	form, err := generator.ReadForm("", text)
	if err != nil {
		writeJSON(w, http.StatusUnprocessableEntity, map[string]any{"problems": problems(err)})
		return
	}
	// The name is only used in messages; keep it to its base name.
	dataName := path.Base(strings.ReplaceAll(head.Filename, `\`, "/"))
	data, err := batch.ReadFile(dataName, raw, form.Template, enc)
	if err != nil {
		fail(w, http.StatusUnprocessableEntity, generator.Vietnamese(err))
		return
	}
	if len(data.Rows) > s.opt.MaxRows {
		fail(w, http.StatusRequestEntityTooLarge, fmt.Sprintf("tệp có %d dòng, quá %d dòng mỗi lần: hãy chia nhỏ, hoặc dùng lệnh vanban batch", len(data.Rows), s.opt.MaxRows))
		return
	}
	if len(data.Rows) == 0 {
		fail(w, http.StatusUnprocessableEntity, "tệp dữ liệu không có dòng nào")
		return
	}
	j := &job{form: form, data: data, formats: formats, created: time.Now(), state: "ready",
		total: len(data.Rows), size: data.Size(),
		name: batch.SafeName(st.Template+" "+strings.TrimSuffix(dataName, path.Ext(dataName))) + ".zip"}
	if !s.addJob(j) {
		w.Header().Set("Retry-After", fmt.Sprint(int(readyTTL.Seconds())))
		fail(w, http.StatusTooManyRequests, fmt.Sprintf("đang có quá nhiều lượt tạo hàng loạt; xin thử lại sau %v giây", int(readyTTL.Seconds())))
		return
	}
	warnings := []string{}
	for _, wn := range data.Warnings {
		warnings = append(warnings, wn.Vietnamese())
	}
	writeJSON(w, http.StatusOK, map[string]any{"id": j.id, "rows": len(data.Rows), "warnings": warnings, "zip": j.name})
}

// addJob stores j under a new id, dropping what is past its time; false
// when too many batches, or too many bytes of data, are waiting or
// running. A batch not downloaded within readyTTL is dropped, so no one
// waits longer than that for a place.
func (s *Server) addJob(j *job) bool {
	var b [16]byte
	rand.Read(b[:])
	j.id = hex.EncodeToString(b[:])
	s.mu.Lock()
	defer s.mu.Unlock()
	s.sweep(time.Now())
	live := 0
	for _, old := range s.batches {
		if old.holds() {
			live++
		}
	}
	if live >= maxJobs || s.held+j.size > s.opt.MaxHeld {
		return false
	}
	s.batches[j.id] = j
	s.held += j.size
	time.AfterFunc(readyTTL, func() {
		s.mu.Lock()
		defer s.mu.Unlock()
		s.sweep(time.Now())
	})
	return true
}

// sweep drops batches not downloaded within readyTTL, freeing their data,
// and forgets finished ones after doneTTL. s.mu is held.
func (s *Server) sweep(now time.Time) {
	for id, j := range s.batches {
		j.mu.Lock()
		if j.state == "ready" && now.Sub(j.created) >= readyTTL {
			j.state, j.ended = "expired", now
			s.releaseLocked(j)
		}
		if j.state != "ready" && j.state != "running" && now.Sub(j.ended) >= doneTTL {
			delete(s.batches, id)
		}
		j.mu.Unlock()
	}
}

// release frees a batch's data once it is over.
func (s *Server) release(j *job) {
	s.mu.Lock()
	defer s.mu.Unlock()
	j.mu.Lock()
	defer j.mu.Unlock()
	s.releaseLocked(j)
}

// releaseLocked is release with s.mu and j.mu held.
func (s *Server) releaseLocked(j *job) {
	if j.data == nil {
		return
	}
	j.data, j.form = nil, nil
	s.held -= j.size
}

// holds reports whether j still holds its data.
func (j *job) holds() bool {
	j.mu.Lock()
	defer j.mu.Unlock()
	return j.data != nil
}

// heldBytes returns the bytes of data the server's batches hold.
func (s *Server) heldBytes() (int64, int) {
	s.mu.Lock()
	defer s.mu.Unlock()
	n := 0
	for _, j := range s.batches {
		if j.holds() {
			n++
		}
	}
	return s.held, n
}

func (s *Server) job(w http.ResponseWriter, r *http.Request) *job {
	s.mu.Lock()
	j := s.batches[r.PathValue("id")]
	s.mu.Unlock()
	if j == nil {
		fail(w, http.StatusNotFound, "không có lượt tạo hàng loạt này, hoặc nó đã quá hạn: hãy gửi lại tệp dữ liệu")
	}
	return j
}

// batchStatus answers GET /api/batch/{id} with the batch's progress.
func (s *Server) batchStatus(w http.ResponseWriter, r *http.Request) {
	if j := s.job(w, r); j != nil {
		writeJSON(w, http.StatusOK, j.status())
	}
}

// batchZip answers GET /api/batch/{id}/zip: it renders the batch and
// streams the zip of its documents and manifest as they are made. A batch
// is downloaded once; stopping the download stops the batch.
func (s *Server) batchZip(w http.ResponseWriter, r *http.Request) {
	j := s.job(w, r)
	if j == nil {
		return
	}
	j.mu.Lock()
	if j.state != "ready" {
		st := j.state
		j.mu.Unlock()
		if st == "expired" {
			fail(w, http.StatusGone, "lượt tạo hàng loạt này đã quá hạn: hãy gửi lại tệp dữ liệu")
			return
		}
		fail(w, http.StatusConflict, "lượt tạo hàng loạt này đã được tải; hãy gửi lại tệp dữ liệu để tạo lần nữa")
		return
	}
	j.state = "running"
	form, data := j.form, j.data
	j.mu.Unlock()
	// However the download ends, the data is freed.
	defer s.release(j)

	w.Header().Set("Content-Type", "application/zip")
	w.Header().Set("Content-Disposition", mime.FormatMediaType("attachment", map[string]string{"filename": j.name}))
	zw := batch.NewZip(&deadlineWriter{w: w, rc: http.NewResponseController(w)})
	rep, err := batch.Run(r.Context(), form, data, batch.Options{
		Sink: zw, Formats: j.formats, Jobs: s.opt.Jobs, Vietnamese: true, RowTimeout: s.opt.RenderTimeout,
		Progress: func(done, total int) {
			j.mu.Lock()
			j.done = done
			j.mu.Unlock()
		},
	})
	if err == nil {
		err = zw.Close()
	}
	j.mu.Lock()
	defer j.mu.Unlock()
	j.state, j.ended = "done", time.Now()
	if err != nil {
		j.state = "cancelled"
		s.opt.Log.Info("batch stopped", "id", j.id, "err", err)
	}
	if rep != nil {
		j.failed = rep.Failed
		for _, res := range rep.Results {
			if res.Status == "error" && len(j.errors) < maxErrors {
				j.errors = append(j.errors, fmt.Sprintf("dòng %d: %s", res.Row, generator.Vietnamese(res.Err)))
			}
		}
	}
}

// deadlineWriter gives each write of a long download its own deadline, in
// place of the server's write timeout for the whole response.
type deadlineWriter struct {
	w  io.Writer
	rc *http.ResponseController
}

func (d *deadlineWriter) Write(p []byte) (int, error) {
	d.rc.SetWriteDeadline(time.Now().Add(writeGrace))
	return d.w.Write(p)
}
