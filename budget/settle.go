package budget

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"

	"github.com/dipdrg/dipdrg/param"
	"github.com/dipdrg/dipdrg/pointvalue"
	"github.com/dipdrg/dipdrg/policy"
)

// Settle settles one year for both funds and every method in use (DRG or DIP
// inpatient, bed-day, per capita). It reads as its phases:
//
//	accept  every case checked against the policy and the tables (ERR-1..3, A17, A28), duplicates (A29)
//	prepare groups resolved (DIP-3), the special-review cap (DRG-8, DIP-8), readmissions (DRG-7, DIP-7)
//	score   one loop per method, then the totals of every (pool, hospital) (PV-7)
//	settle  per fund: budget → pools → point values → band → hospital amounts →
//	        overruns → corridor → assessment → clearing → books (see settleFund)
//
// What it returns:
//
//   - the Result, and a nil error, when every fund's ledger balances;
//   - a nil Result and a *pointvalue.ErrorList when the policy is invalid, when a
//     record is bad in strict mode (every record error, sorted as rejects.csv is),
//     or when the year cannot be settled for a reason that belongs to no record (a
//     missing table, a pool with money and no points, a region_avg_cost a case
//     needs); each error names its source, line, field and value, and those of the
//     policy or a pool its JSON path;
//   - a nil Result and an *UnbalancedError when a ledger or a pool would not
//     balance (a bug: never a result that does not add up);
//   - a nil Result and the context's cause when ctx is cancelled;
//   - a nil Result and an error matching pointvalue.ErrInvalidArgument without a policy.
//
// In lenient mode the rejected records are set aside in Result.Rejects and the
// rest is settled. Settle does not change the batch's rows (it sorts an index of
// them by case id and keeps it). The same input in any record order gives the
// same result (NUM-8), whatever opt.Workers.
func Settle(ctx context.Context, in Input, opt Options) (*Result, error) {
	r, err := newRun(ctx, in, opt)
	if err != nil {
		return nil, err
	}
	if err := r.accept(); err != nil {
		return nil, err
	}
	if err := r.prepare(); err != nil {
		return nil, err
	}
	if err := r.score(); err != nil {
		return nil, err
	}
	return r.settleYear()
}

// run is one settlement.
type run struct {
	ctx context.Context
	in  Input
	opt Options
	p   *policy.Policy
	src Sources
	b   *Batch

	hosp []Hospital       // sorted by id: the index is the tie order (NUM-7)
	hidx map[string]int32 // id → index
	hmap []int32          // batch hospital → run hospital, −1 when unknown

	errs *pointvalue.ErrorList // record errors: the rejects of a lenient run

	// per row of the batch
	route   []route
	grp     []int32 // the resolved DRG or DIP group
	cflags  []uint8 // the scorer's case flags
	points  []pointvalue.Points
	outcome []uint32

	settled []uint32                    // accepted rows in case-id order
	scoring [2][param.NumFunds][]uint32 // rows scored by DRG (0) and DIP (1), by fund, in case-id order
	bedRows []uint32                    // bed-day stays
	sc      scorers                     // per fund
	dipKey  []int32                     // the batch's DIP keys grouped (DIP-3)
	codes   [2][]int32                  // the batch's group codes in the weights table (0) and catalog (1)
	totals  totals                      // per (pool, hospital)
	// excluded are the rows VAR-12 takes out of their method: "" as ungrouped,
	// else the bed-day category they are paid as
	excluded map[uint32]string
	// unknown counts, per method (DRG, DIP) and fund, the cases a table must
	// place and those it cannot (ERR-5)
	unknown [2][param.NumFunds][2]int
	badCode badCodes // ERR-6
	capita  [param.NumFunds]map[int32]*capitaRow
	adj     map[adjKey]Adjustment        // the year rows
	adjM    map[adjKey]*monthAdjustments // the month rows (VAR-9)
	blame   *blameState                  // scoring overflows blamed on a coefficient (blame.go)
	later   map[uint32]string            // a reduced earlier stay's row → the case id of the later stay (explain.go)
}

// monthAdjustments are the month rows of one (hospital, fund, method) (VAR-9):
// each month's deductions and the line that gave them.
type monthAdjustments struct {
	deductions [12]pointvalue.Money
	line       [12]int
}

