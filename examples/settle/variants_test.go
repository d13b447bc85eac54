package main

import (
	"context"
	"maps"
	"path/filepath"
	"strings"
	"testing"

	"github.com/dipdrg/dipdrg/files"
)

// checkRows compares the named columns of output rows keyed as by() keys them
// with the figures worked out in the sample's NOTES.md.
func checkRows(t *testing.T, rows map[string]map[string]string, want map[string]map[string]string) {
	t.Helper()
	for key, cols := range want {
		row, ok := rows[key]
		if !ok {
			t.Errorf("no row %s", key)
			continue
		}
		for col, v := range cols {
			if row[col] != v {
				t.Errorf("%s %s: got %q, want %q", key, col, row[col], v)
			}
		}
	}
}

// TestElasticSampleByHand checks the elastic point-value year
// (examples/testdata/elastic, VAR-8) against its NOTES.md.
func TestElasticSampleByHand(t *testing.T) {
	dir := filepath.Join("..", "testdata", "elastic")
	out, stdout := settleSample(t, "elastic")
	checkIdentities(t, dir, out)

	checkRows(t, readTable(t, filepath.Join(out, "pools.csv")).by("fund", "method"), map[string]map[string]string{
		// employee: N = 80,000 ÷ 0.8; PV_fix 0.8 × 100,000 ÷ 8,000 = 10; PV_float 20,000 ÷ 2,200.
		"employee/dip": {"pool": "80000.00", "point_value_budget": "10.000000", "point_value": "9.090909",
			"reserve_in": "132.72", "reserve_out": "1163.64", "payments": "81030.92", "residual": "0.00"},
		// resident: PV_fix 3.5; 6,000 ÷ 1,000 = 6 capped at 4.5; unspent 1,750 + 3,500 + 1,500.
		"resident/dip": {"pool": "27000.00", "point_value_budget": "", "point_value": "4.500000",
			"reserve_in": "13.78", "reserve_out": "1012.50", "payments": "21248.72", "residual": "6750.00"},
	})
	checkRows(t, readTable(t, filepath.Join(out, "hospitals.csv")).by("fund", "method", "hospital_id"), map[string]map[string]string{
		"employee/dip/E1": {"points": "5000.0000", "point_value": "9.090909", "gross": "49090.91", "fund_amount": "39272.73",
			"corridor_band": "shared", "corridor_amount": "50545.46", "deposit": "2021.82", "deposit_returned": "2021.82",
			"advances": "36000.00", "final": "40436.37", "clearing": "4436.37"},
		"employee/dip/E2": {"gross": "39090.91", "fund_amount": "31272.73", "corridor_band": "surplus", "corridor_amount": "39090.91",
			"deposit": "1563.64", "deposit_returned": "1485.46", "advances": "28800.00", "final": "31194.55", "clearing": "2394.55"},
		"employee/dip/E3": {"points": "1200.0000", "gross": "11818.18", "fund_amount": "9454.54", "deductions": "54.54",
			"deposit": "470.00", "advances": "8640.00", "final": "9400.00", "clearing": "760.00"},
		"resident/dip/E1": {"gross": "15000.00", "fund_amount": "15000.00", "actual_cost": "32000.00", "corridor_band": "over",
			"corridor_amount": "15750.00", "advances": "12000.00", "final": "15750.00", "clearing": "3750.00"},
		"resident/dip/E2": {"points": "1500.0000", "gross": "5250.00", "corridor_amount": "5512.50", "deposit": "275.63",
			"deposit_returned": "261.85", "advances": "0.00", "final": "5498.72"},
	})
	checkRows(t, readTable(t, filepath.Join(out, "ledger.csv")).by("fund"), map[string]map[string]string{
		"employee": {"payments": "81030.92", "reserve_end": "18969.08", "residual": "0.00", "balanced": "true"},
		"resident": {"payments": "21248.72", "reserve_end": "2001.28", "residual": "6750.00", "balanced": "true"},
	})
	// Case amounts: the case's share of its hospital's gross.
	checkCases(t, dir, out, []caseWant{
		{"X01", map[string]string{"hospital_id": "E1", "total_cost": "30000.00"}, map[string]string{"points": "3000.0000", "amount": "29454.55"}},
		{"X03", map[string]string{"hospital_id": "E1", "total_cost": "12000.00"}, map[string]string{"ratio": "1.2000", "amount": "9818.18"}},
		{"X04", map[string]string{"hospital_id": "E2"}, map[string]string{"amount": "29318.18"}},
		{"X05", map[string]string{"hospital_id": "E2"}, map[string]string{"amount": "9772.73"}},
		{"X06", map[string]string{"hospital_id": "E3"}, map[string]string{"amount": "9848.48"}},
		{"X07", map[string]string{"hospital_id": "E3", "total_cost": "2000.00"}, map[string]string{"class": "low", "points": "200.0000", "amount": "1969.70"}},
		{"R01", map[string]string{"hospital_id": "E1", "fund": "resident"}, map[string]string{"amount": "11250.00"}},
		{"R04", map[string]string{"hospital_id": "E2", "fund": "resident"}, map[string]string{"amount": "1750.00"}},
	})
	for _, line := range []string{
		"point value 9.090909  payments         81,030.92  residual 0.00  elastic fixed value 10.000000  VAR-8\n",
		"point value 4.500000  payments         21,248.72  residual 6,750.00  elastic fixed value 3.500000  VAR-8\n",
	} {
		if !strings.Contains(stdout, line) {
			t.Errorf("stdout lacks %q:\n%s", line, stdout)
		}
	}
}

