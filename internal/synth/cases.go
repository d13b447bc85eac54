package synth

import (
	"bufio"
	"io"
	"math/bits"
	"math/rand/v2"

	"github.com/dipdrg/dipdrg/pointvalue"
)

// CaseKind is what the generator meant a case to be. It is not written to the
// files (the engine decides a case's class); tests use it to check proportions.
type CaseKind uint8

// Kinds of generated cases.
const (
	KindNormal     CaseKind = iota // cost around the group's average
	KindHigh                       // 3–6 × the average (高倍率)
	KindLow                        // 0.1–0.4 × the average (低倍率)
	KindIncomplete                 // 未完整治疗 (DRG-5), flagged
	KindSpecial                    // approved special review (特例单议) with special_points
	KindBedDay                     // a psychiatric or rehabilitation long stay (床日)
	KindUngrouped                  // no group (DRG) or a diagnosis no group takes (DIP)
)

var kindNames = [...]string{"normal", "high", "low", "incomplete", "special", "bedday", "ungrouped"}

func (k CaseKind) String() string {
	if int(k) < len(kindNames) {
		return kindNames[k]
	}
	return "unknown"
}

// Proportions of the kinds, per 100 000 cases (the rest are normal).
const (
	perBedDay     = 500
	perUngrouped  = 500
	perSpecial    = 300
	perIncomplete = 1000
	perHigh       = 3000
	perLow        = 5000
	perReadmit    = 360 // per 10 000 candidates; about 3% of cases end up readmissions
)

// CaseRecord is one row of cases.csv (and, with Year, of the history file), as Go
// values. Empty strings and zero values write empty cells (TCMShare,
// SpecialPoints). Strings produced by a stream stay valid after the callback
// returns; the record itself is reused.
type CaseRecord struct {
	CaseID         string
	PatientID      string
	HospitalID     string
	Fund           string // employee | resident
	Method         string // drg | dip | bedday
	Group          string
	Diagnosis      string
	Procedures     string
	Treatment      string
	BedDayCategory string
	Severity       string
	Admit          pointvalue.Date
	Discharge      pointvalue.Date
	TotalCost      pointvalue.Money
	PatientShare   pointvalue.Money
	TCMShare       pointvalue.Factor // 0: empty
	SpecialPoints  pointvalue.Points // 0: empty
	Incomplete     bool
	Year           int16 // the discharge year (written only to history files)

	Kind    CaseKind // the generator's intent (not written)
	Readmit bool     // the later stay of a readmission pair (DRG-7/DIP-7; not written)
	Plant   Plant    // the anomaly planted in the case (Options.Plants; not written)
	HasList bool     // List is written (Options.Monitoring)
	fund    uint8
	hidx    int32
	gidx    int32 // DRG group or DIP type index; −1 none
	patient uint64

	// List is the settlement-list fields, written when HasList.
	List ListRecord
}

// CaseColumns is the header of cases.csv as written; the history file adds "year".
var CaseColumns = []string{"case_id", "patient_id", "hospital_id", "fund", "method", "group",
	"diagnosis", "procedures", "treatment", "admit_date", "discharge_date", "total_cost",
	"patient_share", "bedday_category", "incomplete", "tcm_share", "severity", "special_points"}

var fundNames = [2]string{Employee, Resident}

var deflators = [4]int64{1_000_000, 970_874, 942_596, 915_142} // 1.03^−y × 1e6

// generator produces the cases of one year. Case number k (0 ≤ k < n) depends
// only on (Seed, year, k): the stream writes position i as case perm(i), so the
// order is shuffled while each case can be made alone.
type generator struct {
	w       *world
	yi      int // 0: the policy year; 1–3: years before it
	year    int
	n       uint64
	order   perm
	patPerm perm
	pcg     *rand.PCG
	lpcg    rand.PCG // the settlement-list fields' stream (list.go)

	key   uint64
	salt  uint64
	start int32 // Jan 1 of the year, days since 1970
	days  uint64
	width int
	arena arena
	buf   []byte
	base  CaseRecord
}

