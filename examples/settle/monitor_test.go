package main

import (
	"bytes"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/dipdrg/dipdrg/internal/synth"
)

// monDir copies testdata/monitoring (docs/monitoring.md §7's cases) into a temporary
// directory and overwrites the given files.
func monDir(t *testing.T, files map[string]string) string {
	t.Helper()
	dir := t.TempDir()
	for _, f := range miniFiles {
		b, err := os.ReadFile(filepath.Join("testdata", "monitoring", f))
		if err != nil {
			t.Fatal(err)
		}
		writeFiles(t, dir, map[string]string{f: string(b)})
	}
	writeFiles(t, dir, files)
	return dir
}

// settleIn runs settle on a directory's policy, hospitals, cases and weights.
func settleIn(t *testing.T, dir string, extra ...string) (code int, out, stdout, stderr string) {
	t.Helper()
	return settleMini(t, dir, extra...)
}

func mustSettle(t *testing.T, dir string, extra ...string) (out, stdout string) {
	t.Helper()
	code, out, stdout, stderr := settleIn(t, dir, extra...)
	if code != 0 {
		t.Fatalf("exit %d:\n%s", code, stderr)
	}
	return out, stdout
}

// monRow is a monitoring.csv row's value, region_value, ratio, cases and flag.
type monRow struct{ value, region, ratio, cases, flag string }

func monRows(t *testing.T, out string) map[string]monRow {
	t.Helper()
	rows := map[string]monRow{}
	for _, r := range readTable(t, filepath.Join(out, "monitoring.csv")).rows {
		k := strings.Join([]string{r["hospital_id"], r["fund"], r["method"], r["period"], r["indicator"], r["group"]}, "/")
		if _, dup := rows[k]; dup {
			t.Errorf("key %s twice", k)
		}
		rows[k] = monRow{r["value"], r["region_value"], r["ratio"], r["cases"], r["flag"]}
	}
	return rows
}

