package synth

import (
	"math/bits"
	"strconv"

	"github.com/dipdrg/dipdrg/pointvalue"
)

// The settlement-list columns (docs/monitoring.md §1), written after CaseColumns with
// Options.Monitoring.
var ListColumns = []string{"age", "gender", "dscg_way", "los", "secondary_diagnoses", "psn_selfpay", "psn_ownpay",
	"days_rinp_flag_31", "icu_days"}

// ListRecord is a case's settlement-list fields. Empty cells: Age −1, Gender 0,
// Dscg 0, LOS 0, ICU −1, SelfPay and OwnPay −1; Planned writes 2, else 1.
type ListRecord struct {
	Secondary       string // |-joined ICD-10 codes
	SelfPay, OwnPay pointvalue.Money
	Age, LOS, ICU   int16
	Gender, Dscg    uint8
	Planned         bool
}

// Plant is an anomaly the generator planted (Options.Plants), for the tests
// that check monitoring finds them; it is not written.
type Plant uint8

// The planted anomalies, each at its own hospital (Batch.Plants).
const (
	PlantNone         Plant = iota
	PlantSplit              // 分解住院: the later stay of a split admission (same ADRG, within the window, not planned)
	PlantLowStandard        // 低标入院: 1–2 days at 10–25% of the group's average cost
	PlantUpcoding           // 高套: coded to its split ADRG's top subgroup, cost of the subgroup it was (DRG)
	PlantLowRiskDeath       // a death in a low-risk group
)

// Plants are the hospitals of the planted anomalies (Options.Plants): the
// split admissions, low-standard admissions, upcoding (DRG only) and
// low-risk deaths; "" when none.
type Plants struct {
	Split, LowStandard, Upcoding, LowRiskDeath string
}

// Proportions of the planted anomalies at their hospitals, per 10 000.
const (
	plantSplitPer   = 2_000 // of the cases after one of the split hospital's: readmitted as a split
	plantLowStdPer  = 1_000 // of its normal cases
	plantUpcodePer  = 5_000 // of its cases in a split ADRG below the top subgroup
	plantDeathPer   = 300   // of its cases in low-risk groups
	listStream      = 0x11575eed
	plannedPer      = 5_000 // of the natural readmissions, planned (days_rinp_flag_31 = 2)
	deathHeavyPer   = 200   // deaths among cases of heavy groups (RW ≥ 1, DIP score ≥ 1000)
	transferPer     = 200   // 医嘱转院
	communityPer    = 100   // 医嘱转社区/乡镇卫生院
	againstPer      = 150   // 非医嘱离院
	otherPer        = 100   // 其他
	unknownWayPer   = 100   // dscg_way empty
	unknownCellsPer = 300   // empty age, los, psn_* cells
)

// secondaryCodes are common other diagnoses (其他诊断): hypertension, diabetes,
// hyperlipidaemia, coronary disease, COPD, CKD, reflux, atrial fibrillation, …
var secondaryCodes = [...]string{"I10", "E11.9", "E78.5", "I25.1", "J44.9", "N18.9", "K21.0", "I48.9", "E03.9", "M81.9",
	"I63.9", "J18.9", "N39.0", "D64.9", "E87.1", "K76.0", "I50.9", "G47.3", "F32.9", "M17.9", "R73.0", "E66.9", "I70.2", "J45.9"}

// plantHosp is the hospital of each plant (by Plant), by index among the
// inpatient hospitals: the tertiary and secondary hospitals in order (a year
// has enough cases there for a plant to stand out of chance), repeated when
// there are fewer than four.
func (w *world) plantHosp() [5]int32 { return w.plants }

func (w *world) choosePlants() {
	var big []int32
	for i := range w.nInp {
		if w.hospLevel[i] <= 1 {
			big = append(big, int32(i))
		}
	}
	w.plants[0] = -1
	for p := PlantSplit; p <= PlantLowRiskDeath; p++ {
		w.plants[p] = big[(int(p)-1)%len(big)]
	}
}

func (g *generator) plants() bool { return g.w.opt.Plants && g.yi == 0 }

// flag is a per-case coin of probability per/10 000, keyed by the case and a
// salt, independent of the case's own draws (so that a clean case is the same
// with or without plants).
func (g *generator) flag(k, salt uint64, per uint64) bool {
	return mix64(g.key^g.salt^mix64(k+salt))%10_000 < per
}

func (g *generator) splitFlag(k uint64) bool { return g.plants() && g.flag(k, 0x5b1, plantSplitPer) }

