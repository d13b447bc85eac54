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
	overDraw   pointvalue.Money // PV-2 / given-standard overrun drawn from the reserve
	overrun    bool             // an overrun the reserve did not cover
	residual   pointvalue.Money
	reserveIn  pointvalue.Money
	reserveOut pointvalue.Money
	sumFS      pointvalue.Money // Σ F(S_h)
	rows       []int            // indices into the fund's row slice
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

// settleFund is the year of one fund, top to bottom (section 0).
func (st *state) settleFund(f param.Fund, res *Result) {
	p, fp := st.p, st.p.Funds[f]
	r := p.Rounding
	fail := func(field, value string, err error) { st.fatalf(fundPath(f, field), value, err) }

	// BUD-1 budget, BUD-2 carve-outs, BUD-3 reserve.
	budget, err := AnnualBudget(AnnualBudgetTerms(fp.Budget), r)
	if err != nil {
		fail("budget", "", err)
		return
	}
	terms := make([]CarveoutTerm, len(fp.Carveouts))
	for i, c := range fp.Carveouts {
		terms[i] = CarveoutTerm(c)
	}
	_, carve, err := CarveoutAmounts(budget, terms, r)
	if err != nil {
		fail("carveouts", "", err)
		return
	}
	reserve0, err := ReserveAmount(budget, carve, fp.ReserveRatio, r)
	if err != nil {
		fail("reserve_ratio", fp.ReserveRatio.String(), err)
		return
	}
	available := budget - carve - reserve0

	// BUD-4 method pools.
	var pools []*poolCalc
	for m := range param.Method(param.NumMethods) {
		if p.HasPool(f, m) {
			pc := &poolCalc{method: m, formula: p.Formula(f, m), ratio: fp.PointValue.ReimbursementRatio}
			pc.tot, err = st.acc.Pool(poolIndex(f, m))
			if err != nil {
				fail("pools."+m.String(), "", err)
				return
			}
			pools = append(pools, pc)
		}
	}
	unallocated, err := st.splitPools(fp, available, pools)
	if err != nil {
		fail("pools", available.String(), err)
		return
	}

	var rows []*row
	reserve := reserve0 // the running balance, in the order of section 13

	// Point values (PV-1, PV-2, PV-3) and the per-capita standard (CAP-2).
	for _, pc := range pools {
		if pc.method == param.Capita {
			rows = st.capitaPool(f, pc, rows)
			reserve += pc.held
			continue
		}
		st.pointValue(f, pc)
	}
	if st.fatal.Len() > 0 {
		return
	}
	// PV-5 band: the inpatient pool only (a separate bed-day pool has none). Ceilings
	// return before floors draw (A30, A41); one banded pool per fund keeps that order.
	for _, pc := range pools {
		if pc.method == param.Capita || pc.method == param.BedDay || !pc.formula.Floating() || !pc.hasPV || !fp.PointValue.HasBand() {
			continue
		}
		b := pointvalue.Band{Budget: pc.pvb, Down: fp.PointValue.BandDown, Up: fp.PointValue.BandUp,
			HasDown: fp.PointValue.HasBandDown, HasUp: fp.PointValue.HasBandUp}
		pc.band, err = pointvalue.ApplyBand(pc.formula, pc.pv, b, pointvalue.Pool{Money: pc.money, Share: pc.tot.Share, Points: pc.tot.Points},
			pc.ratio, reserve, p.PointValueScale, r)
		if err != nil {
			fail("point_value", "", err)
			return
		}
		pc.pv = pc.band.Value
		reserve += pc.band.Return - pc.band.Draw
		pc.reserveIn += pc.band.Return
		pc.reserveOut += pc.band.Draw
	}

	// PV-4 hospital amounts.
	for _, pc := range pools {
		if pc.method != param.Capita {
			rows = st.hospitalAmounts(f, pc, rows)
		}
	}
	if st.fatal.Len() > 0 {
		return
	}
	// Overruns (BUD-3, PV-2 and a given per-capita standard), pools in order, capped at the reserve.
	for _, pc := range pools {
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
		// The pool's residual: what the pool (with its PV-level reserve flows) did not pay out as F(S).
		pc.residual = pc.money + pc.band.Draw - pc.band.Return + pc.overDraw - pc.held - pc.sumFS
	}

	// CLR-2 corridor: returns join the reserve, then draws are paid, scaled together when short.
	ct := CorridorTerms(p.Corridor)
	for _, rw := range rows {
		pc := rw.pool
		s := rw.res.Gross
		c, err := CorridorAmount(s, rw.res.ActualCost, ct, r)
		if err != nil {
			fail("corridor", "", err)
			return
		}
		rw.res.CorridorBand, rw.res.CorridorAmount = c.Band, c.Amount
		if c.LowUse {
			rw.res.Flags = append(rw.res.Flags, FlagLowUse)
		}
		fc := c.Amount
		if pc.method != param.Capita {
			if fc, err = FundAmount(pc.formula, c.Amount, rw.res.PatientShare, pc.ratio, r); err != nil {
				fail("corridor", "", err)
				return
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
	order := slices.Clone(rows) // ties to the smaller (hospital id, method)
	slices.SortStableFunc(order, func(a, b *row) int {
		return cmp.Or(cmp.Compare(a.res.HospitalID, b.res.HospitalID), cmp.Compare(a.pool.method.String(), b.pool.method.String()))
	})
	draws := make([]pointvalue.Money, len(order))
	for i, rw := range order {
		draws[i] = rw.draw
	}
	paid, short, err := ScaleDraws(draws, reserve)
	if err != nil {
		fail("corridor", "", err)
		return
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

	// CLR-3 entitlement and deposit, CLR-1 advances, CLR-4 clearing.
	at := AssessmentTerms{Rule: p.Advances.AssessmentRule, DepositRatio: p.Advances.DepositRatio}
	for _, rw := range rows {
		pc := rw.pool
		h := &rw.res
		k := adjKey{h.HospitalID, f, pc.method}
		adj, hasAdj := st.adj[k]
		if hasAdj {
			st.adjUse[k] = true
			h.Deductions = adj.Deductions
		}
		fc := rw.fs + h.ReserveDraw - h.ReserveReturn // F(C), or F(S) + the scaled draw
		if pc.method == param.Capita {
			h.Entitlement = CapitaEntitlement(fc, h.Referred, h.Deductions)
		} else {
			h.Entitlement = Entitlement(fc, h.Deductions)
		}
		h.Assessment = st.hosp[rw.hosp].Assessment
		as, err := Assess(h.Entitlement, h.Assessment, at, r)
		if err != nil {
			st.fatal.Addf(st.src.Hospitals, st.hosp[rw.hosp].Line, "assessment", h.Assessment.String(), err)
			continue
		}
		h.Deposit, h.DepositReturned, h.Forfeited, h.Final = as.Deposit, as.Returned, as.ToReserve, as.Final
		pc.reserveIn += h.Deductions + as.ToReserve
		reserve += h.Deductions + as.ToReserve

		if hasAdj && adj.HasAdvancesPaid {
			h.Advances, h.AdvancesGiven = adj.AdvancesPaid, true
		} else if h.Advances, err = st.advances(f, pc, rw); err != nil {
			fail("advances", "", err)
			return
		}
		cl, err := Clearing(h.Final, h.Advances)
		if err != nil {
			fail("advances", "", err)
			return
		}
		h.Clearing, h.SettlementRatio, h.HasRatio = cl.Clearing, cl.SettlementRatio, cl.HasSettlementRatio
		if pc.overrun {
			h.Flags = append(h.Flags, FlagOverrun)
		}
		slices.Sort(h.Flags)
	}

	// Pools (NUM-7) and the ledger (BUD-7), each checked to the fen.
	led := LedgerRow{Fund: f, Budget: budget, Carveouts: carve, Reserve: reserve0, Unallocated: unallocated, Residual: unallocated}
	var in, out pointvalue.Money
	for _, pc := range pools {
		pr := PoolResult{Fund: f, Method: pc.method, Formula: pc.formula, Pool: pc.money,
			ReserveIn: pc.reserveIn, ReserveOut: pc.reserveOut, TotalPoints: pc.tot.Points, Share: pc.tot.Share,
			BudgetPointValue: pc.pvb, HasBudgetPointValue: pc.hasPVB, PointValue: pc.pv, HasPointValue: pc.hasPV,
			Band: pc.band.Clamped, FloorShort: pc.band.FloorShort, Residual: pc.residual, Overrun: pc.overrun}
		for _, i := range pc.rows {
			pr.Payments += rows[i].res.Final + rows[i].res.Referred
		}
		if pc.money+pr.ReserveOut-pr.ReserveIn != pr.Payments+pr.Residual {
			st.unbalance(fmt.Sprintf("pool %s/%s: %s + %s − %s ≠ %s + %s", f, pc.method, pc.money, pr.ReserveOut, pr.ReserveIn, pr.Payments, pr.Residual))
		}
		res.Pools = append(res.Pools, pr)
		led.Payments += pr.Payments
		led.Residual += pr.Residual
		in += pr.ReserveIn
		out += pr.ReserveOut
	}
	led.ReserveEnd = reserve0 + in - out
	for _, pc := range pools {
		if pc.method != param.Capita {
			led.InpatientCost += pc.tot.Cost
		}
	}
	led.DRGDIPCost = led.InpatientCost - st.bedCost[f]
	for _, rw := range rows {
		led.Advances += rw.res.Advances
		led.Final += rw.res.Final
	}
	if led.ReserveEnd != reserve || reserve < 0 {
		st.unbalance(fmt.Sprintf("fund %s: reserve %s by its flows, %s by its balance", f, led.ReserveEnd, reserve))
	}
	led.Balanced = led.Budget == led.Carveouts+led.Payments+led.ReserveEnd+led.Residual
	if !led.Balanced {
		st.unbalance(fmt.Sprintf("fund %s: budget %s ≠ carve-outs %s + payments %s + reserve %s + residual %s",
			f, led.Budget, led.Carveouts, led.Payments, led.ReserveEnd, led.Residual))
	}
	res.Ledger = append(res.Ledger, led)
	for _, rw := range rows {
		res.Hospitals = append(res.Hospitals, rw.res)
	}
	if f == param.Resident || st.p.Funds[param.Resident] == nil {
		st.checkAdjustmentsUsed()
	}
	st.caseAmounts(f, pools)
}

// FlagOverrun is BUD-3's flag on the rows of a pool whose fixed-rate or given-standard
// overrun the reserve did not fully cover.
const FlagOverrun = "overrun"

// FlagClawback is PV-4's flag on a row whose fund amount is negative.
const FlagClawback = "clawback"

func (st *state) unbalance(msg string) {
	if st.unbalanced == "" {
		st.unbalanced = msg
	} else {
		st.unbalanced += "; " + msg
	}
}

// splitPools is BUD-4: the money of each pool, and what an amounts split leaves in no pool.
func (st *state) splitPools(fp *policy.FundPolicy, available pointvalue.Money, pools []*poolCalc) (pointvalue.Money, error) {
	sp := fp.Pools
	names := make([]string, len(pools))
	for i, pc := range pools {
		names[i] = pc.method.String()
	}
	var money []pointvalue.Money
	var residual pointvalue.Money
	var err error
	switch sp.Kind {
	case policy.PoolsAll:
		if len(pools) != 1 {
			return 0, fmt.Errorf("%w: no pool split, but %d pools in use", pointvalue.ErrPolicy, len(pools))
		}
		money = []pointvalue.Money{available}
	case policy.PoolsRatios:
		ratios := make([]pointvalue.Factor, len(pools))
		for i, pc := range pools {
			ratios[i] = sp.Ratios[pc.method]
		}
		money, residual, err = PoolsByRatio(available, names, ratios)
	case policy.PoolsAmounts:
		amounts := make([]pointvalue.Money, len(pools))
		for i, pc := range pools {
			amounts[i] = sp.Amounts[pc.method]
		}
		money, residual, err = PoolsByAmount(available, amounts)
	case policy.PoolsPriorSpending:
		prior := make([]pointvalue.Money, len(pools))
		for i, pc := range pools {
			prior[i] = sp.Amounts[pc.method]
		}
		money, residual, err = PoolsByPriorSpending(available, names, prior)
	default:
		return 0, fmt.Errorf("%w: unknown pool split", pointvalue.ErrPolicy)
	}
	if err != nil {
		return 0, err
	}
	for i, pc := range pools {
		pc.money = money[i]
	}
	return residual, nil
}

// pointValue sets a DRG, DIP or bed-day pool's settlement and budget point values.
func (st *state) pointValue(f param.Fund, pc *poolCalc) {
	p, fp := st.p, st.p.Funds[f]
	r := p.Rounding
	pool := pointvalue.Pool{Money: pc.money, Share: pc.tot.Share, Points: pc.tot.Points}
	// PV-3 budget point value (advances, PV-5).
	switch {
	case pc.method == param.BedDay:
		pc.pvb, pc.hasPVB = p.BedDay.BudgetPointValue, p.BedDay.HasBudgetPointValue
	case fp.PointValue.HasBudgetPointValue:
		pc.pvb, pc.hasPVB = fp.PointValue.BudgetPointValue, true
	case len(fp.PointValue.BudgetYears) > 0:
		years := make([]pointvalue.YearTotals, len(fp.PointValue.BudgetYears))
		for i, y := range fp.PointValue.BudgetYears {
			cost := y.TotalCost
			if pc.formula == pointvalue.FundOnly {
				cost -= y.PatientShare // fund-paid cost (PV-3)
			}
			years[i] = pointvalue.YearTotals{Cost: cost, Points: y.TotalPoints}
		}
		v, err := pointvalue.BudgetPointValue(years, fp.PointValue.Weights, p.PointValueScale, r)
		if err != nil {
			st.fatalf(fundPath(f, "point_value.budget_point_value"), "", err)
			return
		}
		pc.pvb, pc.hasPVB = v, true
	case fp.PointValue.HasFixedRate:
		pc.pvb, pc.hasPVB = fp.PointValue.FixedRate, true
	}
	if pc.formula == pointvalue.FixedRate { // PV-2
		pc.pv, pc.hasPV = fp.PointValue.FixedRate, true
		return
	}
	v, ok, err := pointvalue.Floating(pc.formula, pool, pc.ratio, p.PointValueScale, r) // PV-1
	if err != nil {
		if errors.Is(err, pointvalue.ErrZeroPoints) {
			st.fatalf(fundPath(f, "pools."+pc.method.String()), pc.money.String(), fmt.Errorf("%w: no point value exists (ERR-3)", err))
		} else {
			st.fatalf(fundPath(f, "point_value"), "", err)
		}
		return
	}
	pc.pv, pc.hasPV = v, ok
}

// hospitalAmounts is PV-4 for every hospital with cases in the pool (or, under
// exact-share, the largest-remainder split of the formula's numerator, NUM-7).
func (st *state) hospitalAmounts(f param.Fund, pc *poolCalc, rows []*row) []*row {
	p := st.p
	r := p.Rounding
	pi := poolIndex(f, pc.method)
	var idx []int32
	for h := range st.hosp {
		if st.acc.Row(pi, h).Cases > 0 {
			idx = append(idx, int32(h))
		}
	}
	var shares []pointvalue.Money
	if p.Distribution == policy.ExactShare && pc.hasPV && (pc.formula == pointvalue.WithPatientShare || pc.formula == pointvalue.FundOnly) {
		w := make([]int64, len(idx))
		for i, h := range idx {
			w[i] = int64(st.acc.Row(pi, int(h)).Points)
		}
		total := pc.formula.Numerator(pc.money+pc.band.Draw-pc.band.Return, pc.tot.Share) // A42, A45
		var err error
		if shares, err = pointvalue.Allocate(total, w); err != nil {
			st.fatalf(fundPath(f, "pools."+pc.method.String()), total.String(), err)
			return rows
		}
	}
	for i, h := range idx {
		t := st.acc.Row(pi, int(h))
		rw := &row{pool: pc, hosp: h}
		hr := &rw.res
		hr.Fund, hr.Method, hr.HospitalID = f, pc.method, st.hosp[h].ID
		hr.Cases, hr.Points, hr.PatientShare = t.Cases, t.Points, t.Share
		hr.PointValue, hr.HasPointValue = pc.pv, pc.hasPV
		hr.ActualCost = t.Cost
		if pc.formula == pointvalue.FundOnly {
			hr.ActualCost = t.Cost - t.Share // fund-paid cost (CLR-2)
		}
		if pc.method == param.DRG {
			c := st.cmi[f][h]
			cmiV, ok, err := c.Value(p.Rounding)
			if err != nil {
				st.fatalf("cmi", hr.HospitalID, err)
			}
			hr.CMI, hr.HasCMI = cmiV, ok
		}
		var err error
		switch {
		case shares != nil:
			hr.Gross = shares[i]
		case pc.hasPV:
			hr.Gross, err = pointvalue.Amount(t.Points, pc.pv, r)
		}
		if err != nil {
			st.fatalf(fundPath(f, "pools."+pc.method.String()), hr.HospitalID, err)
			return rows
		}
		hr.FundAmount, err = pc.formula.FundMoney(hr.Gross, t.Share, pc.ratio, r) // PV-1's F
		if err != nil {
			st.fatalf(fundPath(f, "point_value"), "", err)
			return rows
		}
		if hr.FundAmount < 0 {
			hr.Flags = append(hr.Flags, FlagClawback) // PV-4
		}
		rw.fs = hr.FundAmount
		pc.sumFS += rw.fs
		pc.rows = append(pc.rows, len(rows))
		rows = append(rows, rw)
	}
	return rows
}

// capitaPool is CAP-1..3 for a fund's per-capita pool: head points, the standard
// (given or derived, with the held-back parts) and each institution's budget B_i.
func (st *state) capitaPool(f param.Fund, pc *poolCalc, rows []*row) []*row {
	p := st.p
	r := p.Rounding
	inst := make([]int32, 0, len(st.capita[f]))
	for h := range st.capita[f] {
		inst = append(inst, h)
	}
	slices.Sort(inst)
	heads := make([]pointvalue.Points, len(inst))
	var total pointvalue.Points
	for i, h := range inst {
		hp, err := HeadPoints(st.capita[f][h].members, p.Capita.AgeWeights, p.PointScale, r) // CAP-1
		if err != nil {
			st.fatalf("capita.age_weights", "", err)
			return rows
		}
		heads[i] = hp
		total += hp
	}
	pc.tot.Points = total
	standard := p.Capita.Standard
	if !p.Capita.HasStandard { // CAP-2 derived
		cs, err := DerivedStandard(pc.money, total, p.Capita.RiskRatio, p.Capita.SeriousIllnessRatio, r)
		if err != nil {
			st.fatalf(fundPath(f, "pools.capita"), pc.money.String(), err)
			return rows
		}
		standard = cs.Standard
		pc.held = cs.RiskPart + cs.SeriousIllnessPart
		pc.reserveIn += pc.held
	}
	pc.pv, pc.hasPV = pointvalue.PointValue(int64(standard)*1_000_000), true // yuan with 8 decimals
	for i, h := range inst {
		cr := st.capita[f][h]
		b, err := InstitutionBudget(heads[i], standard, r) // CAP-3
		if err != nil {
			st.fatalf(fundPath(f, "pools.capita"), "", err)
			return rows
		}
		rw := &row{pool: pc, hosp: h}
		hr := &rw.res
		hr.Fund, hr.Method, hr.HospitalID = f, param.Capita, st.hosp[h].ID
		hr.Cases, hr.Points = cr.count, heads[i]
		hr.PointValue, hr.HasPointValue = pc.pv, true
		hr.Gross, hr.FundAmount = b, b
		hr.ActualCost = cr.own + cr.referred // CAP-4
		hr.Referred = cr.referred
		rw.fs = b
		pc.sumFS += b
		pc.rows = append(pc.rows, len(rows))
		rows = append(rows, rw)
	}
	return rows
}

// advances is CLR-1: the months' cases valued at the budget point value, each
// month's positive fund amount × AdvanceRatio; per capita, (B_i − referred) ×
// AdvanceRatio. No budget point value: no computed advances (A08).
func (st *state) advances(f param.Fund, pc *poolCalc, rw *row) (pointvalue.Money, error) {
	p := st.p
	r := p.Rounding
	ratio := p.Advances.AdvanceRatio
	if pc.method == param.Capita {
		total, _, err := CapitaAdvances(rw.res.Gross, rw.res.Referred, ratio, r)
		return total, err
	}
	if !pc.hasPVB {
		return 0, nil
	}
	pi := poolIndex(f, pc.method)
	var sum pointvalue.Money
	for m := range 12 {
		t := st.accMonth.Row(pi*12+m, int(rw.hosp))
		if t.Cases == 0 {
			continue
		}
		g, err := pointvalue.Amount(t.Points, pc.pvb, r)
		if err != nil {
			return 0, err
		}
		fm, err := pc.formula.FundMoney(g, t.Share, pc.ratio, r)
		if err != nil {
			return 0, err
		}
		a, err := MonthlyAdvance(fm, ratio, r)
		if err != nil {
			return 0, err
		}
		sum += a
	}
	return sum, nil
}

// caseAmounts sets each case's explanatory amount round_fen(points × PV) (PV-4).
func (st *state) caseAmounts(f param.Fund, pools []*poolCalc) {
	var pv [param.NumMethods]*poolCalc
	for _, pc := range pools {
		pv[pc.method] = pc
	}
	for i := range st.cases {
		a := &st.cases[i]
		if a.fund != f {
			continue
		}
		pc := pv[a.pool]
		if pc == nil || !pc.hasPV {
			continue
		}
		cr := &st.results[i]
		amt, err := pointvalue.Amount(cr.Points, pc.pv, st.p.Rounding)
		if err != nil {
			st.fatal.Addf(st.src.Cases, a.c.Line, "case_id", a.c.ID, err)
			continue
		}
		cr.Amount, cr.HasAmount = amt, true
	}
}
