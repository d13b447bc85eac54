package monitor

import (
	"fmt"
	"iter"
	"math/big"
	"math/bits"
	"slices"
	"strconv"
	"unsafe"

	"github.com/dipdrg/dipdrg/budget"
	"github.com/dipdrg/dipdrg/dip"
	"github.com/dipdrg/dipdrg/drg"
	"github.com/dipdrg/dipdrg/internal/radix"
	"github.com/dipdrg/dipdrg/param"
	"github.com/dipdrg/dipdrg/pointvalue"
	"github.com/dipdrg/dipdrg/policy"
)

// Options say what Measure reads beside the settled year.
type Options struct {
	// Prior is last year's CMI (ReadPrior, settle -prior): the cmi-change rows
	// need it; nil writes none.
	Prior *Prior
	// Source names the policy in the monitoring section's errors ("policy.json").
	Source string
}

// Report is what Measure finds: the rows of monitoring.csv and of alerts.csv,
// each in its file's order. A large year has millions of them: the report
// keeps them as compact records and makes a Row or an Alert when asked (Row,
// Rows, Alert, Alerts); WriteRows and WriteAlerts write them without making
// them. Their strings view the report's and the batch's memory (valid while the
// batch is not reset).
type Report struct {
	// Exact reports that the fixed-point sums of the cost or time index could
	// not decide a figure and the exact sums were made (a rare, slower path;
	// the figures are the same either way).
	Exact bool

	rows   []rowRec // in key order
	groups []string // the groups rows name
	hosp   []string // hospital ids by index
	year   int
	alerts []alertRec // in (case id, indicator) order
	grp    [2]*groups // for the alerts' details
}

// NumRows is the number of rows of monitoring.csv.
func (rep *Report) NumRows() int { return len(rep.rows) }

// Row returns row i of monitoring.csv (0 ≤ i < NumRows); it allocates nothing.
func (rep *Report) Row(i int) Row {
	r := &rep.rows[i]
	o := Row{Fund: r.fund, Method: r.method, Year: rep.year, Month: int(r.month), Indicator: rankWord[r.ind],
		Value: r.value, Region: r.region, Ratio: r.ratio, Cases: r.cases}
	if r.hosp >= 0 {
		o.HospitalID = rep.hosp[r.hosp]
	}
	if r.group >= 0 {
		o.Group = rep.groups[r.group]
	}
	if r.flag >= 0 {
		o.Flag = limitWords[r.flag]
	}
	return o
}

// Rows iterates the rows of monitoring.csv in order.
func (rep *Report) Rows() iter.Seq[Row] {
	return func(yield func(Row) bool) {
		for i := range rep.rows {
			if !yield(rep.Row(i)) {
				return
			}
		}
	}
}

// NumAlerts is the number of rows of alerts.csv.
func (rep *Report) NumAlerts() int { return len(rep.alerts) }

// Alert returns row i of alerts.csv (0 ≤ i < NumAlerts); its detail is made
// when asked.
func (rep *Report) Alert(i int) Alert {
	r := &rep.alerts[i]
	return Alert{CaseID: r.caseID, HospitalID: rep.hosp[r.hosp], Indicator: alertWords[r.kind], Detail: string(rep.appendDetail(nil, r))}
}

// Alerts iterates the rows of alerts.csv in order.
func (rep *Report) Alerts() iter.Seq[Alert] {
	return func(yield func(Alert) bool) {
		for i := range rep.alerts {
			if !yield(rep.Alert(i)) {
				return
			}
		}
	}
}

// Row is one row of monitoring.csv, key (HospitalID, Fund, Method, Period,
// Indicator, Group). A region row has an empty HospitalID.
type Row struct {
	HospitalID string
	Fund       param.Fund
	Method     param.Method
	Year       int
	Month      int // 1–12 for a month row (period "2025-03"); 0 for the year ("2025")
	Indicator  string
	Group      string // an ADRG (upcoding) or group (group-cv); "" otherwise
	Value      Number
	Region     Number // region_value
	Ratio      Number
	Cases      int64 // the indicator's denominator
	Flag       string
}

// Period returns the period as written: "2025" or "2025-03".
func (r *Row) Period() string { return string(appendPeriod(nil, r.Year, r.Month)) }

// appendPeriod appends a row's period: the year, and "-MM" for a month row.
func appendPeriod(b []byte, year, month int) []byte {
	b = strconv.AppendInt(b, int64(year), 10)
	if month > 0 {
		b = append(b, '-', byte('0'+month/10), byte('0'+month%10))
	}
	return b
}

