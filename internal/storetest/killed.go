package storetest

import (
	"context"
	"fmt"
	"os"
	"os/exec"
	"syscall"
	"testing"

	"github.com/dipdrg/dipdrg/store"
)

// KilledRun is the killed-run test every database passes: a run killed midway
// (SIGKILL while result_cases is written) leaves the previous run of the same
// id whole, and no row of the killed one is visible. s is a sink on an empty
// database; the child process — this test binary again, running the calling
// test with env set to where — opens the same database from where (a file, a
// schema) and calls KillMidway.
func KilledRun(t *testing.T, s *store.Sink, env, where string) {
	t.Helper()
	Load(t, s, SampleYear)
	ctx := context.Background()
	res, err := (&store.Source{DB: s.DB, Dialect: s.Dialect, Queries: store.DefaultQueries()}).Settle(ctx, Base(t, SampleYear), store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	if err := s.Write(ctx, "r", res); err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(os.Args[0], "-test.run", "^"+t.Name()+"$")
	cmd.Env = append(os.Environ(), env+"="+where)
	out, err := cmd.CombinedOutput()
	ws, ok := cmd.ProcessState.Sys().(syscall.WaitStatus)
	if !ok || !ws.Signaled() || ws.Signal() != syscall.SIGKILL {
		t.Fatalf("the child was not killed: %v\n%s", err, out)
	}
	Equal(t, s, "r", CSV(t, res))
	for _, tab := range store.ResultTables() {
		var n int
		if err := s.DB.QueryRow(fmt.Sprintf(`SELECT count(*) FROM %q WHERE policy_id = 'killed'`, tab.Name)).Scan(&n); err != nil {
			t.Fatal(err)
		}
		if n != 0 {
			t.Errorf("%s: %d rows of the killed run are visible", tab.Name, n)
		}
	}
}

// KillMidway is KilledRun's child: it writes run "r" again, under the policy
// id "killed", and kills its own process after 1,000 rows of result_cases.
func KillMidway(t *testing.T, s *store.Sink) {
	s.Rows = 100
	s.Progress = func(table string, n int64) {
		if table == store.CasesResult.Name && n >= 1000 {
			syscall.Kill(os.Getpid(), syscall.SIGKILL)
		}
	}
	ctx := context.Background()
	res, err := (&store.Source{DB: s.DB, Dialect: s.Dialect, Queries: store.DefaultQueries()}).Settle(ctx, Base(t, SampleYear), store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	res.PolicyID = "killed"
	s.Write(ctx, "r", res)
	t.Fatal("not killed")
}
