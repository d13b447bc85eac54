package main

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
	"time"

	"github.com/dipdrg/dipdrg/files"
)

// settleArgsEnv makes the test binary run settle with these arguments
// (separated by \x1f) instead of the tests: the kill test's subprocess.
const settleArgsEnv = "DIPDRG_SETTLE_ARGS"

func TestMain(m *testing.M) {
	if args := os.Getenv(settleArgsEnv); args != "" {
		os.Exit(run(strings.Split(args, "\x1f"), os.Stdout, os.Stderr))
	}
	os.Exit(m.Run())
}

// TestKilledRun kills settle (SIGKILL, a separate process) at random moments
// while it settles the DRG sample year into a directory holding the DIP
// sample's outputs, and checks after each kill that no output is half-written
// (each is the old set's or the new set's, whole) and that a run.json present
// describes exactly the files the directory holds; then that the next run
// writes its set whole.
func TestKilledRun(t *testing.T) {
	if testing.Short() {
		t.Skip("runs settle a few dozen times")
	}
	switch runtime.GOOS {
	case "linux", "darwin", "freebsd", "netbsd", "openbsd", "dragonfly":
	default:
		t.Skip("a killed run's lock file is released only where files locks with flock")
	}
	oldOut, _ := settleSample(t, "dip")
	newOut, _ := settleSample(t, "drg")
	oldSet, newSet := snapshot(t, oldOut), snapshot(t, newOut)
	args := sampleArgs(filepath.Join("..", "testdata", "drg"), "OUT")

	start := func(out string) *exec.Cmd {
		a := append([]string(nil), args...)
		a[1] = out
		cmd := exec.Command(os.Args[0], "-test.run=^$")
		cmd.Env = append(os.Environ(), settleArgsEnv+"="+strings.Join(a, "\x1f"))
		cmd.Stdout, cmd.Stderr = new(bytes.Buffer), new(bytes.Buffer)
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		return cmd
	}
	// How long a whole run takes here: kills fall over all of it.
	out := filepath.Join(t.TempDir(), "out")
	t0 := time.Now()
	if err := start(out).Wait(); err != nil {
		t.Fatal(err)
	}
	whole := time.Since(t0)

	rng := rand.New(rand.NewPCG(14, uint64(time.Now().UnixNano())))
	for i := range 12 {
		dir := t.TempDir()
		for name, body := range oldSet {
			if err := os.WriteFile(filepath.Join(dir, name), []byte(body), 0o644); err != nil {
				t.Fatal(err)
			}
		}
		delay := time.Duration(rng.Int64N(int64(whole) + 1))
		if i%2 == 1 {
			delay = whole/2 + delay/2 // the later half, where the outputs are written
		}
		cmd := start(dir)
		time.Sleep(delay)
		cmd.Process.Kill()
		cmd.Wait()
		checkKilled(t, dir, oldSet, newSet, i, delay)
		// The next run cleans up and writes its set whole.
		if err := start(dir).Wait(); err != nil {
			t.Fatalf("kill %d: the next run: %v", i, err)
		}
		checkSet(t, dir, runJSON(t, dir))
		for name, body := range newSet {
			if got := snapshot(t, dir)[name]; name != files.RunFile && got != body {
				t.Errorf("kill %d: the next run's %s differs from a clean run's", i, name)
			}
		}
	}
}

// checkKilled checks a directory after a kill (see TestKilledRun).
func checkKilled(t *testing.T, dir string, oldSet, newSet map[string]string, i int, delay time.Duration) {
	t.Helper()
	got := snapshot(t, dir)
	for name, body := range got {
		if strings.HasPrefix(name, ".") || strings.HasPrefix(name, "dipdrg-") || name == files.RunFile {
			continue // temporary files, the lock file
		}
		if body != oldSet[name] && body != newSet[name] {
			t.Errorf("kill %d after %v: %s is half-written", i, delay, name)
		}
	}
	body, ok := got[files.RunFile]
	if !ok {
		return
	}
	var rec files.RunRecord
	if err := json.Unmarshal([]byte(body), &rec); err != nil {
		t.Fatalf("kill %d after %v: run.json: %v", i, delay, err)
	}
	listed := map[string]bool{}
	for _, o := range rec.Outputs {
		listed[o.Name] = true
		b, ok := got[o.Name]
		sum := sha256.Sum256([]byte(b))
		if !ok || hex.EncodeToString(sum[:]) != o.SHA256 {
			t.Errorf("kill %d after %v: run.json describes %s, which the directory does not hold", i, delay, o.Name)
		}
	}
	for name := range got {
		if !strings.HasPrefix(name, ".") && !strings.HasPrefix(name, "dipdrg-") && name != files.RunFile && !listed[name] {
			t.Errorf("kill %d after %v: %s is not in run.json's set", i, delay, name)
		}
	}
}
