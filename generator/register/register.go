// Package register is the outgoing register (sổ đăng ký văn bản đi) of
// Decree 30/2020/NĐ-CP, Articles 15 and 16 and Appendix IV: it gives an
// issued document its number and keeps one row per number in a database.
//
// Numbers run per series, a series being (issuing agency, year, name):
// consecutive from 01 on 1 January, never given twice, never reused. A number
// given in error is cancelled (thu hồi) and stays in the register. Giving a
// number is one transaction: the number, the date, the register's row and the
// SHA-256 of the rendered files commit together, or nothing does.
//
// The database is SQLite, embedded (a file path; the pure-Go driver keeps the
// program free of cgo), or PostgreSQL (a postgres:// URL) for several servers
// sharing one register. Open applies the schema's migrations.
package register

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"net/url"
	"strconv"
	"strings"
	"time"

	_ "github.com/jackc/pgx/v5/stdlib" // driver "pgx"
	_ "modernc.org/sqlite"             // driver "sqlite"

	"github.com/vanban/vanban/generator"
)

// DefaultSeries is the series of administrative documents, the one an input
// gets when it names none.
const DefaultSeries = "Văn bản hành chính"

// busyTimeout is how long a SQLite connection waits for another process's
// write to finish. Giving a number holds the write lock while the document
// is rendered, so many processes issuing at once queue here.
const busyTimeout = 60 * time.Second

// Register is an open outgoing register. It is safe for concurrent use.
type Register struct {
	db       *sql.DB
	postgres bool
	// render makes a numbered document's files: render, except in tests
	// that are about the database rather than the documents.
	render func(context.Context, *generator.Document) (pdf, docx []byte, err error)
}

// Open opens the register at dsn, creating it and applying migrations as
// needed. A dsn starting with postgres:// or postgresql:// is a PostgreSQL
// connection URL; anything else is the path of a SQLite file.
func Open(ctx context.Context, dsn string) (*Register, error) {
	r := &Register{postgres: IsPostgres(dsn), render: render}
	var err error
	if r.postgres {
		r.db, err = sql.Open("pgx", dsn)
	} else {
		r.db, err = sql.Open("sqlite", sqliteDSN(dsn))
	}
	if err != nil {
		return nil, fmt.Errorf("register: open %s: %w", redact(dsn), err)
	}
	if err := r.db.PingContext(ctx); err != nil {
		r.db.Close()
		return nil, fmt.Errorf("register: open %s: %w", redact(dsn), err)
	}
	if err := r.migrate(ctx); err != nil {
		r.db.Close()
		return nil, fmt.Errorf("register: %s: %w", redact(dsn), err)
	}
	return r, nil
}

// Close closes the database.
func (r *Register) Close() error { return r.db.Close() }

// IsPostgres reports whether dsn names a PostgreSQL database.
func IsPostgres(dsn string) bool {
	return strings.HasPrefix(dsn, "postgres://") || strings.HasPrefix(dsn, "postgresql://")
}

// sqliteDSN is the modernc.org/sqlite name of the file at path: write-ahead
// logging so readers never wait for the writer, a busy timeout so writers
// queue instead of failing, full sync because a register is a legal record,
// and immediate transactions so two writers never deadlock upgrading a read
// lock.
func sqliteDSN(path string) string {
	q := url.Values{}
	q.Add("_pragma", "journal_mode(WAL)")
	q.Add("_pragma", "busy_timeout("+strconv.Itoa(int(busyTimeout/time.Millisecond))+")")
	q.Add("_pragma", "synchronous(FULL)")
	q.Add("_pragma", "foreign_keys(1)")
	q.Set("_txlock", "immediate")
	return "file:" + path + "?" + q.Encode()
}

// redact hides a password in a URL for messages.
func redact(dsn string) string {
	if u, err := url.Parse(dsn); err == nil && u.User != nil {
		return u.Redacted()
	}
	return dsn
}

// q rewrites a query's ? placeholders as $1, $2... for PostgreSQL. Queries
// here never hold a literal question mark.
func (r *Register) q(query string) string {
	if !r.postgres {
		return query
	}
	var b strings.Builder
	n := 0
	for _, c := range query {
		if c == '?' {
			n++
			b.WriteString("$" + strconv.Itoa(n))
			continue
		}
		b.WriteRune(c)
	}
	return b.String()
}

