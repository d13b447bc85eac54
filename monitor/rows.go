package monitor

import (
	"cmp"
	"math/big"
	"math/bits"
	"slices"

	"github.com/dipdrg/dipdrg/budget"
	"github.com/dipdrg/dipdrg/internal/radix"
	"github.com/dipdrg/dipdrg/param"
	"github.com/dipdrg/dipdrg/pointvalue"
	"github.com/dipdrg/dipdrg/policy"
)

// indicator is one indicator of MON-1..MON-13 over a row's counters.
type indicator struct {
	word    string
	monthly bool               // also per discharge month (m)
	need    budget.ListColumns // a column the indicator needs: no rows when the input lacks it
	flag    string             // the flag word, "" none
	onRatio bool               // the flag tests the ratio (else the value)
	below   bool               // the flag is raised below the limit (else above)
	count   bool               // value and region_value are counts; ratio empty
	limit   int                // the flag's index in policy.Monitoring.Limits (set by init)
	rank    uint8              // the word's place among the indicators (set by init)
	value   func(m *measure, i int, a *acc) (v exact, cases int64)
}

func share(num, den int32) (exact, int64) { return frac(int64(num), int64(den)), int64(den) }

// indicators are MON-1..MON-13's row indicators, but MON-1's cmi-change,
// MON-6's upcoding and MON-12's death rate (which need more than a row) and
// MON-14, MON-15 (other rows).
var indicators = []indicator{
	{word: "cmi", monthly: true, value: func(m *measure, i int, a *acc) (exact, int64) {
		return m.cmi(i, a), int64(a.grouped)
	}},
	{word: "cost-index", monthly: true, flag: "cost-index-high", value: func(m *measure, i int, a *acc) (exact, int64) {
		return m.index(i, a, false), int64(a.cost.n)
	}},
	{word: "time-index", monthly: true, flag: "time-index-high", value: func(m *measure, i int, a *acc) (exact, int64) {
		return m.index(i, a, true), int64(a.time.n)
	}},
	{word: "high-share", monthly: true, flag: "high-share-high", onRatio: true, value: func(_ *measure, _ int, a *acc) (exact, int64) {
		return share(a.high, a.base)
	}},
	{word: "low-share", monthly: true, flag: "low-share-high", onRatio: true, value: func(_ *measure, _ int, a *acc) (exact, int64) {
		return share(a.low, a.base)
	}},
	{word: "grouping-rate", monthly: true, flag: "grouping-rate-low", below: true, value: func(_ *measure, _ int, a *acc) (exact, int64) {
		return share(a.grouped, a.base)
	}},
	{word: "ungrouped-cases", count: true, value: func(_ *measure, _ int, a *acc) (exact, int64) {
		return frac(int64(a.ungrouped), 1), int64(a.base)
	}},
	{word: "unknown-group-cases", count: true, value: func(_ *measure, _ int, a *acc) (exact, int64) {
		return frac(int64(a.unknown), 1), int64(a.base)
	}},
	{word: "secondary-dx", monthly: true, need: budget.ListSecondaryDiagnoses, flag: "secondary-dx-high", onRatio: true,
		value: func(_ *measure, _ int, a *acc) (exact, int64) { return share(a.sec, a.base) }},
	{word: "split-admission-rate", monthly: true, flag: "split-admission-high", onRatio: true, value: func(_ *measure, _ int, a *acc) (exact, int64) {
		return share(a.split, a.base)
	}},
	{word: "low-standard-rate", monthly: true, flag: "low-standard-high", onRatio: true, value: func(_ *measure, _ int, a *acc) (exact, int64) {
		return share(a.lowStd, a.cost.n)
	}},
	{word: "transfer-out-rate", monthly: true, need: budget.ListDischargeWay, flag: "transfer-out-high", onRatio: true,
		value: func(_ *measure, _ int, a *acc) (exact, int64) { return share(a.transfer, a.dscg) }},
	{word: "heavy-share", monthly: true, flag: "heavy-share-low", onRatio: true, below: true, value: func(_ *measure, _ int, a *acc) (exact, int64) {
		return share(a.heavy, a.grouped)
	}},
	{word: "ownpay-ratio", monthly: true, need: budget.ListOwnPay, flag: "ownpay-high", onRatio: true, value: func(_ *measure, _ int, a *acc) (exact, int64) {
		return frac(a.own, a.ownCost), int64(a.ownN)
	}},
	{word: "selfpay-ratio", monthly: true, need: budget.ListSelfPay, flag: "selfpay-high", onRatio: true, value: func(_ *measure, _ int, a *acc) (exact, int64) {
		return frac(a.self, a.selfCost), int64(a.selfN)
	}},
	{word: "overlong-rate", monthly: true, flag: "overlong-high", onRatio: true, value: func(_ *measure, _ int, a *acc) (exact, int64) {
		return share(a.overlong, a.time.n)
	}},
	{word: "low-risk-death-rate", need: budget.ListDischargeWay, flag: "low-risk-death", value: func(_ *measure, _ int, a *acc) (exact, int64) {
		return share(a.riskDeaths, a.riskPop)
	}},
	{word: "special-share", monthly: true, flag: "special-share-high", onRatio: true, value: func(_ *measure, _ int, a *acc) (exact, int64) {
		return share(a.special, a.base)
	}},
}

