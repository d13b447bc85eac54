package synth

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"
	"unsafe"

	"github.com/dipdrg/dipdrg/pointvalue"
	"github.com/stretchr/testify/require"
)

func readDir(t *testing.T, dir string) map[string][]byte {
	t.Helper()
	ents, err := os.ReadDir(dir)
	require.NoError(t, err)
	out := map[string][]byte{}
	for _, e := range ents {
		b, err := os.ReadFile(filepath.Join(dir, e.Name()))
		require.NoError(t, err)
		out[e.Name()] = b
	}
	return out
}

func writeBatch(t *testing.T, opt Options) (*Batch, map[string][]byte) {
	t.Helper()
	b, err := Generate(opt)
	require.NoError(t, err)
	dir := t.TempDir()
	require.NoError(t, b.WriteDir(dir))
	return b, readDir(t, dir)
}

func TestDeterminism(t *testing.T) {
	for _, method := range []string{DRG, DIP} {
		t.Run(method, func(t *testing.T) {
			opt := Options{Seed: 7, Cases: 1500, Method: method, History: true, HistoryCases: 500}
			_, a := writeBatch(t, opt)
			_, b := writeBatch(t, opt)
			want := []string{AdjustmentsFile, CasesFile, HistoryFile, HospitalsFile, MembersFile, PolicyFile, SpendingFile}
			if method == DRG {
				want = append(want, WeightsFile)
			} else {
				want = append(want, CatalogFile)
			}
			slices.Sort(want)
			require.Equal(t, want, slices.Sorted(func(yield func(string) bool) {
				for k := range a {
					if !yield(k) {
						return
					}
				}
			}))
			for name := range a {
				require.True(t, bytes.Equal(a[name], b[name]), "%s differs between two runs", name)
			}
			opt.Seed = 8
			_, c := writeBatch(t, opt)
			require.False(t, bytes.Equal(a[CasesFile], c[CasesFile]), "another seed gave the same cases")
			require.False(t, bytes.Equal(a[HistoryFile], c[HistoryFile]))
		})
	}
}

var (
	money2 = regexp.MustCompile(`^[0-9]+\.[0-9]{2}$`)
	caseID = regexp.MustCompile(`^C[0-9]{8}$`)
	histID = regexp.MustCompile(`^C20(22|23|24)-[0-9]{8}$`)
)

// table reads a CSV, checks its header is exactly want and returns the rows as maps.
func table(t *testing.T, data []byte, want ...string) []map[string]string {
	t.Helper()
	recs, err := csv.NewReader(bytes.NewReader(data)).ReadAll()
	require.NoError(t, err)
	require.NotEmpty(t, recs)
	require.Equal(t, want, recs[0])
	var out []map[string]string
	for _, r := range recs[1:] {
		m := map[string]string{}
		for i, col := range want {
			m[col] = r[i]
		}
		out = append(out, m)
	}
	return out
}

func checkMoney(t *testing.T, what, s string) pointvalue.Money {
	t.Helper()
	require.Regexp(t, money2, s, what)
	m, err := pointvalue.ParseMoney(s)
	require.NoError(t, err, what)
	return m
}

