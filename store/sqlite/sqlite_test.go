package sqlite_test

import (
	"os"
	"path/filepath"
	"strconv"
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
		storetest.KillMidway(t, open(t, path)) // the child
	}
	path := filepath.Join(t.TempDir(), "year.db")
	storetest.KilledRun(t, open(t, path), "DIPDRG_KILL_DB", path)
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
