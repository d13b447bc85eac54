package budget

import (
	"cmp"
	"errors"
	"fmt"
	"slices"

	"github.com/dipdrg/dipdrg/param"
	"github.com/dipdrg/dipdrg/pointvalue"
	"github.com/dipdrg/dipdrg/policy"
)

// poolCalc is one pool of a fund on its way through the year.
type poolCalc struct {
	method  param.Method
	formula pointvalue.Formula
	ratio   pointvalue.Factor // reimbursement ratio (by-reimbursement-ratio)
	money   pointvalue.Money
	tot     pointvalue.Totals

	pv, pvb       pointvalue.PointValue
	hasPV, hasPVB bool
	band          pointvalue.BandResult

	held       pointvalue.Money // CAP-2 held-back parts
	carry      pointvalue.Money // VAR-10 carry-over drawn from the reserve
	overDraw   pointvalue.Money // PV-2 / given-standard overrun drawn from the reserve
	overrun    bool             // an overrun the reserve did not cover
	residual   pointvalue.Money
	reserveIn  pointvalue.Money
	reserveOut pointvalue.Money
	sumFS      pointvalue.Money          // Σ F(S_h)
	elastic    *ElasticResult            // VAR-8: the pool's elastic point value, when it has one
	monthly    [12]pointvalue.PointValue // VAR-9's monthly point values of the advances
	monthHas   [12]bool
	hasMonthly bool
	variants   []string // the pool-level variants in force (VAR-8, VAR-9, VAR-10)
	rows       []*row   // the pool's hospital rows
}

// row is one (pool, hospital) of a fund on its way through CLR.
type row struct {
	pool *poolCalc
	hosp int32
	res  HospitalResult
	fs   pointvalue.Money // F(S)
	draw pointvalue.Money // corridor draw requested: F(C) − F(S) > 0
	ret  pointvalue.Money // corridor return: F(S) − F(C) > 0
}

// fundYear is one fund's settled year: its pools (with their rows) and ledger.
type fundYear struct {
	fund   param.Fund
	pools  []*poolCalc
	rows   []*row // every row of the fund, pools in method order
	ledger LedgerRow
	// imbalances found by the books (BUD-7, NUM-7); empty when they balance
	pools7  []PoolImbalance
	ledger7 *FundImbalance
}

// settleFund is the year of one fund after its cases are scored and totalled,
// top to bottom (section 0). Each phase takes what it needs and returns what it
// makes; the reserve balance runs through them in the order of section 13
// (A30, A41). An error belongs to no record: a *pointvalue.RecordError naming the
// JSON path it concerns.
func (r *run) settleFund(f param.Fund) (*fundYear, error) {
	amounts, err := r.p.FundAmounts(f) // BUD-1..BUD-4
	if err != nil {
		return nil, r.policyError(err)
	}
	y := &fundYear{fund: f, pools: r.newPools(f, amounts)}
	reserve := amounts.Reserve
	held, carry, err := r.pointValues(y) // PV-1..PV-3, CAP-1..CAP-3
	if err != nil {
		return nil, err
	}
	reserve += held
	if carry > reserve { // checked by Validate: R0 + the held-back parts cover it
		return nil, &pointvalue.RecordError{Source: r.src.Policy, Field: "capita.carry_over." + f.String(), Value: carry.String(),
			Err: param.Invalid(pointvalue.ErrRange, "more than R0 + the held-back parts ("+reserve.String()+")")}
	}
	reserve -= carry                                   // VAR-10, right after R0 and the held-back parts (A30)
	if reserve, err = r.band(y, reserve); err != nil { // PV-5
		return nil, err
	}
	if err := r.hospitalAmounts(y); err != nil { // PV-4
		return nil, err
	}
	reserve = overruns(r.p, y, reserve)                    // BUD-3
	if reserve, err = r.corridor(y, reserve); err != nil { // CLR-2
		return nil, err
	}
	if reserve, err = r.assess(y, reserve); err != nil { // CLR-3
		return nil, err
	}
	if err := r.clear(y); err != nil { // CLR-1, CLR-4
		return nil, err
	}
	books(y, amounts, r.totals.bedCost[f], reserve) // NUM-7, BUD-7
	return y, nil
}