func newGenerator(w *world, yi int) *generator {
	n := w.opt.Cases
	if yi > 0 {
		n = w.opt.HistoryCases
	}
	year := w.opt.Year - yi
	g := &generator{w: w, yi: yi, year: year, n: uint64(n)}
	g.key = mix64(w.opt.Seed ^ 0xca5e5eed)
	g.salt = mix64(uint64(yi) + 0x9e37)
	g.order = newPerm(g.n, mix64(g.key^g.salt))
	g.patPerm = newPerm(1<<34, mix64(g.key+1))
	g.pcg = rand.NewPCG(0, 0)

	g.start = int32(pointvalue.DateOf(year, 1, 1))
	g.days = uint64(int32(pointvalue.DateOf(year+1, 1, 1)) - g.start)
	g.width = 8
	for x := g.n; x >= 100_000_000; x /= 10 {
		g.width++
	}
	return g
}

func (g *generator) reseed(k uint64) { g.pcg.Seed(g.key^g.salt, mix64(k)) }

func (g *generator) readmitFlag(k uint64) bool {
	return mix64(g.key^g.salt^mix64(k+0x7ead))%10_000 < perReadmit
}

// at fills c with the case at output position i.
func (g *generator) at(i uint64, c *CaseRecord) {
	k := g.order.at(i)
	g.gen(k, c)
	b := append(g.buf[:0], 'C')
	if g.yi > 0 {
		b = appendPadded(b, uint64(g.year), 4)
		b = append(b, '-')
	}
	b = appendPadded(b, k+1, g.width)
	c.CaseID = g.arena.str(b)
	b = append(b[:0], 'P')
	b = appendPadded(b, c.patient, 11)
	c.PatientID = g.arena.str(b)
	g.buf = b
	if g.w.opt.Monitoring && g.yi == 0 {
		g.list(k, c)
	}
}

func (g *generator) gen(k uint64, c *CaseRecord) {
	natural := g.readmitFlag(k) && !g.readmitFlag(k-1) && !g.splitFlag(k-1)
	// Options.Plants: a split admission after a stay at the split hospital
	plant := g.splitFlag(k) && !g.readmitFlag(k) && !g.readmitFlag(k-1) && !g.splitFlag(k-1)
	if k > 0 && (natural || plant) {
		g.independent(k-1, &g.base)
		if natural || g.base.hidx == g.w.plantHosp()[PlantSplit] {
			switch g.base.Kind {
			case KindNormal, KindHigh, KindLow, KindIncomplete:
				g.reseed(k)
				if g.readmission(&g.base, c) {
					if !natural {
						c.Plant = PlantSplit
					}
					return
				}
			}
		}
	}
	g.independent(k, c)
}

// below returns a number in [0, n) from the case's PCG (Lemire's multiply; the
// bias, n ÷ 2⁶⁴, is immaterial for synthetic data and keeps it deterministic).
func (g *generator) below(n uint64) uint64 {
	hi, _ := bits.Mul64(g.pcg.Uint64(), n)
	return hi
}

func (g *generator) between(lo, hi int64) int64 { return lo + int64(g.below(uint64(hi-lo+1))) }

// multiplier draws a log-normal cost multiplier (1e-5) from costQuantiles.
func (g *generator) multiplier() int64 {
	u := g.pcg.Uint64() >> 48 // 16 bits
	i, f := u>>8, int64(u&255)
	return costQuantiles[i] + (costQuantiles[i+1]-costQuantiles[i])*f/256
}

// avg is the expected cost (fen) of a grouped case at its hospital this year.
func (g *generator) avg(c *CaseRecord) int64 {
	w := g.w
	var a int64
	if w.opt.Method == DRG {
		a = w.groups[c.gidx].avgFen[c.fund]
	} else {
		a = w.types[c.gidx].avgFen[c.fund]
	}
	a = a * w.hospCost4[c.hidx] / 10_000
	return a * deflators[g.yi] / 1_000_000
}

func (g *generator) los10(c *CaseRecord) int64 {
	if g.w.opt.Method == DRG {
		return g.w.groups[c.gidx].los10
	}
	return g.w.types[c.gidx].los10
}

