package register

import (
	"bufio"
	"context"
	"fmt"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strconv"
	"sync"
	"syscall"
	"testing"
	"time"
)

// The tests below re-run this test binary as child processes that issue
// numbers: TestMain sends a child to child instead of the tests.
const (
	childEnv = "VANBAN_REGISTER_CHILD" // "issue" or "loop"
	dsnEnv   = "VANBAN_REGISTER_DSN"
	countEnv = "VANBAN_REGISTER_COUNT"
	dirEnv   = "VANBAN_REGISTER_DIR"
)

func TestMain(m *testing.M) {
	if mode := os.Getenv(childEnv); mode != "" {
		if err := child(mode); err != nil {
			fmt.Fprintln(os.Stderr, "child:", err)
			os.Exit(1)
		}
		os.Exit(0)
	}
	os.Exit(m.Run())
}

// child issues numbers: "issue" gives COUNT numbers from 5 goroutines at
// once and prints each; "loop" issues with files in DIR until killed.
func child(mode string) error {
	ctx := context.Background()
	r, err := Open(ctx, os.Getenv(dsnEnv))
	if err != nil {
		return err
	}
	defer r.Close()
	r.render = stubRender
	prefix := strconv.Itoa(os.Getpid())
	if mode == "loop" {
		save := SaveFiles(os.Getenv(dirEnv))
		for i := 0; ; i++ {
			if _, err := r.Issue(ctx, input(fmt.Sprintf("%s-%d", prefix, i), ""), IssueOptions{Save: save}); err != nil {
				return err
			}
		}
	}
	n, err := strconv.Atoi(os.Getenv(countEnv))
	if err != nil {
		return err
	}
	out := bufio.NewWriter(os.Stdout)
	var mu sync.Mutex
	var wg sync.WaitGroup
	errs := make(chan error, n)
	next := make(chan int, n)
	for i := range n {
		next <- i
	}
	close(next)
	for range 5 {
		wg.Go(func() {
			for i := range next {
				d, err := r.Issue(ctx, input(fmt.Sprintf("%s-%d", prefix, i), ""), IssueOptions{})
				if err != nil {
					errs <- err
					return
				}
				mu.Lock()
				fmt.Fprintln(out, d.Number)
				mu.Unlock()
			}
		})
	}
	wg.Wait()
	close(errs)
	if err := <-errs; err != nil {
		return err
	}
	return out.Flush()
}

// spawn starts this test binary as a child in mode.
func spawn(t *testing.T, mode, dsn string, env ...string) *exec.Cmd {
	t.Helper()
	cmd := exec.Command(os.Args[0], "-test.run=^$")
	cmd.Env = append(os.Environ(), append(env, childEnv+"="+mode, dsnEnv+"="+dsn)...)
	cmd.Stderr = os.Stderr
	return cmd
}

// 200 numbers given at once by several processes (8 on one SQLite file, 4
// "replicas" on one PostgreSQL database): 01 to 200, each once.
func TestConcurrentProcesses(t *testing.T) {
	for _, b := range backends(t) {
		t.Run(b.name, func(t *testing.T) {
			dsn := b.fresh(t)
			procs := 8
			if b.name == "postgres" {
				procs = 4
			}
			const total = 200
			var mu sync.Mutex
			var got []int
			var wg sync.WaitGroup
			for range procs {
				cmd := spawn(t, "issue", dsn, countEnv+"="+strconv.Itoa(total/procs))
				wg.Go(func() {
					out, err := cmd.Output()
					if err != nil {
						t.Errorf("child: %v", err)
						return
					}
					sc := bufio.NewScanner(bytesReader(out))
					mu.Lock()
					defer mu.Unlock()
					for sc.Scan() {
						n, err := strconv.Atoi(sc.Text())
						if err != nil {
							t.Errorf("child printed %q", sc.Text())
						}
						got = append(got, n)
					}
				})
			}
			wg.Wait()
			slices.Sort(got)
			if len(got) != total {
				t.Fatalf("%d numbers given, want %d", len(got), total)
			}
			for i, n := range got {
				if n != i+1 {
					t.Fatalf("numbers given: %v...; want 1 to %d, each once", got[:i+1], total)
				}
			}
			checkRegister(t, open(t, dsn), "", total)
		})
	}
}