// policyError locates an error of package policy (a *pointvalue.RecordError with
// a JSON path) in the policy's source.
func (r *run) policyError(err error) error {
	var re *pointvalue.RecordError
	if errors.As(err, &re) {
		c := *re
		c.Source = r.src.Policy
		return &c
	}
	return &pointvalue.RecordError{Source: r.src.Policy, Err: err}
}

// poolError is an error about fund f's data that belongs to no record (a pool with
// money and no points, say), named by the JSON path it concerns (docs/formats.md).
func (r *run) poolError(f param.Fund, path, value string, err error) error {
	return &pointvalue.RecordError{Source: r.src.Policy, Field: fundPath(f, path), Value: value, Err: err}
}

// newPools makes the fund's pools with their money (BUD-4) and the totals of their cases.
func (r *run) newPools(f param.Fund, a policy.FundAmounts) []*poolCalc {
	var pools []*poolCalc
	fp := r.p.Funds[f]
	for m := range param.Method(param.NumMethods) {
		if r.p.HasPool(f, m) {
			pc := &poolCalc{method: m, formula: r.p.Formula(f, m), ratio: fp.PointValue.ReimbursementRatio, money: a.Pools[m]}
			pc.tot, _ = r.totals.acc.Pool(poolIndex(f, m)) // a sum beyond int64 was reported by the scoring
			pools = append(pools, pc)
		}
	}
	return pools
}

// pointValues sets each pool's settlement and budget point values (PV-1..PV-3)
// and the per-capita standard (CAP-1..CAP-3, which makes the capita rows); it
// returns the CAP-2 held-back parts, which join the reserve first, and VAR-10's
// carry-over, drawn from it right after.
func (r *run) pointValues(y *fundYear) (held, carry pointvalue.Money, err error) {
	for _, pc := range y.pools {
		if pc.method == param.Capita {
			if err := r.capitaPool(y, pc); err != nil {
				return 0, 0, err
			}
			held += pc.held
			carry += pc.carry
			continue
		}
		if err := r.pointValue(y.fund, pc); err != nil {
			return 0, 0, err
		}
	}
	return held, carry, nil
}

// band is PV-5 for the inpatient pool (a separate bed-day pool has none): ceiling
// returns join the reserve, floor draws take from it as far as it pays (A26, A30).
func (r *run) band(y *fundYear, reserve pointvalue.Money) (pointvalue.Money, error) {
	pvp := &r.p.Funds[y.fund].PointValue
	if !pvp.HasBand() {
		return reserve, nil
	}
	for _, pc := range y.pools {
		if pc.method == param.Capita || pc.method == param.BedDay || !pc.formula.Floating() || !pc.hasPV {
			continue
		}
		var err error
		pc.band, err = pointvalue.ApplyBand(pc.formula, pc.pv, r.p.Funds[y.fund].Band(pc.pvb), pointvalue.Pool{Money: pc.money, Share: pc.tot.Share, Points: pc.tot.Points},
			pc.ratio, reserve, r.p.PointValueScale, r.p.Rounding)
		if err != nil {
			return 0, r.poolError(y.fund, "point_value", "", err)
		}
		pc.pv = pc.band.Value
		reserve += pc.band.Return - pc.band.Draw
		pc.reserveIn += pc.band.Return
		pc.reserveOut += pc.band.Draw
	}
	return reserve, nil
}

// overruns is BUD-3 for fixed-rate pools and a given per-capita standard: the
// overrun Σ F(S) − pool is drawn from the reserve as far as it holds, pools in
// order; each pool's residual is then what it did not pay out as F(S).
func overruns(p *policy.Policy, y *fundYear, reserve pointvalue.Money) pointvalue.Money {
	for _, pc := range y.pools {
		var over pointvalue.Money
		switch {
		case pc.formula == pointvalue.FixedRate && pc.method != param.Capita:
			over = pc.sumFS - pc.money
		case pc.method == param.Capita && p.Capita.HasStandard:
			over = pc.sumFS - pc.money
		}
		if over > 0 {
			pc.overDraw = min(over, reserve)
			pc.overrun = pc.overDraw < over
			reserve -= pc.overDraw
			pc.reserveOut += pc.overDraw
		}
		pc.residual = pc.money + pc.band.Draw - pc.band.Return + pc.overDraw + pc.carry - pc.held - pc.sumFS
	}
	return reserve
}

