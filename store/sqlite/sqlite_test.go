package sqlite_test

import (
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"syscall"
	"testing"

	"github.com/dipdrg/dipdrg/internal/storetest"
	"github.com/dipdrg/dipdrg/store"
	"github.com/dipdrg/dipdrg/store/sqlite"
)

func open(t testing.TB, path string) *store.Sink {
	t.Helper()
	db, err := sqlite.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	return sqlite.Sink(db)
}

// The sample year through SQLite equals the CSV path, row for row.
func TestSuite(t *testing.T) {
	storetest.Run(t, open(t, filepath.Join(t.TempDir(), "year.db")))
}

// A run killed midway (SIGKILL while it writes result_cases) leaves the
// previous run of the same id whole, and no row of the killed one.
func TestKilledRunLeavesPreviousRun(t *testing.T) {
	if path := os.Getenv("DIPDRG_KILL_DB"); path != "" {
		// The child: write run "r" again and kill itself after 1000 case rows.
		s := open(t, path)
		s.Rows = 100
		s.Progress = func(table string, n int64) {
			if table == store.CasesResult.Name && n >= 1000 {
				syscall.Kill(os.Getpid(), syscall.SIGKILL)
			}
		}
		ctx := context.Background()
		res, err := (&store.Source{DB: s.DB, Dialect: s.Dialect, Queries: store.DefaultQueries()}).Settle(ctx, storetest.Base(t, storetest.SampleYear), store.Options{})
		if err != nil {
			t.Fatal(err)
		}
		res.PolicyID = "killed"
		s.Write(ctx, "r", res)
		t.Fatal("not killed")
	}
	path := filepath.Join(t.TempDir(), "year.db")
	s := open(t, path)
	storetest.Load(t, s, storetest.SampleYear)
	ctx := context.Background()
	res, err := (&store.Source{DB: s.DB, Dialect: s.Dialect, Queries: store.DefaultQueries()}).Settle(ctx, storetest.Base(t, storetest.SampleYear), store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	if err := s.Write(ctx, "r", res); err != nil {
		t.Fatal(err)
	}

	cmd := exec.Command(os.Args[0], "-test.run", "^TestKilledRunLeavesPreviousRun$")
	cmd.Env = append(os.Environ(), "DIPDRG_KILL_DB="+path)
	out, err := cmd.CombinedOutput()
	ws, ok := cmd.ProcessState.Sys().(syscall.WaitStatus)
	if !ok || !ws.Signaled() || ws.Signal() != syscall.SIGKILL {
		t.Fatalf("the child was not killed: %v\n%s", err, out)
	}

	storetest.Equal(t, s, "r", storetest.CSV(t, res))
	var killed int
	for _, tab := range store.ResultTables() {
		var n int
		if err := s.DB.QueryRow(fmt.Sprintf(`SELECT count(*) FROM %q WHERE policy_id = 'killed'`, tab.Name)).Scan(&n); err != nil {
			t.Fatal(err)
		}
		killed += n
	}
	if killed != 0 {
		t.Errorf("%d rows of the killed run are visible", killed)
	}
}

// BenchmarkRoundTrip: a 1M-case DRG year CSV → SQLite → settle → SQLite,
// equal to the CSV path row for row (-short: 10k cases).
func BenchmarkRoundTrip(b *testing.B) {
	n := 1_000_000
	if testing.Short() {
		n = 10_000
	}
	if v := os.Getenv("DIPDRG_BENCH_CASES"); v != "" {
		n, _ = strconv.Atoi(v)
	}
	storetest.RoundTrip(b, func(b *testing.B) *store.Sink { return open(b, filepath.Join(b.TempDir(), "year.db")) }, n)
}
