package register

import (
	"context"
	"database/sql"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/vanban/vanban/generator"
)

// pgEnv names the variable holding the PostgreSQL test database's URL.
const pgEnv = "VANBAN_TEST_POSTGRES"

// backend is a database the suite runs against.
type backend struct {
	name string
	// fresh returns the DSN of a new, empty register.
	fresh func(t *testing.T) string
}

// backends are SQLite, always, and PostgreSQL, which must be there unless
// the tests run with -short.
func backends(t *testing.T) []backend {
	t.Helper()
	bs := []backend{{"sqlite", func(t *testing.T) string { return filepath.Join(t.TempDir(), "vanban.db") }}}
	base := os.Getenv(pgEnv)
	if base == "" {
		if testing.Short() {
			t.Log("PostgreSQL tests skipped under -short: " + pgEnv + " is not set")
			return bs
		}
		t.Fatalf("%s is not set: the register's tests need a PostgreSQL database. Start one as .ci/run does "+
			"(apt-get install postgresql; pg_ctlcluster 15 main start; create a role and database) and set "+
			"%s=postgres://USER:PASSWORD@127.0.0.1:5432/DB?sslmode=disable, or run with -short to test SQLite only", pgEnv, pgEnv)
	}
	return append(bs, backend{"postgres", func(t *testing.T) string { return freshSchema(t, base) }})
}

var schemaSeq atomic.Int64

// freshSchema creates an empty schema in the test database and returns a
// DSN whose search path is that schema; the schema goes at the end.
func freshSchema(t *testing.T, base string) string {
	t.Helper()
	db, err := sql.Open("pgx", base)
	if err != nil {
		t.Fatalf("%s: %v", pgEnv, err)
	}
	t.Cleanup(func() { db.Close() })
	name := fmt.Sprintf("t%d_%d_%d", os.Getpid(), time.Now().UnixNano()%1e9, schemaSeq.Add(1))
	if _, err := db.Exec(`CREATE SCHEMA ` + name); err != nil {
		t.Fatalf("%s: create schema: %v (is PostgreSQL running?)", pgEnv, err)
	}
	t.Cleanup(func() { db.Exec(`DROP SCHEMA ` + name + ` CASCADE`) })
	sep := "?"
	if strings.Contains(base, "?") {
		sep = "&"
	}
	return base + sep + "search_path=" + name
}

// forEach runs f against every backend, each with a fresh register.
func forEach(t *testing.T, f func(t *testing.T, dsn string)) {
	for _, b := range backends(t) {
		t.Run(b.name, func(t *testing.T) { f(t, b.fresh(t)) })
	}
}

// open opens the register at dsn for the length of the test.
func open(t *testing.T, dsn string) *Register {
	t.Helper()
	r, err := Open(context.Background(), dsn)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { r.Close() })
	return r
}

// input returns a small decision to issue, named name, with extra TOML
// lines at the top.
func input(name, extra string) Input {
	return Input{Name: name + ".toml", TOML: []byte(extra + `
type = "Quyết định"
summary = "Về việc thành lập Tổ công tác"
code = "QĐ-UBND"
place = "Hòa An"
body = "Thành lập Tổ công tác./."
recipients = ["Như Điều 3", "Sở Nội vụ"]
archive = "VT, NV"
[issuer]
name = "Ủy ban nhân dân huyện Hòa An"
[signer]
position = "Chủ tịch"
name = "Trịnh Trường Huy"
`)}
}

// clock returns a fixed clock at the RFC 3339 time s.
func clock(t *testing.T, s string) func() time.Time {
	t.Helper()
	at, err := time.Parse(time.RFC3339, s)
	if err != nil {
		t.Fatal(err)
	}
	return func() time.Time { return at }
}

func bytesReader(b []byte) *strings.Reader { return strings.NewReader(string(b)) }

// stubRender stands in for rendering in tests of numbering, transactions,
// files and printing, not of layout: 200 real renders under the race
// detector would starve the other packages' tests of CPU. It sleeps a
// little, so that issuers still queue on the series' lock.
func stubRender(ctx context.Context, d *generator.Document) ([]byte, []byte, error) {
	time.Sleep(5 * time.Millisecond)
	text := fmt.Sprintf("%s %s %s", d.NumberLine(), d.DateLine(), d.Title())
	return []byte("pdf " + text), []byte("docx " + text), nil
}