// TestMonitoringVectors is docs/monitoring.md §7 through the settle command: M1–M7,
// each figure as the spec works it out (value, region value, ratio, flag), and
// the alerts.
func TestMonitoringVectors(t *testing.T) {
	out, stdout := mustSettle(t, monDir(t, nil), "-monitor")
	rows := monRows(t, out)
	want := map[string]monRow{
		// M1 CMI: H1 4.5 ÷ 4, H2 4 ÷ 4, region 8.5 ÷ 8.
		"H1/employee/drg/2025/cmi/": {"1.1250", "1.0625", "1.0588", "4", ""},
		"H2/employee/drg/2025/cmi/": {"1.0000", "1.0625", "0.9412", "4", ""},
		"/employee/drg/2025/cmi/":   {"1.0625", "", "", "8", ""},
		// M2 cost index: H2 1.3125 > 1.2 flagged.
		"H1/employee/drg/2025/cost-index/": {"0.6875", "1.0000", "0.6875", "4", ""},
		"H2/employee/drg/2025/cost-index/": {"1.3125", "1.0000", "1.3125", "4", "cost-index-high"},
		"/employee/drg/2025/cost-index/":   {"1.0000", "", "", "8", ""},
		// M3 time index: 121/144 and 167/144.
		"H1/employee/drg/2025/time-index/": {"0.8403", "1.0000", "0.8403", "4", ""},
		"H2/employee/drg/2025/time-index/": {"1.1597", "1.0000", "1.1597", "4", ""},
		"/employee/drg/2025/time-index/":   {"1.0000", "", "", "8", ""},
		// M4 high and low shares: ratios 2.0000 equal the limit, no flag.
		"H1/employee/drg/2025/high-share/": {"0.0000", "0.1250", "0.0000", "4", ""},
		"H1/employee/drg/2025/low-share/":  {"0.2500", "0.1250", "2.0000", "4", ""},
		"H2/employee/drg/2025/high-share/": {"0.2500", "0.1250", "2.0000", "4", ""},
		"H2/employee/drg/2025/low-share/":  {"0.0000", "0.1250", "0.0000", "4", ""},
		"/employee/drg/2025/high-share/":   {"0.1250", "", "", "8", ""},
		"/employee/drg/2025/low-share/":    {"0.1250", "", "", "8", ""},
		// M5 upcoding, ADRG GB1 (top GB11, reference 2/5) and the hospital rows.
		"H1/employee/drg/2025/upcoding/GB1": {"0.3333", "0.4000", "0.8333", "3", ""},
		"H2/employee/drg/2025/upcoding/GB1": {"0.5000", "0.4000", "1.2500", "2", ""},
		"/employee/drg/2025/upcoding/GB1":   {"0.4000", "", "", "5", ""},
		"H1/employee/drg/2025/upcoding/":    {"0.8333", "1.0000", "0.8333", "3", ""},
		"H2/employee/drg/2025/upcoding/":    {"1.2500", "1.0000", "1.2500", "2", ""},
		"/employee/drg/2025/upcoding/":      {"1.0000", "", "", "5", ""},
		// M6 split admissions: c3 split, c8 not (c7 planned).
		"H1/employee/drg/2025/split-admission-rate/": {"0.2500", "0.1250", "2.0000", "4", ""},
		"H2/employee/drg/2025/split-admission-rate/": {"0.0000", "0.1250", "0.0000", "4", ""},
		"/employee/drg/2025/split-admission-rate/":   {"0.1250", "", "", "8", ""},
		// M7 low-standard admissions: c4.
		"H1/employee/drg/2025/low-standard-rate/": {"0.2500", "0.1250", "2.0000", "4", ""},
		"H2/employee/drg/2025/low-standard-rate/": {"0.0000", "0.1250", "0.0000", "4", ""},
		"/employee/drg/2025/low-standard-rate/":   {"0.1250", "", "", "8", ""},
		// Per discharge month: H1's cases are all of March, H2's of April.
		"H1/employee/drg/2025-03/cmi/":        {"1.1250", "1.1250", "1.0000", "4", ""},
		"H2/employee/drg/2025-04/cost-index/": {"1.3125", "1.3125", "1.0000", "4", "cost-index-high"},
		// MON-9: GB11 (RW 2.0000 ≥ 2) is heavy.
		"H1/employee/drg/2025/heavy-share/": {"0.2500", "0.2500", "1.0000", "4", ""},
		// MON-11 (docs example): no stay is overlong; the region value 0 leaves ratios empty.
		"H1/employee/drg/2025/overlong-rate/": {"0.0000", "0.0000", "", "4", ""},
		// MON-14 (docs example): GB15 0.1633, ES35 0.5888, GB11 0.2500.
		"/employee/drg/2025/group-cv/GB15": {"0.1633", "", "", "3", ""},
		"/employee/drg/2025/group-cv/ES35": {"0.5888", "", "", "3", ""},
		"/employee/drg/2025/group-cv/GB11": {"0.2500", "", "", "2", ""},
		// MON-5 counts.
		"H1/employee/drg/2025/ungrouped-cases/": {"0", "0", "", "4", ""},
	}
	for k, w := range want {
		if got, ok := rows[k]; !ok {
			t.Errorf("no row %s", k)
		} else if got != w {
			t.Errorf("%s = %+v, want %+v", k, got, w)
		}
	}
	// No column of the settlement list but days_rinp_flag_31: no row of an
	// indicator that needs one.
	for k := range rows {
		for _, ind := range []string{"transfer-out-rate", "low-risk-death-rate", "ownpay-ratio", "selfpay-ratio", "secondary-dx"} {
			if strings.Contains(k, "/"+ind+"/") {
				t.Errorf("row %s without its column", k)
			}
		}
	}
	alerts, err := os.ReadFile(filepath.Join(out, "alerts.csv"))
	if err != nil {
		t.Fatal(err)
	}
	wantAlerts := "case_id,hospital_id,indicator,detail\n" +
		"c3,H1,split-admission,earlier=c2;gap=4;match=adrg\n" +
		"c4,H1,low-standard,los=1;ratio=0.2000;ref=ES35\n"
	if string(alerts) != wantAlerts {
		t.Errorf("alerts.csv:\n%s\nwant:\n%s", alerts, wantAlerts)
	}
	// DRG-7 still halves c2 and c7: payment ignores the planned flag.
	cases := readTable(t, filepath.Join(out, "cases.csv")).by("case_id")
	for _, id := range []string{"c2", "c7"} {
		if cases[id]["flags"] != "readmission" {
			t.Errorf("%s flags %q, want readmission", id, cases[id]["flags"])
		}
	}
	if !strings.Contains(stdout, "monitoring: ") || !strings.Contains(stdout, "2 case alerts") {
		t.Errorf("summary:\n%s", stdout)
	}
}

