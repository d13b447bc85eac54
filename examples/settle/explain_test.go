package main

import (
	"bytes"
	"os"
	"path/filepath"
	"testing"
)

// TestStatementsByHand: statements.csv's rows of the DRG sample rebuild
// `final` and `clearing` from the points, step by step (docs/formats.md;
// issue 14: the capita rows left out referred spending; reserve draws and
// returns, the entitlement and the forfeited part were nowhere).
func TestStatementsByHand(t *testing.T) {
	out, _ := settleSample(t, "drg")
	st := readTable(t, filepath.Join(out, "statements.csv")).by("fund", "method", "hospital_id")
	for key, want := range map[string]map[string]string{
		// TestDRGSampleByHand's row: S 18919160.12, F(S) = S − share 4199896.33 = 14719263.79;
		// r = 20509313.31 ÷ 18919160.12 = 1.0840 (shared), C = 19714236.72: the fund's
		// C − S = 795076.60 drawn from the reserve; fund_corridor = 14719263.79 + 795076.60
		// = 15514340.39; E = 15514340.39 − deductions 102546.00 = 15411794.39; D 770589.72,
		// returned 753636.75, forfeited 16952.97; final = 15411794.39 − 770589.72 +
		// 753636.75 = 15394841.42; settlement ratio 15394841.42 ÷ 12792851.30 = 1.2034.
		"employee/drg/H23010000001": {"gross": "18919160.12", "fund_amount": "14719263.79", "cost_ratio": "1.0840",
			"corridor_band": "shared", "corridor_amount": "19714236.72", "reserve_draw": "795076.60", "reserve_return": "0.00",
			"fund_corridor": "15514340.39", "referred": "0.00", "deductions": "102546.00", "entitlement": "15411794.39",
			"deposit": "770589.72", "deposit_returned": "753636.75", "forfeited": "16952.97", "final": "15394841.42",
			"advances": "12792851.30", "clearing": "2601990.12", "settlement_ratio": "1.2034",
			"elastic_base_points": "", "elastic_point_value": ""},
		// The per-capita row: B = C = 1053883.61 (surplus kept); the referred 196556.94,
		// already paid on its behalf (CAP-4), comes off: E = 857326.67; D 42866.33,
		// returned 40508.68, forfeited 2357.65; final 854969.02.
		"employee/capita/H23010000004": {"points": "1551.7000", "point_value": "679.180000", "gross": "1053883.61",
			"actual_cost": "898546.02", "cost_ratio": "0.8526", "corridor_band": "surplus", "fund_corridor": "1053883.61",
			"referred": "196556.94", "entitlement": "857326.67", "deposit": "42866.33", "deposit_returned": "40508.68",
			"forfeited": "2357.65", "final": "854969.02", "advances": "771594.00", "clearing": "83375.02"},
	} {
		row, ok := st[key]
		if !ok {
			t.Fatalf("no statement %s", key)
		}
		for k, v := range want {
			if row[k] != v {
				t.Errorf("%s %s: got %q, want %q", key, k, row[k], v)
			}
		}
	}
}

// TestExplainByHand: -explain adds cases_explained.csv with each case's
// reference cost, coefficient and factors, the later stay that made it a
// readmission and its special review (EXP-1) — the same bytes with -stream.
func TestExplainByHand(t *testing.T) {
	for _, tc := range []struct {
		sample string
		rows   map[string]map[string]string
	}{
		{"drg", map[string]map[string]string{
			// TestDRGSampleByHand's readmission: XR15 reference 0.5626 × 10000 = 5626.00,
			// ratio 0.9255, coefficient 1.1434, × 0.5 (DRG-7) because C00000049 came back.
			"C00000048": {"reference_cost": "5626.00", "cost_ratio": "0.9255", "coefficient": "1.1434", "factors": "readmit=0.5",
				"points": "32.1638", "readmitted_by": "C00000049", "special": "", "flags": "readmission"},
			"C00000049": {"coefficient": "1.1434", "factors": "", "readmitted_by": ""},
			// approved special review: no coefficient, the approved points
			"C00000292": {"reference_cost": "89249.00", "coefficient": "", "special": "approved", "points": "4607.7648"},
			// ungrouped and bed-day: no reference, no coefficient
			"C00000105": {"reference_cost": "", "cost_ratio": "", "coefficient": "", "class": "ungrouped"},
			"C00000037": {"reference_cost": "", "coefficient": "", "class": "bedday", "base_points": "4.2000"},
		}},
		{"dip", map[string]map[string]string{
			// level coefficient 0.85 (secondary)
			"C00000001": {"reference_cost": "3358.24", "cost_ratio": "1.2164", "coefficient": "0.85", "factors": ""},
			// severity 2 → 1.05; TCM share ≥ 0.5 → 1.05 (TestDIPSampleByHand)
			"C00000385": {"reference_cost": "14323.59", "coefficient": "1", "factors": "severity=1.05"},
			"C00000792": {"reference_cost": "45115.88", "coefficient": "1", "factors": "tcm=1.05"},
			// a primary group at a secondary hospital: PrimaryCoefficient 1, not 0.85
			"C00000002": {"coefficient": "1"},
			"C00000003": {"readmitted_by": "C00000004", "factors": "readmit=0.5", "points": "242.0000"},
			"C00002873": {"special": "approved", "coefficient": "", "reference_cost": "11769.45"},
		}},
	} {
		out, stdout := settleSample(t, tc.sample, "-explain")
		got := readTable(t, filepath.Join(out, "cases_explained.csv"))
		if len(got.header) != 17 || got.header[13] != "readmitted_by" {
			t.Errorf("%s: header %v", tc.sample, got.header)
		}
		byID := got.by("case_id")
		for id, want := range tc.rows {
			for k, v := range want {
				if byID[id][k] != v {
					t.Errorf("%s %s %s: got %q, want %q", tc.sample, id, k, byID[id][k], v)
				}
			}
		}
		// The columns cases.csv shares are cases.csv's.
		cases := readTable(t, filepath.Join(out, "cases.csv"))
		if len(cases.rows) != len(got.rows) {
			t.Fatalf("%s: %d explained, %d cases", tc.sample, len(got.rows), len(cases.rows))
		}
		for i, c := range cases.rows {
			e := got.rows[i]
			for _, k := range []string{"case_id", "hospital_id", "fund", "method", "group", "class", "base_points", "points", "amount", "flags", "rules"} {
				if c[k] != e[k] {
					t.Fatalf("%s row %d: %s %q in cases.csv, %q explained", tc.sample, i, k, c[k], e[k])
				}
			}
			if c["ratio"] != e["cost_ratio"] {
				t.Fatalf("%s row %d: ratio %q, cost_ratio %q", tc.sample, i, c["ratio"], e["cost_ratio"])
			}
		}
		if !bytes.Contains([]byte(stdout), []byte("cases_explained.csv")) {
			t.Errorf("%s: summary does not list cases_explained.csv", tc.sample)
		}
		sout, _ := settleSample(t, tc.sample, "-explain", "-stream")
		a, _ := os.ReadFile(filepath.Join(out, "cases_explained.csv"))
		b, _ := os.ReadFile(filepath.Join(sout, "cases_explained.csv"))
		if !bytes.Equal(a, b) {
			t.Errorf("%s: -stream's cases_explained.csv differs (%s)", tc.sample, firstDiff(b, a))
		}
	}
}
