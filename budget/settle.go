package budget

import (
	"cmp"
	"encoding/binary"
	"errors"
	"fmt"
	"slices"
	"strings"

	"github.com/dipdrg/dipdrg/bedday"
	"github.com/dipdrg/dipdrg/dip"
	"github.com/dipdrg/dipdrg/drg"
	"github.com/dipdrg/dipdrg/param"
	"github.com/dipdrg/dipdrg/pointvalue"
	"github.com/dipdrg/dipdrg/policy"
)

// Input is everything one settlement year needs: the policy, the hospitals, the
// year's cases and the tables their methods use, the per-capita members and
// spending, and the adjustments (advances actually paid, audit deductions).
type Input struct {
	Policy      *policy.Policy
	Hospitals   []Hospital
	Cases       []Case
	Weights     *drg.Weights // required when DRG cases are settled
	Catalog     *dip.Catalog // required when DIP cases are settled
	Members     []Members
	Spending    []Spending
	Adjustments []Adjustment

	// Lenient sets rejected records aside and settles the rest (ERR-2); the
	// default, strict, settles nothing when any record is rejected.
	Lenient bool
	// Workers is the number of goroutines that score and aggregate the cases
	// (0: GOMAXPROCS; 1: serial). Shards merge exactly (PV-7): the result does
	// not depend on it.
	Workers int
	// Sources names the inputs in errors; empty names default to the FORMATS file names.
	Sources Sources
}

// Sources are the base names errors give the inputs.
type Sources struct {
	Policy, Hospitals, Cases, Members, Spending, Adjustments, Weights, Catalog string
}

func (s Sources) withDefaults() Sources {
	def := func(v *string, d string) {
		if *v == "" {
			*v = d
		}
	}
	def(&s.Policy, "policy.json")
	def(&s.Hospitals, "hospitals.csv")
	def(&s.Cases, "cases.csv")
	def(&s.Members, "members.csv")
	def(&s.Spending, "spending.csv")
	def(&s.Adjustments, "adjustments.csv")
	def(&s.Weights, "weights.csv")
	def(&s.Catalog, "catalog.csv")
	return s
}

// UnbalancedError is returned when a fund's ledger does not balance to the fen
// (BUD-7) or a pool does not conserve its money (NUM-7): a bug in the engine,
// never a result that does not add up. It lists every fund and pool that failed
// and carries every fund's ledger for diagnosis (settle writes it to
// failed-ledger.csv).
type UnbalancedError struct {
	Ledger []LedgerRow     // every settled fund's ledger, by fund
	Funds  []FundImbalance // the funds whose books failed
	Pools  []PoolImbalance // the pools that failed NUM-7
}

// FundImbalance is a fund whose ledger does not balance (BUD-7: budget =
// carve-outs + payments + reserve at year end + residual) or whose reserve at
// year end by its flows (Ledger.ReserveEnd) differs from the running balance the
// year's steps left (ReserveByBalance), or went below zero.
type FundImbalance struct {
	Ledger           LedgerRow
	ReserveByBalance pointvalue.Money
}

// PoolImbalance is a pool whose pool + reserve out − reserve in differs from its
// payments + residual (NUM-7).
type PoolImbalance struct {
	Fund                                            param.Fund
	Method                                          param.Method
	Pool, ReserveOut, ReserveIn, Payments, Residual pointvalue.Money
}

func (e *UnbalancedError) Error() string {
	var b strings.Builder
	b.WriteString("budget: " + ErrUnbalanced.Error())
	for _, f := range e.Funds {
		l := &f.Ledger
		fmt.Fprintf(&b, "; fund %s: budget %s, carve-outs %s + payments %s + reserve %s + residual %s; reserve %s by its flows, %s by its balance",
			l.Fund, l.Budget, l.Carveouts, l.Payments, l.ReserveEnd, l.Residual, l.ReserveEnd, f.ReserveByBalance)
	}
	for _, p := range e.Pools {
		fmt.Fprintf(&b, "; pool %s/%s: %s + %s − %s ≠ %s + %s", p.Fund, p.Method, p.Pool, p.ReserveOut, p.ReserveIn, p.Payments, p.Residual)
	}
	return b.String()
}

// Unwrap returns ErrUnbalanced.
func (e *UnbalancedError) Unwrap() error { return ErrUnbalanced }

// ErrUnbalanced is pointvalue.ErrUnbalanced, re-exported where the ledger lives.
var ErrUnbalanced = pointvalue.ErrUnbalanced

