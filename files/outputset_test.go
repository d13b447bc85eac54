package files

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
)

// A set of outputs for the fault tests: name → content.
type fileSet map[string]string

// writeSet writes s as a set into dir, files in the order given, with a
// run.json whose policy id is label, and closes it. On error it returns the
// set unclosed (a test hook may have killed it: the caller decides).
func writeSet(dir, label string, s fileSet, order []string) (*OutputSet, error) {
	set, err := OpenOutputSet(dir)
	if err != nil {
		return nil, err
	}
	for _, name := range order {
		body := s[name]
		if err := set.Write(name, func(w io.Writer) error { _, err := io.WriteString(w, body); return err }); err != nil {
			return set, err
		}
	}
	if err := set.Commit(&RunRecord{PolicyID: label}); err != nil {
		return set, err
	}
	return set, set.Close()
}

// bigCSV is a CSV of n rows, distinct per tag.
func bigCSV(tag string, n int) string {
	var b strings.Builder
	b.WriteString("a,b,c\n")
	for i := range n {
		fmt.Fprintf(&b, "%s,%d,%s\n", tag, i, strings.Repeat("x", 40))
	}
	return b.String()
}

// TestOutputSetFaults kills a set's writing at every step — creating,
// writing half a buffer, syncing, removing, renaming each file — or fails it
// there, over a previous set; then checks that no file under an output's name
// is half-written (each is the old set's or the new set's, whole), that a
// run.json present describes exactly the files the directory holds, and that
// a failure before replacing began leaves the previous set as it was. The
// next run cleans what a killed one left and writes its set whole.
func TestOutputSetFaults(t *testing.T) {
	defer func() { faultHook, syncOutputs = nil, true }()
	syncOutputs = false // the steps still run, in order; only the disk flushes are left out
	oldSet := fileSet{"hospitals.csv": bigCSV("old-h", 50), "cases.csv": bigCSV("old-c", 3000), "pools.csv": "p\nold\n",
		"ledger.csv": "l\nold\n", "rejects.csv": bigCSV("old-r", 10)}
	oldOrder := []string{"hospitals.csv", "cases.csv", "pools.csv", "ledger.csv", "rejects.csv"}
	newSet := fileSet{"hospitals.csv": bigCSV("new-h", 60), "cases.csv": bigCSV("new-c", 5000), "pools.csv": "p\nnew\n",
		"ledger.csv": "l\nnew\n", "statements.csv": bigCSV("new-s", 80)}
	newOrder := []string{"hospitals.csv", "cases.csv", "pools.csv", "ledger.csv", "statements.csv"}

	// The steps of writing the new set over the old one.
	var steps []string
	ref := t.TempDir()
	_, err := writeSet(ref, "old", oldSet, oldOrder)
	require.NoError(t, err)
	faultHook = func(step string) error { steps = append(steps, step); return nil }
	set, err := writeSet(ref, "new", newSet, newOrder)
	require.NoError(t, err)
	set.Close()
	faultHook = nil
	require.Greater(t, len(steps), 25)
	replaceAt := -1
	for k, s := range steps {
		if s == "remove "+RunFile && replaceAt < 0 {
			replaceAt = k
		}
	}
	require.Positive(t, replaceAt)
	for _, s := range []string{"write cases.csv", "create run.json", "rename run.json", "rename statements.csv", "remove rejects.csv"} {
		require.Contains(t, steps, s)
	}

	for k := range steps {
		for _, kill := range []bool{true, false} {
			dir := t.TempDir()
			_, err := writeSet(dir, "old", oldSet, oldOrder)
			require.NoError(t, err)
			calls := 0
			faultHook = func(step string) error {
				calls++
				if calls-1 == k {
					if kill {
						return errKilled
					}
					return errors.New("disk full (test)")
				}
				return nil
			}
			set, err := writeSet(dir, "new", newSet, newOrder)
			faultHook = nil
			what := fmt.Sprintf("step %d (%s), kill %v", k, steps[k], kill)
			require.Error(t, err, what)
			if kill {
				set.lock.f.Close() // the process is gone: its lock with it, its files left
			} else {
				set.Close()
			}
			checkOutputs(t, dir, what, oldSet, newSet)
			if !kill && k < replaceAt {
				require.Equal(t, dirFiles(t, dir), withRunJSON(t, dir, oldSet), "%s: the previous set changed", what)
			}
			// The next run cleans up and writes its set whole.
			set, err = writeSet(dir, "new", newSet, newOrder)
			require.NoError(t, err, what)
			require.NoError(t, set.Close())
			require.Equal(t, dirFiles(t, dir), withRunJSON(t, dir, newSet), "%s: the next run's set", what)
		}
	}
}