// corridor is CLR-2 for every row: returns join the reserve, then the draws are
// paid, scaled down together by largest remainder when they exceed the balance
// (BUD-3; ties to the smaller (hospital id, method)).
func (r *run) corridor(y *fundYear, reserve pointvalue.Money) (pointvalue.Money, error) {
	rnd := r.p.Rounding
	for _, rw := range y.rows {
		pc := rw.pool
		c, err := CorridorAmount(rw.res.Gross, rw.res.ActualCost, r.p.Corridor, rnd)
		if err != nil {
			return 0, r.poolError(y.fund, r.p.Funds[y.fund].Pools.Path(pc.method), rw.res.HospitalID, err)
		}
		rw.res.CorridorBand, rw.res.CorridorAmount = c.Band, c.Amount
		if c.LowUse {
			rw.res.Flags = append(rw.res.Flags, FlagLowUse)
		}
		if c.Capped {
			rw.res.Flags = append(rw.res.Flags, FlagSurplusCapped)
			rw.res.Variants = append(rw.res.Variants, VariantSurplusCap)
		}
		fc := c.Amount
		if pc.method != param.Capita {
			if fc, err = FundAmount(pc.formula, c.Amount, rw.res.PatientShare, pc.ratio, rnd); err != nil {
				return 0, r.poolError(y.fund, "point_value", "", err)
			}
		}
		if d := fc - rw.fs; d > 0 {
			rw.draw = d
		} else {
			rw.ret = -d
		}
		reserve += rw.ret
		pc.reserveIn += rw.ret
	}
	order := slices.Clone(y.rows)
	slices.SortStableFunc(order, func(a, b *row) int {
		return cmp.Or(cmp.Compare(a.res.HospitalID, b.res.HospitalID), cmp.Compare(a.pool.method.String(), b.pool.method.String()))
	})
	draws := make([]pointvalue.Money, len(order))
	for i, rw := range order {
		draws[i] = rw.draw
	}
	paid, short, err := ScaleDraws(draws, reserve)
	if err != nil {
		return 0, r.poolError(y.fund, "reserve_ratio", reserve.String(), err)
	}
	for i, rw := range order {
		rw.res.ReserveDraw = paid[i]
		rw.res.ReserveReturn = rw.ret
		reserve -= paid[i]
		rw.pool.reserveOut += paid[i]
		if short[i] {
			rw.res.Flags = append(rw.res.Flags, FlagReserveShort)
			if rw.pool.formula != pointvalue.ByReimbursementRatio || rw.pool.method == param.Capita {
				rw.res.CorridorAmount = rw.res.Gross + paid[i] // section 13: S + the scaled draw
			}
		}
	}
	return reserve, nil
}

// assess is CLR-3 for every row: the entitlement after the audit deductions,
// the quality deposit and what the assessment returns (or, under the
// coefficient rule, the score applied before the deductions, VAR-13);
// deductions and what is forfeited join the reserve.
func (r *run) assess(y *fundYear, reserve pointvalue.Money) (pointvalue.Money, error) {
	for _, rw := range y.rows {
		pc := rw.pool
		h := &rw.res
		k := adjKey{h.HospitalID, y.fund, pc.method}
		if adj, ok := r.adj[k]; ok {
			h.Deductions = adj.Deductions
		}
		if ma := r.adjM[k]; ma != nil { // VAR-9: the month rows' deductions, once
			h.Deductions += ma.total()
			h.Variants = append(h.Variants, VariantMonthly)
		}
		fc := rw.fs + h.ReserveDraw - h.ReserveReturn // F(C), or F(S) + the scaled draw
		if pc.method == param.Capita {
			fc -= h.Referred // C − referred spending (CAP-4)
		}
		hosp := &r.hosp[rw.hosp]
		h.Assessment = hosp.Score()
		as, err := Assess(fc, h.Deductions, h.Assessment, r.p.Advances, r.p.Rounding)
		if err != nil {
			return 0, &pointvalue.RecordError{Source: r.src.Hospitals, Line: hosp.Line, Field: "assessment", Value: h.Assessment.String(), Err: err}
		}
		h.Entitlement = as.Entitlement
		h.Deposit, h.DepositReturned, h.Forfeited, h.Final = as.Deposit, as.Returned, as.ToReserve, as.Final
		if r.p.Advances.AssessmentRule == policy.AssessCoefficient && fc > 0 {
			h.Variants = append(h.Variants, VariantAssessment)
		}
		pc.reserveIn += h.Deductions + as.ToReserve
		reserve += h.Deductions + as.ToReserve
	}
	return reserve, nil
}