// Settle settles one year for both funds and every method in use (DRG or DIP
// inpatient, bed-day, per capita), top to bottom: budget → pools → scored cases →
// point values → hospital amounts → corridor → deposit → clearing → ledger.
//
// Bad input gives a *pointvalue.ErrorList of every error (ERR-1); in lenient mode
// rejected records are set aside in Result.Rejects and the rest is settled. A
// ledger that does not balance gives an *UnbalancedError. Settle does not modify
// its input; the same input in any record order gives the same result (NUM-8).
func Settle(in Input) (*Result, error) {
	st, err := newRun(in)
	if err != nil {
		return nil, err
	}
	st.acceptCases()
	if err := st.inputErrors(); err != nil {
		return nil, err
	}
	st.score()
	return st.settleYear()
}

// newRun checks the policy and indexes the tables every run needs: hospitals,
// per-capita members and spending, adjustments.
func newRun(in Input) (*state, error) {
	if in.Policy == nil {
		return nil, fmt.Errorf("budget: %w: no policy", pointvalue.ErrInvalidArgument)
	}
	if err := in.Policy.Validate(); err != nil {
		return nil, err
	}
	st := newState(in)
	st.indexHospitals()
	st.acceptCapita()
	st.acceptAdjustments()
	return st, nil
}

// inputErrors is what stops a run once the records are checked: an error that
// concerns no record in any mode, a rejected record in strict mode (ERR-2),
// sorted as rejects.csv is.
func (st *state) inputErrors() error {
	if st.fatal.Len() > 0 {
		return st.fatal.Err()
	}
	if st.errs.Len() > 0 && !st.in.Lenient {
		SortErrors(st.errs.Errors)
		return st.errs.Err()
	}
	return nil
}

// settleYear is the year after the cases are scored and totalled: each fund's
// budget, pools, point values, hospital rows, reserve and ledger (settleFund),
// then what concerns every fund at once. It returns the result, or a
// *pointvalue.ErrorList of the errors that stopped it, or an *UnbalancedError;
// never both a result and an error.
func (st *state) settleYear() (*Result, error) {
	if st.fatal.Len() > 0 {
		return nil, st.fatal.Err()
	}
	var errs pointvalue.ErrorList
	var years []*fundYear
	for f := range param.Fund(param.NumFunds) {
		if st.p.Funds[f] == nil {
			continue
		}
		y, err := st.settleFund(f)
		if err != nil {
			errs.Add(recordError(err))
			continue
		}
		years = append(years, y)
	}
	st.adjustmentsSettled(years, &errs) // across the funds, once
	res := &Result{PolicyID: st.p.ID(), Policy: st.p}
	unbalanced := &UnbalancedError{}
	for _, y := range years {
		if err := st.caseAmounts(y); err != nil {
			errs.Add(recordError(err))
		}
		res.Ledger = append(res.Ledger, y.ledger)
		res.Pools = append(res.Pools, y.poolResults()...)
		for _, rw := range y.rows {
			res.Hospitals = append(res.Hospitals, rw.res)
		}
		unbalanced.Pools = append(unbalanced.Pools, y.pools7...)
		if y.ledger7 != nil {
			unbalanced.Funds = append(unbalanced.Funds, *y.ledger7)
		}
	}
	if errs.Len() > 0 {
		SortErrors(errs.Errors)
		return nil, &errs
	}
	if len(unbalanced.Funds)+len(unbalanced.Pools) > 0 {
		unbalanced.Ledger = res.Ledger
		return nil, unbalanced
	}
	res.Cases = st.results
	slices.SortFunc(res.Hospitals, func(a, b HospitalResult) int {
		return cmp.Or(cmp.Compare(a.Fund, b.Fund), cmp.Compare(a.Method.String(), b.Method.String()), cmp.Compare(a.HospitalID, b.HospitalID))
	})
	slices.SortFunc(res.Pools, func(a, b PoolResult) int {
		return cmp.Or(cmp.Compare(a.Fund, b.Fund), cmp.Compare(a.Method.String(), b.Method.String()))
	})
	if st.in.Lenient {
		res.Rejects = slices.Clone(st.errs.Errors)
		SortErrors(res.Rejects)
		res.RejectsDropped = st.errs.Dropped
	}
	return res, nil
}

// recordError returns err as a *pointvalue.RecordError (the year's errors are).
func recordError(err error) *pointvalue.RecordError {
	var re *pointvalue.RecordError
	if errors.As(err, &re) {
		return re
	}
	return &pointvalue.RecordError{Err: err}
}

