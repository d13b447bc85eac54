package budget

import (
	"bytes"
	"fmt"
	"strings"

	"github.com/dipdrg/dipdrg/bedday"
	"github.com/dipdrg/dipdrg/param"
	"github.com/dipdrg/dipdrg/pointvalue"
	"github.com/dipdrg/dipdrg/policy"
)

// route is how an accepted row goes through the year: its fund, how it is
// scored (drg, dip or bedday) and the pool it joins (BUD-4). A rejected row has
// routeRejected set.
type route uint8

const routeRejected route = 0x80

func newRoute(f param.Fund, scoring, pool param.Method) route {
	return route(f)<<4 | route(pool)<<2 | route(scoring)
}

func (r route) fund() param.Fund      { return param.Fund(r >> 4 & 1) }
func (r route) pool() param.Method    { return param.Method(r >> 2 & 3) }
func (r route) scoring() param.Method { return param.Method(r & 3) }
func (r route) ok() bool              { return r&routeRejected == 0 }

var (
	errControl          = fmt.Errorf("%w: an id may not contain a NUL character", pointvalue.ErrMalformed)
	errBedDayNoCategory = fmt.Errorf("%w: method bedday needs a bedday_category (A17)", pointvalue.ErrRequired)
	errNoBedDayRate     = fmt.Errorf("%w: no bed-day rate for this category at the hospital's level (A17)", pointvalue.ErrPolicy)
	errShareRange       = fmt.Errorf("%w: a share is in [0, 1]", pointvalue.ErrRange)
)

// accept checks every row against the policy and the tables (ERR-3, A17, A28) and
// rejects every later copy of a case id (A29: the first read is kept, whether or
// not it is good); the accepted rows, in case-id order, are the year's cases.
func (r *run) accept() error {
	r.acceptRows()
	return r.stop()
}

// acceptRows is accept without the strict stop: the stream checks its windows
// one by one and stops once all are read.
func (r *run) acceptRows() {
	b := r.b
	n := b.Len()
	r.progress("accept", n)
	b.sortByID()
	r.route = make([]route, n)
	lo, hi := pointvalue.DateOf(r.p.Year, 1, 1), pointvalue.DateOf(r.p.Year, 12, 31)
	for i := range uint32(n) {
		r.route[i] = r.check(i, lo, hi)
	}
	for _, i := range b.dups {
		if id := b.id(i); id != "" {
			r.reject(i, "case_id", id, pointvalue.ErrDuplicate) // A29: the first is kept
		}
	}
	rejected := 0
	for _, rt := range r.route {
		if !rt.ok() {
			rejected++
		}
	}
	if rejected == 0 {
		r.settled = b.order // the usual year: every row, no copy
		return
	}
	r.settled = make([]uint32, 0, n-rejected)
	for _, i := range b.order {
		if r.route[i].ok() {
			r.settled = append(r.settled, i)
		}
	}
}

// reject reports an error of row i and sets the row aside.
func (r *run) reject(i uint32, field, value string, err error) {
	r.errs.Addf(r.src.Cases, int(r.b.line[i]), field, strings.Clone(value), err) // value may view the batch, which a stream reuses
	r.route[i] |= routeRejected
}

