package store

import (
	"os/exec"
	"strings"
	"testing"
)

// Importing budget, files or store pulls in no database driver, no Excel
// writer and no chart library: those stay in store/sqlite, store/postgres,
// workbook and report.
func TestNoHeavyDependencies(t *testing.T) {
	goTool, err := exec.LookPath("go")
	if err != nil {
		t.Skip("no go tool on PATH")
	}
	out, err := exec.Command(goTool, "list", "-deps", "github.com/dipdrg/dipdrg/budget", "github.com/dipdrg/dipdrg/files", "github.com/dipdrg/dipdrg/store").CombinedOutput()
	if err != nil {
		t.Fatalf("go list: %v\n%s", err, out)
	}
	for _, dep := range strings.Fields(string(out)) {
		for _, heavy := range []string{"modernc.org/", "github.com/jackc/", "github.com/xuri/", "echarts", "/store/sqlite", "/store/postgres", "/workbook", "/report"} {
			if strings.Contains(dep, heavy) {
				t.Errorf("budget, files or store import %s", dep)
			}
		}
	}
}