// Alert is one row of alerts.csv: a case the indicators single out.
type Alert struct {
	CaseID     string
	HospitalID string
	Indicator  string // split-admission, low-standard, overlong-stay, low-risk-death
	Detail     string
}

// ErrStreamed is returned for a year settled by a Stream: its cases are on
// disk and carry no settlement-list fields, so it cannot be monitored.
var ErrStreamed = fmt.Errorf("%w: a streamed year cannot be monitored", pointvalue.ErrInvalidArgument)

// acc are one row's counters: a (hospital or region, fund, method, period).
// Counts are int32 (a region's year has fewer than 2³¹ cases), the hot ones
// first: a case touches a few cache lines of its row.
type acc struct {
	base, grouped, ungrouped, unknown int32
	high, low, special, heavy         int32
	lowStd, overlong, sec             int32
	dscg, transfer, ownN, selfN       int32
	split, riskPop, riskDeaths        int32
	wHi, wLo                          uint64 // Σ RW or score of grouped cases, 10⁻⁸
	own, ownCost, self, selfCost      int64
	cost, time                        sum128   // the cases with a reference (MON-2, MON-3): their n counts them
	_                                 [24]byte // 192 bytes: a row is three whole cache lines
}

func (a *acc) add(o *acc) {
	a.base += o.base
	a.grouped += o.grouped
	a.ungrouped += o.ungrouped
	a.unknown += o.unknown
	a.high += o.high
	a.low += o.low
	a.special += o.special
	a.heavy += o.heavy
	a.addWeight(o.wHi, o.wLo)
	a.cost.addSum(&o.cost)
	a.time.addSum(&o.time)
	a.lowStd += o.lowStd
	a.overlong += o.overlong
	a.sec += o.sec
	a.dscg += o.dscg
	a.transfer += o.transfer
	a.ownN += o.ownN
	a.own += o.own
	a.ownCost += o.ownCost
	a.selfN += o.selfN
	a.self += o.self
	a.selfCost += o.selfCost
	a.split += o.split
	a.riskPop += o.riskPop
	a.riskDeaths += o.riskDeaths
}

func (a *acc) addWeight(hi, lo uint64) {
	var c uint64
	a.wLo, c = addC(a.wLo, lo)
	a.wHi += hi + c
}

func addC(x, y uint64) (uint64, uint64) {
	s := x + y
	if s < x {
		return s, 1
	}
	return s, 0
}

// sum128 is a row's Σ x·Q of a cost or time index (MON-2, MON-3) in
// 128 bits, over n cases; ovf is set when it would not fit (the exact sums are
// made then).
type sum128 struct {
	hi, lo uint64
	n      int32
	ovf    bool
}

func (s *sum128) addMul(x, qHi, qLo uint64) {
	h0, l0 := bits.Mul64(x, qLo)
	h1, l1 := bits.Mul64(x, qHi)
	var c, c2 uint64
	s.lo, c = bits.Add64(s.lo, l0, 0)
	s.hi, c2 = bits.Add64(s.hi, h0, c)
	var c3 uint64
	s.hi, c3 = bits.Add64(s.hi, l1, 0)
	s.ovf = s.ovf || h1 != 0 || c2 != 0 || c3 != 0
	s.n++
}

func (s *sum128) addSum(o *sum128) {
	var c, c2 uint64
	s.lo, c = bits.Add64(s.lo, o.lo, 0)
	s.hi, c2 = bits.Add64(s.hi, o.hi, c)
	s.ovf = s.ovf || o.ovf || c2 != 0
	s.n += o.n
}

// span is the sum as a span: each of its n terms short by less than xmax.
func (s *sum128) span(xmax uint64) *span {
	sp := &span{a: u192{s.lo, s.hi, 0}, n: s.n}
	if h, l := bits.Mul64(uint64(s.n), xmax); h == 0 && !s.ovf {
		sp.e = l
	} else {
		sp.e = ^uint64(0) // no bound: the exact sums will be made
	}
	return sp
}

// periods: 0 the year, 1–12 the discharge months.
const periods = 13