// cmi is MON-1: DRG Σ RW ÷ grouped cases; DIP Σ (score ÷ score scale) ÷ grouped cases.
func (m *measure) cmi(i int, a *acc) exact {
	if a.grouped == 0 {
		return exact{}
	}
	mi := (i / periods) % 2
	if h, d := bits.Mul64(uint64(a.grouped)*pointvalue.FactorUnit, uint64(m.scale[mi])); a.wHi == 0 && a.wLo < 1<<63 && h == 0 && d < 1<<63 &&
		uint64(a.grouped) < 1<<36 {
		return frac(int64(a.wLo), int64(d))
	}
	w := new(big.Int).SetUint64(a.wHi)
	w.Lsh(w, 64).Or(w, new(big.Int).SetUint64(a.wLo))
	d := new(big.Int).Mul(big.NewInt(int64(a.grouped)), big.NewInt(pointvalue.FactorUnit))
	d.Mul(d, big.NewInt(m.scale[mi]))
	return fromExact(pointvalue.ExactRat(new(big.Rat).SetFrac(w, d)))
}

// index is MON-2 (cost) or MON-3 (time): the span, or the exact value once made.
func (m *measure) index(i int, a *acc, time bool) exact {
	s, n, ex, xmax := &a.cost, int64(a.cost.n), m.exCost, m.maxCost
	if time {
		s, n, ex, xmax = &a.time, int64(a.time.n), m.exTime, m.maxLOS
	}
	if n == 0 {
		return exact{}
	}
	if ex != nil {
		return fromExact(pointvalue.ExactRat(new(big.Rat).Quo(ex[i], new(big.Rat).SetInt64(n))))
	}
	return exact{ok: true, span: s.span(xmax)}
}

// builder collects the rows as pointer-free records (their strings are made
// once, in order, by sorted); ok turns false when a span cannot decide a figure.
type builder struct {
	m      *measure
	recs   []rowRec
	groups []string // the groups rows name (ADRGs, DRG or DIP groups)
	gidx   map[string]int32
	ok     bool
}

// rowRec is a row while the rows are built: no string, so that sorting and
// growing the rows moves no pointer.
type rowRec struct {
	key                  uint64 // hospital, fund, method, period, indicator (push)
	value, region, ratio Number
	cases                int64
	hosp                 int32 // −1: the region
	group                int32 // index into builder.groups; −1: none
	fund                 param.Fund
	method               param.Method
	month, ind           uint8
	flag                 int8 // index of the flag word (policy.FlagWords); −1: none
}

// regionFigure is a region value with its written form, computed once for
// every hospital row beside it.
type regionFigure struct {
	x       exact
	written Number
}

func (b *builder) region(x exact, count bool) regionFigure {
	w, ok := x.write(count)
	if !ok {
		b.ok = false
	}
	return regionFigure{x, w}
}

// add writes a row: its value, the region's, the ratio and the flag. h == nh
// is the region row (no region value, ratio or flag).
func (b *builder) add(h int, f param.Fund, mi, period int, word, group string, v exact, reg regionFigure, cases int64, ind *indicator) {
	m := b.m
	count := ind != nil && ind.count
	rec := rowRec{fund: f, method: methods[mi], month: uint8(period), cases: cases, hosp: -1, group: -1, flag: -1}
	if ind != nil && ind.word == word {
		rec.ind = ind.rank
	} else {
		rec.ind = indicatorRank[word]
	}
	var ok bool
	if rec.value, ok = v.write(count); !ok {
		b.ok = false
		return
	}
	if h < m.nh {
		rec.hosp = int32(h)
		rec.region = reg.written
		if !count {
			if rec.ratio, ok = ratio(v, reg.x); !ok {
				b.ok = false
				return
			}
		}
		if ind != nil && ind.limit >= 0 && cases >= int64(m.mp.MinCases) && m.flagOf(ind, rec.value, rec.ratio) != "" {
			rec.flag = int8(ind.limit)
		}
	}
	if group != "" {
		rec.group = b.group(group)
	}
	b.pushRec(rec)
}