// kill -9 at random points while processes issue: afterwards every number
// given has its row and its files with the row's hashes, and the next
// number follows the last one committed.
func TestKillWhileIssuing(t *testing.T) {
	for _, b := range backends(t) {
		t.Run(b.name, func(t *testing.T) {
			dsn := b.fresh(t)
			dir := t.TempDir()
			rng := rand.New(rand.NewPCG(1, uint64(time.Now().UnixNano())))
			watch := open(t, dsn)
			// A PostgreSQL session outlives its killed client until the
			// server notices, and a COMMIT sent just before the kill still
			// commits: the children's sessions are named, so that the
			// check waits for them to end.
			childDSN, app := dsn, fmt.Sprintf("vanban_kill_%d_%d", os.Getpid(), rng.IntN(1e9))
			if watch.postgres {
				childDSN += "&application_name=" + app
			}
			before := 0
			for round := range 4 {
				var cmds []*exec.Cmd
				for range 3 {
					cmd := spawn(t, "loop", childDSN, dirEnv+"="+dir)
					if err := cmd.Start(); err != nil {
						t.Fatal(err)
					}
					cmds = append(cmds, cmd)
				}
				// Once the children are issuing, kill each at a random
				// point: between two numbers, or in the middle of one.
				before = waitForMore(t, watch, before)
				for _, cmd := range cmds {
					time.Sleep(time.Duration(rng.IntN(300)) * time.Millisecond)
					cmd.Process.Signal(syscall.SIGKILL)
				}
				for _, cmd := range cmds {
					if err := cmd.Wait(); err != nil && cmd.ProcessState.ExitCode() != -1 {
						t.Fatalf("round %d: a child failed before it was killed: %v", round, err)
					}
				}
			}
			if watch.postgres {
				waitSessionsGone(t, watch, app)
			}
			r := open(t, dsn)
			last := checkRegister(t, r, dir, -1)
			if last == 0 {
				t.Fatal("no number was committed before the kills; the test proves nothing")
			}
			pdfs, _ := filepath.Glob(filepath.Join(dir, "*.pdf"))
			// A file without its row is a child killed between saving and
			// committing: allowed, as its number was never given.
			t.Logf("%d numbers committed across the kills; %d files saved by transactions that never committed", last, len(pdfs)-last)
			d, err := r.Issue(context.Background(), input("after", ""), IssueOptions{Save: SaveFiles(dir)})
			if err != nil {
				t.Fatal(err)
			}
			if d.Number != last+1 {
				t.Errorf("after the kills the next number is %d, want %d", d.Number, last+1)
			}
		})
	}
}

// waitSessionsGone waits until no PostgreSQL session is named app.
func waitSessionsGone(t *testing.T, r *Register, app string) {
	t.Helper()
	deadline := time.Now().Add(time.Minute)
	for time.Now().Before(deadline) {
		var n int
		if err := r.db.QueryRow(`SELECT count(*) FROM pg_stat_activity WHERE application_name = $1`, app).Scan(&n); err != nil {
			t.Fatal(err)
		}
		if n == 0 {
			return
		}
		time.Sleep(20 * time.Millisecond)
	}
	t.Fatalf("the killed children's PostgreSQL sessions (%s) did not end in a minute", app)
}

// waitForMore waits until the register holds more than n rows and returns
// how many it holds.
func waitForMore(t *testing.T, r *Register, n int) int {
	t.Helper()
	deadline := time.Now().Add(2 * time.Minute)
	for time.Now().Before(deadline) {
		rows, err := r.List(context.Background(), Filter{})
		if err != nil {
			t.Fatal(err)
		}
		if len(rows) > n {
			return len(rows)
		}
		time.Sleep(20 * time.Millisecond)
	}
	t.Fatalf("the children gave no number in 2 minutes")
	return 0
}

// checkRegister checks that the rows of the one series are 1 to its last
// number, each once, with files in dir (unless dir is "") whose hashes are
// the rows'; want, unless negative, is the count expected. It returns the
// last number.
func checkRegister(t *testing.T, r *Register, dir string, want int) int {
	t.Helper()
	ctx := context.Background()
	rows, err := r.List(ctx, Filter{})
	if err != nil {
		t.Fatal(err)
	}
	year := 0
	if len(rows) > 0 {
		year = rows[0].Year
	}
	last, err := r.Last(ctx, agency, year, DefaultSeries)
	if err != nil {
		t.Fatal(err)
	}
	if want >= 0 && last != want {
		t.Errorf("last number %d, want %d", last, want)
	}
	if len(rows) != last {
		t.Errorf("%d rows for last number %d: a number without its row, or a row without its number", len(rows), last)
	}
	for i, e := range rows {
		if e.Number != i+1 {
			t.Fatalf("row %d has number %d", i+1, e.Number)
		}
		if dir == "" {
			continue
		}
		for ext, sum := range map[string]string{".pdf": e.PDFSHA256, ".docx": e.DOCXSHA256} {
			b, err := os.ReadFile(filepath.Join(dir, e.Name+ext))
			if err != nil {
				t.Errorf("number %d: %v", e.Number, err)
			} else if hash(b) != sum {
				t.Errorf("number %d: %s%s does not have the row's hash", e.Number, e.Name, ext)
			}
		}
	}
	return last
}