// list draws the case's settlement-list fields from a stream of its own (the
// payment fields' draws are untouched) and plants a low-risk death.
func (g *generator) list(k uint64, c *CaseRecord) {
	w := g.w
	g.lpcg.Seed(g.key^g.salt^listStream, mix64(k))
	below := func(n uint64) uint64 { // Lemire's multiply, as generator.below
		hi, _ := bits.Mul64(g.lpcg.Uint64(), n)
		return hi
	}
	l := &c.List
	*l = ListRecord{Age: -1, ICU: -1, SelfPay: -1, OwnPay: -1}
	c.HasList = true
	// age: a population of inpatients, older more often
	if below(10_000) >= unknownCellsPer {
		l.Age = int16(min(below(100), below(100), 95))
		l.Age = 95 - l.Age
	}
	switch u := below(1000); {
	case u < 495:
		l.Gender = 1
	case u < 990:
		l.Gender = 2
	case u < 995:
		l.Gender = 9
	}
	stay := max(int64(c.Discharge-c.Admit), 1)
	if below(10_000) >= unknownCellsPer {
		l.LOS = int16(min(stay, 1<<15-1))
	}
	rel := g.relWeight(c) // RW × 10 000 (DIP: score × 10)
	n := min(int(below(3))+int(rel/8_000), 8)
	var picked [len(secondaryCodes)]bool
	var b []byte
	for range n {
		i := below(uint64(len(secondaryCodes)))
		if picked[i] {
			continue
		}
		picked[i] = true
		if len(b) > 0 {
			b = append(b, '|')
		}
		b = append(b, secondaryCodes[i]...)
	}
	if c.Plant == PlantUpcoding {
		for _, i := range [...]int{5, 13} { // the comorbidities a heavier subgroup asks for
			if !picked[i] {
				if len(b) > 0 {
					b = append(b, '|')
				}
				b = append(b, secondaryCodes[i]...)
			}
		}
	}
	l.Secondary = g.arena.str(b)
	// discharge way: deaths only in heavy groups, transfers anywhere
	switch u := below(10_000); {
	case c.Kind == KindBedDay:
		l.Dscg = 1
	case u < unknownWayPer:
	case u < unknownWayPer+transferPer:
		l.Dscg = 2
	case u < unknownWayPer+transferPer+communityPer:
		l.Dscg = 3
	case u < unknownWayPer+transferPer+communityPer+againstPer:
		l.Dscg = 4
	case u < unknownWayPer+transferPer+communityPer+againstPer+otherPer:
		l.Dscg = 9
	default:
		l.Dscg = 1
		if rel >= 10_000 && below(10_000) < deathHeavyPer {
			l.Dscg = 5
		}
	}
	if g.plants() && c.hidx == w.plantHosp()[PlantLowRiskDeath] && c.gidx >= 0 && c.Kind != KindUngrouped &&
		c.Kind != KindBedDay && rel < 5_000 && g.flag(k, 0xdea, plantDeathPer) {
		l.Dscg, c.Plant = 5, PlantLowRiskDeath
	}
	// own pay (自费) 2–8% of the cost, self pay (自付) part of the rest of the patient's share
	own := int64(c.TotalCost) * int64(200+below(601)) / 10_000
	own = min(own, int64(c.PatientShare))
	if below(10_000) >= unknownCellsPer {
		l.OwnPay = pointvalue.Money(own)
	}
	if below(10_000) >= unknownCellsPer {
		l.SelfPay = pointvalue.Money((int64(c.PatientShare) - own) * int64(40+below(51)) / 100)
	}
	l.Planned = k+1 < g.n && g.readmitFlag(k+1) && !g.readmitFlag(k) && g.flag(k, 0x91a, plannedPer)
	if below(10) == 0 && rel >= 15_000 {
		l.ICU = int16(min(int64(1+below(uint64(stay))), stay))
	} else if below(3) == 0 {
		l.ICU = 0
	}
}

// relWeight is the case's group weight: RW × 10 000 (DRG) or score × 10 (DIP); 0 ungrouped.
func (g *generator) relWeight(c *CaseRecord) int64 {
	if c.gidx < 0 || c.Kind == KindUngrouped || c.Kind == KindBedDay {
		return 0
	}
	if g.w.opt.Method == DRG {
		return g.w.groups[c.gidx].rw4
	}
	return int64(g.w.catalog[g.w.types[c.gidx].group].Score/pointvalue.FactorUnit) * 10
}

// appendList appends the settlement-list cells (after a comma).
func appendList(dst []byte, l *ListRecord) []byte {
	if l.Age >= 0 {
		dst = strconv.AppendInt(dst, int64(l.Age), 10)
	}
	dst = append(dst, ',')
	if l.Gender != 0 {
		dst = strconv.AppendInt(dst, int64(l.Gender), 10)
	}
	dst = append(dst, ',')
	if l.Dscg != 0 {
		dst = strconv.AppendInt(dst, int64(l.Dscg), 10)
	}
	dst = append(dst, ',')
	if l.LOS > 0 {
		dst = strconv.AppendInt(dst, int64(l.LOS), 10)
	}
	dst = append(dst, ',')
	dst = append(dst, l.Secondary...)
	dst = append(dst, ',')
	if l.SelfPay >= 0 {
		dst = l.SelfPay.Append(dst)
	}
	dst = append(dst, ',')
	if l.OwnPay >= 0 {
		dst = l.OwnPay.Append(dst)
	}
	if l.Planned {
		dst = append(dst, ",2,"...)
	} else {
		dst = append(dst, ",1,"...)
	}
	if l.ICU >= 0 {
		dst = strconv.AppendInt(dst, int64(l.ICU), 10)
	}
	return dst
}
