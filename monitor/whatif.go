package monitor

import (
	"bufio"
	"cmp"
	"context"
	"fmt"
	"io"
	"runtime"
	"slices"
	"sync"

	"github.com/dipdrg/dipdrg/budget"
	"github.com/dipdrg/dipdrg/internal/csvio"
	"github.com/dipdrg/dipdrg/param"
	"github.com/dipdrg/dipdrg/pointvalue"
	"github.com/dipdrg/dipdrg/policy"
)

// Scenario is one what-if policy (SIM-1, 模拟测算): a whole policy, named.
type Scenario struct {
	Name   string // whatif.csv's scenario; also the source its errors name
	Policy *policy.Policy
}

// ScenarioResult is a scenario's settled year without its cases: what
// whatif.csv and the summary need (the cases are let go once settled).
type ScenarioResult struct {
	Name      string
	Policy    *policy.Policy
	Hospitals []budget.HospitalResult // by (fund, method, hospital id), as Result.Hospitals
	Pools     []budget.PoolResult
	Ledger    []budget.LedgerRow
	// FFS is each Hospitals row's fee-for-service fund cost (MON-15's ffs):
	// Σ (total cost − patient share) over its cases; a capita row's own spending.
	FFS []pointvalue.Money
}

// Balanced reports whether every fund's ledger balances (BUD-7).
func (s *ScenarioResult) Balanced() bool {
	for _, l := range s.Ledger {
		if !l.Balanced {
			return false
		}
	}
	return true
}

// ErrScenario is the cause of a scenario that cannot be compared with the base
// (SIM-2: another region or year).
var ErrScenario = fmt.Errorf("%w: a scenario settles the base's region and year", pointvalue.ErrPolicy)

// WhatIf settles the base year (in.Policy) and every scenario from the same
// inputs (SIM-2): the batch is read once and shared — Settle never changes it,
// and its case-id order and patient numbers are computed once — and the years
// are settled in parallel, as many at a time as there are cores (each on one
// worker). All or nothing (SIM-3): the first failure in order, the base first,
// is returned (a scenario's errors name it as their source), and no result. A
// scenario must have the base's region and year. The base's Result is whole
// (cases included); each scenario's keeps its rows, pools, ledger and
// fee-for-service costs.
func WhatIf(ctx context.Context, in budget.Input, scenarios []Scenario, opt budget.Options) (*budget.Result, []ScenarioResult, error) {
	if in.Policy == nil {
		return nil, nil, fmt.Errorf("monitor: %w: no base policy", pointvalue.ErrInvalidArgument)
	}
	var base *budget.Result
	baseErr := make(chan error, 1)
	go func() {
		var err error
		base, err = budget.Settle(ctx, in, opt)
		baseErr <- err
	}()
	out, err := settleScenarios(ctx, in, scenarios, opt, 1)
	if berr := <-baseErr; berr != nil {
		return nil, nil, berr
	}
	if err != nil {
		return nil, nil, err
	}
	return base, out, nil
}

// SettleScenarios settles every scenario from the inputs of a base year
// already settled (in.Policy its policy; settle -whatif does so, the base
// through files' error model): in parallel as WhatIf does, all or nothing, the
// first failure in order returned. opt is how a scenario settles: its
// Sources.Policy is set to each scenario's name, and it should have no Sink
// (the records' errors were the base's to report).
func SettleScenarios(ctx context.Context, in budget.Input, scenarios []Scenario, opt budget.Options) ([]ScenarioResult, error) {
	if in.Policy == nil {
		return nil, fmt.Errorf("monitor: %w: no base policy", pointvalue.ErrInvalidArgument)
	}
	return settleScenarios(ctx, in, scenarios, opt, 0)
}

// settleScenarios settles the scenarios on the cores there are, less busy
// ones (a base settling beside them).
func settleScenarios(ctx context.Context, in budget.Input, scenarios []Scenario, opt budget.Options, busy int) ([]ScenarioResult, error) {
	for _, s := range scenarios {
		var l pointvalue.ErrorList
		switch {
		case s.Policy == nil:
			return nil, fmt.Errorf("monitor: %w: scenario %s has no policy", pointvalue.ErrInvalidArgument, s.Name)
		case s.Policy.Region != in.Policy.Region:
			l.Addf(s.Name, 0, "region", s.Policy.Region, fmt.Errorf("%w (%s)", ErrScenario, in.Policy.Region))
		case s.Policy.Year != in.Policy.Year:
			l.Addf(s.Name, 0, "year", fmt.Sprint(s.Policy.Year), fmt.Errorf("%w (%d)", ErrScenario, in.Policy.Year))
		}
		if l.Len() > 0 {
			return nil, &l
		}
	}
	out := make([]ScenarioResult, len(scenarios))
	errs := make([]error, len(scenarios))
	sem := make(chan struct{}, max(1, runtime.GOMAXPROCS(0)-busy))
	var wg sync.WaitGroup
	for k, s := range scenarios {
		wg.Go(func() {
			sem <- struct{}{}
			defer func() { <-sem }()
			sin, sopt := in, opt
			sin.Policy, sopt.Sources.Policy, sopt.Workers = s.Policy, s.Name, 1
			res, err := budget.Settle(ctx, sin, sopt)
			if err != nil {
				errs[k] = err
				return
			}
			out[k] = ScenarioResult{Name: s.Name, Policy: res.Policy, Hospitals: res.Hospitals,
				Pools: res.Pools, Ledger: res.Ledger, FFS: FeeForService(res, sin)}
		})
	}
	wg.Wait()
	for _, err := range errs {
		if err != nil {
			return nil, err
		}
	}
	return out, nil
}