// migrations are the schema's versions, applied in order, each once. Never
// edit one that has been released: add the next.
var migrations = []string{
	// 1: series and their rows. Dates are ISO text (YYYY-MM-DD), times
	// RFC 3339 in UTC, so both databases store and sort them alike.
	`CREATE TABLE series (
		agency TEXT NOT NULL,
		year INTEGER NOT NULL,
		name TEXT NOT NULL,
		last INTEGER NOT NULL,
		PRIMARY KEY (agency, year, name)
	);
	CREATE TABLE entries (
		agency TEXT NOT NULL,
		year INTEGER NOT NULL,
		series TEXT NOT NULL,
		number INTEGER NOT NULL,
		code TEXT NOT NULL,
		date TEXT NOT NULL,
		title TEXT NOT NULL,
		signer TEXT NOT NULL,
		recipients TEXT NOT NULL,
		archive TEXT NOT NULL,
		copies INTEGER NOT NULL,
		sent TEXT NOT NULL,
		received TEXT NOT NULL,
		note TEXT NOT NULL,
		name TEXT NOT NULL,
		input TEXT NOT NULL,
		pdf_sha256 TEXT NOT NULL,
		docx_sha256 TEXT NOT NULL,
		issued_at TEXT NOT NULL,
		cancelled_at TEXT NOT NULL,
		cancel_reason TEXT NOT NULL,
		PRIMARY KEY (agency, year, series, number)
	);
	CREATE UNIQUE INDEX entries_number_code ON entries (agency, year, number, code);`,
	// 2: signed PDFs. A digitally signed PDF cannot be rendered again (the
	// signing time, the keys), so its bytes are kept, with their hash, for
	// the row they belong to. BLOB is BYTEA in PostgreSQL (see migrate).
	`CREATE TABLE signed (
		agency TEXT NOT NULL,
		year INTEGER NOT NULL,
		series TEXT NOT NULL,
		number INTEGER NOT NULL,
		sha256 TEXT NOT NULL,
		pdf BLOB NOT NULL,
		PRIMARY KEY (agency, year, series, number),
		FOREIGN KEY (agency, year, series, number) REFERENCES entries (agency, year, series, number)
	);`,
	// 3: the issued files. Rendering a row again gives its bytes only as
	// long as the layout is unchanged; the next version of vanban that
	// moves one line would make every issued document unobtainable. The
	// files are kept as issued, their hashes in entries.
	`CREATE TABLE issued_files (
		agency TEXT NOT NULL,
		year INTEGER NOT NULL,
		series TEXT NOT NULL,
		number INTEGER NOT NULL,
		format TEXT NOT NULL,
		data BLOB NOT NULL,
		PRIMARY KEY (agency, year, series, number, format),
		FOREIGN KEY (agency, year, series, number) REFERENCES entries (agency, year, series, number)
	);`,
}

// dialect adapts a migration's statement to the database: PostgreSQL
// names SQLite's BLOB type BYTEA.
func (r *Register) dialect(stmt string) string {
	if r.postgres {
		return strings.ReplaceAll(stmt, " BLOB ", " BYTEA ")
	}
	return stmt
}

// migrate applies the migrations the database lacks, in one transaction
// that other processes opening the same database wait for.
func (r *Register) migrate(ctx context.Context) error {
	tx, err := r.db.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("migrate: %w", err)
	}
	defer tx.Rollback()
	if r.postgres {
		// Replicas starting together: one migrates, the others wait here
		// and then find the work done.
		if _, err := tx.ExecContext(ctx, `SELECT pg_advisory_xact_lock(7300530)`); err != nil {
			return fmt.Errorf("migrate: lock: %w", err)
		}
	}
	if _, err := tx.ExecContext(ctx, `CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, applied_at TEXT NOT NULL)`); err != nil {
		return fmt.Errorf("migrate: %w", err)
	}
	var have int
	if err := tx.QueryRowContext(ctx, `SELECT COALESCE(MAX(version), 0) FROM schema_migrations`).Scan(&have); err != nil {
		return fmt.Errorf("migrate: read version: %w", err)
	}
	if have > len(migrations) {
		return fmt.Errorf("the register's schema is version %d, newer than this program knows (%d): use a newer vanban", have, len(migrations))
	}
	for v := have + 1; v <= len(migrations); v++ {
		for _, stmt := range strings.Split(migrations[v-1], ";") {
			if strings.TrimSpace(stmt) == "" {
				continue
			}
			if _, err := tx.ExecContext(ctx, r.dialect(stmt)); err != nil {
				return fmt.Errorf("migrate to version %d: %w", v, err)
			}
		}
		if _, err := tx.ExecContext(ctx, r.q(`INSERT INTO schema_migrations (version, applied_at) VALUES (?, ?)`),
			v, time.Now().UTC().Format(time.RFC3339)); err != nil {
			return fmt.Errorf("migrate to version %d: %w", v, err)
		}
	}
	return tx.Commit()
}

// SchemaVersion returns the schema version the database is at.
func (r *Register) SchemaVersion(ctx context.Context) (int, error) {
	var v int
	err := r.db.QueryRowContext(ctx, `SELECT COALESCE(MAX(version), 0) FROM schema_migrations`).Scan(&v)
	return v, err
}

// ErrNotFound is returned when no row has the number asked for.
var ErrNotFound = errors.New("no such number in the register")

// ErrNotKept is returned by IssuedFile for a row issued before the register
// kept files (schema version 3): the file can only be rendered again.
var ErrNotKept = errors.New("the register keeps no file of this document: it was issued before files were kept")

// ErrNotSigned is returned by SignedPDF for a row issued without a digital
// signature.
var ErrNotSigned = errors.New("the document was issued without a digital signature")