// SortErrors sorts record errors by (source, line, field, value, reason), the order of rejects.csv.
func SortErrors(errs []*pointvalue.RecordError) {
	slices.SortStableFunc(errs, func(a, b *pointvalue.RecordError) int {
		return cmp.Or(cmp.Compare(a.Source, b.Source), cmp.Compare(a.Line, b.Line),
			cmp.Compare(a.Field, b.Field), cmp.Compare(a.Value, b.Value), cmp.Compare(a.Reason(), b.Reason()))
	})
}

// state is one settlement run.
type state struct {
	in    Input
	p     *policy.Policy
	src   Sources
	errs  *pointvalue.ErrorList // record errors: rejects in lenient mode
	fatal *pointvalue.ErrorList // errors that stop the run in any mode (policy, pools)

	hosp []Hospital       // sorted by id: the index is the tie order (NUM-7)
	hidx map[string]int32 // id → index

	cases   []acceptedCase // accepted, by case id
	results []CaseResult   // parallel to cases

	acc      pointvalue.Accumulator // (pool, hospital) totals, PV-7
	accMonth pointvalue.Accumulator // (pool·12 + month, hospital) totals for CLR-1
	cmi      [param.NumFunds][]drg.CMI
	drgGroup []int32                          // DRG group of each case, −1 for none: CMI (DRG-10)
	bedCost  [param.NumFunds]pointvalue.Money // total cost of bed-day stays per fund (BUD-6)

	capita [param.NumFunds]map[int32]*capitaRow // institution index → members and spending
	adj    map[adjKey]Adjustment

	reported map[string]bool // fatal errors reported once
}

type acceptedCase struct {
	c      *Case
	hosp   int32
	pool   param.Method // the pool it joins (BUD-4): drg, dip, or bedday when bed-day stays have their own
	method param.Method // how it is scored: drg, dip or bedday
	// Copies of what the totals need, so that the passes over the cases in id
	// order read this small record in sequence instead of the Case wherever it lies.
	fund        param.Fund
	month       uint8 // discharge month, 1–12 (CLR-1)
	cost, share pointvalue.Money
}

type adjKey struct {
	hosp   string
	fund   param.Fund
	method param.Method
}

type capitaRow struct {
	members  []AgeBandMembers
	count    int64
	own      pointvalue.Money
	referred pointvalue.Money
	spending bool
}

func newState(in Input) *state {
	st := &state{
		in:       in,
		p:        in.Policy,
		src:      in.Sources.withDefaults(),
		errs:     &pointvalue.ErrorList{},
		fatal:    &pointvalue.ErrorList{},
		reported: map[string]bool{},
	}
	if in.Lenient {
		st.errs.Cap = 1 << 30 // every reject is written to rejects.csv
	}
	return st
}

func poolIndex(f param.Fund, m param.Method) int { return int(f)*param.NumMethods + int(m) }

// fatalf reports an error that belongs to no record (a policy field, a pool), once.
func (st *state) fatalf(field, value string, err error) {
	key := field + "\x00" + err.Error()
	if st.reported[key] {
		return
	}
	st.reported[key] = true
	st.fatal.Addf(st.src.Policy, 0, field, value, err)
}

func fundPath(f param.Fund, rest string) string { return "funds." + f.String() + "." + rest }

func (st *state) indexHospitals() {
	st.hosp = slices.Clone(st.in.Hospitals)
	slices.SortStableFunc(st.hosp, func(a, b Hospital) int { return cmp.Compare(a.ID, b.ID) })
	st.hidx = make(map[string]int32, len(st.hosp))
	for i, h := range st.hosp {
		if _, dup := st.hidx[h.ID]; dup {
			st.fatal.Addf(st.src.Hospitals, 0, "hospital_id", h.ID, pointvalue.ErrDuplicate)
			continue
		}
		st.hidx[h.ID] = int32(i)
	}
}

var (
	errControl          = fmt.Errorf("%w: an id may not contain a NUL character", pointvalue.ErrMalformed)
	errBedDayNoCategory = fmt.Errorf("%w: method bedday needs a bedday_category (A17)", pointvalue.ErrRequired)
	errNoBedDayRate     = fmt.Errorf("%w: no bed-day rate for this category at the hospital's level (A17)", pointvalue.ErrPolicy)
)

