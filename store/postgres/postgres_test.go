package postgres_test

import (
	"fmt"
	"os"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/dipdrg/dipdrg/internal/storetest"
	"github.com/dipdrg/dipdrg/store"
	"github.com/dipdrg/dipdrg/store/postgres"
)

// dsn is the server the tests use: DIPDRG_PG_DSN (.ci/run starts one with
// scripts/pg-up.sh). Without it the tests skip, except in CI (DIPDRG_CI=1),
// where a missing server is a failure.
func dsn(t testing.TB) string {
	d := os.Getenv("DIPDRG_PG_DSN")
	if d == "" {
		if os.Getenv("DIPDRG_CI") != "" {
			t.Fatal("DIPDRG_PG_DSN is not set in CI: .ci/run starts PostgreSQL with scripts/pg-up.sh")
		}
		t.Skip("PostgreSQL tests skipped: set DIPDRG_PG_DSN (eval \"$(scripts/pg-up.sh)\" starts a server on loopback)")
	}
	return d
}

// open returns a sink on a fresh schema of its own (search_path), dropped after the test.
func open(t testing.TB, schema string) *store.Sink {
	t.Helper()
	d := dsn(t)
	admin, err := postgres.Open(d)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { admin.Close() })
	if schema == "" {
		schema = fmt.Sprintf("t%d", time.Now().UnixNano())
		if _, err := admin.Exec(`CREATE SCHEMA ` + schema); err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { admin.Exec(`DROP SCHEMA ` + schema + ` CASCADE`) })
	}
	sep := "?"
	if strings.Contains(d, "?") {
		sep = "&"
	}
	db, err := postgres.Open(d + sep + "search_path=" + schema)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	s := postgres.Sink(db)
	s.Progress = nil
	return s
}

func TestSuite(t *testing.T) {
	storetest.Run(t, open(t, ""))
}

// The same suite through INSERT statements instead of COPY.
func TestSuiteInsert(t *testing.T) {
	s := open(t, "")
	s.Begin = nil
	storetest.Run(t, s)
}

// A run killed midway (SIGKILL during the COPY of result_cases) leaves the
// previous run of the same id whole, and no row of the killed one.
func TestKilledRunLeavesPreviousRun(t *testing.T) {
	if schema := os.Getenv("DIPDRG_KILL_SCHEMA"); schema != "" {
		storetest.KillMidway(t, open(t, schema)) // the child
	}
	s := open(t, "")
	var schema string
	if err := s.DB.QueryRow(`SELECT current_schema()`).Scan(&schema); err != nil {
		t.Fatal(err)
	}
	storetest.KilledRun(t, s, "DIPDRG_KILL_SCHEMA", schema)
}

// BenchmarkRoundTrip: a 1M-case DRG year CSV → PostgreSQL → settle →
// PostgreSQL (COPY), equal to the CSV path row for row (-short: 10k cases).
func BenchmarkRoundTrip(b *testing.B) {
	n := 1_000_000
	if testing.Short() {
		n = 10_000
	}
	if v := os.Getenv("DIPDRG_BENCH_CASES"); v != "" {
		n, _ = strconv.Atoi(v)
	}
	storetest.RoundTrip(b, func(b *testing.B) *store.Sink { return open(b, "") }, n)
}