// TestMonitorChangesNoMoney: hospitals, cases, pools and ledger are byte for
// byte the same with and without -monitor (and with scenarios beside them).
func TestMonitorChangesNoMoney(t *testing.T) {
	for _, name := range []string{"drg", "dip"} {
		t.Run(name, func(t *testing.T) {
			plain, _ := settleSample(t, name)
			mon, _ := settleSample(t, name, "-monitor", "-sweep", "corridor.surplus_keep=[\"0.8\"]")
			for _, f := range outputs {
				a, _ := os.ReadFile(filepath.Join(plain, f))
				b, _ := os.ReadFile(filepath.Join(mon, f))
				if len(a) == 0 || !bytes.Equal(a, b) {
					t.Errorf("%s differs with -monitor", f)
				}
			}
			for _, f := range []string{"monitoring.csv", "alerts.csv", "whatif.csv"} {
				if _, err := os.Stat(filepath.Join(mon, f)); err != nil {
					t.Error(err)
				}
			}
		})
	}
	dir := monDir(t, nil)
	plain, _ := mustSettle(t, dir)
	mon, _ := mustSettle(t, dir, "-monitor")
	for _, f := range outputs {
		a, _ := os.ReadFile(filepath.Join(plain, f))
		b, _ := os.ReadFile(filepath.Join(mon, f))
		if !bytes.Equal(a, b) {
			t.Errorf("vectors: %s differs with -monitor", f)
		}
	}
}

// TestMonitorUsage: what the flags alone decide is a usage error (exit 2).
func TestMonitorUsage(t *testing.T) {
	dir := monDir(t, nil)
	writeFiles(t, dir, map[string]string{"base.json": "{}"})
	for _, c := range []struct {
		name string
		args []string
		msg  string
	}{
		{"prior alone", []string{"-prior", "x.csv"}, "-prior needs -monitor"},
		{"stream monitor", []string{"-stream", "-monitor"}, "-stream does not combine"},
		{"stream sweep", []string{"-stream", "-sweep", `drg.low_ratio=["0.3"]`}, "-stream does not combine"},
		{"no field", []string{"-sweep", `drg.low_ratios=["0.3"]`}, "drg.low_ratios is no policy.json field"},
		{"no array", []string{"-sweep", `drg.low_ratio="0.3"`}, "want a JSON array"},
		{"repeated", []string{"-sweep", `drg.low_ratio=["0.3","0.3"]`}, `"drg.low_ratio=0.3" repeated`},
		{"base", []string{"-whatif", filepath.Join(dir, "base.json")}, `"base" repeated, or base`},
		{"file twice", []string{"-whatif", filepath.Join(dir, "policy.json"), "-whatif", filepath.Join(dir, "policy.json")}, `"policy" repeated`},
	} {
		t.Run(c.name, func(t *testing.T) {
			code, out, _, stderr := settleIn(t, dir, c.args...)
			if code != 2 || !strings.Contains(stderr, c.msg) {
				t.Errorf("exit %d, stderr %q; want 2 and %q", code, stderr, c.msg)
			}
			noOutput(t, out)
		})
	}
}

