package main

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/dipdrg/dipdrg/files"
)

// runJSON reads DIR/run.json (nil when absent).
func runJSON(t *testing.T, out string) *files.RunRecord {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(out, files.RunFile))
	if os.IsNotExist(err) {
		return nil
	}
	if err != nil {
		t.Fatal(err)
	}
	var rec files.RunRecord
	if err := json.Unmarshal(b, &rec); err != nil {
		t.Fatalf("run.json: %v\n%s", err, b)
	}
	return &rec
}

// checkSet checks that DIR holds exactly the set its run.json describes: each
// output whole (size, SHA-256, rows), mode 0644, and no other file but the
// ones allowed.
func checkSet(t *testing.T, out string, rec *files.RunRecord) {
	t.Helper()
	if rec == nil {
		t.Fatal("no run.json")
	}
	names := []string{files.RunFile}
	for _, o := range rec.Outputs {
		names = append(names, o.Name)
		p := filepath.Join(out, o.Name)
		b, err := os.ReadFile(p)
		if err != nil {
			t.Fatalf("run.json lists %s: %v", o.Name, err)
		}
		sum := sha256.Sum256(b)
		if int64(len(b)) != o.Size || hex.EncodeToString(sum[:]) != o.SHA256 || int64(bytes.Count(b, []byte("\n"))-1) != o.Rows {
			t.Errorf("%s: size %d, rows %d: not what run.json says (%+v)", o.Name, len(b), bytes.Count(b, []byte("\n"))-1, o)
		}
	}
	entries, err := os.ReadDir(out)
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range entries {
		if !slices.Contains(names, e.Name()) {
			t.Errorf("%s is in the directory, not in run.json's set", e.Name())
			continue
		}
		fi, _ := e.Info()
		if fi.Mode().Perm() != 0o644 {
			t.Errorf("%s: mode %v, want 0644", e.Name(), fi.Mode().Perm())
		}
	}
}

// snapshot reads every file of a directory.
func snapshot(t *testing.T, dir string) map[string]string {
	t.Helper()
	m := map[string]string{}
	entries, _ := os.ReadDir(dir)
	for _, e := range entries {
		b, err := os.ReadFile(filepath.Join(dir, e.Name()))
		if err != nil {
			t.Fatal(err)
		}
		m[e.Name()] = string(b)
	}
	return m
}

// TestOutputSet: outputs are written as a set with a run.json that describes
// them (policy, inputs and outputs with SHA-256, counts); a later run replaces
// the set whole; a failed run leaves the previous set, run.json included,
// untouched; a second run into a locked directory exits 4 (docs/formats.md).
func TestOutputSet(t *testing.T) {
	dir := miniDir(t, nil)
	for _, mode := range []string{"", "-stream"} {
		out := filepath.Join(t.TempDir(), "out")
		var so, se bytes.Buffer
		if code := run(miniArgs(dir, out, append(strings.Fields(mode), "-lenient")...), &so, &se); code != 0 {
			t.Fatalf("exit %d: %s", code, se.String())
		}
		rec := runJSON(t, out)
		checkSet(t, out, rec)
		if rec.PolicyID != "T01/2025/mini-1" || rec.Mode != "lenient" || rec.Stream != (mode != "") || rec.CasesSettled != 3 ||
			rec.RecordsRejected != 0 || !strings.HasPrefix(rec.Engine, "github.com/dipdrg/dipdrg") || rec.Started == "" || rec.Finished == "" {
			t.Errorf("run.json %+v", rec)
		}
		var inputs []string
		for _, in := range rec.Inputs {
			b, _ := os.ReadFile(filepath.Join(dir, in.Name))
			sum := sha256.Sum256(b)
			if hex.EncodeToString(sum[:]) != in.SHA256 || int64(len(b)) != in.Size {
				t.Errorf("input %s: %+v", in.Name, in)
			}
			inputs = append(inputs, in.Name)
		}
		slices.Sort(inputs)
		if want := []string{"cases.csv", "hospitals.csv", "policy.json", "weights.csv"}; !slices.Equal(inputs, want) {
			t.Errorf("inputs %v, want %v", inputs, want)
		}
		var outs []string
		for _, o := range rec.Outputs {
			outs = append(outs, o.Name)
		}
		if !slices.Contains(outs, "rejects.csv") || !slices.Contains(outs, "cases.csv") {
			t.Errorf("outputs %v", outs)
		}

		// A strict run replaces the set: its run.json, no rejects.csv.
		if code := run(miniArgs(dir, out, strings.Fields(mode)...), &so, &se); code != 0 {
			t.Fatalf("exit %d: %s", code, se.String())
		}
		checkSet(t, out, runJSON(t, out))
		if _, err := os.Stat(filepath.Join(out, "rejects.csv")); !os.IsNotExist(err) {
			t.Error("rejects.csv of the previous set left behind")
		}

		// A run with bad input, and a run with the lock held, leave it as it was.
		before := snapshot(t, out)
		bad := miniDir(t, map[string]string{"cases.csv": casesHeader + "C1,P1,H9,employee,drg,G1,2025-03-01,2025-03-05,1.00,0.00,0\n"})
		if code := run(miniArgs(bad, out, strings.Fields(mode)...), &so, &se); code != 1 {
			t.Fatalf("bad input: exit %d", code)
		}
		if after := snapshot(t, out); !mapsEqual(before, after) {
			t.Error("a failed run changed the previous set")
		}
		set, err := files.OpenOutputSet(out)
		if err != nil {
			t.Fatal(err)
		}
		se.Reset()
		if code := run(miniArgs(dir, out, strings.Fields(mode)...), &so, &se); code != 4 || !strings.Contains(se.String(), "another run") {
			t.Errorf("locked: exit %d, stderr %s", code, se.String())
		}
		set.Close()
		if after := snapshot(t, out); !mapsEqual(before, after) {
			t.Error("a locked-out run changed the set")
		}
	}
}

func mapsEqual(a, b map[string]string) bool {
	if len(a) != len(b) {
		return false
	}
	for k, v := range a {
		if w, ok := b[k]; !ok || w != v {
			return false
		}
	}
	return true
}
