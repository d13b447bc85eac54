package synth

import (
	"fmt"
	"math/rand/v2"
	"strings"

	"github.com/dipdrg/dipdrg/drg"
	"github.com/dipdrg/dipdrg/pointvalue"
)

// Hospital is one row of hospitals.csv: an inpatient hospital (定点医疗机构) or a
// per-capita primary-care institution (Capita).
type Hospital struct {
	ID    string
	Name  string
	Level string // tertiary 三级, secondary 二级, primary 一级及以下
	// Coefficient is the DRG-4 hospital coefficient (差异系数) written to
	// hospitals.csv; 0 writes an empty cell (DIP batches and institutions).
	Coefficient pointvalue.Factor
	// CostFactor is the hospital's true cost level the generator draws costs
	// with (4 decimals); in DRG batches it equals Coefficient.
	CostFactor pointvalue.Factor
	Assessment pointvalue.Factor // CLR-3 score, 85–100, one decimal
	Capita     bool              // a per-capita institution (按人头付费), no inpatient cases
}

// WeightRow is one row of weights.csv (DRG-1).
type WeightRow struct {
	Code    string
	Name    string
	Weight  pointvalue.Factor // RW
	AvgCost pointvalue.Money  // 0 writes an empty cell (reference = RW × M, A09)
	Stable  bool
}

// CatalogEntry is one row of catalog.csv (DIP-1).
type CatalogEntry struct {
	Code       string
	Kind       string // core or comprehensive
	Diagnosis  string // sub-category (core) or category (comprehensive)
	Procedures string // |-joined, sorted; empty for conservative groups
	Treatment  string // comprehensive groups only
	Score      pointvalue.Points
	AvgCost    pointvalue.Money
	// Per-level reference costs; 0 writes an empty cell.
	AvgTertiary, AvgSecondary, AvgPrimary pointvalue.Money
	Primary                               bool // 基层病种
}

// Region average costs M (fen) per fund: employee, resident.
var (
	drgM = [2]int64{1_000_000, 800_000}
	dipM = [2]int64{1_000_000, 900_000}
)

// Level cost means (1e-4) for the DIP per-level reference costs, and the DIP
// level coefficients of the policy (tertiary, secondary, primary).
var (
	levelNames      = [3]string{"tertiary", "secondary", "primary"}
	dipLevelCost    = [3]int64{11500, 9750, 8250}
	dipLevelCoefStr = [3]string{"1", "0.85", "0.72"}
	// hospital cost-factor ranges (1e-4): the DRG-4 coefficient bands.
	levelCostRange = [3][2]int64{{10500, 12500}, {9000, 10500}, {7500, 9000}}
	levelSize      = [3]uint64{12, 4, 1}
)

// Daily bed-day rates (yuan) per category and level (BED-1).
var beddayRates = []struct {
	category string
	rates    [3]int64
}{
	{"psychiatric", [3]int64{420, 310, 205}},
	{"rehabilitation", [3]int64{480, 380, 260}},
}

type drgInfo struct {
	code   string
	rw4    int64    // RW in 1e-4
	avgFen [2]int64 // RW × M per fund
	los10  int64    // mean stay in tenths of a day
}

type dipType struct {
	group    int // catalog index
	tmpl     int // template index
	diag     [5]string
	procs    string
	treat    string
	treatAlt string // "interventional" when the procedures are
	canExtra bool
	// procsExtra are procs with each of extraProcs added
	procsExtra [4]string
	avgFen     [2]int64
	los10      int64
}

// world is everything about a batch that does not depend on the case number.
type world struct {
	opt Options

	hosp      []Hospital // inpatient hospitals, then institutions
	nInp      int
	hospCum   []uint64
	hospS     *sampler
	hospLevel []uint8
	hospCost4 []int64

	// DRG
	groups   []drgInfo
	topOf    []int32  // by group: its split ADRG's top subgroup (MON-6), or −1 (Options.Plants)
	plants   [5]int32 // the hospital of each Plant (choosePlants)
	weights  []WeightRow
	levelCum [3][]uint64
	levelIdx [3][]int32
	levelS   [3]*sampler

	// DIP
	catalog  []CatalogEntry
	types    []dipType
	compCum  []uint64
	compS    *sampler
	compIdx  []int32
	dipCodes map[string]int
}

const worldStream = 0x5eed_0f_d1_9d_29

func newWorld(opt Options) (*world, error) {
	w := &world{opt: opt}
	r := rand.New(rand.NewPCG(opt.Seed, worldStream))
	w.buildHospitals(r)
	w.choosePlants()
	if opt.Method == DRG {
		if err := w.buildDRG(r); err != nil {
			return nil, err
		}
	} else {
		w.buildDIP(r)
		w.compS = newSampler(w.compCum)
	}
	w.hospS = newSampler(w.hospCum)
	for lv := range 3 {
		w.levelS[lv] = newSampler(w.levelCum[lv])
	}
	return w, nil
}