// measure is one Measure call.
type measure struct {
	res      *budget.Result
	in       budget.Input
	p        *policy.Policy
	mp       *policy.Monitoring
	opt      Options
	jan1     pointvalue.Date
	nh       int      // hospitals; index nh is the region
	hosp     []string // hospital ids by index
	cols     budget.ListColumns
	grp      [2]*groups
	scale    [2]int64 // score scale: 1 for DRG, dip.score_scale for DIP
	used     [param.NumFunds][2]bool
	acc      []acc  // by (hospital, fund, method, period): see at
	maxCost  uint64 // the largest cost and stay of a grouped case: a span's bound (sum128.span)
	maxLOS   uint64
	up       []upCount16        // MON-6: by (hospital, fund, split ADRG)
	upSpill  map[int32]upCount  // MON-6: what a hospital's counts hold beyond 16 bits
	upRegion []upCount          // MON-6: the region's, by (fund, split ADRG)
	months   [366]uint8         // day of the year → month
	ffs      []pointvalue.Money // MON-15 by (hospital, fund, pool method): see ffsAt
	split    []splitRec
	splitKey []radix.Item // (patient, hospital) of each kept stay
	alerts   []alertRec
	// exCost, exTime are the exact Σ n·x ÷ S of each row's cost and time
	// index, once exactIndexes made them (nil before).
	exCost, exTime []*big.Rat
}

type poolKey struct {
	hosp   int
	fund   param.Fund
	method param.Method
}

// upCount are the grouped cases of a split ADRG and those of its top subgroup
// (MON-6); upCount16 a hospital's, in the 16 bits that hold them but at the
// largest hospitals (a count that would pass them spills to upSpill), so that
// a hospital's counts take half the cache.
type (
	upCount   struct{ n, top int64 }
	upCount16 struct{ n, top uint16 }
)

// upCount returns hospital h's (or, for h = nh, the region's) MON-6 counts.
func (m *measure) upCount(h int, f param.Fund, k int) upCount {
	ns := len(m.grp[0].split)
	if h == m.nh {
		return m.upRegion[int(f)*ns+k]
	}
	i := int32((h*param.NumFunds+int(f))*ns + k)
	c, sp := m.up[i], m.upSpill[i]
	return upCount{int64(c.n) + sp.n, int64(c.top) + sp.top}
}

func (m *measure) ffsAt(h int, f param.Fund, meth param.Method) int {
	return (h*param.NumFunds+int(f))*param.NumMethods + int(meth)
}

func (m *measure) at(h int, f param.Fund, mi, period int) *acc {
	return &m.acc[m.accIndex(h, f, mi, period)]
}

// Measure computes the indicators (MON-1..MON-15) and alerts of a year settled
// in memory, from its Result and the Input it was settled from: monitoring.csv's
// rows in key order and alerts.csv's in (case_id, indicator) order. The policy's
// monitoring section is checked first (policy.CheckMonitoring). Nothing of res
// or in is changed. A streamed year is ErrStreamed.
func Measure(res *budget.Result, in budget.Input, opt Options) (*Report, error) {
	if res == nil || res.Policy == nil {
		return nil, fmt.Errorf("monitor: %w: no result", pointvalue.ErrInvalidArgument)
	}
	if res.NumCases() == 0 {
		for _, h := range res.Hospitals {
			if h.Method != param.Capita && h.Cases > 0 {
				return nil, ErrStreamed
			}
		}
	}
	if err := res.Policy.CheckMonitoring(opt.Source); err != nil {
		return nil, err
	}
	m := &measure{res: res, in: in, p: res.Policy, mp: &res.Policy.Monitoring, opt: opt,
		jan1: pointvalue.DateOf(res.Policy.Year, 1, 1)}
	for k := range m.months {
		m.months[k] = uint8((m.jan1 + pointvalue.Date(k)).Month())
	}
	m.hospitals()
	if in.Cases != nil {
		m.cols = in.Cases.ListColumns()
	}
	m.scale = [2]int64{1, int64(max(1, res.Policy.DIP.ScoreScale))}
	for mi, meth := range methods {
		m.grp[mi] = newGroups(meth, in)
	}
	m.acc = make([]acc, (m.nh+1)*param.NumFunds*2*periods)
	m.ffs = make([]pointvalue.Money, m.nh*param.NumFunds*param.NumMethods)
	m.up = make([]upCount16, m.nh*param.NumFunds*len(m.grp[0].split))
	m.upRegion = make([]upCount, param.NumFunds*len(m.grp[0].split))
	tick("setup")
	m.pass1()
	tick("pass1")
	for mi, g := range m.grp {
		g.references(m.mp, m.scale[mi])
	}
	tick("refs")
	m.pass2()
	tick("pass2")
	m.splits()
	tick("splits")
	m.sum()
	tick("sum")
	rep := &Report{hosp: m.hosp, year: m.p.Year, alerts: sortAlerts(m.alerts), grp: m.grp}
	tick("alerts")
	b, ok := m.rows(false)
	tick("rows")
	if !ok || forceExact {
		m.exactIndexes()
		rep.Exact = true
		b, _ = m.rows(true)
	}
	rep.rows, rep.groups = b.recs, b.groups
	tick("sort")
	return rep, nil
}