// group interns a group's name for the rows.
func (b *builder) group(name string) int32 {
	g, ok := b.gidx[name]
	if !ok {
		if b.gidx == nil {
			b.gidx = map[string]int32{}
		}
		g = int32(len(b.groups))
		b.groups = append(b.groups, name)
		b.gidx[name] = g
	}
	return g
}

// pushRec appends a record with its sort key (hospital, fund, method, period,
// indicator; the group breaks ties).
func (b *builder) pushRec(rec rowRec) {
	hk := uint64(rec.hosp + 1) // the region (−1) first
	rec.key = hk<<24 | uint64(rec.fund)<<20 | uint64(methodRank[rec.method])<<16 | uint64(rec.month)<<8 | uint64(rec.ind)
	b.recs = append(b.recs, rec)
}

// push appends a row built as a Row (the few rows not of an indicator's table):
// h is the hospital's index, nh the region.
func (b *builder) push(r Row, h int) {
	rec := rowRec{value: r.Value, region: r.Region, ratio: r.Ratio, cases: r.Cases, hosp: -1, group: -1,
		fund: r.Fund, method: r.Method, month: uint8(r.Month), ind: indicatorRank[r.Indicator], flag: -1}
	if h < b.m.nh {
		rec.hosp = int32(h)
	}
	if r.Group != "" {
		rec.group = b.group(r.Group)
	}
	if r.Flag != "" {
		rec.flag = int8(policy.FlagIndex(r.Flag))
	}
	b.pushRec(rec)
}

// sort puts the records in key order (radix-sorted keys, equal keys by group).
func (b *builder) sort() {
	items := make([]radix.Item, len(b.recs))
	for i := range b.recs {
		items[i] = radix.Item{Key: b.recs[i].key, Row: uint32(i)}
	}
	items = radix.Sort(items, nil)
	group := func(it radix.Item) string {
		if g := b.recs[it.Row].group; g >= 0 {
			return b.groups[g]
		}
		return ""
	}
	for lo := 0; lo < len(items); {
		hi := lo + 1
		for hi < len(items) && items[hi].Key == items[lo].Key {
			hi++
		}
		if hi-lo > 1 {
			slices.SortStableFunc(items[lo:hi], func(x, y radix.Item) int { return cmp.Compare(group(x), group(y)) })
		}
		lo = hi
	}
	out := make([]rowRec, len(items))
	for i, it := range items {
		out[i] = b.recs[it.Row]
	}
	b.recs = out
}

// methodRank orders the methods by their words (bedday, capita, dip, drg);
// indicatorRank the indicator words.
var (
	methodRank    [param.NumMethods]uint8
	indicatorRank = map[string]uint8{}
	rankWord      []string // indicatorRank's inverse
	limitWords    = policy.FlagWords()
)

func init() {
	words := make([]string, param.NumMethods)
	for m := range param.Method(param.NumMethods) {
		words[m] = m.String()
	}
	sorted := slices.Clone(words)
	slices.Sort(sorted)
	for m, w := range words {
		methodRank[m] = uint8(slices.Index(sorted, w))
	}
	all := []string{"cmi-change", "upcoding", "group-cv", "surplus-rate", "surplus-coverage"}
	for _, ind := range indicators {
		all = append(all, ind.word)
	}
	slices.Sort(all)
	rankWord = all
	for i, w := range all {
		indicatorRank[w] = uint8(i)
	}
	for _, ind := range []*indicator{&cmiChangeInd, &upcodingInd, &groupCVInd, &surplusInd} {
		ind.limit = policy.FlagIndex(ind.flag)
	}
	for k := range indicators {
		indicators[k].limit = policy.FlagIndex(indicators[k].flag)
		indicators[k].rank = indicatorRank[indicators[k].word]
	}
	for _, ind := range []*indicator{&cmiChangeInd, &upcodingInd, &groupCVInd, &surplusInd} {
		ind.rank = indicatorRank[ind.word]
	}
}