// TestWhatIf is SIM-1..SIM-4 through the settle command: -whatif and -sweep
// values interleaved in command-line order, each compared with the base and
// fee-for-service; nothing is written when any scenario is bad (exit 1), its
// errors naming it.
func TestWhatIf(t *testing.T) {
	dir := monDir(t, nil)
	base, err := os.ReadFile(filepath.Join(dir, "policy.json"))
	if err != nil {
		t.Fatal(err)
	}
	tight := strings.Replace(string(base), `"amount": "130000.00"`, `"amount": "120000.00"`, 1)
	writeFiles(t, dir, map[string]string{"tight.json": tight})
	out, stdout := mustSettle(t, dir, "-sweep", `funds.employee.reserve_ratio=["0.1","0.2"]`, "-whatif", filepath.Join(dir, "tight.json"))
	got, err := os.ReadFile(filepath.Join(out, "whatif.csv"))
	if err != nil {
		t.Fatal(err)
	}
	// ffs: H1 (30000 + 10000 + 8000 + 1000) × 0.8 = 39200.00; H2 76000 × 0.8 = 60800.00.
	want := "scenario,hospital_id,fund,method,point_value,final,diff_vs_base,ffs_fund_cost,diff_vs_ffs\n" +
		"base,H1,employee,drg,177.844311,54223.95,0.00,39200.00,15023.95\n" +
		"base,H2,employee,drg,177.844311,69276.05,0.00,60800.00,8476.05\n" +
		"funds.employee.reserve_ratio=0.1,H1,employee,drg,170.059880,51421.56,-2802.39,39200.00,12221.56\n" +
		"funds.employee.reserve_ratio=0.1,H2,employee,drg,170.059880,65578.44,-3697.61,60800.00,4778.44\n" +
		"funds.employee.reserve_ratio=0.2,H1,employee,drg,154.491018,45816.77,-8407.18,39200.00,6616.77\n" +
		"funds.employee.reserve_ratio=0.2,H2,employee,drg,154.491018,59491.62,-9784.43,60800.00,-1308.38\n"
	if !strings.HasPrefix(string(got), want) {
		t.Errorf("whatif.csv:\n%s\nwant it to begin:\n%s", got, want)
	}
	if lines := strings.Count(string(got), "\n"); lines != 9 || !strings.Contains(string(got), "\ntight,H1,employee,drg,") {
		t.Errorf("whatif.csv has %d lines, want 9 with tight's last:\n%s", lines, got)
	}
	for _, s := range []string{"scenario funds.employee.reserve_ratio=0.1: policy M7/2025/vectors-1, point values employee/drg 170.059880: balanced",
		"scenario tight: policy M7/2025/vectors-1"} {
		if !strings.Contains(stdout, s) {
			t.Errorf("summary lacks %q:\n%s", s, stdout)
		}
	}
	// The base's outputs are the base's alone.
	plain, _ := mustSettle(t, dir)
	for _, f := range outputs {
		a, _ := os.ReadFile(filepath.Join(plain, f))
		b, _ := os.ReadFile(filepath.Join(out, f))
		if !bytes.Equal(a, b) {
			t.Errorf("%s differs with scenarios", f)
		}
	}

	other := strings.Replace(string(base), `"region": "M7"`, `"region": "M8"`, 1)
	writeFiles(t, dir, map[string]string{"other.json": other, "broken.json": `{"region": "M7", "year": 2025}`})
	for _, c := range []struct {
		name string
		args []string
		msg  []string
	}{
		{"other region", []string{"-whatif", filepath.Join(dir, "other.json")}, []string{"other:0: region: M8: invalid policy: a scenario settles the base's region and year (M7)"}},
		{"sweep of year", []string{"-sweep", `year=[2026]`}, []string{"year=2026:0: year: 2026: invalid policy: a scenario settles the base's region and year (2025)"}},
		{"invalid value", []string{"-sweep", `funds.employee.reserve_ratio=["1.5"]`}, []string{"funds.employee.reserve_ratio=1.5:0: funds.employee.reserve_ratio: 1.5: "}},
		{"broken file", []string{"-sweep", `drg.low_ratio=["0.3"]`, "-whatif", filepath.Join(dir, "broken.json")}, []string{"broken.json:0: funds: : required value is empty", "broken.json:0: version"}},
	} {
		t.Run(c.name, func(t *testing.T) {
			code, out, _, stderr := settleIn(t, dir, c.args...)
			if code != 1 {
				t.Fatalf("exit %d, want 1:\n%s", code, stderr)
			}
			for _, m := range c.msg {
				if !strings.Contains(stderr, m) {
					t.Errorf("stderr lacks %q:\n%s", m, stderr)
				}
			}
			noOutput(t, out)
		})
	}
}