func (g *generator) share(c *CaseRecord) {
	lo := int64(1000) + int64(c.fund)*1000
	pct := g.between(lo, lo+2000)
	c.PatientShare = pointvalue.Money(int64(c.TotalCost) * pct / 10_000)
}

func (g *generator) independent(k uint64, c *CaseRecord) {
	w := g.w
	g.reseed(k)
	*c = CaseRecord{Year: int16(g.year), gidx: -1, Method: w.opt.Method}
	c.patient = g.patPerm.at(uint64(g.yi)<<32 + k)
	if g.below(100) >= 60 {
		c.fund = 1
	}
	c.Fund = fundNames[c.fund]
	h := w.hospS.draw(g.pcg.Uint64())
	c.hidx = int32(h)
	c.HospitalID = w.hosp[h].ID
	lv := int(w.hospLevel[h])
	u := g.below(100_000)
	var los int64
	switch {
	case u < perBedDay:
		c.Kind = KindBedDay
		cat := 0
		if g.below(100) >= 60 {
			cat = 1
		}
		c.Method = BedDay
		c.BedDayCategory = beddayRates[cat].category
		los = 20 + g.between(0, 160)*g.between(0, 160)/160
		daily := beddayRates[cat].rates[lv] * 100 * g.between(8500, 11500) / 10_000
		c.TotalCost = pointvalue.Money(los*daily*deflators[g.yi]/1_000_000 + g.between(0, 99))
		dd := g.between(max(0, los-25), int64(g.days)-1)
		g.dates(c, dd, los)
		g.share(c)
		return
	case u < perBedDay+perUngrouped:
		c.Kind = KindUngrouped
		M := drgM[c.fund]
		if w.opt.Method == DIP {
			M = dipM[c.fund] / 2
			c.Diagnosis = ungroupedDiagnoses[g.below(uint64(len(ungroupedDiagnoses)))]
			c.Treatment = "conservative"
		}
		a := M * deflators[g.yi] / 1_000_000
		c.TotalCost = pointvalue.Money(max(a*g.multiplier()/100_000, 100))
		los = g.between(2, 12)
		g.dates(c, g.between(max(0, los-31), int64(g.days)-1), los)
		g.share(c)
		return
	case u < perBedDay+perUngrouped+perSpecial:
		c.Kind = KindSpecial
	case u < perBedDay+perUngrouped+perSpecial+perIncomplete:
		c.Kind = KindIncomplete
		c.Incomplete = true
	case u < perBedDay+perUngrouped+perSpecial+perIncomplete+perHigh:
		c.Kind = KindHigh
	case u < perBedDay+perUngrouped+perSpecial+perIncomplete+perHigh+perLow:
		c.Kind = KindLow
	default:
		c.Kind = KindNormal
	}
	if g.plants() && c.Kind == KindNormal && h == int(g.w.plantHosp()[PlantLowStandard]) && g.flag(k, 0x10e, plantLowStdPer) {
		c.Plant = PlantLowStandard
	}
	g.group(c, lv)
	g.cost(c)
	if g.plants() && h == int(g.w.plantHosp()[PlantUpcoding]) && g.w.opt.Method == DRG {
		if top := g.w.topOf[c.gidx]; top >= 0 && top != c.gidx && g.flag(k, 0x0bc, plantUpcodePer) {
			c.Group, c.Plant = g.w.groups[top].code, PlantUpcoding // the cost stays the subgroup's it was
		}
	}
}

