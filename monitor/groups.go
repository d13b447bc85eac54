package monitor

import (
	"math/bits"

	"github.com/dipdrg/dipdrg/budget"
	"github.com/dipdrg/dipdrg/param"
	"github.com/dipdrg/dipdrg/pointvalue"
	"github.com/dipdrg/dipdrg/policy"
)

// methods is the row methods of MON-1..MON-14: 0 DRG, 1 DIP.
var methods = [2]param.Method{param.DRG, param.DIP}

func methodIndex(m param.Method) int {
	if m == param.DIP {
		return 1
	}
	return 0
}

// gstat is a group's figures in one fund over the year (pass 1).
type gstat struct {
	n, cost, los int64
	sqHi, sqLo   uint64 // Σ cost², 128-bit (MON-14)
	dscg, deaths int64  // grouped cases with a discharge way, and deaths (MON-12)
}

func (s *gstat) add(cost, los int64, way budget.DischargeWay) {
	s.n++
	s.cost += cost
	s.los += los
	h, l := bits.Mul64(uint64(cost), uint64(cost))
	var c uint64
	s.sqLo, c = bits.Add64(s.sqLo, l, 0)
	s.sqHi += h + c
	if way != budget.DischargeUnknown {
		s.dscg++
		if way == budget.DischargeDeath {
			s.deaths++
		}
	}
}

// ref is a reference (MON-C3): n cases of Σ cost s and Σ los l, named by a
// group code or an ADRG, with the fixed-point reciprocals of the index sums.
type ref struct {
	name           string
	n, s, l        int64
	qcHi, qcLo     uint64 // ⌊n·2⁶⁴ ÷ s⌋
	qlHi, qlLo     uint64 // ⌊n·2⁶⁴ ÷ l⌋
	costOK, timeOK bool   // s > 0, l > 0
}

func newRef(name string, n, s, l int64) ref {
	r := ref{name: name, n: n, s: s, l: l, costOK: s > 0, timeOK: l > 0}
	if r.costOK {
		r.qcHi, r.qcLo = recip(n, s)
	}
	if r.timeOK {
		r.qlHi, r.qlLo = recip(n, l)
	}
	return r
}

// recip is ⌊n·2⁶⁴ ÷ d⌋ as hi:lo (n ≥ 0, d > 0).
func recip(n, d int64) (hi, lo uint64) {
	hi = uint64(n) / uint64(d)
	lo, _ = bits.Div64(uint64(n)%uint64(d), 0, uint64(d))
	return hi, lo
}

// groups are one method's groups (the weights table or the catalog) with what
// monitoring derives of them.
type groups struct {
	method param.Method
	code   []string
	weight []int64 // RW (DRG, 10⁻⁸) or catalog score (DIP, 10⁻⁸ points)
	stat   [param.NumFunds][]gstat
	ref    []int32 // index into refs; −1: no reference
	refs   []ref
	heavy  []bool // MON-9
	risk   []bool // MON-12 low-risk
	// DRG: the ADRG of each group (index into adrgs) and whether the group is its
	// split ADRG's top subgroup (MON-6); DIP: adrg[g] = g.
	adrg     []int32
	top      []bool
	adrgs    []adrgInfo
	split    []int32 // the split ADRGs (indexes into adrgs)
	splitIdx []int32 // by ADRG: index into split, or −1
}

type adrgInfo struct {
	code  string
	split bool
}

func newGroups(method param.Method, in budget.Input) *groups {
	g := &groups{method: method}
	switch method {
	case param.DRG:
		if in.Weights != nil {
			for _, x := range in.Weights.Groups {
				g.code = append(g.code, x.Code)
				g.weight = append(g.weight, int64(x.Weight))
			}
		}
	case param.DIP:
		if in.Catalog != nil {
			for _, x := range in.Catalog.Groups {
				g.code = append(g.code, x.Code)
				g.weight = append(g.weight, int64(x.Score))
			}
		}
	}
	for f := range g.stat {
		g.stat[f] = make([]gstat, len(g.code))
	}
	g.adrg = make([]int32, len(g.code))
	g.top = make([]bool, len(g.code))
	if method == param.DIP {
		for i := range g.adrg {
			g.adrg[i] = int32(i)
			g.adrgs = append(g.adrgs, adrgInfo{code: g.code[i]})
		}
		g.splitIdx = make([]int32, len(g.adrgs))
		for i := range g.splitIdx {
			g.splitIdx[i] = -1
		}
		return g
	}
	// MON-6: an ADRG is split when two or more of its codes end 1, 3 or 5; its
	// top subgroup has the smallest such digit.
	idx := map[string]int32{}
	var digits [][3]bool
	for i, c := range g.code {
		a := adrgOf(c)
		k, ok := idx[a]
		if !ok {
			k = int32(len(g.adrgs))
			idx[a] = k
			g.adrgs = append(g.adrgs, adrgInfo{code: a})
			digits = append(digits, [3]bool{})
		}
		g.adrg[i] = k
		if d, ok := subDigit(c); ok {
			digits[k][d] = true
		}
	}
	topDigit := make([]int, len(g.adrgs))
	for k, d := range digits {
		n := 0
		topDigit[k] = -1
		for j := 2; j >= 0; j-- {
			if d[j] {
				n++
				topDigit[k] = j
			}
		}
		g.adrgs[k].split = n >= 2
	}
	for i, c := range g.code {
		k := g.adrg[i]
		if d, ok := subDigit(c); ok && g.adrgs[k].split && d == topDigit[k] {
			g.top[i] = true
		}
	}
	g.splitIdx = make([]int32, len(g.adrgs))
	for k := range g.adrgs {
		g.splitIdx[k] = -1
		if g.adrgs[k].split {
			g.splitIdx[k] = int32(len(g.split))
			g.split = append(g.split, int32(k))
		}
	}
	return g
}