// TestMonitorPolicyAndPrior: the monitoring section is checked only with
// -monitor; -prior gives cmi-change rows (MON-1) and a bad prior is bad input.
func TestMonitorPolicyAndPrior(t *testing.T) {
	base, err := os.ReadFile(filepath.Join("testdata", "monitoring", "policy.json"))
	if err != nil {
		t.Fatal(err)
	}
	bad := strings.Replace(string(base), `"min_cases": 1`, `"min_cases": 0, "limits": {"cost-index-hgh": "1"}`, 1)
	dir := monDir(t, map[string]string{"policy.json": bad})
	mustSettle(t, dir) // settlement never reads the section
	code, out, _, stderr := settleIn(t, dir, "-monitor")
	if code != 1 || !strings.Contains(stderr, "policy.json:0: monitoring.limits.cost-index-hgh: 1: invalid policy: unknown flag word") ||
		!strings.Contains(stderr, "policy.json:0: monitoring.min_cases: 0: value out of range: must be at least 1") {
		t.Errorf("exit %d:\n%s", code, stderr)
	}
	noOutput(t, out)

	dir = monDir(t, map[string]string{"prior.csv": "hospital_id,fund,method,period,indicator,group,value,region_value,ratio,cases,flag\n" +
		",employee,drg,2024,cmi,,1.0000,,,8,\n" +
		"H1,employee,drg,2024,cmi,,1.0000,1.0000,1.0000,4,\n" +
		"H2,employee,drg,2024,cmi,,1.0000,1.0000,1.0000,4,\n" +
		"H2,employee,drg,2023,cmi,,9.0000,,,4,\n" +
		"H2,employee,drg,2024,cost-index,,9.0000,,,4,\n"})
	out, _ = mustSettle(t, dir, "-monitor", "-prior", filepath.Join(dir, "prior.csv"))
	rows := monRows(t, out)
	for k, w := range map[string]monRow{
		"H1/employee/drg/2025/cmi-change/": {"0.1250", "0.0625", "2.0000", "4", "cmi-jump"}, // (1.125 − 1) ÷ 1 > 0.10
		"H2/employee/drg/2025/cmi-change/": {"0.0000", "0.0625", "0.0000", "4", ""},
		"/employee/drg/2025/cmi-change/":   {"0.0625", "", "", "8", ""},
	} {
		if rows[k] != w {
			t.Errorf("%s = %+v, want %+v", k, rows[k], w)
		}
	}
	writeFiles(t, dir, map[string]string{"prior.csv": "hospital_id,fund,method,period,indicator,group,value\n" +
		"H1,employee,drg,2024,cmi,,1.0000\nH1,职工,drg,2024,cmi,,1.1000\nH2,employee,drg,2024,cmi,,x\n"})
	code, out, _, stderr = settleIn(t, dir, "-monitor", "-prior", filepath.Join(dir, "prior.csv"))
	if code != 1 || !strings.Contains(stderr, "prior.csv:3: hospital_id: H1: duplicate key: the cmi row of this (hospital, fund, method) is also on line 2") ||
		!strings.Contains(stderr, "prior.csv:4: value: x: not a number") {
		t.Errorf("exit %d:\n%s", code, stderr)
	}
	noOutput(t, out)
}