func TestFilesParse(t *testing.T) {
	for _, method := range []string{DRG, DIP} {
		t.Run(method, func(t *testing.T) {
			_, files := writeBatch(t, Options{Seed: 3, Cases: 4000, Method: method, History: true, HistoryCases: 1000})

			// policy.json: valid JSON, pool ratios summing to exactly 1 (BUD-4)
			var pol struct {
				Year  int `json:"year"`
				Funds map[string]struct {
					Budget map[string]string `json:"budget"`
					Pools  struct {
						Ratios map[string]string `json:"ratios"`
					} `json:"pools"`
					PointValue struct {
						BudgetPointValue string `json:"budget_point_value"`
					} `json:"point_value"`
				} `json:"funds"`
				BedDay struct {
					Rates map[string]map[string]string `json:"rates"`
				} `json:"bedday"`
			}
			require.NoError(t, json.Unmarshal(files[PolicyFile], &pol))
			require.Equal(t, 2025, pol.Year)
			require.Len(t, pol.Funds, 2)
			for fund, f := range pol.Funds {
				var sum pointvalue.Factor
				for _, r := range f.Pools.Ratios {
					sum += pointvalue.MustFactor(r)
				}
				require.Equal(t, pointvalue.One, sum, fund)
				require.Contains(t, f.Pools.Ratios, method)
				require.Contains(t, f.Pools.Ratios, "capita")
				checkMoney(t, fund+" budget point value", f.PointValue.BudgetPointValue)
			}

			capita := map[string]bool{}
			for _, m := range table(t, files[MembersFile], "institution_id", "fund", "age_band", "members") {
				capita[m["institution_id"]] = true
			}
			hosp := table(t, files[HospitalsFile], "hospital_id", "name", "level", "coefficient", "assessment")
			inpatient := map[string]string{}
			bands := map[string][2]string{"tertiary": {"1.05", "1.25"}, "secondary": {"0.90", "1.05"}, "primary": {"0.75", "0.90"}}
			for _, h := range hosp {
				require.Contains(t, []string{"tertiary", "secondary", "primary"}, h["level"])
				a := pointvalue.MustFactor(h["assessment"])
				require.True(t, a >= pointvalue.MustFactor("85") && a <= pointvalue.MustFactor("100"), h["assessment"])
				if capita[h["hospital_id"]] {
					require.Equal(t, "primary", h["level"])
					require.Empty(t, h["coefficient"])
					continue
				}
				inpatient[h["hospital_id"]] = h["level"]
				if method == DIP {
					require.Empty(t, h["coefficient"], "DIP: the level coefficients of the policy apply")
					continue
				}
				c := pointvalue.MustFactor(h["coefficient"])
				lo, hi := bands[h["level"]][0], bands[h["level"]][1]
				require.True(t, c >= pointvalue.MustFactor(lo) && c <= pointvalue.MustFactor(hi), "%s %s", h["level"], h["coefficient"])
			}
			require.NotEmpty(t, capita)

			groups := map[string]bool{}
			if method == DRG {
				unstable := 0
				for _, w := range table(t, files[WeightsFile], "drg_code", "weight", "name", "avg_cost", "stable") {
					groups[w["drg_code"]] = true
					rw := pointvalue.MustFactor(w["weight"])
					if w["stable"] == "0" {
						unstable++
						// avg_cost = RW × 10000.00 yuan (employee M) = RW × 1e6 fen; RW is in 1e-8
						require.Equal(t, pointvalue.Money(int64(rw)/100), checkMoney(t, "avg_cost", w["avg_cost"]))
					} else {
						require.Equal(t, "1", w["stable"])
						require.Empty(t, w["avg_cost"])
					}
				}
				require.Len(t, groups, 703)
				require.True(t, unstable > 5 && unstable < 60, "unstable groups: %d", unstable)
			} else {
				for _, e := range table(t, files[CatalogFile], "group_code", "kind", "diagnosis", "procedures", "treatment",
					"score", "avg_cost", "avg_cost_tertiary", "avg_cost_secondary", "avg_cost_primary", "primary") {
					groups[e["group_code"]] = true
					avg := checkMoney(t, "avg_cost", e["avg_cost"])
					score, err := pointvalue.ParsePoints(e["score"], 4)
					require.NoError(t, err)
					// score = round(avg ÷ 10000.00 × 1000), DIP-2
					want := (int64(avg)*1000 + 500_000) / 1_000_000
					require.Equal(t, pointvalue.PointsFromInt(want), score, e["group_code"])
					switch e["kind"] {
					case "core":
						require.Regexp(t, `^[A-Z][0-9]{2}\.[0-9]$`, e["diagnosis"])
						require.Empty(t, e["treatment"])
					case "comprehensive":
						require.Regexp(t, `^[A-Z][0-9]{2}$`, e["diagnosis"])
						require.Equal(t, e["diagnosis"]+"-"+e["treatment"], e["group_code"])
					default:
						t.Fatalf("kind %q", e["kind"])
					}
				}
			}

			type hf struct{ h, f string }
			seenHF := map[hf]bool{}
			checkCases := func(data []byte, withYear bool, idRe *regexp.Regexp) {
				cols := append(slices.Clone(CaseColumns), "year")
				if !withYear {
					cols = CaseColumns
				}
				rows := table(t, data, cols...)
				ids := map[string]bool{}
				var prev string
				sorted := true
				for _, c := range rows {
					id := c["case_id"]
					require.Regexp(t, idRe, id)
					require.False(t, ids[id], "duplicate %s", id)
					ids[id] = true
					if id < prev {
						sorted = false
					}
					prev = id
					_, ok := inpatient[c["hospital_id"]]
					require.True(t, ok, "unknown or per-capita hospital %s", c["hospital_id"])
					require.Contains(t, []string{Employee, Resident}, c["fund"])
					year := 2025
					if withYear {
						year = int(must(t, c["year"]))
					}
					adm, err := pointvalue.ParseDate(c["admit_date"])
					require.NoError(t, err)
					dis, err := pointvalue.ParseDate(c["discharge_date"])
					require.NoError(t, err)
					require.Equal(t, year, dis.Year(), id)
					require.True(t, adm < dis, id)
					require.True(t, adm >= pointvalue.DateOf(year-1, time.December, 1), "%s admitted %s", id, adm)
					cost := checkMoney(t, "total_cost", c["total_cost"])
					share := checkMoney(t, "patient_share", c["patient_share"])
					require.True(t, share <= cost && cost > 0, id)
					require.Contains(t, []string{"0", "1"}, c["incomplete"])
					if c["bedday_category"] != "" {
						require.Equal(t, BedDay, c["method"])
						require.Contains(t, pol.BedDay.Rates, c["bedday_category"])
						require.Empty(t, c["group"])
						days := int32(dis - adm)
						require.True(t, days >= 20 && days <= 180, "%s stays %d days", id, days)
					} else {
						require.Equal(t, method, c["method"])
					}
					if c["group"] != "" {
						require.True(t, groups[c["group"]], "unknown group %s", c["group"])
					}
					if s := c["tcm_share"]; s != "" {
						f := pointvalue.MustFactor(s)
						require.True(t, f > 0 && f < pointvalue.One, s)
					}
					if s := c["special_points"]; s != "" {
						p, err := pointvalue.ParsePoints(s, 4)
						require.NoError(t, err)
						require.Positive(t, p)
					}
					if method == DRG {
						require.Empty(t, c["diagnosis"]+c["procedures"]+c["treatment"]+c["tcm_share"]+c["severity"])
					} else if c["bedday_category"] == "" {
						require.Regexp(t, `^[A-Z][0-9]{2}\.[0-9x]`, c["diagnosis"])
						if c["procedures"] != "" {
							require.NotEmpty(t, c["treatment"], "A14: procedures need a treatment")
						}
					}
					if !withYear {
						seenHF[hf{c["hospital_id"], c["fund"]}] = true
					}
				}
				require.False(t, sorted, "cases are not shuffled")
			}
			checkCases(files[CasesFile], false, caseID)
			checkCases(files[HistoryFile], true, histID)

			for _, a := range table(t, files[AdjustmentsFile], "hospital_id", "fund", "method", "advances_paid", "deductions") {
				require.True(t, seenHF[hf{a["hospital_id"], a["fund"]}], "adjustment for an unsettled row %v", a)
				require.Equal(t, method, a["method"])
				require.Empty(t, a["advances_paid"])
				require.Positive(t, checkMoney(t, "deductions", a["deductions"]))
			}
			members := map[hf]bool{}
			for _, m := range table(t, files[MembersFile], "institution_id", "fund", "age_band", "members") {
				require.True(t, capita[m["institution_id"]])
				require.Positive(t, must(t, m["members"]))
				members[hf{m["institution_id"], m["fund"]}] = true
			}
			for _, s := range table(t, files[SpendingFile], "institution_id", "fund", "own_spending", "referred_spending") {
				require.True(t, members[hf{s["institution_id"], s["fund"]}], "spending without members")
				checkMoney(t, "own", s["own_spending"])
				checkMoney(t, "referred", s["referred_spending"])
			}
			require.Len(t, members, 2*len(capita))
		})
	}
}

