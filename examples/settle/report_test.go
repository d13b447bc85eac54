package main

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"github.com/dipdrg/dipdrg/workbook"
)

// -xlsx writes the workbook and -report the page (their contents are
// packages workbook's and report's tests).
func TestXLSXAndReportFlags(t *testing.T) {
	out := t.TempDir()
	xlsx := filepath.Join(out, "book", "statements.xlsx")
	html := filepath.Join(out, "report.html")
	var stdout, stderr bytes.Buffer
	if code := run(append(sampleArgs(filepath.Join("..", "testdata", "drg"), out), "-xlsx", xlsx, "-report", html), &stdout, &stderr); code != 0 {
		t.Fatalf("exit %d\n%s", code, stderr.String())
	}
	if !strings.Contains(stdout.String(), "workbook written to "+xlsx) {
		t.Errorf("summary:\n%s", stdout.String())
	}
	if b, err := os.ReadFile(html); err != nil || !bytes.Contains(b, []byte("echarts")) {
		t.Errorf("-report: %v", err)
	}
	f, err := excelize.OpenFile(xlsx)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if s := f.GetSheetList(); len(s) < 3 || s[0] != workbook.SummarySheet || s[1] != workbook.StatementsSheet {
		t.Errorf("sheets %v", s)
	}
}
