package main

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/dipdrg/dipdrg/store/postgres"
	"github.com/dipdrg/dipdrg/store/sqlite"
)

// settleDB loads the DRG sample into dsn, settles it from there into the
// database and -out, and checks the outputs against the goldens and the
// database's run against the outputs.
func settleDB(t *testing.T, dsn string) {
	t.Helper()
	var stdout, stderr bytes.Buffer
	if code := run([]string{"-db", dsn, "-load", filepath.Join("..", "testdata", "drg")}, &stdout, &stderr); code != 0 {
		t.Fatalf("-load: exit %d\n%s", code, stderr.String())
	}
	for _, mode := range []string{"", "-stream"} {
		out := t.TempDir()
		args := []string{"-db", dsn, "-policy", filepath.Join("..", "testdata", "drg", "policy.json"),
			"-weights", filepath.Join("..", "testdata", "drg", "weights.csv"), "-run", "r1", "-out", out}
		if mode != "" {
			args = append(args, mode)
		}
		stdout.Reset()
		if code := run(args, &stdout, &stderr); code != 0 {
			t.Fatalf("-db %s: exit %d\n%s", mode, code, stderr.String())
		}
		if !strings.Contains(stdout.String(), "results written to the database as run r1") {
			t.Errorf("summary:\n%s", stdout.String())
		}
		for _, name := range outputs {
			got, _ := os.ReadFile(filepath.Join(out, name))
			want, _ := os.ReadFile(filepath.Join("..", "testdata", "drg", "expected", name))
			if !bytes.Equal(got, want) {
				t.Errorf("-db %s: %s differs from the golden", mode, name)
			}
		}
	}
	// Without -out, -hospitals or -cases: the database alone.
	stdout.Reset()
	if code := run([]string{"-db", dsn, "-policy", filepath.Join("..", "testdata", "drg", "policy.json"),
		"-weights", filepath.Join("..", "testdata", "drg", "weights.csv")}, &stdout, &stderr); code != 0 {
		t.Fatalf("-db without -out: exit %d\n%s", code, stderr.String())
	}
	if strings.Contains(stdout.String(), "outputs in") {
		t.Errorf("no -out, yet the summary names an output folder:\n%s", stdout.String())
	}
}

func TestDatabaseSQLite(t *testing.T) {
	settleDB(t, filepath.Join(t.TempDir(), "year.db"))
}

func TestDatabasePostgreSQL(t *testing.T) {
	dsn := os.Getenv("DIPDRG_PG_DSN")
	if dsn == "" {
		if os.Getenv("DIPDRG_CI") != "" {
			t.Fatal("DIPDRG_PG_DSN is not set in CI: .ci/run starts PostgreSQL with scripts/pg-up.sh")
		}
		t.Skip("PostgreSQL test skipped: set DIPDRG_PG_DSN (eval \"$(scripts/pg-up.sh)\" starts a server on loopback)")
	}
	db, err := postgres.Open(dsn)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	schema := fmt.Sprintf("settle%d", time.Now().UnixNano())
	if _, err := db.Exec(`CREATE SCHEMA ` + schema); err != nil {
		t.Fatal(err)
	}
	defer db.Exec(`DROP SCHEMA ` + schema + ` CASCADE`)
	sep := "?"
	if strings.Contains(dsn, "?") {
		sep = "&"
	}
	settleDB(t, dsn+sep+"search_path="+schema)
}

func TestSchemaFlag(t *testing.T) {
	var stdout, stderr bytes.Buffer
	if code := run([]string{"-db", "postgres://x", "-schema"}, &stdout, &stderr); code != 0 || !strings.Contains(stdout.String(), `"total_cost_fen" BIGINT`) || !strings.Contains(stdout.String(), "NUMERIC") {
		t.Errorf("-schema: exit %d\n%s%s", code, stdout.String(), stderr.String())
	}
}

// TestDatabaseLenientRejects: the records the engine sets aside in a -db
// -lenient run (150 cases of an unknown hospital, more than a Result keeps)
// are all written to rejects.csv and to result_rejects, as from files
// (files.Run), named by the query and its row.
func TestDatabaseLenientRejects(t *testing.T) {
	path := filepath.Join(t.TempDir(), "year.db")
	var stdout, stderr bytes.Buffer
	if code := run([]string{"-db", path, "-load", filepath.Join("..", "testdata", "drg")}, &stdout, &stderr); code != 0 {
		t.Fatalf("-load: exit %d\n%s", code, stderr.String())
	}
	db, err := sqlite.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	const bad = 150
	if _, err := db.Exec(`UPDATE cases SET hospital_id = 'NOPE' WHERE case_id IN (SELECT case_id FROM cases ORDER BY case_id LIMIT ?)`, bad); err != nil {
		t.Fatal(err)
	}
	out := t.TempDir()
	args := []string{"-db", path, "-policy", filepath.Join("..", "testdata", "drg", "policy.json"),
		"-weights", filepath.Join("..", "testdata", "drg", "weights.csv"), "-run", "r", "-out", out}
	if code := run(args, &stdout, &stderr); code != 1 || !strings.Contains(stderr.String(), "unknown hospital") {
		t.Errorf("strict: exit %d, want 1 naming the unknown hospital\n%s", code, stderr.String())
	}
	stderr.Reset()
	if code := run(append(args, "-lenient"), &stdout, &stderr); code != 0 {
		t.Fatalf("lenient: exit %d\n%s", code, stderr.String())
	}
	rejects, _ := os.ReadFile(filepath.Join(out, "rejects.csv"))
	lines := strings.Split(strings.TrimSpace(string(rejects)), "\n")
	if len(lines) != bad+1 || !strings.Contains(lines[1], "NOPE") || !strings.Contains(lines[1], "unknown hospital") || !strings.HasPrefix(lines[1], "cases,") {
		t.Errorf("rejects.csv: %d lines, want %d; first: %q", len(lines), bad+1, lines[min(1, len(lines)-1)])
	}
	var n, recorded int
	if err := db.QueryRow(`SELECT count(*) FROM result_rejects WHERE run_id = 'r'`).Scan(&n); err != nil || n != bad {
		t.Errorf("result_rejects holds %d rows (%v), want %d", n, err, bad)
	}
	if err := db.QueryRow(`SELECT rejects FROM result_runs WHERE run_id = 'r'`).Scan(&recorded); err != nil || recorded != bad {
		t.Errorf("result_runs.rejects = %d (%v), want %d", recorded, err, bad)
	}
}