// check is every check of row i but the duplicate id; it returns the row's route.
func (r *run) check(i uint32, yearFirst, yearLast pointvalue.Date) route {
	b, p := r.b, r.p
	ok := true
	bad := func(field, value string, err error) {
		r.errs.Addf(r.src.Cases, int(b.line[i]), field, strings.Clone(value), err)
		ok = false
	}
	if id := b.id(i); id == "" {
		bad("case_id", "", pointvalue.ErrRequired)
	} else if strings.IndexByte(id, 0) >= 0 {
		bad("case_id", id, errControl)
	}
	var pk [24]byte
	if pid := b.appendPatient(pk[:0], i); bytes.IndexByte(pid, 0) >= 0 {
		bad("patient_id", string(pid), errControl)
	}
	h := r.hmap[b.hosp[i]]
	if h < 0 {
		bad("hospital_id", b.hosps.get(b.hosp[i]), pointvalue.ErrUnknownHospital)
	}
	f := b.fund[i]
	settled := p.Fund(f) != nil
	if !settled {
		bad("fund", fundValue(b.fundTexts.get(uint32(b.fundText[i])), f), pointvalue.ErrUnknownFund)
	}
	admit, discharge := b.admit[i], b.discharge[i]
	if discharge < yearFirst || discharge > yearLast {
		bad("discharge_date", discharge.String(), pointvalue.ErrOutsideYear) // A28
	}
	if discharge < admit {
		bad("discharge_date", discharge.String(), pointvalue.ErrDateOrder)
	}
	cost, share := b.cost[i], b.share[i]
	if cost < 0 {
		bad("total_cost", cost.String(), pointvalue.ErrNegative)
	}
	if share < 0 {
		bad("patient_share", share.String(), pointvalue.ErrNegative)
	} else if share > cost {
		bad("patient_share", share.String(), pointvalue.ErrShareAboveCost)
	}
	fl := b.flags[i]
	if fl&rowSpecial != 0 {
		if sp := b.special[i]; sp < 0 || sp.Round(p.PointScale, pointvalue.Down) != sp {
			bad("special_points", sp.String(), pointvalue.ErrPrecision) // A22
		}
	}
	if fl&rowTCM != 0 {
		if t := pointvalue.Factor(b.tcm[i]); t < 0 || t > pointvalue.One {
			bad("tcm_share", t.String(), errShareRange)
		}
	}
	var scoring, pool param.Method
	inpatient := p.Inpatient(f)
	methodOK := true
	switch m := b.method[i]; {
	case b.bedDay(i) != 0: // BED-3: a bed-day stay whatever its method says
		scoring, pool = param.BedDay, inpatient
		if p.BedDay.Pool == bedday.Separate {
			pool = param.BedDay
		}
		if h >= 0 {
			if _, has := p.BedDay.Standard(b.categories.get(b.bedDay(i)), r.hosp[h].Level); !has {
				bad("bedday_category", b.categories.get(b.bedDay(i)), errNoBedDayRate)
			}
		}
	case m == uint8(param.BedDay)+1:
		bad("method", "bedday", errBedDayNoCategory)
		methodOK = false
	default:
		scoring = inpatient
		if m != 0 {
			scoring = param.Method(m - 1)
		}
		pool = scoring
		// VAR-12: a stay length the method excludes (an approved special case is
		// not excluded: special review comes first).
		if ex := exclusionOf(p, scoring); ex.On() && fl&rowSpecial == 0 && ex.Excludes(bedday.Days(admit, discharge)) {
			if !ex.AsBedDay {
				r.exclude(i, "")
				break
			}
			scoring, pool = param.BedDay, inpatient
			if p.BedDay.Pool == bedday.Separate {
				pool = param.BedDay
			}
			r.exclude(i, ex.Category)
			if h >= 0 {
				if _, has := p.BedDay.Standard(ex.Category, r.hosp[h].Level); !has {
					bad("discharge_date", discharge.String(), fmt.Errorf("%w: the stay is excluded as bed-day category %s, which has no standard at this hospital's level (VAR-12, A17)", pointvalue.ErrPolicy, ex.Category))
				}
			}
		}
	}
	if methodOK && settled && !p.HasPool(f, pool) {
		bad("method", scoring.String(), pointvalue.ErrNoPool) // section 13
	}
	rt := newRoute(f, scoring, pool)
	if !ok {
		rt |= routeRejected
	}
	return rt
}

// exclusionOf returns the stay-length exclusion of method m (VAR-12).
func exclusionOf(p *policy.Policy, m param.Method) *param.Exclusion {
	if m == param.DIP {
		return &p.DIP.Exclude
	}
	return &p.DRG.Exclude
}

// exclude records that row i is excluded by its method's stay-length rule
// (VAR-12): as ungrouped (category ""), or as a bed-day stay of category.
func (r *run) exclude(i uint32, category string) {
	if r.excluded == nil {
		r.excluded = map[uint32]string{}
	}
	r.excluded[i] = category
}

// isExcluded reports whether row i is excluded by VAR-12.
func (r *run) isExcluded(i uint32) bool {
	if r.excluded == nil {
		return false
	}
	_, ok := r.excluded[i]
	return ok
}
