package main

import (
	"bytes"
	"encoding/csv"
	"flag"
	"fmt"
	"math/big"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

var update = flag.Bool("update", false, "rewrite examples/testdata/*/expected from this run")

// sampleArgs gives the settle flags for a sample directory: every input file it has.
func sampleArgs(dir, out string) []string {
	args := []string{"-out", out}
	for _, f := range []struct{ flag, file string }{
		{"-policy", "policy.json"}, {"-hospitals", "hospitals.csv"}, {"-cases", "cases.csv"},
		{"-weights", "weights.csv"}, {"-catalog", "catalog.csv"}, {"-members", "members.csv"},
		{"-spending", "spending.csv"}, {"-adjustments", "adjustments.csv"},
	} {
		p := filepath.Join(dir, f.file)
		if _, err := os.Stat(p); err == nil {
			args = append(args, f.flag, p)
		}
	}
	return args
}

var outputs = []string{"hospitals.csv", "cases.csv", "pools.csv", "ledger.csv", "statements.csv"}

// settleSample runs settle on ../testdata/<name> into a temporary directory and
// returns that directory and the standard output.
func settleSample(t *testing.T, name string, extra ...string) (string, string) {
	t.Helper()
	out := t.TempDir()
	var stdout, stderr bytes.Buffer
	if code := run(append(sampleArgs(filepath.Join("..", "testdata", name), out), extra...), &stdout, &stderr); code != 0 {
		t.Fatalf("settle %s: exit %d\n%s", name, code, stderr.String())
	}
	if stderr.Len() != 0 {
		t.Errorf("settle %s: stderr not empty:\n%s", name, stderr.String())
	}
	return out, stdout.String()
}

// TestSampleGoldens settles the committed sample years and compares every
// output byte for byte with expected/ (regression goldens; -update rewrites them).
// summary.txt's last line names the out dir: it is compared with the dir replaced.
func TestSampleGoldens(t *testing.T) {
	for _, name := range []string{"drg", "dip", "jining-dip", "elastic", "monthly",
		"drg -stream", "dip -stream", "jining-dip -stream", "elastic -stream", "monthly -stream"} {
		name, mode, _ := strings.Cut(name, " ")
		if mode != "" && *update {
			continue
		}
		t.Run(name+mode, func(t *testing.T) {
			var extra []string
			if mode != "" {
				extra = append(extra, mode) // the streaming engine gives the same bytes
			}
			out, stdout := settleSample(t, name, extra...)
			expDir := filepath.Join("..", "testdata", name, "expected")
			goldenDir := "examples/testdata/" + name + "/expected" // as the goldens were made, from the repo root
			summary := strings.Replace(stdout, "outputs in "+out+":", "outputs in "+goldenDir+":", 1)
			if !strings.Contains(summary, "outputs in "+goldenDir+": hospitals.csv cases.csv pools.csv ledger.csv statements.csv run.json\n") {
				t.Errorf("summary's last line does not name the out dir:\n%s", stdout)
			}
			checkStatements(t, filepath.Join("..", "testdata", name), out)
			if *update {
				for _, f := range outputs {
					b, err := os.ReadFile(filepath.Join(out, f))
					if err != nil {
						t.Fatal(err)
					}
					writeFiles(t, expDir, map[string]string{f: string(b)})
				}
				writeFiles(t, expDir, map[string]string{"summary.txt": summary})
				return
			}
			for _, f := range outputs {
				got, err := os.ReadFile(filepath.Join(out, f))
				if err != nil {
					t.Fatal(err)
				}
				want, err := os.ReadFile(filepath.Join(expDir, f))
				if err != nil {
					t.Fatal(err)
				}
				if !bytes.Equal(got, want) {
					t.Errorf("%s differs from expected/%s (%s)", f, f, firstDiff(got, want))
				}
			}
			want, err := os.ReadFile(filepath.Join(expDir, "summary.txt"))
			if err != nil {
				t.Fatal(err)
			}
			if summary != string(want) {
				t.Errorf("summary differs (%s)", firstDiff([]byte(summary), want))
			}
			if _, err := os.Stat(filepath.Join(out, "rejects.csv")); !os.IsNotExist(err) {
				t.Errorf("a strict run wrote rejects.csv (stat: %v)", err)
			}
		})
	}
}

func firstDiff(got, want []byte) string {
	g, w := strings.Split(string(got), "\n"), strings.Split(string(want), "\n")
	for i := 0; i < len(g) || i < len(w); i++ {
		var a, b string
		if i < len(g) {
			a = g[i]
		}
		if i < len(w) {
			b = w[i]
		}
		if a != b {
			return fmt.Sprintf("line %d: got %q, want %q", i+1, a, b)
		}
	}
	return "same lines"
}

// caseWant is a cases.csv row worked out by hand. in pins the input fields the
// arithmetic relies on, so the comment cannot silently go stale.
type caseWant struct {
	id   string
	in   map[string]string
	want map[string]string
}

func checkCases(t *testing.T, dir, out string, cases []caseWant) {
	t.Helper()
	in := readTable(t, filepath.Join(dir, "cases.csv")).by("case_id")
	got := readTable(t, filepath.Join(out, "cases.csv")).by("case_id")
	for _, c := range cases {
		t.Run(c.id, func(t *testing.T) {
			row, ok := in[c.id]
			if !ok {
				t.Fatalf("case %s not in the input", c.id)
			}
			for k, v := range c.in {
				if row[k] != v {
					t.Fatalf("input %s.%s = %q, the hand arithmetic assumes %q", c.id, k, row[k], v)
				}
			}
			o, ok := got[c.id]
			if !ok {
				t.Fatalf("case %s not in cases.csv", c.id)
			}
			for k, v := range c.want {
				if o[k] != v {
					t.Errorf("%s: got %q, want %q", k, o[k], v)
				}
			}
		})
	}
}

// checkIdentities checks the columns of every output row add up: the ledger
// (BUD-7), each pool (NUM-7, docs/formats.md pools.csv), each hospital row (CLR-4) and
// payments = Σ final (+ referred spending for capita).
func checkIdentities(t *testing.T, dir, out string) {
	t.Helper()
	ledger := readTable(t, filepath.Join(out, "ledger.csv"))
	pools := readTable(t, filepath.Join(out, "pools.csv"))
	hosp := readTable(t, filepath.Join(out, "hospitals.csv"))
	if len(ledger.rows) == 0 || len(pools.rows) == 0 || len(hosp.rows) == 0 {
		t.Fatal("empty outputs")
	}
	for _, l := range ledger.rows {
		// BUD-7: budget = carve-outs + payments + reserve at year end + residual, to the fen.
		if got := round(add(q(l["carveouts"]), q(l["payments"]), q(l["reserve_end"]), q(l["residual"])), 2); got != l["budget"] || l["balanced"] != "true" {
			t.Errorf("ledger %s: carveouts+payments+reserve_end+residual = %s, budget %s, balanced %s", l["fund"], got, l["budget"], l["balanced"])
		}
		// payments = Σ the fund's pool payments.
		pay := pools.sum("payments", func(r map[string]string) bool { return r["fund"] == l["fund"] })
		if round(pay, 2) != l["payments"] {
			t.Errorf("ledger %s: payments %s, Σ pool payments %s", l["fund"], l["payments"], round(pay, 2))
		}
	}
	var spending table
	if _, err := os.Stat(filepath.Join(dir, "spending.csv")); err == nil {
		spending = readTable(t, filepath.Join(dir, "spending.csv"))
	}
	for _, p := range pools.rows {
		// NUM-7: pool + reserve_out − reserve_in = payments + residual.
		lhs := sub(add(q(p["pool"]), q(p["reserve_out"])), q(p["reserve_in"]))
		if round(lhs, 2) != round(add(q(p["payments"]), q(p["residual"])), 2) {
			t.Errorf("pool %s/%s: pool+reserve_out−reserve_in = %s, payments+residual = %s", p["fund"], p["method"],
				round(lhs, 2), round(add(q(p["payments"]), q(p["residual"])), 2))
		}
		mine := func(r map[string]string) bool { return r["fund"] == p["fund"] && r["method"] == p["method"] }
		pay := hosp.sum("final", mine)
		if p["method"] == "capita" {
			pay.Add(pay, spending.sum("referred_spending", func(r map[string]string) bool { return r["fund"] == p["fund"] }))
		}
		if round(pay, 2) != p["payments"] {
			t.Errorf("pool %s/%s: payments %s, Σ final (+ referred) %s", p["fund"], p["method"], p["payments"], round(pay, 2))
		}
		if round(hosp.sum("points", mine), 4) != p["total_points"] {
			t.Errorf("pool %s/%s: total_points %s, Σ hospital points %s", p["fund"], p["method"], p["total_points"], round(hosp.sum("points", mine), 4))
		}
	}
	for _, h := range hosp.rows {
		key := h["fund"] + "/" + h["method"] + "/" + h["hospital_id"]
		// CLR-4: clearing = final − advances.
		if got := round(sub(q(h["final"]), q(h["advances"])), 2); got != h["clearing"] {
			t.Errorf("%s: final − advances = %s, clearing %s", key, got, h["clearing"])
		}
		// CLR-3: returned ≤ deposit, both ≥ 0.
		if q(h["deposit_returned"]).Cmp(q(h["deposit"])) > 0 || q(h["deposit_returned"]).Sign() < 0 {
			t.Errorf("%s: deposit %s, returned %s", key, h["deposit"], h["deposit_returned"])
		}
	}
}

// TestDRGSampleByHand checks the DRG sample year (examples/testdata/drg) against
// values worked out by hand from its input rows.
func TestDRGSampleByHand(t *testing.T) {
	dir := filepath.Join("..", "testdata", "drg")
	out, _ := settleSample(t, "drg")
	checkIdentities(t, dir, out)

	// Pools, from policy.json (BUD-1..4, A06):
	// employee: budget given 22354400.00; carve-outs 670632.00 + 0.02 × 22354400.00 (447088.00)
	//   = 1117720.00; left 21236680.00; reserve 0.05 × = 1061834.00; left 20174846.00;
	//   capita 0.1282 × = 2586415.2572, drg 0.8718 × = 17588430.7428: floors .25 + .74 leave
	//   one fen, to the larger remainder (capita .72 fen) → capita 2586415.26, drg 17588430.74.
	// resident: growth 11925210.00 × 1.04 = 12402218.40; carve-outs 372066.00 + 0.02 ×
	//   (248044.368 → 248044.37) = 620110.37; left 11782108.03; reserve 589105.4015 →
	//   589105.40; left 11193002.63; drg 0.7298 × = 8168653.3194, capita 0.2702 × =
	//   3024349.3106; the left-over fen to drg (.94) → drg 8168653.32, capita 3024349.31.
	pools := readTable(t, filepath.Join(out, "pools.csv")).by("fund", "method")
	ledger := readTable(t, filepath.Join(out, "ledger.csv")).by("fund")
	for k, v := range map[string]string{
		"employee/drg": "17588430.74", "employee/capita": "2586415.26",
		"resident/drg": "8168653.32", "resident/capita": "3024349.31",
	} {
		if pools[k]["pool"] != v {
			t.Errorf("pool %s = %s, want %s", k, pools[k]["pool"], v)
		}
	}
	if l := ledger["employee"]; l["budget"] != "22354400.00" || l["carveouts"] != "1117720.00" {
		t.Errorf("employee ledger %v", l)
	}
	if l := ledger["resident"]; l["budget"] != "12402218.40" || l["carveouts"] != "620110.37" {
		t.Errorf("resident ledger %v", l)
	}

	// PV-1 with-patient-share: PV = (pool + Σ patient share) ÷ Σ points, Σ share from the
	// input cases of the fund, Σ points from the settled cases (each case checked below
	// for a sample):
	//   employee (17588430.74 + 4980578.23) ÷ 238689.5973 = 94.5538019… → 94.553802
	//   resident (8168653.32 + 3935876.27) ÷ 159385.1055 = 75.9451739… → 75.945174
	inCases := readTable(t, filepath.Join(dir, "cases.csv"))
	outCases := readTable(t, filepath.Join(out, "cases.csv"))
	for _, c := range []struct{ fund, share, points, pv string }{
		{"employee", "4980578.23", "238689.5973", "94.553802"},
		{"resident", "3935876.27", "159385.1055", "75.945174"},
	} {
		fund := func(r map[string]string) bool { return r["fund"] == c.fund }
		if got := round(inCases.sum("patient_share", fund), 2); got != c.share {
			t.Errorf("%s Σ patient share %s, want %s", c.fund, got, c.share)
		}
		if got := round(outCases.sum("points", fund), 4); got != c.points {
			t.Errorf("%s Σ case points %s, want %s", c.fund, got, c.points)
		}
		p := pools[c.fund+"/drg"]
		if p["total_points"] != c.points || p["patient_share"] != c.share || p["point_value"] != c.pv {
			t.Errorf("pool %s/drg: %v", c.fund, p)
		}
		if pv := round(quo(add(q(p["pool"]), q(c.share)), q(c.points)), 6); pv != c.pv {
			t.Errorf("%s PV recomputed %s, want %s", c.fund, pv, c.pv)
		}
	}

	// Cases (DRG-3/4/5/7, BED-1/2, DRG-8). Hospital coefficients (hospitals.csv):
	// H…01 1.1434, H…02 1.0378. M = region_avg_cost: employee 10000, resident 8000.
	// A group without avg_cost in weights.csv has reference cost RW × M (A09).
	// amount = round_fen(points × PV).
	checkCases(t, dir, out, []caseWant{
		// normal: LZ11 RW 0.6525 → base 65.25; ref 0.6525 × 8000 = 5220; ratio 3804/5220 =
		// 0.72873 → 0.7287 (≥ 0.4, ≤ 3); points 65.25 × 1.1434 = 74.60685 → 74.6069;
		// amount 74.6069 × 75.945174 = 5666.0338 → 5666.03.
		{"C00000001", map[string]string{"hospital_id": "H23010000001", "fund": "resident", "group": "LZ11", "total_cost": "3804.00", "incomplete": "0"},
			map[string]string{"class": "normal", "base_points": "65.2500", "ratio": "0.7287", "points": "74.6069", "amount": "5666.03", "flags": "", "rules": "DRG-3|DRG-4|DRG-5"}},
		// high: QS45 RW 0.3962 → base 39.62 (≤ 100 → T = 3); ref 0.3962 × 8000 = 3169.6;
		// ratio 15080.24/3169.6 = 4.757774 > 3; points 39.62 × 1.1434 + 39.62 × (4.757774 − 3)
		// = 45.301508 + 69.642992 = 114.9445 (exactly 229889/2000); amount × 75.945174 = 8729.48.
		{"C00000022", map[string]string{"hospital_id": "H23010000001", "fund": "resident", "group": "QS45", "total_cost": "15080.24"},
			map[string]string{"class": "high", "base_points": "39.6200", "ratio": "4.7578", "points": "114.9445", "amount": "8729.48", "flags": "", "rules": "DRG-3|DRG-4|DRG-5"}},
		// low: QS45 at H…02, employee: ref 0.3962 × 10000 = 3962; ratio 808.84/3962 = 0.20415 < 0.4;
		// min(39.62, 39.62 × 1.0378 × 808.84/3962) = 8.39410… → 8.3941; × 94.553802 = 793.69.
		{"C00000023", map[string]string{"hospital_id": "H23010000002", "fund": "employee", "group": "QS45", "total_cost": "808.84"},
			map[string]string{"class": "low", "base_points": "39.6200", "ratio": "0.2041", "points": "8.3941", "amount": "793.69", "rules": "DRG-3|DRG-4|DRG-5"}},
		// incomplete: OB11 RW 1.0867, ref 10867; ratio 2096.22/10867 = 0.1929;
		// min(108.67, 108.67 × 1.0378 × 2096.22/10867 = 1.0378 × 20.9622 = 21.75457…) = 21.7546;
		// × 94.553802 = 2056.98.
		{"C00000252", map[string]string{"hospital_id": "H23010000002", "fund": "employee", "group": "OB11", "total_cost": "2096.22", "incomplete": "1"},
			map[string]string{"class": "incomplete", "base_points": "108.6700", "ratio": "0.1929", "points": "21.7546", "amount": "2056.98"}},
		// ungrouped (no group): cost ÷ M × 100 = 7782.50/10000 × 100 = 77.8250; no base, no ratio;
		// × 94.553802 = 7358.65.
		{"C00000105", map[string]string{"group": "", "fund": "employee", "total_cost": "7782.50"},
			map[string]string{"class": "ungrouped", "group": "", "base_points": "", "ratio": "", "points": "77.8250", "amount": "7358.65", "flags": "ungrouped", "rules": "DRG-5"}},
		// unstable (OS29 stable 0, avg_cost 2582): cost ÷ M × 100 = 2456.45/10000 × 100 = 24.5645,
		// no coefficient; ratio 2456.45/2582 = 0.9514; × 94.553802 = 2322.67.
		{"C00000012", map[string]string{"group": "OS29", "fund": "employee", "total_cost": "2456.45"},
			map[string]string{"class": "unstable", "base_points": "25.8200", "ratio": "0.9514", "points": "24.5645", "amount": "2322.67", "flags": "unstable", "rules": "DRG-5"}},
		// readmission, earlier stay: XR15 RW 0.5626 at H…01, discharged 2025-11-13; the same
		// patient is readmitted (C00000049, XR15, H…01) on 2025-11-24: 11 days ≤ 15.
		// ratio 5207.04/5626 = 0.9255 normal; 56.26 × 1.1434 × 0.5 = 32.163842 → 32.1638
		// (the factor applies to the exact points, A48: not 64.3277/2 = 32.16385 → 32.1639);
		// × 94.553802 = 3041.21.
		{"C00000048", map[string]string{"patient_id": "P16346750341", "hospital_id": "H23010000001", "group": "XR15", "discharge_date": "2025-11-13", "total_cost": "5207.04"},
			map[string]string{"class": "normal", "ratio": "0.9255", "points": "32.1638", "amount": "3041.21", "flags": "readmission", "rules": "DRG-3|DRG-4|DRG-5|DRG-7"}},
		// …and the later stay, scored normally: 56.26 × 1.1434 = 64.327684 → 64.3277; × 94.553802 = 6082.43.
		{"C00000049", map[string]string{"patient_id": "P16346750341", "hospital_id": "H23010000001", "group": "XR15", "admit_date": "2025-11-24"},
			map[string]string{"class": "normal", "points": "64.3277", "amount": "6082.43", "flags": "", "rules": "DRG-3|DRG-4|DRG-5"}},
		// bed-day, psychiatric at a tertiary hospital: daily 420 ÷ 10000 × 100 = 4.2000;
		// days 2025-02-13 → 2025-05-27 = 15 + 31 + 30 + 27 = 103; segments 60 × 1 + 30 × 0.9
		// + 13 × 0.8 = 97.4 day-equivalents; 97.4 × 4.2 = 409.0800; × 94.553802 = 38680.07.
		{"C00000037", map[string]string{"hospital_id": "H23010000001", "fund": "employee", "bedday_category": "psychiatric", "admit_date": "2025-02-13", "discharge_date": "2025-05-27"},
			map[string]string{"method": "bedday", "class": "bedday", "group": "psychiatric", "base_points": "4.2000", "ratio": "", "points": "409.0800", "amount": "38680.07", "rules": "BED-1|BED-2"}},
		// bed-day, resident: 420 ÷ 8000 × 100 = 5.2500; 2025-11-07 → 2025-12-01 = 24 days ≤ 60;
		// 24 × 5.25 = 126.0000; × 75.945174 = 9569.09.
		{"C00000634", map[string]string{"fund": "resident", "bedday_category": "psychiatric", "admit_date": "2025-11-07", "discharge_date": "2025-12-01"},
			map[string]string{"class": "bedday", "base_points": "5.2500", "points": "126.0000", "amount": "9569.09", "rules": "BED-1|BED-2"}},
		// approved special review (DRG-8): the approved 4607.7648 points; AH19 RW 8.9249
		// (base 892.49, ref 89249, ratio 523609.64/89249 = 5.8668); × 94.553802 = 435681.68.
		{"C00000292", map[string]string{"group": "AH19", "special_points": "4607.7648", "total_cost": "523609.64"},
			map[string]string{"class": "special", "base_points": "892.4900", "ratio": "5.8668", "points": "4607.7648", "amount": "435681.68", "flags": "", "rules": "DRG-8"}},
	})

	hosp := readTable(t, filepath.Join(out, "hospitals.csv")).by("fund", "method", "hospital_id")

	// Hospital row resident/drg/H23010000003 (primary, coefficient 0.8741, assessment 92.6),
	// 36 cases. points = Σ its case points = 2128.5387; patient share Σ = 50427.66 and actual
	// cost Σ total_cost = 165158.38, both from the input rows.
	t.Run("resident/drg/H23010000003", func(t *testing.T) {
		h := hosp["resident/drg/H23010000003"]
		mine := func(r map[string]string) bool { return r["fund"] == "resident" && r["hospital_id"] == "H23010000003" }
		if got := round(outCases.sum("points", mine), 4); got != "2128.5387" {
			t.Errorf("Σ case points %s", got)
		}
		if got := round(inCases.sum("patient_share", mine), 2); got != "50427.66" {
			t.Errorf("Σ patient share %s", got)
		}
		if got := round(inCases.sum("total_cost", mine), 2); got != "165158.38" {
			t.Errorf("Σ total cost %s", got)
		}
		want := map[string]string{
			"cases": "36", "points": "2128.5387", "point_value": "75.945174",
			// PV-4: gross = round_fen(2128.5387 × 75.945174) = round_fen(161652.2422) = 161652.24
			"gross": "161652.24", "patient_share": "50427.66",
			// F(x) = x − share: 161652.24 − 50427.66 = 111224.58
			"fund_amount": "111224.58", "actual_cost": "165158.38",
			// CLR-2: r = 165158.38 ÷ 161652.24 = 1.0217 in (1, 1.10]: shared,
			// C = S + 0.5 × (A − S) = 161652.24 + 0.5 × 3506.14 = 163405.31
			"corridor_band": "shared", "corridor_amount": "163405.31", "deductions": "0.00",
			// CLR-3: E = F(C) = 163405.31 − 50427.66 = 112977.65; D = 0.05 × E = 5648.8825 → 5648.88;
			// returned = 5648.88 × 92.6 ÷ 100 = 5230.86288 → 5230.86
			"deposit": "5648.88", "deposit_returned": "5230.86",
			// CLR-4: final = 112977.65 − 5648.88 + 5230.86 = 112559.63
			"final": "112559.63", "flags": "",
			// CLR-1 (no advances_paid row): Σ over discharge months of
			// round_fen(max(0, round_fen(points_m × 74.42) − share_m) × 0.90), computed below.
			"advances": "97180.39",
			// clearing = 112559.63 − 97180.39 = 15379.24
			"clearing": "15379.24",
		}
		for k, v := range want {
			if h[k] != v {
				t.Errorf("%s: got %q, want %q", k, h[k], v)
			}
		}
		if got := monthlyAdvances(t, inCases, outCases, mine, q("74.42"), nil); got != "97180.39" {
			t.Errorf("CLR-1 advances recomputed: %s", got)
		}
	})

	// Hospital row employee/drg/H23010000001: an audit deduction of 102546.00 (adjustments.csv).
	t.Run("employee/drg/H23010000001", func(t *testing.T) {
		h := hosp["employee/drg/H23010000001"]
		mine := func(r map[string]string) bool { return r["fund"] == "employee" && r["hospital_id"] == "H23010000001" }
		pts := round(outCases.sum("points", mine), 4)
		share := round(inCases.sum("patient_share", mine), 2)
		cost := round(inCases.sum("total_cost", mine), 2)
		if pts != "200088.8353" || share != "4199896.33" || cost != "20509313.31" {
			t.Fatalf("sums: points %s share %s cost %s", pts, share, cost)
		}
		want := map[string]string{
			// gross = round_fen(200088.8353 × 94.553802) = round_fen(18919160.1218) = 18919160.12
			"gross": "18919160.12", "patient_share": "4199896.33",
			// 18919160.12 − 4199896.33 = 14719263.79
			"fund_amount": "14719263.79", "actual_cost": "20509313.31",
			// r = 20509313.31 ÷ 18919160.12 = 1.0840: shared; C = S + 0.5 × 1590153.19
			// = 18919160.12 + 795076.595 = 19714236.715 → 19714236.72
			"corridor_band": "shared", "corridor_amount": "19714236.72", "deductions": "102546.00",
			// E = (19714236.72 − 4199896.33) − 102546.00 = 15411794.39;
			// D = 0.05 × E = 770589.7195 → 770589.72; returned = 770589.72 × 0.978 = 753636.74616 → 753636.75
			"deposit": "770589.72", "deposit_returned": "753636.75",
			// final = 15411794.39 − 770589.72 + 753636.75 = 15394841.42
			"final": "15394841.42",
		}
		for k, v := range want {
			if h[k] != v {
				t.Errorf("%s: got %q, want %q", k, h[k], v)
			}
		}
		// the gross and corridor arithmetic above, redone exactly
		gross := fen(mul(q(pts), q("94.553802")))
		if round(gross, 2) != "18919160.12" {
			t.Errorf("gross recomputed %s", round(gross, 2))
		}
		if got := monthlyAdvances(t, inCases, outCases, mine, q("92.03"), nil); got != h["advances"] {
			t.Errorf("CLR-1 advances recomputed %s, row %s", got, h["advances"])
		}
	})

	// Per-capita row employee/capita/H23010000004 (CAP-1..5), assessment 94.5:
	// head points 1099 × 0.8 (18-59) + 379 × 1.5 (60-79) + 52 × 2 (80+) = 879.2 + 568.5 + 104 = 1551.7;
	// all employee heads 1551.7 + (1709 × 0.8 + 168 × 1.5 + 33 × 2 = 1367.2 + 252 + 66 = 1685.2) = 3236.9.
	// CAP-2: held back 0.10 × 2586415.26 = 258641.526 → 258641.53 and 0.05 × = 129320.763 →
	// 129320.76; standard (2586415.26 − 258641.53 − 129320.76) ÷ 3236.9 = 2198452.97 ÷ 3236.9
	// = 679.1847… → 679.18.
	t.Run("employee/capita/H23010000004", func(t *testing.T) {
		h := hosp["employee/capita/H23010000004"]
		want := map[string]string{
			"cases": "1530", "points": "1551.7000", "cmi": "", "point_value": "679.180000",
			// CAP-3: B = 1551.7 × 679.18 = 1053883.606 → 1053883.61
			"gross": "1053883.61", "patient_share": "0.00", "fund_amount": "1053883.61",
			// CAP-4: A = 701989.08 + 196556.94 = 898546.02
			"actual_cost": "898546.02",
			// r = 898546.02 ÷ 1053883.61 = 0.8526 ≤ 1 (not < 0.5): surplus, kept in full: C = S
			"corridor_band": "surplus", "corridor_amount": "1053883.61",
			// CLR-3: E = C − referred = 1053883.61 − 196556.94 = 857326.67;
			// D = 0.05 × 857326.67 = 42866.3335 → 42866.33; returned 42866.33 × 0.945 = 40508.68185 → 40508.68
			"deposit": "42866.33", "deposit_returned": "40508.68",
			// CLR-1: round_fen((1053883.61 − 196556.94) × 0.90) = round_fen(771594.003) = 771594.00
			"advances": "771594.00",
			// final = 857326.67 − 42866.33 + 40508.68 = 854969.02; clearing = 854969.02 − 771594.00
			"final": "854969.02", "clearing": "83375.02", "flags": "",
		}
		for k, v := range want {
			if h[k] != v {
				t.Errorf("%s: got %q, want %q", k, h[k], v)
			}
		}
		if p := pools["employee/capita"]; p["point_value"] != "679.180000" || p["total_points"] != "3236.9000" || p["point_value_budget"] != "" {
			t.Errorf("employee capita pool %v", p)
		}
	})
}

// monthlyAdvances is CLR-1 by hand: for each discharge month, the hospital's case
// points valued at the budget point value, made fund money by F (nil: x − share,
// else round_fen(x × ratio)), floored at 0, × 0.90, to the fen; summed.
func monthlyAdvances(t *testing.T, in, out table, mine func(map[string]string) bool, pvBudget, ratio *big.Rat) string {
	t.Helper()
	points := out.by("case_id")
	total := new(big.Rat)
	for m := 1; m <= 12; m++ {
		month := fmt.Sprintf("2025-%02d-", m)
		pts, share := new(big.Rat), new(big.Rat)
		for _, r := range in.rows {
			if mine(r) && strings.HasPrefix(r["discharge_date"], month) {
				pts.Add(pts, q(points[r["case_id"]]["points"]))
				share.Add(share, q(r["patient_share"]))
			}
		}
		gross := fen(mul(pts, pvBudget))
		var f *big.Rat
		if ratio == nil {
			f = sub(gross, share)
		} else {
			f = fen(mul(gross, ratio))
		}
		if f.Sign() < 0 {
			f = new(big.Rat)
		}
		total.Add(total, fen(mul(f, q("0.90"))))
	}
	return round(total, 2)
}

// TestDIPSampleByHand checks the DIP sample year (examples/testdata/dip) by hand.
func TestDIPSampleByHand(t *testing.T) {
	dir := filepath.Join("..", "testdata", "dip")
	out, _ := settleSample(t, "dip")
	checkIdentities(t, dir, out)

	// Pools: employee budget 18962368.00; carve-outs 568871.00 + 0.02 × 18962368.00
	// (379247.36) = 948118.36; left 18014249.64; reserve 0.05 × = 900712.482 → 900712.48;
	// left 17113537.16; dip 0.9229 × = 15794083.4449…, capita 0.0771 × = 1319453.7150…;
	// the left-over fen to capita (.50 fen > .49 fen) → dip 15794083.44, capita 1319453.72.
	// resident: growth 12083066.00 × 1.04 = 12566388.64.
	pools := readTable(t, filepath.Join(out, "pools.csv")).by("fund", "method")
	if p := pools["employee/dip"]; p["pool"] != "15794083.44" {
		t.Errorf("employee dip pool %s", p["pool"])
	}
	if p := pools["employee/capita"]; p["pool"] != "1319453.72" {
		t.Errorf("employee capita pool %s", p["pool"])
	}
	if l := readTable(t, filepath.Join(out, "ledger.csv")).by("fund"); l["employee"]["carveouts"] != "948118.36" || l["resident"]["budget"] != "12566388.64" {
		t.Errorf("ledger %v", l)
	}
	// PV-1 by-reimbursement-ratio: PV = pool ÷ ratio ÷ Σ points:
	//   employee 15794083.44 ÷ 0.7979 ÷ 1809774.3802 = 10.9375868… → 10.937587
	//   resident 8450303.07 ÷ 0.7022 ÷ 1168246.5990 = 10.3009418… → 10.300942
	outCases := readTable(t, filepath.Join(out, "cases.csv"))
	inCases := readTable(t, filepath.Join(dir, "cases.csv"))
	for _, c := range []struct{ fund, ratio, points, pv string }{
		{"employee", "0.7979", "1809774.3802", "10.937587"},
		{"resident", "0.7022", "1168246.5990", "10.300942"},
	} {
		fund := func(r map[string]string) bool { return r["fund"] == c.fund }
		if got := round(outCases.sum("points", fund), 4); got != c.points {
			t.Errorf("%s Σ points %s", c.fund, got)
		}
		p := pools[c.fund+"/dip"]
		if pv := round(quo(quo(q(p["pool"]), q(c.ratio)), q(c.points)), 6); pv != c.pv || p["point_value"] != c.pv {
			t.Errorf("%s PV: recomputed %s, pools.csv %s, want %s", c.fund, pv, p["point_value"], c.pv)
		}
	}

	// Cases (DIP-3/4/5/7/8/9, BED). Level coefficients: tertiary 1, secondary 0.85,
	// primary 0.72 (H…01 tertiary, H…02 secondary, H…03 primary); primary groups use 1;
	// TCM bonus 0.05 at tcm_share ≥ 0.5; severity "2" → 1.05. The reference cost is the
	// catalog's avg_cost for the hospital's level when given, else avg_cost (DIP-4).
	checkCases(t, dir, out, []caseWant{
		// core, normal, secondary: K29.7 (score 344, avg_cost_secondary 3358.24);
		// ratio 4084.99/3358.24 = 1.2164; 344 × 0.85 = 292.4000; × 10.937587 = 3198.15.
		{"C00000001", map[string]string{"hospital_id": "H23010000002", "diagnosis": "K29.7", "procedures": "", "total_cost": "4084.99", "group": ""},
			map[string]string{"group": "K29.7", "class": "normal", "base_points": "344.0000", "ratio": "1.2164", "points": "292.4000", "amount": "3198.15", "flags": "", "rules": "DIP-3|DIP-4|DIP-5"}},
		// comprehensive, primary hospital: K35.900, no procedures, no treatment → conservative
		// (A14); no core K35.9 → K35-conservative (500, avg 4995.17); ratio 3792.08/4995.17 =
		// 0.7591; 500 × 0.72 = 360.0000; × 10.300942 = 3708.34.
		{"C00000009", map[string]string{"hospital_id": "H23010000003", "fund": "resident", "diagnosis": "K35.900", "procedures": "", "treatment": "", "total_cost": "3792.08"},
			map[string]string{"group": "K35-conservative", "class": "normal", "base_points": "500.0000", "ratio": "0.7591", "points": "360.0000", "amount": "3708.34", "rules": "DIP-3|DIP-4|DIP-5"}},
		// high, core: C50.9+99.25 (840, avg 8403.30) at a tertiary: ratio 22093.10/8403.30 =
		// 2.629103 > 2; (2.629103 − 2 + 1) × 840 = 1368.44242 → 1368.4424; × 10.937587 = 14967.46.
		{"C00000005", map[string]string{"hospital_id": "H23010000001", "diagnosis": "C50.9", "procedures": "99.25", "total_cost": "22093.10"},
			map[string]string{"group": "C50.9+99.25", "class": "high", "ratio": "2.6291", "points": "1368.4424", "amount": "14967.46", "flags": ""}},
		// low, core, secondary: K35.8 (443, avg 4433.40, no level figures): ratio 917.92/4433.40
		// = 0.207047 < 0.5; 0.207047 × 443 × 0.85 = 77.96343 → 77.9634; × 10.937587 = 852.73.
		{"C00000314", map[string]string{"hospital_id": "H23010000002", "diagnosis": "K35.8", "total_cost": "917.92"},
			map[string]string{"group": "K35.8", "class": "low", "ratio": "0.2070", "points": "77.9634", "amount": "852.73"}},
		// TCM: I21.900x001 cut to I21.9 (A12), procedures 00.66|36.06 → core I21.9+00.66+36.06
		// (3923, avg_cost_tertiary 45115.88); ratio 156115.16/45115.88 = 3.460310 (high);
		// tcm 0.5884 ≥ 0.5 → × 1.05: (3.460310 − 1) × 3923 × 1.05 = 10134.40691 → 10134.4069;
		// × 10.937587 = 110845.96.
		{"C00000792", map[string]string{"hospital_id": "H23010000001", "diagnosis": "I21.900x001", "procedures": "00.66|36.06", "tcm_share": "0.5884", "total_cost": "156115.16"},
			map[string]string{"group": "I21.9+00.66+36.06", "class": "high", "ratio": "3.4603", "points": "10134.4069", "amount": "110845.96"}},
		// severity 2 (× 1.05): S06.5 (1246, avg_cost_tertiary 14323.59); ratio 36032.69/14323.59
		// = 2.515617 (high); (2.515617 − 1) × 1246 × 1.05 = 1982.88391 → 1982.8839; × 10.937587 = 21687.97.
		{"C00000385", map[string]string{"hospital_id": "H23010000001", "diagnosis": "S06.5", "severity": "2", "total_cost": "36032.69"},
			map[string]string{"group": "S06.5", "class": "high", "ratio": "2.5156", "points": "1982.8839", "amount": "21687.97"}},
		// a primary group (基层病种) at a secondary hospital takes PrimaryCoefficient 1, not 0.85:
		// J06.9 (269, avg 2685.50); ratio 13190.83/2685.50 = 4.911871 (high, < 5);
		// (4.911871 − 1) × 269 = 1052.29330 → 1052.2933; × 10.300942 = 10839.61.
		{"C00000002", map[string]string{"hospital_id": "H23010000002", "fund": "resident", "diagnosis": "J06.9", "total_cost": "13190.83"},
			map[string]string{"group": "J06.9", "class": "high", "ratio": "4.9119", "points": "1052.2933", "amount": "10839.61", "flags": ""}},
		// extreme: I61.900x001 → I61.9 (1473, avg 14734.40); ratio 81977.43/14734.40 = 5.563701 > 5:
		// expert-review; (5.563701 − 1) × 1473 = 6722.29500 → 6722.2950; × 10.937587 = 73525.69.
		{"C00000180", map[string]string{"diagnosis": "I61.900x001", "total_cost": "81977.43"},
			map[string]string{"group": "I61.9", "class": "high", "ratio": "5.5637", "points": "6722.2950", "amount": "73525.69", "flags": "expert-review"}},
		// ungrouped (R53.x00: no core, no R53 comprehensive): DIP-9 3146.95 ÷ 10000 × 1000 × 1
		// = 314.6950, no level factor; × 10.937587 = 3442.00.
		{"C00000166", map[string]string{"hospital_id": "H23010000001", "fund": "employee", "diagnosis": "R53.x00", "total_cost": "3146.95"},
			map[string]string{"group": "", "class": "ungrouped", "base_points": "", "ratio": "", "points": "314.6950", "amount": "3442.00", "flags": "ungrouped", "rules": "DIP-3|DIP-9"}},
		// readmission, earlier stay: K80.1 (484, avg_cost_tertiary 5564.27), discharged
		// 2025-04-08; C00000004 (same patient, hospital, group) admitted 2025-04-14: 6 days.
		// ratio 3513.95/5564.27 = 0.6315 normal; 484 × 1 × 0.5 = 242.0000; × 10.937587 = 2646.90.
		{"C00000003", map[string]string{"patient_id": "P10648977928", "hospital_id": "H23010000001", "diagnosis": "K80.1", "discharge_date": "2025-04-08", "total_cost": "3513.95"},
			map[string]string{"group": "K80.1", "class": "normal", "points": "242.0000", "amount": "2646.90", "flags": "readmission", "rules": "DIP-3|DIP-4|DIP-5|DIP-7"}},
		// …the later stay, normal: ratio 5835.49/5564.27 = 1.0487; 484.0000; × 10.937587 = 5293.79.
		{"C00000004", map[string]string{"patient_id": "P10648977928", "admit_date": "2025-04-14", "total_cost": "5835.49"},
			map[string]string{"group": "K80.1", "class": "normal", "ratio": "1.0487", "points": "484.0000", "amount": "5293.79", "flags": ""}},
		// bed-day in a DIP pool (× ScoreScale 1000, BED-1): 420 ÷ 9000 × 1000 = 46.66667 →
		// 46.6667; 2024-12-14 → 2025-01-04 = 21 days; 21 × 46.6667 = 980.0007; × 10.300942 = 10094.93.
		{"C00000364", map[string]string{"fund": "resident", "bedday_category": "psychiatric", "admit_date": "2024-12-14", "discharge_date": "2025-01-04"},
			map[string]string{"method": "bedday", "group": "psychiatric", "class": "bedday", "base_points": "46.6667", "ratio": "", "points": "980.0007", "amount": "10094.93", "rules": "BED-1|BED-2"}},
		// approved special review, grouped by the engine: K81.900 → K81-surgical (1177, avg
		// 11769.45), ratio 82821.31/11769.45 = 7.0370; points the approved 8033.6670;
		// × 10.937587 = 87868.93.
		{"C00002873", map[string]string{"special_points": "8033.6670", "total_cost": "82821.31"},
			map[string]string{"group": "K81-surgical", "class": "special", "ratio": "7.0370", "points": "8033.6670", "amount": "87868.93", "flags": "", "rules": "DIP-3|DIP-8"}},
	})

	hosp := readTable(t, filepath.Join(out, "hospitals.csv")).by("fund", "method", "hospital_id")
	// employee/dip/H23010000003 (primary, assessment 95.9), by-reimbursement-ratio F(x) = round_fen(x × 0.7979).
	t.Run("employee/dip/H23010000003", func(t *testing.T) {
		h := hosp["employee/dip/H23010000003"]
		mine := func(r map[string]string) bool { return r["fund"] == "employee" && r["hospital_id"] == "H23010000003" }
		pts := round(outCases.sum("points", mine), 4)
		share := round(inCases.sum("patient_share", mine), 2)
		cost := round(inCases.sum("total_cost", mine), 2)
		if pts != "88699.8891" || share != "196947.57" || cost != "987055.63" {
			t.Fatalf("sums: points %s share %s cost %s", pts, share, cost)
		}
		want := map[string]string{
			"cases": "168", "points": "88699.8891", "cmi": "", "point_value": "10.937587",
			// gross = round_fen(88699.8891 × 10.937587) = round_fen(970162.7483) = 970162.75
			"gross": "970162.75", "patient_share": "196947.57",
			// F(S) = round_fen(970162.75 × 0.7979) = round_fen(774092.8582) = 774092.86
			"fund_amount": "774092.86", "actual_cost": "987055.63",
			// r = 987055.63 ÷ 970162.75 = 1.0174: shared; C = S + 0.5 × 16892.88 = 978609.19
			"corridor_band": "shared", "corridor_amount": "978609.19",
			// E = F(C) = round_fen(978609.19 × 0.7979) = round_fen(780832.2727) = 780832.27;
			// D = 0.05 × E = 39041.6135 → 39041.61; returned 39041.61 × 0.959 = 37440.90399 → 37440.90
			"deposit": "39041.61", "deposit_returned": "37440.90",
			// final = 780832.27 − 39041.61 + 37440.90 = 779231.56
			"final": "779231.56", "flags": "",
		}
		for k, v := range want {
			if h[k] != v {
				t.Errorf("%s: got %q, want %q", k, h[k], v)
			}
		}
		if got := monthlyAdvances(t, inCases, outCases, mine, q("10.35"), q("0.7979")); got != h["advances"] || got != "659256.48" {
			t.Errorf("CLR-1 advances recomputed %s, row %s", got, h["advances"])
		}
	})
	// employee/capita/H23010000005, assessment 87.0: heads 1020 × 0.8 + 175 × 1.5 + 15 × 2 =
	// 816 + 262.5 + 30 = 1108.5; with H…04's 569 × 0.8 + 127 × 1.5 + 70 × 2 = 785.7: 1894.2.
	// Standard: (1319453.72 − 131945.37 (0.10 ×, 131945.372) − 65972.69 (0.05 ×, 65972.686))
	// ÷ 1894.2 = 1121535.66 ÷ 1894.2 = 592.0893… → 592.09.
	t.Run("employee/capita/H23010000005", func(t *testing.T) {
		h := hosp["employee/capita/H23010000005"]
		want := map[string]string{
			"cases": "1210", "points": "1108.5000", "point_value": "592.090000",
			// B = 1108.5 × 592.09 = 656331.765 → 656331.77
			"gross": "656331.77", "fund_amount": "656331.77",
			// A = 501485.40 + 95282.22 = 596767.62; r = 0.9093: surplus, C = S
			"actual_cost": "596767.62", "corridor_band": "surplus", "corridor_amount": "656331.77",
			// E = 656331.77 − 95282.22 = 561049.55; D = 28052.4775 → 28052.48;
			// returned 28052.48 × 0.87 = 24405.6576 → 24405.66
			"deposit": "28052.48", "deposit_returned": "24405.66",
			// advances round_fen(561049.55 × 0.9) = round_fen(504944.595) = 504944.60
			"advances": "504944.60",
			// final 561049.55 − 28052.48 + 24405.66 = 557402.73; clearing − 504944.60 = 52458.13
			"final": "557402.73", "clearing": "52458.13",
		}
		for k, v := range want {
			if h[k] != v {
				t.Errorf("%s: got %q, want %q", k, h[k], v)
			}
		}
	})
}

// Exact decimal arithmetic for the hand checks: math/big.Rat, never float64.

// q parses a decimal ("12.34", "-1", "0.7979") exactly.
func q(s string) *big.Rat {
	r, ok := new(big.Rat).SetString(s)
	if !ok {
		panic("bad decimal " + s)
	}
	return r
}

func add(xs ...*big.Rat) *big.Rat {
	s := new(big.Rat)
	for _, x := range xs {
		s.Add(s, x)
	}
	return s
}

func sub(x, y *big.Rat) *big.Rat { return new(big.Rat).Sub(x, y) }

func mul(xs ...*big.Rat) *big.Rat {
	p := big.NewRat(1, 1)
	for _, x := range xs {
		p.Mul(p, x)
	}
	return p
}

func quo(x, y *big.Rat) *big.Rat { return new(big.Rat).Quo(x, y) }

// round rounds x half-up (half away from zero, NUM-5) to d decimals and
// formats it with exactly d decimals.
func round(x *big.Rat, d int) string {
	scale := new(big.Int).Exp(big.NewInt(10), big.NewInt(int64(d)), nil)
	num := new(big.Int).Mul(x.Num(), scale)
	den := x.Denom()
	neg := num.Sign() < 0
	num.Abs(num)
	// n = floor((2·num + den) / (2·den))
	n := new(big.Int).Add(new(big.Int).Lsh(num, 1), den)
	n.Quo(n, new(big.Int).Lsh(den, 1))
	s := n.String()
	if d > 0 {
		for len(s) <= d {
			s = "0" + s
		}
		s = s[:len(s)-d] + "." + s[len(s)-d:]
	}
	if neg && n.Sign() != 0 {
		s = "-" + s
	}
	return s
}

// fen rounds to the fen and returns the rounded value (for chains of rounding).
func fen(x *big.Rat) *big.Rat { return q(round(x, 2)) }

// table is a CSV file read into rows keyed by column name.
type table struct {
	header []string
	rows   []map[string]string
}

func readTable(t *testing.T, path string) table {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	b = bytes.TrimPrefix(b, []byte("\xef\xbb\xbf"))
	recs, err := csv.NewReader(bytes.NewReader(b)).ReadAll()
	if err != nil {
		t.Fatalf("%s: %v", path, err)
	}
	tb := table{header: recs[0]}
	for _, rec := range recs[1:] {
		m := map[string]string{}
		for i, h := range recs[0] {
			m[h] = rec[i]
		}
		tb.rows = append(tb.rows, m)
	}
	return tb
}

// by indexes rows by the joined values of the key columns ("employee/drg/H1").
func (tb table) by(keys ...string) map[string]map[string]string {
	out := map[string]map[string]string{}
	for _, r := range tb.rows {
		var k []string
		for _, c := range keys {
			k = append(k, r[c])
		}
		out[strings.Join(k, "/")] = r
	}
	return out
}

// sum adds column col over the rows keep accepts.
func (tb table) sum(col string, keep func(map[string]string) bool) *big.Rat {
	s := new(big.Rat)
	for _, r := range tb.rows {
		if keep(r) {
			s.Add(s, q(r[col]))
		}
	}
	return s
}

func writeFiles(t *testing.T, dir string, files map[string]string) {
	t.Helper()
	for name, body := range files {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

// checkStatements checks statements.csv's identities on every row, to the fen
// (docs/formats.md), and that its rows rebuild pools.csv's and ledger.csv's
// payments: fund_corridor = fund_amount + reserve_draw − reserve_return;
// entitlement = fund_corridor − referred − deductions (− forfeited under the
// assessment coefficient); final = entitlement − deposit + deposit_returned;
// clearing = final − advances; Σ final + referred = payments.
func checkStatements(t *testing.T, dir, out string) {
	t.Helper()
	pol, err := os.ReadFile(filepath.Join(dir, "policy.json"))
	if err != nil {
		t.Fatal(err)
	}
	coef := strings.Contains(string(pol), `"assessment_rule": "coefficient"`)
	st := readTable(t, filepath.Join(out, "statements.csv"))
	hosp := readTable(t, filepath.Join(out, "hospitals.csv"))
	if len(st.rows) != len(hosp.rows) || len(st.rows) == 0 {
		t.Fatalf("%d statements, %d hospital rows", len(st.rows), len(hosp.rows))
	}
	payments := map[string]*big.Rat{}
	for i, r := range st.rows {
		key := r["fund"] + "/" + r["method"] + "/" + r["hospital_id"]
		h := hosp.rows[i]
		for _, c := range []string{"fund", "method", "hospital_id", "points", "point_value", "gross", "fund_amount", "actual_cost",
			"corridor_band", "corridor_amount", "deductions", "deposit", "deposit_returned", "advances", "final", "clearing"} {
			if r[c] != h[c] {
				t.Errorf("%s: statements %s %q, hospitals.csv %q", key, c, r[c], h[c])
			}
		}
		eq := func(what, got string, want *big.Rat) {
			if got != round(want, 2) {
				t.Errorf("%s: %s %s, want %s", key, what, got, round(want, 2))
			}
		}
		eq("fund_corridor", r["fund_corridor"], sub(add(q(r["fund_amount"]), q(r["reserve_draw"])), q(r["reserve_return"])))
		e := sub(sub(q(r["fund_corridor"]), q(r["referred"])), q(r["deductions"]))
		if coef {
			e = sub(e, q(r["forfeited"]))
		} else {
			eq("forfeited", r["forfeited"], sub(q(r["deposit"]), q(r["deposit_returned"])))
		}
		eq("entitlement", r["entitlement"], e)
		eq("final", r["final"], add(sub(q(r["entitlement"]), q(r["deposit"])), q(r["deposit_returned"])))
		eq("clearing", r["clearing"], sub(q(r["final"]), q(r["advances"])))
		for _, k := range []string{r["fund"] + "/" + r["method"], r["fund"]} {
			if payments[k] == nil {
				payments[k] = new(big.Rat)
			}
			payments[k].Add(payments[k], add(q(r["final"]), q(r["referred"])))
		}
	}
	for _, p := range readTable(t, filepath.Join(out, "pools.csv")).rows {
		if got := round(payments[p["fund"]+"/"+p["method"]], 2); got != p["payments"] {
			t.Errorf("pool %s/%s: payments %s, Σ final + referred %s", p["fund"], p["method"], p["payments"], got)
		}
	}
	for _, l := range readTable(t, filepath.Join(out, "ledger.csv")).rows {
		if got := round(payments[l["fund"]], 2); got != l["payments"] {
			t.Errorf("ledger %s: payments %s, Σ final + referred %s", l["fund"], l["payments"], got)
		}
	}
}