func must(t *testing.T, s string) int64 {
	t.Helper()
	var v int64
	require.NotEmpty(t, s)
	for _, c := range s {
		require.True(t, c >= '0' && c <= '9', s)
		v = v*10 + int64(c-'0')
	}
	return v
}

// TestProportions checks what the generator aims at on 20 000 cases, with
// tolerances of about four standard deviations of a binomial count.
func TestProportions(t *testing.T) {
	for _, method := range []string{DRG, DIP} {
		t.Run(method, func(t *testing.T) {
			const n = 20_000
			b, err := Generate(Options{Seed: 11, Cases: n, Method: method})
			require.NoError(t, err)
			require.Len(t, b.Cases, n)
			count := map[CaseKind]int{}
			employee, readmit, given, ext, severity, tcm := 0, 0, 0, 0, 0, 0
			type key struct{ patient, hosp, group, diag string }
			stays := map[key][]*CaseRecord{}
			var rwSum, rwN int64
			for i := range b.Cases {
				c := &b.Cases[i]
				count[c.Kind]++
				if c.Fund == Employee {
					employee++
				}
				if c.Readmit {
					readmit++
				}
				stays[key{c.PatientID, c.HospitalID, c.Group, c.Diagnosis}] = append(stays[key{c.PatientID, c.HospitalID, c.Group, c.Diagnosis}], c)
				// patient share 10–40% of cost, to the fen
				require.True(t, c.PatientShare*10 >= c.TotalCost-10 && c.PatientShare*10 <= c.TotalCost*4, "%s share %s of %s", c.CaseID, c.PatientShare, c.TotalCost)
				switch c.Kind {
				case KindUngrouped:
					require.Empty(t, c.Group)
				case KindSpecial:
					require.Positive(t, c.SpecialPoints)
				case KindIncomplete:
					require.True(t, c.Incomplete)
				case KindBedDay:
					require.NotEmpty(t, c.BedDayCategory)
				}
				if c.Kind != KindSpecial {
					require.Zero(t, c.SpecialPoints)
				}
				if method == DRG && c.Group != "" && c.Kind != KindSpecial {
					rw := int64(b.Weights[c.gidx].Weight) / 10_000 // 1e-4
					rwSum += rw
					rwN++
					// expected cost = RW × M × hospital factor (0.75–1.25); high cases are
					// 3–6 × it: cost ÷ (RW × M) ≥ 3 × 0.75 = 2.25; low ones ≤ 0.4 × 1.25 = 0.5
					expect := rw * drgM[c.fund] / 10_000
					switch c.Kind {
					case KindHigh:
						require.True(t, int64(c.TotalCost)*100 >= expect*225, c.CaseID)
					case KindLow:
						require.True(t, int64(c.TotalCost)*100 <= expect*50+100*100, c.CaseID)
					}
				}
				if method == DIP {
					if c.Group != "" {
						given++
					}
					if len(c.Diagnosis) > 5 {
						ext++
					}
					if c.Severity != "" {
						severity++
					}
					if c.TCMShare != 0 {
						tcm++
					}
				}
			}
			near := func(name string, got int, per100k int) {
				want := n * per100k / 100_000
				tol := 4*isqrtInt(want) + 5
				require.InDelta(t, want, got, float64(tol), "%s: %d, want about %d", name, got, want)
			}
			near("employee", employee, 60_000)
			near("bed-day", count[KindBedDay], perBedDay)
			near("ungrouped", count[KindUngrouped], perUngrouped)
			near("special", count[KindSpecial], perSpecial)
			// readmissions take their base's kind away: about 3% of cases
			near("readmissions", readmit, 3_000)
			near("incomplete", count[KindIncomplete], perIncomplete)
			near("high", count[KindHigh], perHigh)
			near("low", count[KindLow], perLow)
			if method == DRG {
				// lighter groups dominate: the mean RW is near 1, not the table's mean (≈ 1.9)
				mean := rwSum / rwN
				require.True(t, mean > 6_000 && mean < 13_000, "mean RW %d e-4", mean)
			} else {
				near("group given", given, 1_800) // 2% of the 90% core cases
				// 20% of grouped cases, plus the ungrouped symptom codes (0.5%, all 7 characters)
				near("extended diagnosis", ext, 20_300)
				near("severity", severity, 14_000)
				near("tcm", tcm, 3_700)
			}
			// every readmission follows an earlier stay of the same patient, hospital and
			// group within 15 days (DRG-7/DIP-7)
			for i := range b.Cases {
				c := &b.Cases[i]
				if !c.Readmit {
					continue
				}
				ok := false
				for _, e := range stays[key{c.PatientID, c.HospitalID, c.Group, c.Diagnosis}] {
					gap := c.Admit - e.Discharge
					if e != c && !e.Readmit && gap >= 0 && gap <= 15 && e.Fund == c.Fund {
						ok = true
					}
				}
				require.True(t, ok, "readmission %s has no earlier stay", c.CaseID)
			}
		})
	}
}

