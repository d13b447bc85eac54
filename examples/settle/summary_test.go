package main

import (
	"strings"
	"testing"
)

func TestGrouped(t *testing.T) {
	for in, want := range map[string]string{
		"0": "0", "999": "999", "1000": "1,000", "-1234567.80": "-1,234,567.80", "12345.6789": "12,345.6789",
		"-10.95": "-10.95", "100000": "100,000", "94.553802": "94.553802", "12252.700000": "12,252.700000",
	} {
		if got := grouped(in); got != want {
			t.Errorf("grouped(%q) = %q, want %q", in, got, want)
		}
	}
}

// TestSummaryCounts: the summary counts cases by method and class and the
// cases an officer checks (issue 14: a code typo paid by cost as
// ungrouped|unknown-group went unnoticed), with thousands separators — never
// in the CSVs.
func TestSummaryCounts(t *testing.T) {
	dir := miniDir(t, map[string]string{"cases.csv": casesHeader + goodCase +
		"C1,P1,H1,employee,drg,OB1X,2025-03-01,2025-03-05,8000.00,2000.00,0\n" + // a typo: unknown group
		"C2,P1,H1,employee,drg,,2025-03-01,2025-03-05,8000.00,2000.00,1\n" + // no group
		"C3,P3,H1,employee,drg,G1,2025-03-01,2025-03-05,1234567.89,2000.00,0\n"}) // high
	code, out, stdout, stderr := settleMini(t, dir)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	for _, line := range []string{
		"4 cases settled\n",
		"  drg            4: normal 1, high 1, ungrouped 2\n",
		"  to check: ungrouped 2 (unknown group 1), special review refused 0, readmissions 0, records set aside 0\n",
	} {
		if !strings.Contains(stdout, line) {
			t.Errorf("summary lacks %q:\n%s", line, stdout)
		}
	}
	if !strings.Contains(stdout, "pool         95,000.00") {
		t.Errorf("no thousands separators in the pool line:\n%s", stdout)
	}
	for _, f := range outputs {
		b := readTable(t, out+"/"+f)
		for _, r := range b.rows {
			for k, v := range r {
				if strings.Contains(v, ",") {
					t.Errorf("%s %s: %q has a separator", f, k, v)
				}
			}
		}
	}
}

// TestProgress: -progress prints the phases on stderr; without it a run whose
// stderr is not a terminal prints nothing there (the other tests check that).
func TestProgress(t *testing.T) {
	code, _, _, stderr := settleMini(t, miniDir(t, nil), "-progress")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	for _, phase := range []string{"settle: accept, 3 cases (", "settle: score, 3 cases (", "settle: settle", "settle: write cases.csv, 3 cases ("} {
		if !strings.Contains(stderr, phase) {
			t.Errorf("stderr lacks %q:\n%s", phase, stderr)
		}
	}
}