// forceExact makes Measure take the exact path always (tests compare the two).
var forceExact = false

// hospitals indexes the hospitals as budget.SettledCase.Hospital does: by id.
func (m *measure) hospitals() {
	ids := make([]string, len(m.in.Hospitals))
	for i, h := range m.in.Hospitals {
		ids[i] = h.ID
	}
	slices.Sort(ids)
	m.hosp = slices.Compact(ids)
	m.nh = len(m.hosp)
}

// los is the stay's length as monitoring counts it: the los column, else the
// days from admission to discharge, at least 1 (BED-2's count).
func los(s *budget.SettledCase) int64 {
	if s.List.LOS > 0 {
		return int64(s.List.LOS)
	}
	return max(int64(s.Discharge-s.Admit), 1)
}

// grouped reports whether a base case is grouped (MON-C2): its group resolves,
// and no stay-length exclusion (VAR-12) set it aside.
func grouped(s *budget.SettledCase) bool {
	if s.Group < 0 {
		return false
	}
	switch s.Method {
	case param.DRG:
		return drg.CaseFlags(s.Flags)&drg.FlagsExcludedLOS == 0
	case param.DIP:
		return dip.CaseFlags(s.Flags)&dip.FlagsExcludedLOS == 0
	}
	return false
}

// pass1 gathers the year's figures per (fund, method, group) and counts each
// patient's stays.
func (m *measure) pass1() {
	for s := range m.res.Settled(0) {
		if s.Method == param.BedDay {
			continue
		}
		mi := methodIndex(s.Method)
		m.used[s.Fund][mi] = true
		if !grouped(s) {
			continue
		}
		g := m.grp[mi]
		if int(s.Group) >= len(g.code) {
			continue
		}
		stay := los(s)
		g.stat[s.Fund][s.Group].add(int64(s.TotalCost), stay, s.List.DischargeWay)
		m.maxCost, m.maxLOS = max(m.maxCost, uint64(max(s.TotalCost, 0))), max(m.maxLOS, uint64(stay))
	}
}