func between(r *rand.Rand, lo, hi int64) int64 { return lo + int64(r.Uint64N(uint64(hi-lo+1))) }

func (w *world) buildHospitals(r *rand.Rand) {
	n := w.opt.Hospitals
	count := [3]int{}
	var cum uint64
	for i := 0; i < n; i++ {
		lv := i
		if i >= 3 {
			switch u := r.Uint64N(100); {
			case u < 15:
				lv = 0
			case u < 50:
				lv = 1
			default:
				lv = 2
			}
		}
		count[lv]++
		c4 := between(r, levelCostRange[lv][0], levelCostRange[lv][1])
		h := Hospital{
			ID:         fmt.Sprintf("H%s%05d", Region, i+1),
			Level:      levelNames[lv],
			CostFactor: pointvalue.Factor(c4 * 10_000),
			Assessment: pointvalue.Factor(between(r, 850, 1000) * 10_000_000),
		}
		d := districts[i%len(districts)]
		switch lv {
		case 0:
			h.Name = fmt.Sprintf("哈尔滨市第%d医院", count[0])
		case 1:
			h.Name = fmt.Sprintf("%s区第%d人民医院", d, count[1])
		default:
			h.Name = fmt.Sprintf("%s区第%d卫生院", d, count[2])
		}
		if w.opt.Method == DRG {
			h.Coefficient = h.CostFactor
		}
		cum += levelSize[lv] * uint64(between(r, 50, 150))
		w.hosp = append(w.hosp, h)
		w.hospCum = append(w.hospCum, cum)
		w.hospLevel = append(w.hospLevel, uint8(lv))
		w.hospCost4 = append(w.hospCost4, c4)
	}
	w.nInp = n
	for j := 0; j < max(2, n/4); j++ {
		w.hosp = append(w.hosp, Hospital{
			ID:         fmt.Sprintf("H%s%05d", Region, n+j+1),
			Name:       fmt.Sprintf("%s区第%d社区卫生服务中心", districts[j%len(districts)], j+1),
			Level:      "primary",
			Assessment: pointvalue.Factor(between(r, 850, 1000) * 10_000_000),
			Capita:     true,
		})
	}
}

// levelWeight is the popularity of a case type of relative cost rel (×1000 or
// RW×1e4) at a hospital level: lighter groups are much more common, and more so
// at lower levels (tertiary ∝ rel^−½, secondary ∝ rel^−1, primary ∝ rel^−1.5 and
// nothing above 2.5 × average).
func levelWeight(lv int, rel, unit int64) uint64 {
	u := uint64(rel)
	switch lv {
	case 0:
		return 1e15 / (isqrt(u*uint64(unit)) + 1)
	case 1:
		return 1e15 / u * 100 / uint64(isqrt(uint64(unit)))
	default:
		if rel > unit*5/2 {
			return 0
		}
		return 1e15 / (u * isqrt(u)) * uint64(isqrt(uint64(unit))) / 100
	}
}

func (w *world) buildDRG(r *rand.Rand) error {
	tab, err := drg.HarbinWeights2024()
	if err != nil {
		return fmt.Errorf("synth: %w", err)
	}
	for _, g := range tab.Groups {
		rw4 := int64(g.Weight) / 10_000
		if rw4 <= 0 {
			continue
		}
		info := drgInfo{code: g.Code, rw4: rw4, los10: 30 + rw4*40/10_000}
		for f := range 2 {
			info.avgFen[f] = rw4 * drgM[f] / 10_000
		}
		row := WeightRow{Code: g.Code, Name: g.Name, Weight: pointvalue.Factor(rw4 * 10_000), Stable: true}
		if r.Uint64N(100) < 3 { // a few unstable groups (非稳定病组, DRG-5)
			row.Stable = false
			row.AvgCost = pointvalue.Money(info.avgFen[0])
		}
		noise := uint64(between(r, 50, 150))
		for lv := range 3 {
			wt := levelWeight(lv, rw4, 10_000) / 100 * noise
			if wt == 0 {
				continue
			}
			var prev uint64
			if n := len(w.levelCum[lv]); n > 0 {
				prev = w.levelCum[lv][n-1]
			}
			w.levelCum[lv] = append(w.levelCum[lv], prev+wt)
			w.levelIdx[lv] = append(w.levelIdx[lv], int32(len(w.groups)))
		}
		w.groups = append(w.groups, info)
		w.weights = append(w.weights, row)
	}
	if len(w.groups) == 0 {
		return fmt.Errorf("synth: empty DRG weights table")
	}
	w.tops()
	return nil
}