// FeeForService returns, for each of res.Hospitals's rows, what fee-for-service
// would have cost the fund (MON-15's ffs): Σ (total cost − patient share) over
// the row's cases, bed-day stays included; for a capita row its own spending.
func FeeForService(res *budget.Result, in budget.Input) []pointvalue.Money {
	ids := make([]string, len(in.Hospitals)) // as budget.SettledCase.Hospital indexes them
	for i, h := range in.Hospitals {
		ids[i] = h.ID
	}
	slices.Sort(ids)
	ids = slices.Compact(ids)
	at := func(h int, f param.Fund, m param.Method) int {
		return (h*param.NumFunds+int(f))*param.NumMethods + int(m)
	}
	sum := make([]pointvalue.Money, len(ids)*param.NumFunds*param.NumMethods)
	for s := range res.Settled(0) {
		if s.Pool != param.Capita && s.Hospital >= 0 && s.Hospital < len(ids) {
			sum[at(s.Hospital, s.Fund, s.Pool)] += s.TotalCost - s.PatientShare
		}
	}
	for _, s := range in.Spending {
		if h, ok := slices.BinarySearch(ids, s.Institution); ok && int(s.Fund) < param.NumFunds {
			sum[at(h, s.Fund, param.Capita)] += s.Own
		}
	}
	out := make([]pointvalue.Money, len(res.Hospitals))
	for i, h := range res.Hospitals {
		if k, ok := slices.BinarySearch(ids, h.HospitalID); ok && int(h.Method) < param.NumMethods && int(h.Fund) < param.NumFunds {
			out[i] = sum[at(k, h.Fund, h.Method)]
		}
	}
	return out
}

// WhatIfRow is one row of whatif.csv (SIM-4).
type WhatIfRow struct {
	Scenario, HospitalID string
	Fund                 param.Fund
	Method               param.Method
	PointValue           pointvalue.PointValue // the pool's settlement point value (capita: the standard), when HasPointValue
	HasPointValue        bool
	Scale                int // the scenario's point_value_scale
	Final                pointvalue.Money
	DiffVsBase           pointvalue.Money // final − the base's final for the key, when HasBase
	HasBase              bool
	FFS                  pointvalue.Money // ffs_fund_cost
	DiffVsFFS            pointvalue.Money // final − ffs_fund_cost
}

// Compare lays the scenarios beside the base (SIM-4): per scenario, base first,
// and per hospitals.csv row by (hospital_id, fund, method), its final against
// the base's and against fee-for-service.
func Compare(base ScenarioResult, scenarios []ScenarioResult) []WhatIfRow {
	type key struct {
		hosp   string
		fund   param.Fund
		method param.Method
	}
	baseFinal := map[key]pointvalue.Money{}
	for _, h := range base.Hospitals {
		baseFinal[key{h.HospitalID, h.Fund, h.Method}] = h.Final
	}
	var out []WhatIfRow
	for _, s := range append([]ScenarioResult{base}, scenarios...) {
		start := len(out)
		for i, h := range s.Hospitals {
			r := WhatIfRow{Scenario: s.Name, HospitalID: h.HospitalID, Fund: h.Fund, Method: h.Method,
				PointValue: h.PointValue, HasPointValue: h.HasPointValue, Scale: s.Policy.PointValueScale,
				Final: h.Final, FFS: s.FFS[i], DiffVsFFS: h.Final - s.FFS[i]}
			if b, ok := baseFinal[key{h.HospitalID, h.Fund, h.Method}]; ok {
				r.DiffVsBase, r.HasBase = h.Final-b, true
			}
			out = append(out, r)
		}
		rows := out[start:]
		slices.SortFunc(rows, func(a, b WhatIfRow) int {
			return cmp.Or(cmp.Compare(a.HospitalID, b.HospitalID), cmp.Compare(a.Fund.String(), b.Fund.String()),
				cmp.Compare(a.Method.String(), b.Method.String()))
		})
	}
	return out
}

// Base returns the base year as a ScenarioResult named "base".
func Base(res *budget.Result, in budget.Input) ScenarioResult {
	return ScenarioResult{Name: "base", Policy: res.Policy, Hospitals: res.Hospitals, Pools: res.Pools, Ledger: res.Ledger,
		FFS: FeeForService(res, in)}
}

// WriteWhatIf writes whatif.csv (docs/monitoring.md §5): rows in the order Compare gives.
func WriteWhatIf(w io.Writer, rows []WhatIfRow) error {
	bw := bufio.NewWriterSize(w, 1<<16)
	bw.WriteString("scenario,hospital_id,fund,method,point_value,final,diff_vs_base,ffs_fund_cost,diff_vs_ffs\n")
	var b []byte
	for _, r := range rows {
		b = csvio.AppendField(b[:0], r.Scenario)
		b = append(b, ',')
		b = csvio.AppendField(b, r.HospitalID)
		b = append(b, ',')
		b = append(b, r.Fund.String()...)
		b = append(b, ',')
		b = append(b, r.Method.String()...)
		b = append(b, ',')
		if r.HasPointValue {
			b = append(b, r.PointValue.Format(r.Scale)...)
		}
		b = append(b, ',')
		b = r.Final.Append(b)
		b = append(b, ',')
		if r.HasBase {
			b = r.DiffVsBase.Append(b)
		}
		b = append(b, ',')
		b = r.FFS.Append(b)
		b = append(b, ',')
		b = r.DiffVsFFS.Append(b)
		b = append(b, '\n')
		if _, err := bw.Write(b); err != nil {
			return err
		}
	}
	return bw.Flush()
}
