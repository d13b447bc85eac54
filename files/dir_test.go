package files

import (
	"os"
	"path/filepath"
	"testing"
)

// TestDir: the required names always, the optional ones only when the folder
// has them.
func TestDir(t *testing.T) {
	dir := t.TempDir()
	for _, n := range []string{"policy.json", "cases.csv", "members.csv"} {
		if err := os.WriteFile(filepath.Join(dir, n), nil, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	p := func(n string) string { return filepath.Join(dir, n) }
	want := Files{Policy: p("policy.json"), Hospitals: p("hospitals.csv"), Cases: p("cases.csv"), Members: p("members.csv")}
	if got := Dir(dir); got != want {
		t.Errorf("Dir = %+v\nwant %+v", got, want)
	}
}