// clear is CLR-1 (the advances actually paid, or computed) and CLR-4 for every
// row, and the flags that close a row.
func (r *run) clear(y *fundYear) error {
	for _, rw := range y.rows {
		pc := rw.pool
		h := &rw.res
		if adj, ok := r.adj[adjKey{h.HospitalID, y.fund, pc.method}]; ok && adj.HasAdvancesPaid {
			h.Advances, h.AdvancesGiven = adj.AdvancesPaid, true // month rows count only in E (VAR-9)
		} else {
			var err error
			if h.Advances, err = r.advances(y.fund, pc, rw); err != nil {
				return r.poolError(y.fund, "point_value.budget_point_value", h.HospitalID, err)
			}
		}
		cl, err := Clearing(h.Final, h.Advances)
		if err != nil {
			return r.poolError(y.fund, "point_value.budget_point_value", h.HospitalID, err)
		}
		h.Clearing, h.SettlementRatio, h.HasRatio = cl.Clearing, cl.SettlementRatio, cl.HasSettlementRatio
		if pc.overrun {
			h.Flags = append(h.Flags, FlagOverrun)
		}
		slices.Sort(h.Flags)
		slices.Sort(h.Variants)
	}
	return nil
}

// books makes the pool rows and the ledger and checks them to the fen: every pool
// conserves its money (NUM-7) and the fund's ledger balances (BUD-7), the reserve
// at year end taken both from its flows and from the running balance.
func books(y *fundYear, a policy.FundAmounts, bedCost, reserve pointvalue.Money) {
	f := y.fund
	led := LedgerRow{Fund: f, Budget: a.Budget, Carveouts: a.CarveoutTotal, Reserve: a.Reserve,
		Unallocated: a.Unallocated, Residual: a.Unallocated}
	var in, out pointvalue.Money
	for _, pc := range y.pools {
		var payments pointvalue.Money
		for _, rw := range pc.rows {
			payments += rw.res.Final + rw.res.Referred
		}
		if pc.money+pc.reserveOut-pc.reserveIn != payments+pc.residual {
			y.pools7 = append(y.pools7, PoolImbalance{Fund: f, Method: pc.method, Pool: pc.money,
				ReserveOut: pc.reserveOut, ReserveIn: pc.reserveIn, Payments: payments, Residual: pc.residual})
		}
		led.Payments += payments
		led.Residual += pc.residual
		in += pc.reserveIn
		out += pc.reserveOut
		if pc.method != param.Capita {
			led.InpatientCost += pc.tot.Cost
		}
	}
	led.ReserveEnd = a.Reserve + in - out
	led.DRGDIPCost = led.InpatientCost - bedCost
	for _, rw := range y.rows {
		led.Advances += rw.res.Advances
		led.Final += rw.res.Final
	}
	led.Balanced = led.Budget == led.Carveouts+led.Payments+led.ReserveEnd+led.Residual
	if !led.Balanced || led.ReserveEnd != reserve || reserve < 0 {
		y.ledger7 = &FundImbalance{Ledger: led, ReserveByBalance: reserve}
	}
	y.ledger = led
}

// poolResults are the fund's pools.csv rows (EXP-3).
func (y *fundYear) poolResults() []PoolResult {
	out := make([]PoolResult, 0, len(y.pools))
	for _, pc := range y.pools {
		pr := PoolResult{Fund: y.fund, Method: pc.method, Formula: pc.formula, Pool: pc.money,
			ReserveIn: pc.reserveIn, ReserveOut: pc.reserveOut, TotalPoints: pc.tot.Points, Share: pc.tot.Share,
			BudgetPointValue: pc.pvb, HasBudgetPointValue: pc.hasPVB, PointValue: pc.pv, HasPointValue: pc.hasPV,
			Band: pc.band.Clamped, FloorShort: pc.band.FloorShort, Residual: pc.residual, Overrun: pc.overrun,
			Variants: slices.Sorted(slices.Values(pc.variants))}
		if pc.elastic != nil {
			pr.ElasticPointValue, pr.HasElastic, pr.ElasticFloatCapped = pc.elastic.Fixed, true, pc.elastic.Capped
		}
		for _, rw := range pc.rows {
			pr.Payments += rw.res.Final + rw.res.Referred
		}
		out = append(out, pr)
	}
	return out
}

