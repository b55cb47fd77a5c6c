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

// Limits of the batches a server holds.
const (
	maxJobs    = 8                // batches waiting or running at once
	jobTTL     = 30 * time.Minute // how long a batch waits to be downloaded
	maxErrors  = 50               // row errors the page is told
	writeGrace = time.Minute      // how long one write of a zip may take
)

// job is a batch from the browser: checked when its data is uploaded,
// rendered while its zip is downloaded, so that nothing waits in memory
// but the data, and nothing is written to disk.
type job struct {
	id      string
	form    *generator.Form
	data    *batch.Data
	formats []string
	name    string // the zip's file name
	created time.Time

	mu     sync.Mutex
	state  string // "ready", "running", "done" or "cancelled"
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
	return status{State: j.state, Total: len(j.data.Rows), Done: j.done, Failed: j.failed, Errors: append([]string{}, j.errors...)}
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
		name: batch.SafeName(st.Template+" "+strings.TrimSuffix(dataName, path.Ext(dataName))) + ".zip"}
	if !s.addJob(j) {
		fail(w, http.StatusTooManyRequests, "đang có quá nhiều lượt tạo hàng loạt; xin chờ các lượt trước xong")
		return
	}
	warnings := []string{}
	for _, wn := range data.Warnings {
		warnings = append(warnings, wn.Vietnamese())
	}
	writeJSON(w, http.StatusOK, map[string]any{"id": j.id, "rows": len(data.Rows), "warnings": warnings, "zip": j.name})
}

// addJob stores j under a new id, dropping batches past their time; false
// when too many are waiting or running.
func (s *Server) addJob(j *job) bool {
	var b [16]byte
	rand.Read(b[:])
	j.id = hex.EncodeToString(b[:])
	s.mu.Lock()
	defer s.mu.Unlock()
	for id, old := range s.batches {
		if time.Since(old.created) > jobTTL {
			delete(s.batches, id)
		}
	}
	live := 0
	for _, old := range s.batches {
		if st := old.status().State; st == "ready" || st == "running" {
			live++
		}
	}
	if live >= maxJobs {
		return false
	}
	s.batches[j.id] = j
	return true
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
		j.mu.Unlock()
		fail(w, http.StatusConflict, "lượt tạo hàng loạt này đã được tải; hãy gửi lại tệp dữ liệu để tạo lần nữa")
		return
	}
	j.state = "running"
	j.mu.Unlock()

	w.Header().Set("Content-Type", "application/zip")
	w.Header().Set("Content-Disposition", mime.FormatMediaType("attachment", map[string]string{"filename": j.name}))
	zw := batch.NewZip(&deadlineWriter{w: w, rc: http.NewResponseController(w)})
	rep, err := batch.Run(r.Context(), j.form, j.data, batch.Options{
		Sink: zw, Formats: j.formats, Jobs: s.opt.Jobs, Vietnamese: true,
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
	j.state = "done"
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