// TestMonthlySampleByHand checks the monthly-advance year
// (examples/testdata/monthly: VAR-9 with VAR-6, VAR-10, VAR-13) against its NOTES.md.
func TestMonthlySampleByHand(t *testing.T) {
	dir := filepath.Join("..", "testdata", "monthly")
	out, stdout := settleSample(t, "monthly")
	checkIdentities(t, dir, out)

	checkRows(t, readTable(t, filepath.Join(out, "pools.csv")).by("fund", "method"), map[string]map[string]string{
		"employee/drg": {"pool": "76000.00", "point_value": "100.210526", "reserve_in": "4444.95", "reserve_out": "1252.63",
			"payments": "72807.68", "residual": "0.00"},
		// (19,000 − 2,850 + 1,000) ÷ 1,000 heads; the carry-over is the reserve out.
		"employee/capita": {"pool": "19000.00", "point_value": "17.150000", "reserve_in": "5975.00", "reserve_out": "1000.00",
			"payments": "14025.00", "residual": "0.00"},
	})
	checkRows(t, readTable(t, filepath.Join(out, "hospitals.csv")).by("fund", "method", "hospital_id"), map[string]map[string]string{
		// capped: 67,000 + 0.02 × 70,147.37; coefficient 1; deductions 200 + 300 (January);
		// advances 28,050 + 6,390 + 18,900.
		"employee/drg/H1": {"gross": "70147.37", "fund_amount": "56747.37", "corridor_band": "surplus", "corridor_amount": "68402.95",
			"deductions": "500.00", "deposit": "0.00", "advances": "53340.00", "final": "54502.95", "clearing": "1162.95", "flags": "surplus-capped"},
		// 20,505.26 × 0.9 = 18,454.73 − 150 (February); advances 6,420 + 10,260.
		"employee/drg/H2": {"gross": "25052.63", "corridor_band": "over", "corridor_amount": "26305.26", "deductions": "150.00",
			"advances": "16680.00", "final": "18304.73", "clearing": "1624.73", "flags": ""},
		// (17,075 − 2,000) × 0.8 − 35 (June); advances 13,635 − 35.
		"employee/capita/C1": {"gross": "17150.00", "corridor_amount": "17075.00", "deductions": "35.00", "advances": "13600.00",
			"final": "12025.00", "clearing": "-1575.00"},
	})
	checkRows(t, readTable(t, filepath.Join(out, "ledger.csv")).by("fund"), map[string]map[string]string{
		"employee": {"payments": "86832.68", "reserve_end": "13167.32", "residual": "0.00", "balanced": "true"},
	})
	checkCases(t, dir, out, []caseWant{
		{"D01", map[string]string{"group": "G2"}, map[string]string{"points": "250.0000", "amount": "25052.63"}},
		{"D06", map[string]string{"group": "G3"}, map[string]string{"points": "50.0000", "amount": "5010.53"}},
	})
	for _, line := range []string{"residual 0.00  VAR-10\n", "residual 0.00  VAR-9\n"} {
		if !strings.Contains(stdout, line) {
			t.Errorf("stdout lacks %q:\n%s", line, stdout)
		}
	}
	// The rows name their variants in the result.
	res, err := files.Settle(context.Background(), files.Dir(dir), files.Options{})
	if err != nil {
		t.Fatal(err)
	}
	got := map[string]string{}
	for _, h := range res.Hospitals {
		got[h.HospitalID] = strings.Join(h.Variants, "|")
	}
	if want := map[string]string{"H1": "VAR-13|VAR-6|VAR-9", "H2": "VAR-13|VAR-9", "C1": "VAR-13|VAR-9"}; !maps.Equal(got, want) {
		t.Errorf("row variants %v, want %v", got, want)
	}
}