// group picks the case's group (DRG) or case type (DIP) at hospital level lv.
func (g *generator) group(c *CaseRecord, lv int) {
	w := g.w
	if w.opt.Method == DRG {
		gi := w.levelIdx[lv][w.levelS[lv].draw(g.pcg.Uint64())]
		c.gidx = gi
		c.Group = w.groups[gi].code
		return
	}
	var ti int32
	comp := g.below(100) < 8
	if comp {
		ti = w.compIdx[w.compS.draw(g.pcg.Uint64())]
	} else {
		ti = w.levelIdx[lv][w.levelS[lv].draw(g.pcg.Uint64())]
	}
	c.gidx = ti
	t := &w.types[ti]
	c.Diagnosis = t.diag[0]
	if g.below(100) < 20 {
		c.Diagnosis = t.diag[1+g.below(uint64(len(t.diag)-1))]
	}
	c.Procedures = t.procs
	if t.canExtra && g.below(100) < 5 {
		c.Procedures = t.procsExtra[g.below(uint64(len(t.procsExtra)))]
	}
	switch {
	case t.treat == "conservative":
		if g.below(2) == 0 {
			c.Treatment = "conservative"
		}
	case t.treatAlt != "" && g.below(2) == 0:
		c.Treatment = t.treatAlt
	default:
		c.Treatment = t.treat
	}
	if !comp && g.below(100) < 2 {
		c.Group = w.catalog[t.group].Code
	}
	if g.below(100) < 15 {
		c.Severity = severities[pick(severityCum[:], g.below(10))]
	}
	if g.below(100) < 4 {
		c.TCMShare = pointvalue.Factor(g.between(2000, 9000) * 10_000)
	}
}

var (
	severities  = [3]string{"1", "2", "3"}
	severityCum = [3]uint64{6, 9, 10}
)

// cost draws the cost, stay and dates of a grouped case by its kind.
func (g *generator) cost(c *CaseRecord) {
	a := g.avg(c)
	var mult, los int64
	switch {
	case c.Plant == PlantLowStandard:
		mult = g.between(10_000, 25_000)
	case c.Kind == KindHigh:
		mult = g.between(300_000, 600_000)
	case c.Kind == KindLow:
		mult = g.between(10_000, 40_000)
	case c.Kind == KindIncomplete:
		mult = g.between(10_000, 60_000)
	case c.Kind == KindSpecial:
		mult = g.between(400_000, 800_000)
	default:
		mult = g.multiplier()
	}
	cost := max(a*mult/100_000+g.between(0, 99), 100)
	c.TotalCost = pointvalue.Money(cost)
	switch {
	case c.Plant == PlantLowStandard:
		los = g.between(1, 2)
	case c.Kind == KindLow, c.Kind == KindIncomplete:
		los = g.between(1, 3)
	default:
		los = min(max(g.los10(c)*mult/1_000_000, 1), 90)
	}
	if c.Kind == KindSpecial {
		// approved points (DRG-8/DIP-8): about cost ÷ M × 100 (×1000 for DIP), 4 decimals
		scale, M := int64(100), drgM[c.fund]
		if g.w.opt.Method == DIP {
			scale, M = 1000, dipM[c.fund]
		}
		p4 := cost * scale * 10_000 / M * g.between(80, 100) / 100
		c.SpecialPoints = pointvalue.Points(p4 * 10_000)
	}
	g.dates(c, g.between(max(0, los-31), int64(g.days)-1), los)
	g.share(c)
}

func (g *generator) dates(c *CaseRecord, dd, los int64) {
	c.Discharge = pointvalue.Date(g.start + int32(dd))
	c.Admit = c.Discharge - pointvalue.Date(los)
}

// readmission makes c the later stay of base (DRG-7/DIP-7): same patient,
// hospital, fund and group, admitted 1–14 days after base's discharge. It
// reports false when the stay would end after the year.
func (g *generator) readmission(base, c *CaseRecord) bool {
	*c = *base
	c.Kind, c.Readmit, c.Incomplete, c.SpecialPoints, c.TCMShare, c.Plant = KindNormal, true, false, 0, 0, PlantNone
	c.Admit = base.Discharge + pointvalue.Date(g.between(1, 14))
	mult := g.multiplier()
	los := min(max(g.los10(c)*mult/1_000_000, 1), 90)
	c.Discharge = c.Admit + pointvalue.Date(los)
	if int64(c.Discharge) >= int64(g.start)+int64(g.days) {
		return false
	}
	c.TotalCost = pointvalue.Money(max(g.avg(c)*mult/100_000+g.between(0, 99), 100))
	g.share(c)
	return true
}