// acceptCases checks every case against the policy and the tables (ERR-3, A17,
// A28, A29) and keeps the good ones, sorted by case id (NUM-8). Duplicates are
// found by the same sort: of the records with one id the first read is kept and
// every later one rejected, whether or not the first was good (A29).
func (st *state) acceptCases() {
	n := len(st.in.Cases)
	checked := make([]acceptedCase, n)
	good := make([]bool, n)
	type keyed struct {
		k idKey // the id's first 16 bytes: most comparisons end here, without a pointer chase
		i int32 // input order
	}
	order := make([]keyed, n)
	for i := range st.in.Cases {
		c := &st.in.Cases[i]
		good[i] = true
		checked[i] = st.checkCase(c, func(field, value string, err error) {
			st.errs.Addf(st.src.Cases, c.Line, field, value, err)
			good[i] = false
		})
		order[i] = keyed{keyOf(c.ID), int32(i)}
	}
	cases := st.in.Cases
	slices.SortFunc(order, func(x, y keyed) int {
		if c := x.k.compare(y.k); c != 0 {
			return c
		}
		return cmp.Or(strings.Compare(cases[x.i].ID, cases[y.i].ID), cmp.Compare(x.i, y.i))
	})
	st.cases = make([]acceptedCase, 0, n)
	for j, o := range order {
		c := &cases[o.i]
		if j > 0 && c.ID != "" && o.k == order[j-1].k && c.ID == cases[order[j-1].i].ID {
			st.errs.Addf(st.src.Cases, c.Line, "case_id", c.ID, pointvalue.ErrDuplicate) // A29: the first is kept
			continue
		}
		if good[o.i] {
			st.cases = append(st.cases, checked[o.i])
		}
	}
}

// idKey is the first 16 bytes of a case id, big-endian, zero-padded: ids compare
// as their keys do unless the keys are equal (ids have no NUL byte, checkCase).
type idKey struct{ hi, lo uint64 }

func keyOf(id string) idKey {
	var b [16]byte
	copy(b[:], id)
	return idKey{binary.BigEndian.Uint64(b[:8]), binary.BigEndian.Uint64(b[8:])}
}

func (k idKey) compare(o idKey) int {
	switch {
	case k.hi < o.hi:
		return -1
	case k.hi > o.hi:
		return 1
	case k.lo < o.lo:
		return -1
	case k.lo > o.lo:
		return 1
	}
	return 0
}

// checkCase is every check of one case but the duplicate id (ERR-3, A17, A28):
// it reports each problem to bad and returns the case with its hospital, the
// pool it joins and how it is scored.
func (st *state) checkCase(c *Case, bad func(field, value string, err error)) acceptedCase {
	p := st.p
	if c.ID == "" {
		bad("case_id", "", pointvalue.ErrRequired)
	} else if strings.IndexByte(c.ID, 0) >= 0 {
		bad("case_id", c.ID, errControl)
	}
	if strings.IndexByte(c.PatientID, 0) >= 0 {
		bad("patient_id", c.PatientID, errControl)
	}
	h, known := st.hidx[c.HospitalID]
	if !known {
		bad("hospital_id", c.HospitalID, pointvalue.ErrUnknownHospital)
	}
	settled := p.Fund(c.Fund) != nil
	if !settled {
		bad("fund", fundValue(c.FundText, c.Fund), pointvalue.ErrUnknownFund)
	}
	if c.Discharge.Year() != p.Year {
		bad("discharge_date", c.Discharge.String(), pointvalue.ErrOutsideYear) // A28
	}
	if c.Discharge < c.Admit {
		bad("discharge_date", c.Discharge.String(), pointvalue.ErrDateOrder)
	}
	if c.TotalCost < 0 {
		bad("total_cost", c.TotalCost.String(), pointvalue.ErrNegative)
	}
	if c.PatientShare < 0 {
		bad("patient_share", c.PatientShare.String(), pointvalue.ErrNegative)
	} else if c.PatientShare > c.TotalCost {
		bad("patient_share", c.PatientShare.String(), pointvalue.ErrShareAboveCost)
	}
	if c.HasSpecial && (c.SpecialPoints < 0 || c.SpecialPoints.Round(p.PointScale, pointvalue.Down) != c.SpecialPoints) {
		bad("special_points", c.SpecialPoints.String(), pointvalue.ErrPrecision) // A22
	}
	if c.TCMShare < 0 || c.TCMShare > pointvalue.One {
		bad("tcm_share", c.TCMShare.String(), pointvalue.ErrRange)
	}
	a := acceptedCase{c: c, hosp: h, fund: c.Fund, month: uint8(c.Discharge.Month()), cost: c.TotalCost, share: c.PatientShare}
	inpatient := p.Inpatient(c.Fund)
	methodOK := true
	switch {
	case c.BedDayCategory != "": // BED-3: a bed-day stay whatever its method says
		a.method = param.BedDay
		a.pool = inpatient
		if p.BedDay.Pool == bedday.Separate {
			a.pool = param.BedDay
		}
		if known {
			if _, has := p.BedDay.Rate(c.BedDayCategory, st.hosp[h].Level); !has {
				bad("bedday_category", c.BedDayCategory, errNoBedDayRate)
			}
		}
	case c.MethodGiven && c.Method == param.BedDay:
		bad("method", "bedday", errBedDayNoCategory)
		methodOK = false
	default:
		a.method = inpatient
		if c.MethodGiven {
			a.method = c.Method
		}
		a.pool = a.method
	}
	if methodOK && settled && !p.HasPool(c.Fund, a.pool) {
		bad("method", a.method.String(), pointvalue.ErrNoPool) // section 13
	}
	return a
}

