package main

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/dipdrg/dipdrg/files"
	"github.com/dipdrg/dipdrg/internal/synth"
)

func runCalibrate(t *testing.T, args ...string) (code int, stdout, stderr string) {
	t.Helper()
	var o, e bytes.Buffer
	code = run(args, &o, &e)
	return code, o.String(), e.String()
}

func readOut(t *testing.T, dir, name string) string {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(dir, name))
	require.NoError(t, err)
	return string(b)
}

func TestCalibrateDRG(t *testing.T) {
	// testdata/history_drg.csv is drg.ExampleBuildWeights' history (see its
	// arithmetic) plus two ungrouped cases. PV-3 (1:2:7, base GB11 127.84, ES31 66.19):
	//   employee: 2022 9000 / 127.84; 2024 11000 + 13000 + 7000 = 31000 / 321.87
	//     → (900 + 21700) ÷ (12.784 + 225.309) = 94.920892
	//   resident: 2023 10000 / 127.84; 2024 5000 / 66.19
	//     → (2000 + 3500) ÷ (25.568 + 46.333) = 76.494068
	out := t.TempDir()
	code, stdout, stderr := runCalibrate(t, "-history", "testdata/history_drg.csv", "-hospitals", "testdata/hospitals.csv",
		"-method", "drg", "-stable-min", "2", "-out", out)
	require.Equal(t, 0, code, stderr)
	require.Equal(t, "drg: 8 history cases of [2022 2023 2024], 2 ungrouped, 0 trimmed; M 9064.52; 2 groups (2 stable); 2 hospital coefficients\n"+
		"employee: budget point value 94.920892 (PV-3 over 2022: cost 9000.00, points 127.8400; 2023: cost 0.00, points 0.0000; 2024: cost 31000.00, points 321.8700;)\n"+
		"resident: budget point value 76.494068 (PV-3 over 2022: cost 0.00, points 0.0000; 2023: cost 10000.00, points 127.8400; 2024: cost 5000.00, points 66.1900;)\n",
		stdout)
	require.Equal(t, "drg_code,weight,name,avg_cost,stable\nES31,0.6619,ES31,6000.00,1\nGB11,1.2784,GB11,12000.00,1\n", readOut(t, out, "weights.csv"))
	require.Equal(t, "hospital_id,coefficient\nH1,0.8983\nH2,1.0937\n", readOut(t, out, "coefficients.csv"))
	require.Equal(t, "hospital_id,name,level,coefficient,assessment\nH1,第一医院,tertiary,0.8983,98\nH2,第二医院,secondary,1.0937,90\n",
		readOut(t, out, "hospitals.csv"))
}

func TestCalibrateDIP(t *testing.T) {
	// dip.ExampleBuildCatalog's history. PV-3 (1:2:7, all in 2024):
	// employee 23000 ÷ (1200 + 1200 + 400) = 8.214286; resident 7000 ÷ 1200 = 5.833333.
	out := t.TempDir()
	code, stdout, stderr := runCalibrate(t, "-history", "testdata/history_dip.csv", "-hospitals", "testdata/hospitals.csv",
		"-method", "dip", "-core-min", "3", "-out", out)
	require.Equal(t, 0, code, stderr)
	require.Contains(t, stdout, "dip: 4 history cases of [2022 2023 2024], 0 ungrouped, 0 trimmed; M 7500.00; 1 core and 1 comprehensive groups\n")
	require.Contains(t, stdout, "employee: budget point value 8.214286 ")
	require.Contains(t, stdout, "resident: budget point value 5.833333 ")
	require.Equal(t, "group_code,kind,diagnosis,procedures,treatment,score,avg_cost,avg_cost_tertiary,avg_cost_secondary,avg_cost_primary,primary\n"+
		"K35-conservative,comprehensive,K35,,conservative,400.0000,3000.00,,3000.00,,0\n"+
		"K35.8+47.09,core,K35.8,47.09,,1200.0000,9000.00,10000.00,7000.00,,0\n", readOut(t, out, "catalog.csv"))

	// one fund only
	code, stdout, stderr = runCalibrate(t, "-history", "testdata/history_dip.csv", "-hospitals", "testdata/hospitals.csv",
		"-method", "dip", "-core-min", "3", "-fund", "resident", "-out", out)
	require.Equal(t, 0, code, stderr)
	require.Contains(t, stdout, "dip: 1 history cases")
	require.NotContains(t, stdout, "employee")
}