// write is the written figure of e (a count when count), and whether it could be told.
func (e exact) write(count bool) (Number, bool) {
	if !e.ok {
		return Number{}, true
	}
	if count {
		v, err := e.big().Round(1, pointvalue.HalfUp)
		return Number{V: v, Valid: err == nil, Count: true}, true
	}
	n := e.round4()
	return n, n.Valid || e.span == nil
}

// flagOf tests the written value or ratio against the indicator's limit.
func (m *measure) flagOf(ind *indicator, value, ratio Number) string {
	if ind.limit < 0 {
		return ""
	}
	l := m.mp.Limits[ind.limit]
	if !l.On {
		return ""
	}
	n := value
	if ind.onRatio {
		n = ratio
	}
	if ind.below && below(n, l.Value) || !ind.below && above(n, l.Value) {
		return ind.flag
	}
	return ""
}

// rows builds every row of monitoring.csv, in order; ok is false when a span
// could not decide a figure (Measure then makes the exact sums and builds them again).
func (m *measure) rows(exactMode bool) (*builder, bool) {
	b := &builder{m: m, ok: true}
	est := len(m.res.Hospitals) + 64 // MON-15, and room for the rest
	for f := range param.Fund(param.NumFunds) {
		for mi := range 2 {
			if m.used[f][mi] {
				est += (m.nh+1)*(len(indicators)*periods+4) + len(m.grp[mi].code)*2
			}
		}
	}
	b.recs = make([]rowRec, 0, est)
	for f := range param.Fund(param.NumFunds) {
		for mi := range 2 {
			if !m.used[f][mi] {
				continue
			}
			for k := range indicators {
				ind := &indicators[k]
				if ind.need != 0 && m.cols&ind.need == 0 {
					continue
				}
				for period := range periods {
					if period > 0 && !ind.monthly {
						break
					}
					ri := m.accIndex(m.nh, f, mi, period)
					regX, regCases := ind.value(m, ri, &m.acc[ri])
					if regCases == 0 {
						continue
					}
					reg := b.region(regX, ind.count)
					b.add(m.nh, f, mi, period, ind.word, "", regX, regionFigure{}, regCases, ind)
					for h := range m.nh {
						i := m.accIndex(h, f, mi, period)
						v, cases := ind.value(m, i, &m.acc[i])
						if cases > 0 {
							b.add(h, f, mi, period, ind.word, "", v, reg, cases, ind)
						}
					}
				}
			}
			m.cmiChange(b, f, mi)
			if mi == 0 {
				m.upcoding(b, f)
			}
			m.groupCV(b, f, mi)
		}
	}
	m.surplus(b)
	b.sort()
	return b, b.ok
}

var cmiChangeInd = indicator{word: "cmi-change", flag: "cmi-jump"}

// cmiChange is MON-1's cmi-change: (cmi − prior) ÷ prior, the prior from last
// year's monitoring.csv; the region's from the two region values.
func (m *measure) cmiChange(b *builder, f param.Fund, mi int) {
	pr := m.opt.Prior
	if pr == nil || pr.Year != m.p.Year-1 {
		return
	}
	change := func(cur exact, prior pointvalue.Factor) exact {
		if !cur.ok || prior <= 0 {
			return exact{}
		}
		p := pointvalue.ExactFrac(int64(prior), pointvalue.FactorUnit)
		return fromExact(cur.big().Sub(p).QuoExact(p))
	}
	ri := m.accIndex(m.nh, f, mi, 0)
	var reg regionFigure
	if p, ok := pr.region(f, methods[mi]); ok {
		x := change(m.cmi(ri, &m.acc[ri]), p)
		if x.ok {
			reg = b.region(x, false)
			b.add(m.nh, f, mi, 0, cmiChangeInd.word, "", x, regionFigure{}, int64(m.acc[ri].grouped), &cmiChangeInd)
		}
	}
	for h := range m.nh {
		i := m.accIndex(h, f, mi, 0)
		p, ok := pr.value(m.hosp[h], f, methods[mi])
		if !ok {
			continue
		}
		if v := change(m.cmi(i, &m.acc[i]), p); v.ok {
			b.add(h, f, mi, 0, cmiChangeInd.word, "", v, reg, int64(m.acc[i].grouped), &cmiChangeInd)
		}
	}
}