// TestMonitorLenientCells: in lenient mode a bad settlement-list cell is
// reported in rejects.csv and read as empty; the case is still settled and is
// not counted as set aside. Strict mode fails on it.
func TestMonitorLenientCells(t *testing.T) {
	cases, err := os.ReadFile(filepath.Join("testdata", "monitoring", "cases.csv"))
	if err != nil {
		t.Fatal(err)
	}
	bad := strings.Replace(string(cases), "c1,P1,H1,employee,GB11,2025-03-01,2025-03-11,30000.00,6000.00,", "c1,P1,H1,employee,GB11,2025-03-01,2025-03-11,30000.00,6000.00,7", 1)
	dir := monDir(t, map[string]string{"cases.csv": bad})
	code, out, _, stderr := settleIn(t, dir, "-monitor")
	if code != 1 || !strings.Contains(stderr, "cases.csv:2: days_rinp_flag_31: 7: not one of the allowed values") {
		t.Errorf("strict: exit %d:\n%s", code, stderr)
	}
	noOutput(t, out)
	out, stdout := mustSettle(t, dir, "-monitor", "-lenient")
	if rec := string(readFile(t, filepath.Join(out, "run.json"))); !strings.Contains(rec, `"records_rejected": 0`) || !strings.Contains(rec, `"monitoring_cells_ignored": 1`) {
		t.Errorf("run.json:\n%s", rec)
	}
	if !strings.Contains(stdout, "8 cases settled, 0 records set aside (rejects.csv)") || !strings.Contains(stdout, "1 monitoring cells ignored") {
		t.Errorf("summary:\n%s", stdout)
	}
	rejects, _ := os.ReadFile(filepath.Join(out, "rejects.csv"))
	if !strings.Contains(string(rejects), "cases.csv,2,days_rinp_flag_31,7,") {
		t.Errorf("rejects.csv:\n%s", rejects)
	}
	// Without -monitor the column is not read at all: an unknown column, ignored.
	_, stdout = mustSettle(t, dir)
	if strings.Contains(stdout, "monitoring cells ignored") || !strings.Contains(stdout, "cases.csv: ignored columns: days_rinp_flag_31") {
		t.Errorf("summary:\n%s", stdout)
	}
}

// genDir writes a generated year with the settlement-list columns and plants.
func genDir(t *testing.T, method string, cases int) string {
	t.Helper()
	b, err := synth.Generate(synth.Options{Seed: 11, Cases: cases, Method: method, Monitoring: true, Plants: true})
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	if err := b.WriteDir(dir); err != nil {
		t.Fatal(err)
	}
	return dir
}

// genArgs are settle's input flags for a generated directory.
func genArgs(dir string) []string {
	args := []string{}
	for _, f := range []struct{ flag, file string }{
		{"-policy", "policy.json"}, {"-hospitals", "hospitals.csv"}, {"-cases", "cases.csv"},
		{"-weights", "weights.csv"}, {"-catalog", "catalog.csv"}, {"-members", "members.csv"},
		{"-spending", "spending.csv"}, {"-adjustments", "adjustments.csv"},
	} {
		if _, err := os.Stat(filepath.Join(dir, f.file)); err == nil {
			args = append(args, f.flag, filepath.Join(dir, f.file))
		}
	}
	return args
}

func runGen(t *testing.T, dir string, extra ...string) string {
	t.Helper()
	out := filepath.Join(t.TempDir(), "out")
	var so, se bytes.Buffer
	if code := run(append(append(genArgs(dir), "-out", out), extra...), &so, &se); code != 0 {
		t.Fatalf("exit %d:\n%s", code, se.String())
	}
	return out
}

