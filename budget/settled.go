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
	Fund    param.Fund
	Method  param.Method // how it was scored: drg, dip or bedday (BED-3)
	Pool    param.Method // the pool it joined (BUD-4)
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
// aggregates). The value yielded is reused: it is valid until the iteration
// moves on. A streamed year yields nothing (its cases are on disk and carry no
// settlement-list fields). Patient numbers are computed on first use and kept
// in the batch, as the readmission rules keep them.
func (r *Result) Settled() iter.Seq[*SettledCase] {
	return func(yield func(*SettledCase) bool) {
		t := r.cases
		if t == nil {
			return
		}
		b := t.b
		pat, _ := b.patientNumbers()
		var c SettledCase
		for i := range uint32(len(t.route)) {
			rt := t.route[i]
			if !rt.ok() {
				continue
			}
			m := rt.scoring()
			o := t.outcome[i]
			c = SettledCase{Row: int(i), CaseID: b.id(i), HospitalID: b.hosps.get(b.hosp[i]), Hospital: int(t.hmap[b.hosp[i]]),
				Patient: pat[i], Fund: rt.fund(), Method: m, Pool: rt.pool(), Group: t.grp[i], Points: t.points[i],
				Admit: b.admit[i], Discharge: b.discharge[i], TotalCost: b.cost[i], PatientShare: b.share[i]}
			switch m {
			case param.DRG:
				c.Class, c.Flags = drgClass[drg.Outcome(o).Class()], uint8(drg.Outcome(o).Flags())
			case param.DIP:
				c.Class, c.Flags = dipClass[dip.Outcome(o).Class()], uint8(dip.Outcome(o).Flags())
			default:
				c.Class, c.Group = ClassBedDay, -1
			}
			if k := b.dipKeyOf(i); k != 0 {
				c.Diagnosis = b.dipKeyParts[k].diagnosis
			}
			if b.list != nil || b.flags[i]&rowPlanned != 0 {
				c.List = b.listOf(i)
			}
			if !yield(&c) {
				return
			}
		}
	}
}