// checkOutputs checks a directory after a killed or failed run: every file
// under an output's name is whole (the old set's or the new set's version),
// and a run.json there describes exactly the output files present.
func checkOutputs(t *testing.T, dir, what string, sets ...fileSet) {
	t.Helper()
	files := dirFiles(t, dir)
	for name, body := range files {
		if strings.HasPrefix(name, tempPrefix) || name == lockName || name == RunFile {
			continue
		}
		whole := false
		for _, s := range sets {
			whole = whole || s[name] == body
		}
		require.True(t, whole, "%s: %s is half-written or foreign", what, name)
	}
	body, ok := files[RunFile]
	if !ok {
		return // an incomplete set, and the directory says so
	}
	var rec RunRecord
	require.NoError(t, json.Unmarshal([]byte(body), &rec), what)
	listed := map[string]bool{}
	for _, o := range rec.Outputs {
		listed[o.Name] = true
		b, ok := files[o.Name]
		require.True(t, ok, "%s: run.json lists %s, which is not there", what, o.Name)
		sum := sha256.Sum256([]byte(b))
		require.Equal(t, o.SHA256, hex.EncodeToString(sum[:]), "%s: %s is not the file run.json describes", what, o.Name)
		require.Equal(t, o.Size, int64(len(b)), what)
	}
	for name := range files {
		if !strings.HasPrefix(name, tempPrefix) && name != lockName && name != RunFile {
			require.True(t, listed[name], "%s: %s is there but not in run.json's set", what, name)
		}
	}
}

// dirFiles reads every regular file of dir.
func dirFiles(t *testing.T, dir string) map[string]string {
	t.Helper()
	m := map[string]string{}
	entries, err := os.ReadDir(dir)
	require.NoError(t, err)
	for _, e := range entries {
		b, err := os.ReadFile(filepath.Join(dir, e.Name()))
		require.NoError(t, err)
		m[e.Name()] = string(b)
	}
	return m
}

// withRunJSON is s with the directory's run.json, which must describe s.
func withRunJSON(t *testing.T, dir string, s fileSet) map[string]string {
	t.Helper()
	m := map[string]string{}
	for k, v := range s {
		m[k] = v
	}
	b, err := os.ReadFile(filepath.Join(dir, RunFile))
	require.NoError(t, err)
	m[RunFile] = string(b)
	checkOutputs(t, dir, "complete set", s)
	return m
}

// TestOutputSetLock: one run at a time per directory; the lock goes with the
// run (the file is removed), and a lock file a killed run left is no lock.
func TestOutputSetLock(t *testing.T) {
	dir := t.TempDir()
	a, err := OpenOutputSet(dir)
	require.NoError(t, err)
	_, err = OpenOutputSet(dir)
	require.ErrorIs(t, err, ErrLocked)
	require.NoError(t, a.Close())
	_, err = os.Stat(filepath.Join(dir, lockName))
	require.True(t, os.IsNotExist(err), "the lock file stays after Close")
	switch runtime.GOOS {
	case "linux", "darwin", "freebsd", "netbsd", "openbsd", "dragonfly": // flock (lock_flock.go)
	default:
		return // an exclusive lock file: a killed run's must be removed by hand (lock_other.go)
	}
	// A killed run: its lock file stays, unlocked.
	require.NoError(t, os.WriteFile(filepath.Join(dir, lockName), []byte("12345\n"), 0o644))
	b, err := OpenOutputSet(dir)
	require.NoError(t, err, "a stale lock file")
	require.NoError(t, b.Close())
}

// TestOutputSetWriteAside: failed-ledger.csv goes beside a set without
// touching it; a later complete set removes it.
func TestOutputSetWriteAside(t *testing.T) {
	dir := t.TempDir()
	old := fileSet{"ledger.csv": "l\nold\n"}
	_, err := writeSet(dir, "old", old, []string{"ledger.csv"})
	require.NoError(t, err)
	before := dirFiles(t, dir)
	set, err := OpenOutputSet(dir)
	require.NoError(t, err)
	require.NoError(t, set.WriteAside(FailedLedgerFile, func(w io.Writer) error { _, err := io.WriteString(w, "l\nbad\n"); return err }))
	require.NoError(t, set.Close())
	after := dirFiles(t, dir)
	require.Equal(t, "l\nbad\n", after[FailedLedgerFile])
	delete(after, FailedLedgerFile)
	require.Equal(t, before, after)
	fi, err := os.Stat(filepath.Join(dir, FailedLedgerFile))
	require.NoError(t, err)
	require.Equal(t, os.FileMode(0o644), fi.Mode().Perm())
	set, err = writeSet(dir, "new", old, []string{"ledger.csv"})
	require.NoError(t, err)
	set.Close()
	_, err = os.Stat(filepath.Join(dir, FailedLedgerFile))
	require.True(t, os.IsNotExist(err), "a complete set leaves the stale diagnosis")
}