// pass2 adds every case to its row's counters, runs the case tests and keeps
// the stays of patients with more than one for MON-7.
func (m *measure) pass2() {
	mp := m.mp
	lowDays := int64(mp.LowStandardDays)
	// A case updates its hospital's month row and MON-6 counts, at random in
	// a large year: the cases come in blocks of hospitals whose counters fit
	// in a cache of a few MiB.
	perHospital := param.NumFunds * (12*int(unsafe.Sizeof(acc{})) + len(m.grp[0].split)*int(unsafe.Sizeof(upCount16{})))
	block := max(64, blockBytes/max(perHospital, 1))
	for s := range m.res.Settled(block) {
		h := s.Hospital
		if h < 0 || h >= m.nh {
			continue
		}
		if s.Pool != param.Capita {
			m.ffs[m.ffsAt(h, s.Fund, s.Pool)] += s.TotalCost - s.PatientShare // MON-15
		}
		if s.Method == param.BedDay {
			continue
		}
		mi := methodIndex(s.Method)
		a := m.at(h, s.Fund, mi, m.monthOf(s.Discharge))
		a.base++
		switch s.Group {
		case drg.NoGroup: // = dip.NoGroup
			a.ungrouped++
		case drg.UnknownGroup: // = dip.UnknownGroup
			a.unknown++
		}
		switch s.Class {
		case budget.ClassHigh:
			a.high++
		case budget.ClassLow:
			a.low++
		case budget.ClassSpecial:
			a.special++
		default:
			if s.Method == param.DIP && dip.CaseFlags(s.Flags)&dip.FlagsSpecialReviewCandidate != 0 {
				a.high++ // MON-4: DIP's high cases scored as normal (A15)
			}
		}
		l := &s.List
		a.sec += int32(secondaryCount(l.SecondaryDiagnoses))
		way := l.DischargeWay
		if way != budget.DischargeUnknown {
			a.dscg++
			if way == budget.DischargeTransfer {
				a.transfer++
			}
		}
		cost := int64(s.TotalCost)
		if l.HasOwnPay {
			a.ownN, a.own, a.ownCost = a.ownN+1, a.own+int64(l.OwnPay), a.ownCost+cost
		}
		if l.HasSelfPay {
			a.selfN, a.self, a.selfCost = a.selfN+1, a.self+int64(l.SelfPay), a.selfCost+cost
		}
		stay := los(s)
		var g *groups
		if grouped(s) && int(s.Group) < len(m.grp[mi].code) {
			g = m.grp[mi]
			gi := s.Group
			a.grouped++
			a.addWeight(0, uint64(g.weight[gi]))
			if g.heavy[gi] {
				a.heavy++
			}
			if g.risk[gi] && way != budget.DischargeUnknown {
				a.riskPop++
				if way == budget.DischargeDeath {
					a.riskDeaths++
					m.alerts = append(m.alerts, alertRec{caseID: s.CaseID, hosp: int32(h), kind: alertLowRiskDeath, ref: gi, mi: uint8(mi)})
				}
			}
			if r := g.ref[gi]; r >= 0 {
				rf := &g.refs[r]
				if rf.costOK {
					a.cost.addMul(uint64(cost), rf.qcHi, rf.qcLo)
					// MON-8: los ≤ days, cost < factor × S ÷ n, not a transfer or death
					if stay <= lowDays && way != budget.DischargeTransfer && way != budget.DischargeDeath &&
						cmpProd(cost, rf.n*pointvalue.FactorUnit, int64(mp.LowStandardCost), rf.s) < 0 {
						a.lowStd++
						m.alerts = append(m.alerts, alertRec{caseID: s.CaseID, hosp: int32(h), kind: alertLowStandard, ref: r, mi: uint8(mi), stay: stay, x: cost})
					}
				}
				if rf.timeOK {
					a.time.addMul(uint64(stay), rf.qlHi, rf.qlLo)
					// MON-11: los > factor × L ÷ n
					if cmpProd(stay, rf.n*pointvalue.FactorUnit, int64(mp.OverlongFactor), rf.l) > 0 {
						a.overlong++
						m.alerts = append(m.alerts, alertRec{caseID: s.CaseID, hosp: int32(h), kind: alertOverlong, ref: r, mi: uint8(mi), stay: stay, x: stay})
					}
				}
			}
			if k := g.splitIdx[g.adrg[gi]]; mi == 0 && k >= 0 { // MON-6
				m.countUp(int32((h*param.NumFunds+int(s.Fund))*len(g.split)+int(k)), g.top[gi])
			}
		}
		if s.Repeat {
			m.keepStay(s, g)
		}
	}
}

// countUp counts a case in m.up[i] (MON-6), spilling beyond 16 bits.
func (m *measure) countUp(i int32, top bool) {
	c := &m.up[i]
	if c.n < 1<<16-1 {
		c.n++
		if top {
			c.top++
		}
		return
	}
	if m.upSpill == nil {
		m.upSpill = map[int32]upCount{}
	}
	sp := m.upSpill[i]
	sp.n++
	if top {
		sp.top++
	}
	m.upSpill[i] = sp
}

// monthOf is the period of a discharge date in the year: its month, 1–12.
func (m *measure) monthOf(d pointvalue.Date) int {
	if k := int(d - m.jan1); k >= 0 && k < len(m.months) {
		return int(m.months[k])
	}
	return int(d.Month())
}

// secondaryCount is the number of codes in a |-joined list.
func secondaryCount(s string) int {
	if s == "" {
		return 0
	}
	n := 1
	for i := 0; i < len(s); i++ {
		if s[i] == '|' {
			n++
		}
	}
	return n
}

// sum makes the year rows (Σ months) and the region rows (Σ hospitals), and
// the region's MON-6 counts.
func (m *measure) sum() {
	if ns := len(m.grp[0].split); ns > 0 {
		for h := range m.nh {
			for f := range param.Fund(param.NumFunds) {
				for k := range ns {
					c, r := m.upCount(h, f, k), &m.upRegion[int(f)*ns+k]
					r.n += c.n
					r.top += c.top
				}
			}
		}
	}
	for h := 0; h <= m.nh; h++ {
		for f := range param.Fund(param.NumFunds) {
			for mi := range 2 {
				if h < m.nh {
					y := m.at(h, f, mi, 0)
					for p := 1; p < periods; p++ {
						y.add(m.at(h, f, mi, p))
					}
					for p := range periods {
						m.at(m.nh, f, mi, p).add(m.at(h, f, mi, p))
					}
				}
			}
		}
	}
}

var timing func(string)

func tick(phase string) {
	if timing != nil {
		timing(phase)
	}
}

// blockBytes is the cache pass 2 keeps its counters in.
var blockBytes = 4 << 20