// total is the deductions of every month.
func (m *monthAdjustments) total() pointvalue.Money {
	var t pointvalue.Money
	if m != nil {
		for _, d := range m.deductions {
			t += d
		}
	}
	return t
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

// newRun checks the arguments and the policy and indexes the tables every run
// needs: hospitals, per-capita members and spending, adjustments.
func newRun(ctx context.Context, in Input, opt Options) (*run, error) {
	if in.Policy == nil {
		return nil, fmt.Errorf("budget: %w: no policy", pointvalue.ErrInvalidArgument)
	}
	if err := canceled(ctx); err != nil {
		return nil, err
	}
	src := opt.Sources.withDefaults()
	if err := in.Policy.Validate(); err != nil {
		var l *pointvalue.ErrorList
		if errors.As(err, &l) {
			for _, e := range l.Errors {
				e.Source = src.Policy
			}
		}
		return nil, err
	}
	b := in.Cases
	if b == nil {
		b = &Batch{}
	}
	r := &run{ctx: ctx, in: in, opt: opt, p: in.Policy, src: src, b: b, errs: &pointvalue.ErrorList{Cap: 1 << 30}}
	if opt.Sink != nil {
		r.errs = &pointvalue.ErrorList{Sink: opt.Sink} // keeps the first DefaultErrorCap
	}
	r.blame = &blameState{seen: map[string]bool{}}
	var fatal pointvalue.ErrorList
	r.indexHospitals(&fatal)
	r.acceptCapita()
	r.acceptAdjustments()
	return r, fatal.Err()
}

func (r *run) progress(phase string, cases int) {
	if r.opt.Progress != nil {
		r.opt.Progress(Progress{Phase: phase, Cases: cases})
	}
}

// stop is the error that stops the run once the records are checked: a rejected
// record in strict mode (ERR-2), every record error sorted as rejects.csv is.
func (r *run) stop() error {
	if err := canceled(r.ctx); err != nil {
		return err
	}
	if r.errs.Len() > 0 && !r.opt.Lenient {
		l := &pointvalue.ErrorList{Errors: slices.Clone(r.errs.Errors), Dropped: r.errs.Dropped}
		SortErrors(l.Errors)
		return l
	}
	return nil
}

// SortErrors sorts record errors by (source, line, field, value, reason), the order of rejects.csv.
func SortErrors(errs []*pointvalue.RecordError) {
	slices.SortStableFunc(errs, func(a, b *pointvalue.RecordError) int {
		return cmp.Or(cmp.Compare(a.Source, b.Source), cmp.Compare(a.Line, b.Line),
			cmp.Compare(a.Field, b.Field), cmp.Compare(a.Value, b.Value), cmp.Compare(a.Reason(), b.Reason()))
	})
}

func poolIndex(f param.Fund, m param.Method) int { return int(f)*param.NumMethods + int(m) }

func fundPath(f param.Fund, rest string) string { return "funds." + f.String() + "." + rest }

func (r *run) indexHospitals(fatal *pointvalue.ErrorList) {
	r.hosp = slices.Clone(r.in.Hospitals)
	slices.SortStableFunc(r.hosp, func(a, b Hospital) int { return cmp.Compare(a.ID, b.ID) })
	r.hidx = make(map[string]int32, len(r.hosp))
	for i, h := range r.hosp {
		if _, dup := r.hidx[h.ID]; dup {
			fatal.Addf(r.src.Hospitals, h.Line, "hospital_id", h.ID, pointvalue.ErrDuplicate)
			continue
		}
		r.hidx[h.ID] = int32(i)
	}
	r.hmap = r.hospitalMap(r.b)
	if l := &r.p.Limits; l.HasMaxCoefficient { // ERR-5: a coefficient above the limit is an error naming its cell
		for _, h := range r.hosp {
			check := func(field string, k pointvalue.Factor) {
				if !l.CoefficientOK(k) {
					fatal.Addf(r.src.Hospitals, h.Line, field, k.String(), fmt.Errorf("%w: above limits.max_coefficient %s (ERR-5)", pointvalue.ErrRange, l.MaxCoefficient))
				}
			}
			if h.HasCoefficient {
				check("coefficient", h.Coefficient)
			}
			for f := range param.Fund(param.NumFunds) {
				if h.HasFundCoefficient[f] {
					check("coefficient_"+f.String(), h.FundCoefficient[f])
				}
			}
		}
	}
}

// hospitalMap maps the hospitals of batch b to the run's (−1: unknown).
func (r *run) hospitalMap(b *Batch) []int32 {
	m := make([]int32, len(b.hosps.s)+1)
	for i := range m {
		m[i] = -1
		if h, ok := r.hidx[b.hosps.get(uint32(i))]; ok && i > 0 {
			m[i] = h
		}
	}
	return m
}

// acceptCapita indexes members and spending per (fund, institution) (CAP-1, CAP-4, A34).
func (r *run) acceptCapita() {
	for f := range r.capita {
		r.capita[f] = map[int32]*capitaRow{}
	}
	check := func(source string, line int, inst string, f param.Fund, text string) (int32, bool) {
		h, known := r.hidx[inst]
		switch {
		case !known:
			r.errs.Addf(source, line, "institution_id", inst, pointvalue.ErrUnknownHospital)
		case r.p.Fund(f) == nil:
			r.errs.Addf(source, line, "fund", fundValue(text, f), pointvalue.ErrUnknownFund)
		case !r.p.HasPool(f, param.Capita):
			r.errs.Addf(source, line, "fund", fundValue(text, f), pointvalue.ErrNoPool)
		default:
			return h, true
		}
		return 0, false
	}
	for _, m := range r.in.Members {
		h, ok := check(r.src.Members, m.Line, m.Institution, m.Fund, m.FundText)
		if !ok {
			continue
		}
		row := r.capita[m.Fund][h]
		if row == nil {
			row = &capitaRow{}
			r.capita[m.Fund][h] = row
		}
		if aw := r.p.Capita.AgeWeights; len(aw) > 0 { // A80: a band the table lists, or its "*"
			_, listed := aw[m.AgeBand]
			_, star := aw["*"]
			if !listed && !star {
				r.errs.Addf(r.src.Members, m.Line, "age_band", m.AgeBand, errAgeBand)
				continue
			}
		}
		row.members = append(row.members, AgeBandMembers{Band: m.AgeBand, Members: m.Members})
		row.count += m.Members
	}
	for _, s := range r.in.Spending {
		h, ok := check(r.src.Spending, s.Line, s.Institution, s.Fund, s.FundText)
		if !ok {
			continue
		}
		row := r.capita[s.Fund][h]
		if row == nil {
			r.errs.Addf(r.src.Spending, s.Line, "institution_id", s.Institution, errSpendingNoMembers) // A34
			continue
		}
		if row.spending {
			r.errs.Addf(r.src.Spending, s.Line, "institution_id", s.Institution, pointvalue.ErrDuplicate)
			continue
		}
		row.spending, row.own, row.referred = true, s.Own, s.Referred
	}
}

var errAgeBand = fmt.Errorf("%w: an age band capita.age_weights does not list, and it has no \"*\" (A80)", pointvalue.ErrPolicy)

var errSpendingNoMembers = fmt.Errorf("%w: spending for an institution without members (A34)", pointvalue.ErrInvalidArgument)

// acceptAdjustments indexes adjustments.csv: the year row of each (hospital,
// fund, method), and its month rows (VAR-9: a month of the policy year, no
// advances_paid). A second row for a key is a duplicate.
func (r *run) acceptAdjustments() {
	r.adj = map[adjKey]Adjustment{}
	r.adjM = map[adjKey]*monthAdjustments{}
	for _, a := range r.in.Adjustments {
		k := adjKey{a.Hospital, a.Fund, a.Method}
		if a.Month != 0 {
			switch {
			case a.Year != r.p.Year || a.Month < 1 || a.Month > 12:
				r.errs.Addf(r.src.Adjustments, a.Line, "month", fmt.Sprintf("%04d-%02d", a.Year, a.Month), errMonthOutsideYear)
				continue
			case a.HasAdvancesPaid:
				r.errs.Addf(r.src.Adjustments, a.Line, "advances_paid", a.AdvancesPaid.String(), errAdvancesOnMonthRow)
				continue
			}
			ma := r.adjM[k]
			if ma == nil {
				ma = &monthAdjustments{}
				r.adjM[k] = ma
			}
			if ma.line[a.Month-1] != 0 {
				r.errs.Addf(r.src.Adjustments, a.Line, "hospital_id", a.Hospital, pointvalue.ErrDuplicate)
				continue
			}
			ma.deductions[a.Month-1], ma.line[a.Month-1] = a.Deductions, a.Line
			continue
		}
		if _, dup := r.adj[k]; dup {
			r.errs.Addf(r.src.Adjustments, a.Line, "hospital_id", a.Hospital, pointvalue.ErrDuplicate)
			continue
		}
		r.adj[k] = a
	}
}

var (
	errMonthOutsideYear   = fmt.Errorf("%w: not a month of the policy year (VAR-9)", pointvalue.ErrRange)
	errAdvancesOnMonthRow = fmt.Errorf("%w: advances_paid belongs on the year row (empty month), VAR-9", pointvalue.ErrInvalidArgument)
)

// fundValue is the fund as the input gave it, for an error's value.
func fundValue(text string, f param.Fund) string {
	if text != "" {
		return text
	}
	return f.String()
}

// settleYear is the year after the cases are scored and totalled: each fund's
// budget, pools, point values, hospital rows, reserve and ledger (settleFund),
// then what concerns every fund at once.
func (r *run) settleYear() (*Result, error) {
	r.progress("settle", len(r.settled))
	var errs pointvalue.ErrorList
	var years []*fundYear
	for f := range param.Fund(param.NumFunds) {
		if r.p.Funds[f] == nil {
			continue
		}
		y, err := r.settleFund(f)
		if err != nil {
			errs.AddError(err)
			continue
		}
		years = append(years, y)
	}
	r.adjustmentsSettled(years, &errs) // across the funds, once
	res := &Result{PolicyID: r.p.ID(), Policy: r.p}
	unbalanced := &UnbalancedError{}
	for _, y := range years {
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
	slices.SortFunc(res.Hospitals, func(a, b HospitalResult) int {
		return cmp.Or(cmp.Compare(a.Fund, b.Fund), cmp.Compare(a.Method.String(), b.Method.String()), cmp.Compare(a.HospitalID, b.HospitalID))
	})
	slices.SortFunc(res.Pools, func(a, b PoolResult) int {
		return cmp.Or(cmp.Compare(a.Fund, b.Fund), cmp.Compare(a.Method.String(), b.Method.String()))
	})
	res.cases = r.caseTable(res)
	if r.opt.Lenient {
		res.Rejects = append(slices.Clone(r.opt.Rejects), r.errs.Errors...)
		SortErrors(res.Rejects)
		res.RejectsDropped = r.errs.Dropped
	}
	return res, nil
}

// adjustmentsSettled reports every adjustments row for a (hospital, fund,
// method) that was not settled (section 13), across all funds: on its
// hospital_id when the hospital is not in hospitals.csv, else on its method.
func (r *run) adjustmentsSettled(years []*fundYear, errs *pointvalue.ErrorList) {
	settled := map[adjKey]bool{}
	for _, y := range years {
		for _, rw := range y.rows {
			settled[adjKey{rw.res.HospitalID, y.fund, rw.pool.method}] = true
		}
	}
	for _, a := range r.in.Adjustments {
		k := adjKey{a.Hospital, a.Fund, a.Method}
		kept := r.adj[k].Line == a.Line // a later duplicate, or a bad month row, was reported already
		if a.Month != 0 {
			ma := r.adjM[k]
			kept = a.Month >= 1 && a.Month <= 12 && ma != nil && ma.line[a.Month-1] == a.Line
		}
		if !kept || settled[k] {
			continue
		}
		if _, known := r.hidx[a.Hospital]; !known {
			errs.Addf(r.src.Adjustments, a.Line, "hospital_id", a.Hospital, pointvalue.ErrUnknownHospital)
			continue
		}
		errs.Addf(r.src.Adjustments, a.Line, "method", a.Method.String(), errAdjustmentUnsettled)
	}
}

var errAdjustmentUnsettled = errors.New("no settled row for this (hospital, fund, method)")

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