var upcodingInd = indicator{word: "upcoding", flag: "upcoding-high", onRatio: true}

// upcoding is MON-6: per split ADRG the share of its top subgroup against the
// region's (both funds), and per hospital the case-weighted index.
func (m *measure) upcoding(b *builder, f param.Fund) {
	g := m.grp[0]
	ns := len(g.split)
	if ns == 0 {
		return
	}
	count := m.upCount
	min := int64(m.mp.ADRGMinCases)
	type adrgRef struct{ n, top int64 } // the reference share, both funds
	refs := make([]adrgRef, ns)
	for k := range ns {
		for ff := range param.Fund(param.NumFunds) {
			c := count(m.nh, ff, k)
			refs[k].n += int64(c.n)
			refs[k].top += int64(c.top)
		}
	}
	// index_a = (top ÷ n) ÷ (T ÷ N); Σ n·index_a = Σ top·N ÷ T: a span of
	// terms top × ⌊N·2⁶⁴ ÷ T⌋ (each short by less than top), or exact
	// rationals once the spans could not tell a figure.
	exactMode := m.exCost != nil
	weighted := func(h int) (exact, int64) {
		var sp span
		sum, cases := pointvalue.ExactInt(0), int64(0)
		for k := range ns {
			c, r := count(h, f, k), refs[k]
			if r.top == 0 || int64(c.n) < min || c.n == 0 {
				continue
			}
			if exactMode {
				sum = sum.Add(pointvalue.ExactInt(int64(c.top)).Mul(r.n).Quo(r.top))
			} else {
				qh, ql := recip(r.n, r.top)
				sp.a.addMul(uint64(c.top), qh, ql)
				sp.e += uint64(c.top)
			}
			cases += int64(c.n)
		}
		if cases == 0 {
			return exact{}, 0
		}
		if exactMode {
			return fromExact(sum.Quo(cases)), cases
		}
		sp.n = int32(cases)
		return exact{ok: true, span: &sp}, cases
	}
	regX, regCases := weighted(m.nh)
	var reg regionFigure
	if regCases > 0 {
		reg = b.region(regX, false)
		b.add(m.nh, f, 0, 0, "upcoding", "", regX, regionFigure{}, regCases, &upcodingInd)
	}
	refShares := make([]regionFigure, ns)
	for k := range ns {
		refShares[k] = b.region(frac(refs[k].top, refs[k].n), false)
	}
	adrgRows := make([]bool, ns)
	for h := range m.nh {
		for k := range ns {
			c, r := count(h, f, k), refs[k]
			if r.top == 0 || c.n == 0 || int64(c.n) < min {
				continue
			}
			adrgRows[k] = true
			b.add(h, f, 0, 0, "upcoding", g.adrgs[g.split[k]].code, frac(int64(c.top), int64(c.n)), refShares[k], int64(c.n), &upcodingInd)
		}
		if v, cases := weighted(h); cases > 0 {
			b.add(h, f, 0, 0, "upcoding", "", v, reg, cases, &upcodingInd)
		}
	}
	for k := range ns {
		if adrgRows[k] {
			b.add(m.nh, f, 0, 0, "upcoding", g.adrgs[g.split[k]].code, refShares[k].x, regionFigure{}, refs[k].n, &upcodingInd)
		}
	}
}

var groupCVInd = indicator{word: "group-cv", flag: "group-cv-high"}

// groupCV is MON-14: per group of the fund and method with at least
// group_min_cases cases, the population SD ÷ mean of its costs.
func (m *measure) groupCV(b *builder, f param.Fund, mi int) {
	g := m.grp[mi]
	l := m.mp.Limit(groupCVInd.flag)
	for i, s := range g.stat[f] {
		if s.n < int64(m.mp.GroupMinCases) || s.n == 0 {
			continue
		}
		r := Row{Fund: f, Method: methods[mi], Year: m.p.Year, Indicator: groupCVInd.word, Group: g.code[i], Cases: s.n}
		if s.cost > 0 {
			sq := new(big.Int).SetUint64(s.sqHi)
			sq.Lsh(sq, 64).Or(sq, new(big.Int).SetUint64(s.sqLo))
			sum := big.NewInt(s.cost)
			d := new(big.Int).Mul(big.NewInt(s.n), sq)
			d.Sub(d, new(big.Int).Mul(sum, sum)) // n·Σx² − (Σx)² ≥ 0
			d.Mul(d, big.NewInt(4*100_000_000))
			// CV·10⁴ = √(d·10⁸) ÷ S, half-up: ⌊(⌊2√(d·10⁸)⌋ + S) ÷ 2S⌋
			q := new(big.Int).Sqrt(d)
			q.Add(q, sum)
			q.Quo(q, new(big.Int).Lsh(sum, 1))
			r.Value = Number{V: q.Int64(), Valid: true}
		}
		if l.On && above(r.Value, l.Value) {
			r.Flag = groupCVInd.flag
		}
		b.push(r, m.nh)
	}
}