func isqrtInt(x int) int { return int(isqrt(uint64(x))) }

func TestStreamMatchesGenerate(t *testing.T) {
	for _, method := range []string{DRG, DIP} {
		t.Run(method, func(t *testing.T) {
			opt := Options{Seed: 5, Cases: 2000, Method: method, History: true, HistoryCases: 300}
			b, files := writeBatch(t, opt)
			var got []CaseRecord
			require.NoError(t, CaseStream(opt, func(c *CaseRecord) bool { got = append(got, *c); return true }))
			require.True(t, slices.Equal(b.Cases, got), "CaseStream differs from Generate")
			got = got[:0]
			require.NoError(t, HistoryStream(opt, func(c *CaseRecord) bool { got = append(got, *c); return true }))
			require.True(t, slices.Equal(b.History, got), "HistoryStream differs from Generate")
			var buf bytes.Buffer
			require.NoError(t, WriteCases(&buf, opt))
			require.True(t, bytes.Equal(files[CasesFile], buf.Bytes()), "WriteCases differs from WriteDir")
			// stopping early
			n := 0
			require.NoError(t, CaseStream(opt, func(*CaseRecord) bool { n++; return n < 10 }))
			require.Equal(t, 10, n)
		})
	}
}

func TestHistoryInflation(t *testing.T) {
	b, err := Generate(Options{Seed: 9, Cases: 10, HistoryCases: 20_000, History: true})
	require.NoError(t, err)
	require.Len(t, b.History, 60_000)
	// cost per RW unit by year; 2024 over 2022 should be about 1.03² = 1.0609
	var cost, rw [3]int64
	for _, c := range b.History {
		require.Equal(t, int(c.Year), c.Discharge.Year())
		if c.Group == "" || c.Kind != KindNormal || c.Fund != Employee {
			continue
		}
		y := int(c.Year) - 2022
		cost[y] += int64(c.TotalCost)
		rw[y] += int64(b.Weights[c.gidx].Weight) / 10_000
	}
	// ratio = (cost24/rw24) ÷ (cost22/rw22), cross-multiplied, in 1e-4
	r := cost[2] * 10_000 / rw[2] * 10_000 / (cost[0] * 10_000 / rw[0])
	require.True(t, r > 10_300 && r < 10_950, "2024/2022 cost per RW = %d e-4", r)
}

