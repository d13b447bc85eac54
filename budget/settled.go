package budget

import (
	"iter"

	"github.com/dipdrg/dipdrg/dip"
	"github.com/dipdrg/dipdrg/drg"
	"github.com/dipdrg/dipdrg/param"
	"github.com/dipdrg/dipdrg/pointvalue"
)

// SettledCase is one settled case as a reader of the whole year sees it
// (package monitor): where it went, how it was scored, and the inputs the
// year's indicators read, without building its strings (they view the batch's
// memory).
type SettledCase struct {
	Row        int    // the case's row in Input.Cases
	CaseID     string // case_id
	HospitalID string
	// Hospital is the hospital's index among Input.Hospitals sorted by id.
	Hospital int
	// Patient numbers the batch's patient ids 1, 2, …, equal ids equal; 0: none.
	Patient uint32
	// Repeat reports that the patient has other rows in the batch (settled or not).
	Repeat bool
	Fund   param.Fund
	Method param.Method // how it was scored: drg, dip or bedday (BED-3)
	Pool   param.Method // the pool it joined (BUD-4)
	// Group is the resolved group: an index into Input.Weights.Groups (drg) or
	// Input.Catalog.Groups (dip, given or grouped by DIP-3), or NoGroup /
	// UnknownGroup of package drg or dip; −1 for a bed-day stay.
	Group  int32
	Class  Class
	Flags  uint8 // drg.CaseFlags or dip.CaseFlags, by Method; 0 for a bed-day stay
	Points pointvalue.Points

	Admit, Discharge pointvalue.Date
	TotalCost        pointvalue.Money
	PatientShare     pointvalue.Money
	Diagnosis        string // primary diagnosis, as given
	List             SettlementList
}

// Settled iterates the settled cases in the batch's row order (the order the
// columns are stored in, read sequentially: the fastest to go through; a
// reader whose answer must not depend on the record order — NUM-8 — sorts or
// aggregates). With block > 0 it yields the cases of hospitals 0 to block−1
// (SettledCase.Hospital) first, then those of the next block, each block in row
// order: a reader that accumulates per hospital then works on block hospitals
// at a time (its counters stay in cache), for the price of a pass over the
// hospital column per block. The value yielded is reused: it is valid until the
// iteration moves on. A streamed year yields nothing (its cases are on disk and
// carry no settlement-list fields). Patient numbers are computed on first use
// and kept in the batch, as the readmission rules keep them.
func (r *Result) Settled(block int) iter.Seq[*SettledCase] {
	return func(yield func(*SettledCase) bool) {
		t := r.cases
		if t == nil {
			return
		}
		b := t.b
		pat, multi := b.patientNumbers()
		repeat := make([]uint64, (len(t.route)+63)/64)
		for _, i := range multi {
			repeat[i>>6] |= 1 << (i & 63)
		}
		var c SettledCase
		hmap, hosps := t.hmap, b.hosps.s
		var dk []uint32
		if b.dipKey != nil {
			dk = b.dipKey[:len(t.route)]
		}
		var lc listColumns // the settlement-list columns, hoisted (a nil column leaves its field zero)
		if b.list != nil {
			lc = *b.list
			c.List.Columns = lc.present
		}
		blocks := 1
		var blockOf []int32 // by the batch's hospital index
		if block > 0 && len(t.hosp) > block {
			blocks = (len(t.hosp) + block - 1) / block
			blockOf = make([]int32, len(hmap))
			for k, h := range hmap {
				blockOf[k] = max(h, 0) / int32(block)
			}
		}
		for pass := range int32(blocks) {
			for i := range uint32(len(t.route)) {
				rt := t.route[i]
				if !rt.ok() || blockOf != nil && blockOf[b.hosp[i]] != pass {
					continue
				}
				m := rt.scoring()
				o := t.outcome[i]
				h := b.hosp[i]
				c.Row, c.CaseID, c.Hospital, c.Patient = int(i), b.id(i), int(hmap[h]), pat[i]
				c.Repeat = repeat[i>>6]&(1<<(i&63)) != 0
				c.HospitalID = ""
				if int(h) < len(hosps) {
					c.HospitalID = hosps[h]
				}
				c.Fund, c.Method, c.Pool, c.Group, c.Points = rt.fund(), m, rt.pool(), t.grp[i], t.points[i]
				c.Admit, c.Discharge, c.TotalCost, c.PatientShare = b.admit[i], b.discharge[i], b.cost[i], b.share[i]
				switch m {
				case param.DRG:
					c.Class, c.Flags = drgClass[drg.Outcome(o).Class()], uint8(drg.Outcome(o).Flags())
				case param.DIP:
					c.Class, c.Flags = dipClass[dip.Outcome(o).Class()], uint8(dip.Outcome(o).Flags())
				default:
					c.Class, c.Flags, c.Group = ClassBedDay, 0, -1
				}
				c.Diagnosis = ""
				if dk != nil && dk[i] != 0 {
					c.Diagnosis = b.dipKeyParts[dk[i]].diagnosis
				}
				l := &c.List
				l.ReadmitPlanned = b.flags[i]&rowPlanned != 0
				if lc.age != nil {
					l.Age, l.HasAge = int(lc.age[i]), lc.age[i] != unknownAge
					if !l.HasAge {
						l.Age = 0
					}
				}
				if lc.gender != nil {
					l.Gender = Gender(lc.gender[i])
				}
				if lc.dscg != nil {
					l.DischargeWay = DischargeWay(lc.dscg[i])
				}
				if lc.los != nil {
					l.LOS = int(lc.los[i])
				}
				if lc.icu != nil {
					l.ICUDays, l.HasICUDays = int(lc.icu[i]), lc.icu[i] != unknownICU
					if !l.HasICUDays {
						l.ICUDays = 0
					}
				}
				if lc.selfpay != nil {
					l.SelfPay, l.HasSelfPay = pointvalue.Money(max(lc.selfpay[i], 0)), lc.selfpay[i] >= 0
				}
				if lc.ownpay != nil {
					l.OwnPay, l.HasOwnPay = pointvalue.Money(max(lc.ownpay[i], 0)), lc.ownpay[i] >= 0
				}
				if lc.secEnd != nil {
					start := uint32(0)
					if i > 0 {
						start = lc.secEnd[i-1]
					}
					l.SecondaryDiagnoses = view(lc.sec[start:lc.secEnd[i]])
				}
				if !yield(&c) {
					return
				}
			}
		}
	}
}