// tops finds each group's top subgroup as MON-6 does: an ADRG (the first 3
// characters) is split when two or more of its codes end 1, 3 or 5, and its top
// subgroup has the smallest such digit.
func (w *world) tops() {
	best := map[string]int32{}
	n := map[string]int{}
	for i, g := range w.groups {
		if len(g.code) < 4 || (g.code[3] != '1' && g.code[3] != '3' && g.code[3] != '5') {
			continue
		}
		a := g.code[:3]
		n[a]++
		if b, ok := best[a]; !ok || g.code[3] < w.groups[b].code[3] {
			best[a] = int32(i)
		}
	}
	w.topOf = make([]int32, len(w.groups))
	for i, g := range w.groups {
		w.topOf[i] = -1
		if len(g.code) >= 4 && n[g.code[:3]] >= 2 {
			w.topOf[i] = best[g.code[:3]]
		}
	}
}

func (w *world) buildDIP(r *rand.Rand) {
	M := dipM[0]
	w.dipCodes = map[string]int{}
	add := func(e CatalogEntry, rel int64) int {
		avg := rel * M / 1000 * between(r, 9200, 10800) / 10_000
		e.AvgCost = pointvalue.Money(avg)
		e.Score = pointvalue.Points((avg*1000*2 + M) / (2 * M) * pointvalue.FactorUnit)
		if e.Kind == "core" && r.Uint64N(2) == 0 {
			e.AvgTertiary = pointvalue.Money(avg * dipLevelCost[0] / 10_000)
			e.AvgSecondary = pointvalue.Money(avg * dipLevelCost[1] / 10_000)
			e.AvgPrimary = pointvalue.Money(avg * dipLevelCost[2] / 10_000)
		}
		w.catalog = append(w.catalog, e)
		w.dipCodes[e.Code] = len(w.catalog) - 1
		return len(w.catalog) - 1
	}
	newType := func(ti, gi int, diag, procs, treat string, rel int64) dipType {
		t := dipType{group: gi, tmpl: ti, procs: procs, treat: treat, los10: 30 + rel*4/100}
		t.diag[0] = diag
		for i, x := range diagExtensions {
			t.diag[i+1] = diag + x
		}
		if interventional[procs] {
			t.treatAlt = "interventional"
		}
		t.canExtra = procs != ""
		for i, x := range extraProcs {
			t.procsExtra[i] = procs + "|" + x
		}
		avg := int64(w.catalog[gi].AvgCost)
		t.avgFen = [2]int64{avg, avg * 9 / 10}
		return t
	}
	var core []dipType
	var comp []dipType
	var corePop []uint64
	for ti, t := range dipTemplates {
		cat := t.diag[:3]
		if t.cons > 0 {
			gi := add(CatalogEntry{Code: t.diag, Kind: "core", Diagnosis: t.diag, Primary: t.primary}, t.cons)
			core = append(core, newType(ti, gi, t.diag, "", "conservative", t.cons))
			corePop = append(corePop, t.pop)
		}
		for _, op := range t.ops {
			code := t.diag + "+" + strings.ReplaceAll(op.procs, "|", "+")
			gi := add(CatalogEntry{Code: code, Kind: "core", Diagnosis: t.diag, Procedures: op.procs}, op.rel)
			core = append(core, newType(ti, gi, t.diag, op.procs, op.treat, op.rel))
			corePop = append(corePop, t.pop)
		}
		// comprehensive groups (综合病种) of the category, one per treatment type
		for _, treat := range []string{"conservative", "diagnostic", "therapeutic", "surgical"} {
			var sum, n int64
			procs := ""
			if treat == "conservative" {
				sum, n = max(t.cons, 400), 1
			}
			for _, op := range t.ops {
				if op.treat == treat {
					sum += op.rel
					n++
					if procs == "" {
						procs = op.procs
					}
				}
			}
			if n == 0 {
				continue
			}
			rel := sum / n * 105 / 100
			gi := add(CatalogEntry{Code: cat + "-" + treat, Kind: "comprehensive", Diagnosis: cat, Treatment: treat}, rel)
			ct := newType(ti, gi, t.alt, procs, treat, rel)
			comp = append(comp, ct)
			var prev uint64
			if len(w.compCum) > 0 {
				prev = w.compCum[len(w.compCum)-1]
			}
			w.compCum = append(w.compCum, prev+t.pop)
		}
	}
	w.types = append(core, comp...)
	for i := range comp {
		w.compIdx = append(w.compIdx, int32(len(core)+i))
	}
	for i, ct := range core {
		rel := int64(w.catalog[ct.group].Score / pointvalue.FactorUnit)
		for lv := range 3 {
			wt := levelWeight(lv, rel, 1000) / 1000 * corePop[i]
			if wt == 0 {
				continue
			}
			var prev uint64
			if n := len(w.levelCum[lv]); n > 0 {
				prev = w.levelCum[lv][n-1]
			}
			w.levelCum[lv] = append(w.levelCum[lv], prev+wt)
			w.levelIdx[lv] = append(w.levelIdx[lv], int32(i))
		}
	}
}