func TestOptions(t *testing.T) {
	for _, opt := range []Options{{Method: "fee"}, {Cases: -1}, {Hospitals: 2}, {Year: 1}} {
		_, err := Generate(opt)
		require.True(t, errors.Is(err, ErrOptions), "%+v: %v", opt, err)
		require.Error(t, CaseStream(opt, func(*CaseRecord) bool { return true }))
	}
	b, err := Generate(Options{Seed: 1, Cases: 0})
	require.NoError(t, err)
	require.Empty(t, b.Cases)
	require.Len(t, b.Hospitals, 3+2) // max(3, 0) hospitals, max(2, 3/4) institutions
	require.NoError(t, b.WriteDir(t.TempDir()))
}

func TestPermIsBijection(t *testing.T) {
	for _, n := range []uint64{0, 1, 2, 3, 4, 5, 17, 1000, 4097} {
		p := newPerm(n, 42)
		seen := make([]bool, n)
		for i := uint64(0); i < n; i++ {
			j := p.at(i)
			require.Less(t, j, n)
			require.False(t, seen[j], "n=%d: %d twice", n, j)
			seen[j] = true
		}
	}
}

func TestAppendDate(t *testing.T) {
	for d := pointvalue.DateOf(1999, time.December, 25); d < pointvalue.DateOf(2101, time.March, 2); d++ {
		if got := string(appendDate(nil, int32(d))); got != d.String() {
			t.Fatalf("appendDate(%d) = %s, want %s", d, got, d.String())
		}
	}
	require.Equal(t, "0042", string(appendPadded(nil, 42, 4)))
	require.Equal(t, "0.5500", string(appendFactor4(nil, pointvalue.MustFactor("0.55"))))
}