// FlagOverrun is BUD-3's flag on the rows of a pool whose fixed-rate or given-standard
// overrun the reserve did not fully cover.
const FlagOverrun = "overrun"

// FlagClawback is PV-4's flag on a row whose fund amount is negative.
const FlagClawback = "clawback"

// pointValue sets a DRG, DIP or bed-day pool's settlement and budget point values.
func (r *run) pointValue(f param.Fund, pc *poolCalc) error {
	p, fp := r.p, r.p.Funds[f]
	rnd := p.Rounding
	pool := pointvalue.Pool{Money: pc.money, Share: pc.tot.Share, Points: pc.tot.Points}
	// PV-3 budget point value (advances, PV-5), and VAR-9's monthly values.
	var err error
	if pc.pvb, pc.hasPVB, err = p.BudgetPointValue(f, pc.method); err != nil {
		return r.poolError(f, "point_value.budget_point_value", "", err)
	}
	pc.monthly, pc.monthHas = p.Advances.MonthValues(f, pc.method, p.Year)
	if pc.hasMonthly = slices.Contains(pc.monthHas[:], true); pc.hasMonthly {
		pc.variants = append(pc.variants, VariantMonthly)
	}
	if pc.formula == pointvalue.FixedRate { // PV-2
		pc.pv, pc.hasPV = fp.PointValue.FixedRate, true
		return nil
	}
	if r.elastic(f, pc.method) { // VAR-8: set with the hospital amounts
		pc.variants = append(pc.variants, VariantElastic)
		return nil
	}
	v, ok, err := pointvalue.Floating(pc.formula, pool, pc.ratio, p.PointValueScale, rnd) // PV-1
	if err != nil {
		if errors.Is(err, pointvalue.ErrZeroPoints) {
			return r.poolError(f, r.p.Funds[f].Pools.Path(pc.method), pc.money.String(), fmt.Errorf("%w: no point value exists (ERR-3)", err))
		}
		return r.poolError(f, "point_value", "", err)
	}
	pc.pv, pc.hasPV = v, ok
	return nil
}

// hospitalAmounts is PV-4 for every hospital with cases in an inpatient pool (or,
// under exact-share, the largest-remainder split of the formula's numerator,
// NUM-7), making the pool's rows.
func (r *run) hospitalAmounts(y *fundYear) error {
	for _, pc := range y.pools {
		if pc.method == param.Capita {
			continue // its rows are made with its standard (CAP-3)
		}
		if err := r.poolAmounts(y, pc); err != nil {
			return err
		}
	}
	return nil
}

func (r *run) poolAmounts(y *fundYear, pc *poolCalc) error {
	p, f := r.p, y.fund
	rnd := p.Rounding
	pi := poolIndex(f, pc.method)
	var idx []int32
	for h := range r.hosp {
		if r.totals.acc.Row(pi, h).Cases > 0 {
			idx = append(idx, int32(h))
		}
	}
	if r.elastic(f, pc.method) {
		if err := r.elasticAmounts(f, pc, idx); err != nil {
			return err
		}
	}
	var shares []pointvalue.Money
	if p.Distribution == policy.ExactShare && pc.hasPV && (pc.formula == pointvalue.WithPatientShare || pc.formula == pointvalue.FundOnly) {
		w := make([]int64, len(idx))
		for i, h := range idx {
			w[i] = int64(r.totals.acc.Row(pi, int(h)).Points)
		}
		total := pc.formula.Numerator(pc.money+pc.band.Draw-pc.band.Return, pc.tot.Share) // A42, A45
		var err error
		if shares, err = pointvalue.Allocate(total, w); err != nil {
			return r.poolError(f, r.p.Funds[f].Pools.Path(pc.method), total.String(), err)
		}
	}
	for i, h := range idx {
		t := r.totals.acc.Row(pi, int(h))
		rw := &row{pool: pc, hosp: h}
		hr := &rw.res
		hr.Fund, hr.Method, hr.HospitalID = f, pc.method, r.hosp[h].ID
		hr.Cases, hr.Points, hr.PatientShare = t.Cases, t.Points, t.Share
		hr.PointValue, hr.HasPointValue = pc.pv, pc.hasPV
		hr.ActualCost = t.Cost
		if pc.formula == pointvalue.FundOnly {
			hr.ActualCost = t.Cost - t.Share // fund-paid cost (CLR-2)
		}
		if pc.method == param.DRG {
			c := r.totals.cmi[f][h]
			cmiV, ok, err := c.Value(p.Rounding)
			if err != nil {
				return r.poolError(f, r.p.Funds[f].Pools.Path(pc.method), hr.HospitalID, err)
			}
			hr.CMI, hr.HasCMI = cmiV, ok
		}
		var err error
		switch {
		case pc.elastic != nil: // VAR-8
			hr.Gross = pc.elastic.Gross[i]
			hr.ElasticBasePoints, hr.ElasticPointValue, hr.HasElastic = pc.elastic.Base[i], pc.elastic.Fixed, true
			hr.Variants = append(hr.Variants, VariantElastic)
		case shares != nil:
			hr.Gross = shares[i]
		case pc.hasPV:
			hr.Gross, err = pointvalue.Amount(t.Points, pc.pv, rnd)
		}
		if err != nil {
			return r.poolError(f, r.p.Funds[f].Pools.Path(pc.method), hr.HospitalID, err)
		}
		hr.FundAmount, err = pc.formula.FundMoney(hr.Gross, t.Share, pc.ratio, rnd) // PV-1's F
		if err != nil {
			return r.poolError(f, "point_value", hr.HospitalID, err)
		}
		if hr.FundAmount < 0 {
			hr.Flags = append(hr.Flags, FlagClawback) // PV-4
		}
		rw.fs = hr.FundAmount
		pc.sumFS += rw.fs
		pc.rows = append(pc.rows, rw)
		y.rows = append(y.rows, rw)
	}
	return nil
}