// CaseStream calls yield with each case of the policy year, in the order
// cases.csv lists them, without holding them; it stops when yield returns false.
// The record is reused between calls (its strings stay valid).
func CaseStream(opt Options, yield func(*CaseRecord) bool) error {
	opt, err := opt.normalize()
	if err != nil {
		return err
	}
	w, err := newWorld(opt)
	if err != nil {
		return err
	}
	stream(newGenerator(w, 0), yield)
	return nil
}

// HistoryStream is CaseStream for the three history years, oldest first
// (opt.HistoryCases cases each; opt.History need not be set).
func HistoryStream(opt Options, yield func(*CaseRecord) bool) error {
	opt, err := opt.normalize()
	if err != nil {
		return err
	}
	w, err := newWorld(opt)
	if err != nil {
		return err
	}
	for yi := 3; yi >= 1; yi-- {
		if !stream(newGenerator(w, yi), yield) {
			break
		}
	}
	return nil
}

func stream(g *generator, yield func(*CaseRecord) bool) bool {
	var c CaseRecord
	for i := uint64(0); i < g.n; i++ {
		g.at(i, &c)
		if !yield(&c) {
			return false
		}
	}
	return true
}

// WriteCases streams the policy year's cases.csv to out without holding the cases.
func WriteCases(out io.Writer, opt Options) error {
	bw := bufio.NewWriterSize(out, 256<<10)
	var line []byte
	line = appendHeader(line, false, opt.Monitoring)
	if _, err := bw.Write(line); err != nil {
		return err
	}
	var werr error
	err := CaseStream(opt, func(c *CaseRecord) bool {
		line = AppendCase(line[:0], c, false)
		_, werr = bw.Write(line)
		return werr == nil
	})
	if err != nil {
		return err
	}
	if werr != nil {
		return werr
	}
	return bw.Flush()
}

func appendHeader(dst []byte, withYear, list bool) []byte {
	for i, col := range CaseColumns {
		if i > 0 {
			dst = append(dst, ',')
		}
		dst = append(dst, col...)
	}
	if list {
		for _, col := range ListColumns {
			dst = append(append(dst, ','), col...)
		}
	}
	if withYear {
		dst = append(dst, ",year"...)
	}
	return append(dst, '\n')
}

// AppendCase appends c as a cases.csv line (with the settlement-list columns
// when c.HasList, and a trailing year column when withYear) ending in '\n'. The generated fields never need CSV quoting.
func AppendCase(dst []byte, c *CaseRecord, withYear bool) []byte {
	for _, s := range [...]string{c.CaseID, c.PatientID, c.HospitalID, c.Fund, c.Method, c.Group,
		c.Diagnosis, c.Procedures, c.Treatment} {
		dst = append(dst, s...)
		dst = append(dst, ',')
	}
	dst = appendDate(dst, int32(c.Admit))
	dst = append(dst, ',')
	dst = appendDate(dst, int32(c.Discharge))
	dst = append(dst, ',')
	dst = c.TotalCost.Append(dst)
	dst = append(dst, ',')
	dst = c.PatientShare.Append(dst)
	dst = append(dst, ',')
	dst = append(dst, c.BedDayCategory...)
	if c.Incomplete {
		dst = append(dst, ",1,"...)
	} else {
		dst = append(dst, ",0,"...)
	}
	if c.TCMShare != 0 {
		dst = appendFactor4(dst, c.TCMShare)
	}
	dst = append(dst, ',')
	dst = append(dst, c.Severity...)
	dst = append(dst, ',')
	if c.SpecialPoints != 0 {
		dst = c.SpecialPoints.Append(dst, 4)
	}
	if c.HasList {
		dst = appendList(append(dst, ','), &c.List)
	}
	if withYear {
		dst = append(dst, ',')
		dst = appendPadded(dst, uint64(c.Year), 4)
	}
	return append(dst, '\n')
}

// appendFactor4 appends a factor in [0, 1) with 4 decimals ("0.5500").
func appendFactor4(dst []byte, f pointvalue.Factor) []byte {
	v := int64(f) / 10_000
	dst = appendPadded(dst, uint64(v/10_000), 1)
	dst = append(dst, '.')
	return appendPadded(dst, uint64(v%10_000), 4)
}