func readFile(t *testing.T, path string) []byte {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// rewriteCases rewrites a directory's cases.csv: edit gets the header and the
// data lines and returns the new data lines.
func rewriteCases(t *testing.T, dir string, edit func(header string, lines []string) []string) {
	t.Helper()
	data := strings.TrimSuffix(string(readFile(t, filepath.Join(dir, "cases.csv"))), "\n")
	header, rest, _ := strings.Cut(data, "\n")
	lines := edit(header, strings.Split(rest, "\n"))
	writeFiles(t, dir, map[string]string{"cases.csv": header + "\n" + strings.Join(lines, "\n") + "\n"})
}

// TestMonitorRecordOrder: the record order of cases.csv never changes
// monitoring.csv or alerts.csv (NUM-8, MON-C4).
func TestMonitorRecordOrder(t *testing.T) {
	for _, method := range []string{synth.DRG, synth.DIP} {
		t.Run(method, func(t *testing.T) {
			dir := genDir(t, method, 12000)
			want := runGen(t, dir, "-monitor")
			for _, seed := range []uint64{1, 2} {
				rewriteCases(t, dir, func(_ string, lines []string) []string {
					r := rand.New(rand.NewPCG(seed, 99))
					r.Shuffle(len(lines), func(i, j int) { lines[i], lines[j] = lines[j], lines[i] })
					return lines
				})
				got := runGen(t, dir, "-monitor")
				for _, f := range []string{"monitoring.csv", "alerts.csv"} {
					if a, b := readFile(t, filepath.Join(want, f)), readFile(t, filepath.Join(got, f)); !bytes.Equal(a, b) {
						t.Errorf("shuffle %d: %s differs (%s)", seed, f, firstDiff(b, a))
					}
				}
			}
		})
	}
}

// ownIndicators are the indicators a hospital's own cases give alone: no
// reference (MON-C3) and no point value enter them.
var ownIndicators = map[string]bool{"cmi": true, "high-share": true, "low-share": true, "grouping-rate": true, "ungrouped-cases": true,
	"unknown-group-cases": true, "secondary-dx": true, "split-admission-rate": true, "transfer-out-rate": true, "heavy-share": true,
	"ownpay-ratio": true, "selfpay-ratio": true, "low-risk-death-rate": true, "special-share": true}

// TestMonitorHospitalsApart: a hospital's indicators depend on another
// hospital's cases only through the region values: with another hospital's
// cases moved to a new hospital (the region unchanged) each of its rows is the
// same, and with them removed the values its own cases give are the same.
func TestMonitorHospitalsApart(t *testing.T) {
	dir := genDir(t, synth.DRG, 12000)
	base := monRows(t, runGen(t, dir, "-monitor"))
	hosp := readTable(t, filepath.Join(dir, "hospitals.csv"))
	a, b := hosp.rows[0]["hospital_id"], hosp.rows[1]["hospital_id"]
	mine := func(rows map[string]monRow, h string) map[string]monRow {
		out := map[string]monRow{}
		for k, v := range rows {
			if strings.HasPrefix(k, h+"/") {
				out[k] = v
			}
		}
		return out
	}
	// b's cases to a new hospital Z of b's level: a's rows do not move.
	moved := t.TempDir()
	for _, f := range []string{"policy.json", "hospitals.csv", "cases.csv", "weights.csv", "members.csv", "spending.csv"} {
		writeFiles(t, moved, map[string]string{f: string(readFile(t, filepath.Join(dir, f)))})
	}
	writeFiles(t, moved, map[string]string{"adjustments.csv": strings.ReplaceAll(string(readFile(t, filepath.Join(dir, "adjustments.csv"))), b+",", "Z,")})
	hb := hosp.rows[1]
	writeFiles(t, moved, map[string]string{"hospitals.csv": string(readFile(t, filepath.Join(dir, "hospitals.csv"))) +
		"Z," + hb["name"] + "," + hb["level"] + "," + hb["coefficient"] + "," + hb["assessment"] + "\n"})
	rewriteCases(t, moved, func(_ string, lines []string) []string {
		for i, l := range lines {
			lines[i] = strings.Replace(l, ","+b+",", ",Z,", 1)
		}
		return lines
	})
	got := monRows(t, runGen(t, moved, "-monitor"))
	if diff := cmpRows(mine(base, a), mine(got, a), func(string) bool { return true }, true); diff != "" {
		t.Errorf("%s's rows moved with %s's cases moved: %s", a, b, diff)
	}
	// b's cases removed: a's own values stay.
	rewriteCases(t, moved, func(_ string, lines []string) []string {
		var keep []string
		for _, l := range lines {
			if !strings.Contains(l, ",Z,") {
				keep = append(keep, l)
			}
		}
		return keep
	})
	got = monRows(t, runGen(t, moved, "-monitor"))
	own := func(k string) bool { return ownIndicators[strings.Split(k, "/")[4]] }
	if diff := cmpRows(mine(base, a), mine(got, a), own, false); diff != "" {
		t.Errorf("%s's own values moved with %s's cases removed: %s", a, b, diff)
	}
}

// cmpRows compares the rows of the first run whose keys keep accepts with the
// second's: every column (full), or their value and cases.
func cmpRows(want, got map[string]monRow, keep func(string) bool, full bool) string {
	n := 0
	for k, w := range want {
		if !keep(k) {
			continue
		}
		n++
		g, ok := got[k]
		switch {
		case !ok:
			return "no row " + k
		case w.value != g.value || w.cases != g.cases || full && w != g:
			return k + ": " + w.value + " " + w.region + " " + w.ratio + " (" + w.cases + ") " + w.flag + " → " +
				g.value + " " + g.region + " " + g.ratio + " (" + g.cases + ") " + g.flag
		}
	}
	if n < 20 {
		return "too few rows compared"
	}
	return ""
}

// TestMonitorExcludedStays: a stay VAR-12 excludes is a base case but not a
// grouped one (MON-C2): c4 (1 day) under max_days_short 1 leaves H1's CMI to
// GB11, GB15, GB15 and its grouping rate at 3 of 4.
func TestMonitorExcludedStays(t *testing.T) {
	base, err := os.ReadFile(filepath.Join("testdata", "monitoring", "policy.json"))
	if err != nil {
		t.Fatal(err)
	}
	p := strings.Replace(string(base), `"monitoring":`, `"drg": {"exclude": {"max_days_short": 1}}, "monitoring":`, 1)
	out, _ := mustSettle(t, monDir(t, map[string]string{"policy.json": p}), "-monitor")
	rows := monRows(t, out)
	for k, w := range map[string]monRow{
		"H1/employee/drg/2025/cmi/":             {"1.3333", "1.1429", "1.1667", "3", ""},
		"H1/employee/drg/2025/grouping-rate/":   {"0.7500", "0.8750", "0.8571", "4", "grouping-rate-low"},
		"H1/employee/drg/2025/ungrouped-cases/": {"0", "0", "", "4", ""},
	} {
		if rows[k] != w {
			t.Errorf("%s = %+v, want %+v", k, rows[k], w)
		}
	}
}

// TestMonitorReport: -report with -monitor shows monitoring.csv's flagged rows
// (each flagged hospital and indicator in the page's table); without -monitor
// the page says no monitoring output was given.
func TestMonitorReport(t *testing.T) {
	dir := genDir(t, synth.DRG, 30_000)
	html := filepath.Join(t.TempDir(), "report.html")
	out := runGen(t, dir, "-monitor", "-report", html)
	page := string(readFile(t, html))
	if strings.Contains(page, "No monitoring output was given") {
		t.Fatal("the report shows no monitoring output under -monitor")
	}
	lines := strings.Split(strings.TrimSpace(string(readFile(t, filepath.Join(out, "monitoring.csv")))), "\n")
	flagged := 0
	for _, l := range lines[1:] {
		f := strings.Split(l, ",")
		if flag := f[len(f)-1]; flag != "" {
			flagged++
			if cell := "<td>" + flag + "</td>"; !strings.Contains(page, cell) || !strings.Contains(page, "<td>"+f[0]+"</td>") {
				t.Errorf("flagged row %q not on the page", l)
			}
		}
	}
	if flagged == 0 {
		t.Fatal("a year with plants has no flagged row")
	}
	runGen(t, dir, "-report", html)
	if page := string(readFile(t, html)); !strings.Contains(page, "No monitoring output was given") {
		t.Error("without -monitor the page claims monitoring output")
	}
}