// elastic reports whether fund f's pool of method m has VAR-8's elastic point
// value: the fund's drg or dip pool, when the fund gives one.
func (r *run) elastic(f param.Fund, m param.Method) bool {
	fp := r.p.Funds[f]
	return fp != nil && fp.PointValue.HasElastic && (m == param.DRG || m == param.DIP) && m == r.p.Inpatient(f)
}

// elasticAmounts is VAR-8 for an elastic pool whose rows are the hospitals idx:
// every hospital with cases in it needs its base points (hospitals.csv
// base_points_<fund>); ΣB runs over every hospital that gives them.
func (r *run) elasticAmounts(f param.Fund, pc *poolCalc, idx []int32) error {
	col := "base_points_" + f.String()
	var missing pointvalue.ErrorList
	for _, h := range idx {
		if hosp := &r.hosp[h]; !hosp.HasBasePoints[f] {
			missing.Addf(r.src.Hospitals, hosp.Line, col, "", fmt.Errorf("%w: hospital %s has cases in the elastic pool (VAR-8)", pointvalue.ErrRequired, hosp.ID))
		}
	}
	if missing.Len() > 0 {
		return &missing
	}
	var all []pointvalue.Points
	for i := range r.hosp {
		if r.hosp[i].HasBasePoints[f] {
			all = append(all, r.hosp[i].BasePoints[f])
		}
	}
	pi := poolIndex(f, pc.method)
	points, base := make([]pointvalue.Points, len(idx)), make([]pointvalue.Points, len(idx))
	for i, h := range idx {
		points[i], base[i] = r.totals.acc.Row(pi, int(h)).Points, r.hosp[h].BasePoints[f]
	}
	e := r.p.Funds[f].PointValue.Elastic
	res, err := ElasticAmounts(pc.formula, pc.money, pc.tot.Share, pc.ratio, e, all, points, base, r.p.PointValueScale, r.p.Rounding)
	if err != nil {
		path, value := "point_value.elastic.fixed_value", pointvalue.Factor(e.FixedValue).String()
		if e.HasBaseShare {
			path, value = "point_value.elastic.base_share", e.BaseShare.String()
		}
		if errors.Is(err, ErrElasticBaseTotal) || errors.Is(err, ErrElasticNoBase) {
			err = param.Invalid(pointvalue.ErrPolicy, err.Error())
		}
		return r.poolError(f, path, value, err)
	}
	pc.elastic = &res
	pc.pv, pc.hasPV = res.Float, res.HasFloat
	return nil
}