var surplusInd = indicator{word: "surplus-rate"}

// surplus is MON-15 on every hospitals.csv row: the surplus rate against what
// fee-for-service would have cost the fund, and the region's coverage.
func (m *measure) surplus(b *builder) {
	type key struct {
		f param.Fund
		m param.Method
	}
	type region struct {
		final, ffs pointvalue.Money
		rows, over int64
		cases      int64
	}
	regions := map[key]*region{}
	var keys []key
	ffsOf := m.ffsByRow()
	for _, hr := range m.res.Hospitals {
		k := key{hr.Fund, hr.Method}
		r := regions[k]
		if r == nil {
			r = &region{}
			regions[k] = r
			keys = append(keys, k)
		}
		ffs := ffsOf(&hr)
		r.final += hr.Final
		r.ffs += ffs
		r.rows++
		r.cases += hr.Cases
		if hr.Final > ffs {
			r.over++
		}
	}
	rate := func(final, ffs pointvalue.Money) exact {
		if ffs == 0 {
			return exact{}
		}
		return frac(int64(final-ffs), int64(ffs))
	}
	for _, k := range keys {
		r := regions[k]
		reg := rate(r.final, r.ffs)
		b.push(m.methodRow(k.f, k.m, "surplus-rate", reg, Number{}, Number{}, r.cases, ""), m.nh)
		b.push(m.methodRow(k.f, k.m, "surplus-coverage", frac(r.over, r.rows), Number{}, Number{}, r.rows, ""), m.nh)
		for _, hr := range m.res.Hospitals {
			if hr.Fund != k.f || hr.Method != k.m {
				continue
			}
			v := rate(hr.Final, ffsOf(&hr))
			val := v.round4()
			rat, _ := ratio(v, reg)
			row := m.methodRow(k.f, k.m, surplusInd.word, v, reg.round4(), rat, hr.Cases, "")
			row.HospitalID = hr.HospitalID
			if hr.Cases >= int64(m.mp.MinCases) {
				if l := m.mp.Limit("surplus-high"); l.On && above(val, l.Value) {
					row.Flag = "surplus-high"
				}
				if l := m.mp.Limit("deficit-high"); l.On && below(val, l.Value) {
					row.Flag = "deficit-high"
				}
			}
			h, _ := slices.BinarySearch(m.hosp, hr.HospitalID)
			b.push(row, h)
		}
	}
}

// methodRow is a year row of any method (MON-15's rows follow hospitals.csv).
func (m *measure) methodRow(f param.Fund, meth param.Method, word string, v exact, reg, rat Number, cases int64, flag string) Row {
	return Row{Fund: f, Method: meth, Year: m.p.Year, Indicator: word, Value: v.round4(), Region: reg, Ratio: rat, Cases: cases, Flag: flag}
}

// ffsByRow returns MON-15's ffs of a hospitals.csv row: Σ (total cost −
// patient share) over its cases (bed-day stays included); a capita row's own
// spending.
func (m *measure) ffsByRow() func(hr *budget.HospitalResult) pointvalue.Money {
	own := map[poolKey]pointvalue.Money{}
	for _, s := range m.in.Spending {
		if h, ok := slices.BinarySearch(m.hosp, s.Institution); ok {
			own[poolKey{h, s.Fund, param.Capita}] += s.Own
		}
	}
	return func(hr *budget.HospitalResult) pointvalue.Money {
		h, ok := slices.BinarySearch(m.hosp, hr.HospitalID)
		if !ok {
			return 0
		}
		if hr.Method == param.Capita {
			return own[poolKey{h, hr.Fund, param.Capita}]
		}
		if int(hr.Method) >= param.NumMethods {
			return 0
		}
		return m.ffs[m.ffsAt(h, hr.Fund, hr.Method)]
	}
}
