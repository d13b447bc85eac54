package budget

import (
	"bytes"
	"fmt"
	"strings"

	"github.com/dipdrg/dipdrg/bedday"
	"github.com/dipdrg/dipdrg/dip"
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
	r.checkCodes()
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
	r.rowError(i, field, value, err)
	r.route[i] |= routeRejected
}

// rowError reports an error of row i, naming its line and, for a row built in
// code (no line), its case id. Strings are copied: they may view the batch,
// which a stream reuses.
func (r *run) rowError(i uint32, field, value string, err error) {
	r.errs.Add(&pointvalue.RecordError{Source: r.src.Cases, Line: int(r.b.line[i]), Field: field,
		Value: strings.Clone(value), Err: err, ID: strings.Clone(r.b.id(i))})
}

// check is every check of row i but the duplicate id; it returns the row's route.
func (r *run) check(i uint32, yearFirst, yearLast pointvalue.Date) route {
	b, p := r.b, r.p
	ok := true
	bad := func(field, value string, err error) {
		r.rowError(i, field, value, err)
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
	} else if l := &p.Limits; l.HasMaxStayDays && bedday.Days(admit, discharge) > l.MaxStayDays {
		bad("admit_date", admit.String(), fmt.Errorf("%w: a stay of %d days is beyond limits.max_stay_days %d (ERR-5)",
			pointvalue.ErrRange, bedday.Days(admit, discharge), l.MaxStayDays))
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
	if g := b.group[i]; r.badCode.group[g] {
		bad("group", b.groups.get(g), errCodeChars)
	}
	if k := b.dipKeyOf(i); k != 0 {
		switch d := &b.dipKeyParts[k]; r.badCode.key[k] {
		case badDiagnosis:
			bad("diagnosis", d.diagnosis, errCodeChars)
		case badProcedures:
			bad("procedures", d.procedures, errCodeChars)
		}
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
	if scoring == param.DIP && b.severity != nil && r.badCode.severity[b.severity[i]] { // A81: read for DIP cases only
		bad("severity", b.severities.get(uint32(b.severity[i])), errSeverity)
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

var errCodeChars = fmt.Errorf("%w: a code holds only A–Z 0–9 . + - (after NFKC and upper case; procedures are joined by |) (ERR-6)", pointvalue.ErrMalformed)

// Which part of a DIP key holds a bad code.
const (
	badDiagnosis  = 1
	badProcedures = 2
)

// badCodes are the batch's group codes and DIP keys holding a code that ERR-6
// refuses, each distinct value checked once.
type badCodes struct {
	group    []bool  // by group index
	key      []uint8 // by DIP key: badDiagnosis, badProcedures
	severity []bool  // by severity index: not an integer 0–99 (A81)
}

var errSeverity = fmt.Errorf("%w: a severity is an integer 0–99 (A81)", pointvalue.ErrMalformed)

// checkCodes checks each distinct code of the batch once (ERR-6).
func (r *run) checkCodes() {
	b := r.b
	r.badCode.group = make([]bool, len(b.groups.s)+1)
	for g := 1; g < len(b.groups.s); g++ {
		_, ok := param.NormalizeCode(b.groups.s[g])
		r.badCode.group[g] = !ok
	}
	r.badCode.severity = make([]bool, len(b.severities.s)+1)
	for k := 1; k < len(b.severities.s); k++ {
		_, ok := dip.ParseSeverity(b.severities.s[k])
		r.badCode.severity[k] = !ok
	}
	r.badCode.key = make([]uint8, len(b.dipKeyParts)+1)
	for k := 1; k < len(b.dipKeyParts); k++ {
		d := &b.dipKeyParts[k]
		if _, ok := param.NormalizeCode(d.diagnosis); !ok {
			r.badCode.key[k] = badDiagnosis
			continue
		}
		for _, p := range strings.Split(d.procedures, "|") {
			if _, ok := param.NormalizeCode(p); !ok {
				r.badCode.key[k] = badProcedures
				break
			}
		}
	}
}