// acceptCapita indexes members and spending per (fund, institution) (CAP-1, CAP-4, A34).
func (st *state) acceptCapita() {
	for f := range st.capita {
		st.capita[f] = map[int32]*capitaRow{}
	}
	check := func(source string, line int, inst string, f param.Fund, text string) (int32, bool) {
		h, known := st.hidx[inst]
		switch {
		case !known:
			st.errs.Addf(source, line, "institution_id", inst, pointvalue.ErrUnknownHospital)
		case st.p.Fund(f) == nil:
			st.errs.Addf(source, line, "fund", fundValue(text, f), pointvalue.ErrUnknownFund)
		case !st.p.HasPool(f, param.Capita):
			st.errs.Addf(source, line, "fund", fundValue(text, f), pointvalue.ErrNoPool)
		default:
			return h, true
		}
		return 0, false
	}
	for _, m := range st.in.Members {
		h, ok := check(st.src.Members, m.Line, m.Institution, m.Fund, m.FundText)
		if !ok {
			continue
		}
		row := st.capita[m.Fund][h]
		if row == nil {
			row = &capitaRow{}
			st.capita[m.Fund][h] = row
		}
		row.members = append(row.members, AgeBandMembers{Band: m.AgeBand, Members: m.Members})
		row.count += m.Members
	}
	for _, s := range st.in.Spending {
		h, ok := check(st.src.Spending, s.Line, s.Institution, s.Fund, s.FundText)
		if !ok {
			continue
		}
		row := st.capita[s.Fund][h]
		if row == nil {
			st.errs.Addf(st.src.Spending, s.Line, "institution_id", s.Institution, errSpendingNoMembers) // A34
			continue
		}
		if row.spending {
			st.errs.Addf(st.src.Spending, s.Line, "institution_id", s.Institution, pointvalue.ErrDuplicate)
			continue
		}
		row.spending, row.own, row.referred = true, s.Own, s.Referred
	}
}

var errSpendingNoMembers = fmt.Errorf("%w: spending for an institution without members (A34)", pointvalue.ErrInvalidArgument)

func (st *state) acceptAdjustments() {
	st.adj = map[adjKey]Adjustment{}
	for _, a := range st.in.Adjustments {
		k := adjKey{a.Hospital, a.Fund, a.Method}
		if _, dup := st.adj[k]; dup {
			st.errs.Addf(st.src.Adjustments, a.Line, "hospital_id", a.Hospital, pointvalue.ErrDuplicate)
			continue
		}
		st.adj[k] = a
	}
}

// adjustmentsSettled reports every adjustments row for a (hospital, fund,
// method) that was not settled (section 13), across all funds.
func (st *state) adjustmentsSettled(years []*fundYear, errs *pointvalue.ErrorList) {
	settled := map[adjKey]bool{}
	for _, y := range years {
		for _, rw := range y.rows {
			settled[adjKey{rw.res.HospitalID, y.fund, rw.pool.method}] = true
		}
	}
	for _, a := range st.in.Adjustments {
		k := adjKey{a.Hospital, a.Fund, a.Method}
		if st.adj[k].Line == a.Line && !settled[k] { // a later duplicate was reported already
			errs.Addf(st.src.Adjustments, a.Line, "method", a.Method.String(), errAdjustmentUnsettled)
		}
	}
}

var errAdjustmentUnsettled = errors.New("no settled row for this (hospital, fund, method)")