// adrgOf is a DRG code's ADRG: its first 3 characters.
func adrgOf(code string) string { return code[:min(3, len(code))] }

// subDigit is the index (0, 1, 2) of a CHS-DRG code's 4th character among 1, 3, 5.
func subDigit(code string) (int, bool) {
	if len(code) < 4 {
		return 0, false
	}
	switch code[3] {
	case '1':
		return 0, true
	case '3':
		return 1, true
	case '5':
		return 2, true
	}
	return 0, false
}

// references derives, from pass 1's figures, each group's reference (MON-C3:
// its own with ≥ group_min_cases cases, else for DRG its ADRG's when the ADRG
// reaches that count, else none), the heavy groups (MON-9) and the low-risk
// groups (MON-12).
func (g *groups) references(mp *policy.Monitoring, scoreScale int64) {
	n := len(g.code)
	g.ref = make([]int32, n)
	g.heavy = make([]bool, n)
	g.risk = make([]bool, n)
	both := make([]gstat, n)
	for i := range n {
		for f := range g.stat {
			s := &g.stat[f][i]
			b := &both[i]
			b.n, b.cost, b.los, b.dscg, b.deaths = b.n+s.n, b.cost+s.cost, b.los+s.los, b.dscg+s.dscg, b.deaths+s.deaths
		}
	}
	min := int64(mp.GroupMinCases)
	var adrgRef []int32
	if g.method == param.DRG {
		sum := make([]gstat, len(g.adrgs))
		for i := range n {
			a := &sum[g.adrg[i]]
			a.n, a.cost, a.los = a.n+both[i].n, a.cost+both[i].cost, a.los+both[i].los
		}
		adrgRef = make([]int32, len(g.adrgs))
		for k := range sum {
			adrgRef[k] = -1
			if sum[k].n >= min && sum[k].n > 0 {
				adrgRef[k] = int32(len(g.refs))
				g.refs = append(g.refs, newRef(g.adrgs[k].code, sum[k].n, sum[k].cost, sum[k].los))
			}
		}
	}
	for i := range n {
		g.ref[i] = -1
		switch {
		case both[i].n >= min && both[i].n > 0:
			g.ref[i] = int32(len(g.refs))
			g.refs = append(g.refs, newRef(g.code[i], both[i].n, both[i].cost, both[i].los))
		case adrgRef != nil:
			g.ref[i] = adrgRef[g.adrg[i]]
		}
		w := g.weight[i]
		// DRG: RW vs a factor (both 10⁻⁸); DIP: score vs factor × score scale.
		heavy, light := mulCmp(int64(mp.HeavyWeight), scoreScale), mulCmp(int64(mp.LowRiskWeight), scoreScale)
		g.heavy[i] = cmp128(w, heavy) >= 0
		switch mp.LowRiskRule {
		case policy.LowRiskByWeight:
			g.risk[i] = cmp128(w, light) < 0
		case policy.LowRiskByDeathRate:
			// deaths ÷ dscg < rate (10⁻⁸): deaths·10⁸ < rate·dscg
			b := both[i]
			g.risk[i] = b.dscg >= min && b.dscg > 0 &&
				cmpProd(b.deaths, pointvalue.FactorUnit, int64(mp.LowRiskDeathRate), b.dscg) < 0
		}
	}
}

// prod128 is a non-negative product as hi:lo.
type prod128 struct{ hi, lo uint64 }

func mulCmp(a, b int64) prod128 {
	h, l := bits.Mul64(uint64(max(a, 0)), uint64(max(b, 0)))
	return prod128{h, l}
}

// cmp128 compares w (≥ 0) with a 128-bit product.
func cmp128(w int64, p prod128) int {
	if p.hi != 0 {
		return -1
	}
	switch {
	case uint64(max(w, 0)) < p.lo:
		return -1
	case uint64(max(w, 0)) > p.lo:
		return 1
	}
	return 0
}

// cmpProd compares a·b with c·d (all ≥ 0), exactly (NUM-5).
func cmpProd(a, b, c, d int64) int {
	h1, l1 := bits.Mul64(uint64(a), uint64(b))
	h2, l2 := bits.Mul64(uint64(c), uint64(d))
	switch {
	case h1 < h2 || h1 == h2 && l1 < l2:
		return -1
	case h1 == h2 && l1 == l2:
		return 0
	}
	return 1
}