func TestCaseRecordSize(t *testing.T) {
	// 11 strings × 16 = 176; Admit, Discharge 2 × 4 = 8 → 184; four int64 money/
	// factor/points fields 32 → 216; Incomplete 1, pad 1, Year 2, Kind 1, Readmit 1,
	// Plant 1, HasList 1, fund 1, pad 2 → 228; hidx, gidx 8 → 236, pad 4 → 240;
	// patient 8 → 248; List (Secondary 16, SelfPay, OwnPay 16, Age, LOS, ICU
	// 6, Gender, Dscg, Planned 3, pad 7) 48 → 296.
	require.Equal(t, uintptr(296), unsafe.Sizeof(CaseRecord{}))
}

// TestStreamAllocs: the ids come from slabs, so streaming costs no allocation
// per case (one 64 KiB slab per ~2 800 cases).
func TestStreamAllocs(t *testing.T) {
	for _, method := range []string{DRG, DIP} {
		run := func(n int) float64 {
			opt := Options{Seed: 1, Cases: n, Method: method, Hospitals: 3}
			return testing.AllocsPerRun(1, func() {
				_ = CaseStream(opt, func(*CaseRecord) bool { return true })
			})
		}
		// the world (weights table, catalog, hospitals) costs the same for both
		// sizes; the extra 20 000 cases may cost only their ~8 slabs (and a few
		// hundred bytes of ids never span more than two)
		extra := run(40_000) - run(20_000)
		require.LessOrEqual(t, extra, 20.0, "%s: %.0f allocations for 20 000 more cases", method, extra)
	}
}

func TestRealisticNames(t *testing.T) {
	b, err := Generate(Options{Seed: 2, Cases: 9000, Method: DIP})
	require.NoError(t, err)
	require.Len(t, b.Hospitals, 3+2)
	require.True(t, strings.HasPrefix(b.Hospitals[0].ID, "H"+Region))
	require.Equal(t, "tertiary", b.Hospitals[0].Level)
	codes := map[string]bool{}
	for _, e := range b.Catalog {
		codes[e.Code] = true
	}
	for _, c := range []string{"K35.8+47.09", "K35-surgical", "I63.9", "I21.9+00.66+36.06"} {
		require.True(t, codes[c], c)
	}
}

// TestMonitoringAddsColumnsOnly: Options.Monitoring adds the settlement-list
// columns and changes nothing else of the year (their draws have a stream of
// their own); Plants changes the planted cases.
func TestMonitoringAddsColumnsOnly(t *testing.T) {
	for _, method := range []string{DRG, DIP} {
		plain, err := Generate(Options{Seed: 3, Cases: 20000, Method: method})
		require.NoError(t, err)
		mon, err := Generate(Options{Seed: 3, Cases: 20000, Method: method, Monitoring: true})
		require.NoError(t, err)
		require.Equal(t, plain.Policy, mon.Policy)
		planted := 0
		for i := range plain.Cases {
			a, b := plain.Cases[i], mon.Cases[i]
			require.True(t, b.HasList)
			b.List, b.HasList = ListRecord{}, false
			require.Equal(t, a, b, "case %d", i)
			l := mon.Cases[i].List
			require.True(t, l.SelfPay < 0 || l.OwnPay < 0 || l.SelfPay+l.OwnPay <= a.TotalCost)
			require.True(t, l.LOS <= 0 || int64(l.LOS) <= int64(a.Discharge-a.Admit)+1)
			require.True(t, l.ICU < 0 || l.ICU <= max(l.LOS, int16(max(a.Discharge-a.Admit, 1))))
			if l.Dscg == 5 && method == DRG && a.Group != "" {
				require.NotEqual(t, -1, a.gidx)
			}
		}
		pl, err := Generate(Options{Seed: 3, Cases: 20000, Method: method, Monitoring: true, Plants: true})
		require.NoError(t, err)
		for i := range pl.Cases {
			if pl.Cases[i].Plant != PlantNone {
				planted++
			}
		}
		require.Greater(t, planted, 100)
	}
	_, err := Generate(Options{Seed: 3, Cases: 10, Plants: true})
	require.ErrorIs(t, err, ErrOptions)
}