// capitaPool is CAP-1..3 for a fund's per-capita pool: head points, the standard
// (given or derived, with the held-back parts) and each institution's budget B_i.
func (r *run) capitaPool(y *fundYear, pc *poolCalc) error {
	p, f := r.p, y.fund
	rnd := p.Rounding
	inst := make([]int32, 0, len(r.capita[f]))
	for h := range r.capita[f] {
		inst = append(inst, h)
	}
	slices.Sort(inst)
	heads := make([]pointvalue.Points, len(inst))
	var total pointvalue.Points
	for i, h := range inst {
		hp, err := HeadPoints(r.capita[f][h].members, p.Capita.AgeWeights, p.PointScale, rnd) // CAP-1
		if err != nil {
			return &pointvalue.RecordError{Source: r.src.Policy, Field: "capita.age_weights", Err: err}
		}
		heads[i] = hp
		total += hp
	}
	pc.tot.Points = total
	standard := p.Capita.Standard
	if !p.Capita.HasStandard { // CAP-2 derived
		carry := p.Capita.CarryOver[f] // VAR-10
		cs, err := DerivedStandard(pc.money, carry, total, p.Capita.RiskRatio, p.Capita.SeriousIllnessRatio, rnd)
		if err != nil {
			return r.poolError(f, r.p.Funds[f].Pools.Path(param.Capita), pc.money.String(), err)
		}
		standard = cs.Standard
		pc.held = cs.RiskPart + cs.SeriousIllnessPart
		pc.reserveIn += pc.held
		if p.Capita.HasCarryOver[f] {
			pc.carry = carry
			pc.reserveOut += carry
			pc.variants = append(pc.variants, VariantCarryOver)
		}
	}
	pc.pv, pc.hasPV = pointvalue.PointValue(int64(standard)*1_000_000), true // yuan with 8 decimals
	for i, h := range inst {
		cr := r.capita[f][h]
		b, err := InstitutionBudget(heads[i], standard, rnd) // CAP-3
		if err != nil {
			return r.poolError(f, r.p.Funds[f].Pools.Path(param.Capita), r.hosp[h].ID, err)
		}
		rw := &row{pool: pc, hosp: h}
		hr := &rw.res
		hr.Fund, hr.Method, hr.HospitalID = f, param.Capita, r.hosp[h].ID
		hr.Cases, hr.Points = cr.count, heads[i]
		hr.PointValue, hr.HasPointValue = pc.pv, true
		hr.Gross, hr.FundAmount = b, b
		hr.ActualCost = cr.own + cr.referred // CAP-4
		hr.Referred = cr.referred
		rw.fs = b
		pc.sumFS += b
		pc.rows = append(pc.rows, rw)
		y.rows = append(y.rows, rw)
	}
	return nil
}

// advances is CLR-1: the months' cases valued at the budget point value, or at
// the month's own point value (VAR-9), each month's positive fund amount ×
// AdvanceRatio less that month's deductions (VAR-9, which may leave it
// negative); per capita, (B_i − referred) × AdvanceRatio less the months'
// deductions. A month with no point value advances nothing (A08).
func (r *run) advances(f param.Fund, pc *poolCalc, rw *row) (pointvalue.Money, error) {
	p := r.p
	rnd := p.Rounding
	ratio := p.Advances.AdvanceRatio
	ma := r.adjM[adjKey{rw.res.HospitalID, f, pc.method}]
	if pc.method == param.Capita {
		total, _, err := CapitaAdvances(rw.res.Gross, rw.res.Referred, ratio, rnd)
		return total - ma.total(), err
	}
	if !pc.hasPVB && !pc.hasMonthly {
		return -ma.total(), nil
	}
	pi := poolIndex(f, pc.method)
	var sum pointvalue.Money
	for m := range 12 {
		if ma != nil {
			sum -= ma.deductions[m]
		}
		t := r.totals.month.Row(pi*12+m, int(rw.hosp))
		v, has := pc.pvb, pc.hasPVB
		if pc.monthHas[m] {
			v, has = pc.monthly[m], true
			if t.Cases > 0 && !slices.Contains(rw.res.Variants, VariantMonthly) {
				rw.res.Variants = append(rw.res.Variants, VariantMonthly)
			}
		}
		if t.Cases == 0 || !has {
			continue
		}
		g, err := pointvalue.Amount(t.Points, v, rnd)
		if err != nil {
			return 0, err
		}
		fm, err := pc.formula.FundMoney(g, t.Share, pc.ratio, rnd)
		if err != nil {
			return 0, err
		}
		a, err := MonthlyAdvance(fm, ratio, rnd)
		if err != nil {
			return 0, err
		}
		sum += a
	}
	return sum, nil
}