// TestCalibrateScoreBase: -score-base (VAR-5) on dip.ExampleBuildCatalog's
// history, whose groups have means K35-conservative 3,000.00 and K35.8+47.09
// 9,000.00 (every case: 7,500.00).
//   - base-group:K35-conservative: 9,000 ÷ 3,000 × 1000 = 3000.0000, itself 1000.0000; M 3000.00;
//   - fixed-quota:4500: 9,000 ÷ 4,500 × 1000 = 2000.0000, 3,000 ÷ 4,500 × 1000 = 666.6667; M 4500.00.
//
// PV-3 scores the history with the built table: employee 23,000 ÷ (3,000 + 3,000
// + 1,000) = 3.285714 with the base group.
func TestCalibrateScoreBase(t *testing.T) {
	for _, tc := range []struct{ base, m, scores, pv string }{
		{"base-group:K35-conservative", "M 3000.00 (score base base-group:K35-conservative)", "1000.0000|3000.0000", "employee: budget point value 3.285714 "},
		{"fixed-quota:4500", "M 4500.00 (score base fixed-quota:4500.00)", "666.6667|2000.0000", "employee: budget point value 4.928571 "},
	} {
		t.Run(tc.base, func(t *testing.T) {
			out := t.TempDir()
			code, stdout, stderr := runCalibrate(t, "-history", "testdata/history_dip.csv", "-hospitals", "testdata/hospitals.csv",
				"-method", "dip", "-core-min", "3", "-score-base", tc.base, "-out", out)
			require.Equal(t, 0, code, stderr)
			require.Contains(t, stdout, "; "+tc.m+"; 1 core and 1 comprehensive groups\n")
			require.Contains(t, stdout, tc.pv)
			var scores []string
			for _, line := range strings.Split(strings.TrimSpace(readOut(t, out, "catalog.csv")), "\n")[1:] {
				scores = append(scores, strings.Split(line, ",")[5])
			}
			require.Equal(t, tc.scores, strings.Join(scores, "|"))
		})
	}
}

func TestCalibrateErrors(t *testing.T) {
	out := t.TempDir()
	oneHospital := filepath.Join(out, "one.csv")
	require.NoError(t, os.WriteFile(oneHospital, []byte("hospital_id,level\nH1,tertiary\n"), 0o644))
	for name, tc := range map[string]struct {
		args   []string
		code   int
		stderr string
	}{
		"no method":    {[]string{"-history", "x", "-hospitals", "y", "-out", out}, 2, "are required"},
		"bad trim":     {[]string{"-history", "testdata/history_dip.csv", "-hospitals", "testdata/hospitals.csv", "-method", "dip", "-trim", "sd", "-out", out}, 2, "-trim"},
		"bad weights":  {[]string{"-history", "testdata/history_dip.csv", "-hospitals", "testdata/hospitals.csv", "-method", "dip", "-year-weights", "0.5,x", "-out", out}, 2, "-year-weights"},
		"missing file": {[]string{"-history", "testdata/nope.csv", "-hospitals", "testdata/hospitals.csv", "-method", "drg", "-out", out}, 1, "nope.csv:0: : testdata/nope.csv: malformed record"},
		"unknown score base": {[]string{"-history", "testdata/history_dip.csv", "-hospitals", "testdata/hospitals.csv", "-method", "dip", "-score-base", "median", "-out", out},
			2, `calibrate: -score-base "median": score base median: want average, base-group:<code> or fixed-quota:<amount>`},
		"quota over 2 decimals": {[]string{"-history", "testdata/history_dip.csv", "-hospitals", "testdata/hospitals.csv", "-method", "dip", "-score-base", "fixed-quota:4500.001", "-out", out},
			2, `calibrate: -score-base "fixed-quota:4500.001": score base fixed-quota:4500.001: the quota is an amount > 0 with at most 2 decimals`},
		"base group not built": {[]string{"-history", "testdata/history_dip.csv", "-hospitals", "testdata/hospitals.csv", "-method", "dip", "-core-min", "3", "-score-base", "base-group:K35.8", "-out", out},
			2, `calibrate: -score-base "base-group:K35.8": score base base-group:K35.8: no group K35.8 was built from the history`},
		"unknown hospital": {[]string{"-history", "testdata/history_drg.csv", "-hospitals", oneHospital, "-method", "drg", "-out", out},
			1, "history_drg.csv:3: hospital_id: H2: unknown hospital\n"},
	} {
		t.Run(name, func(t *testing.T) {
			code, _, stderr := runCalibrate(t, tc.args...)
			require.Equal(t, tc.code, code, stderr)
			require.Contains(t, stderr, tc.stderr)
		})
	}
}

// TestCalibrateFeedsSettle: a synthetic batch's history → calibrate → the
// outputs go straight into the settle example's inputs (-weights, -hospitals),
// and the fourth year settles with a balanced ledger.
func TestCalibrateFeedsSettle(t *testing.T) {
	dir := t.TempDir()
	b, err := synth.Generate(synth.Options{Seed: 11, Cases: 6000, Method: synth.DRG, History: true})
	require.NoError(t, err)
	require.NoError(t, b.WriteDir(dir))
	out := filepath.Join(dir, "calibrated")
	code, stdout, stderr := runCalibrate(t, "-history", filepath.Join(dir, synth.HistoryFile), "-hospitals", filepath.Join(dir, synth.HospitalsFile),
		"-method", "drg", "-policy", filepath.Join(dir, synth.PolicyFile), "-out", out)
	require.Equal(t, 0, code, stderr)
	require.True(t, strings.HasPrefix(stdout, "drg: "), stdout)
	require.Contains(t, stdout, " history cases of [2022 2023 2024]")
	res, err := files.Settle(context.Background(), files.Files{
		Policy: filepath.Join(dir, synth.PolicyFile), Hospitals: filepath.Join(out, "hospitals.csv"), Cases: filepath.Join(dir, synth.CasesFile),
		Weights: filepath.Join(out, "weights.csv"), Members: filepath.Join(dir, synth.MembersFile),
		Spending: filepath.Join(dir, synth.SpendingFile), Adjustments: filepath.Join(dir, synth.AdjustmentsFile),
	}, files.Options{})
	require.NoError(t, err)
	require.True(t, res.Balanced())
}
