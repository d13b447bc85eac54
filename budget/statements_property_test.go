package budget_test

import (
	"bytes"
	"encoding/csv"
	"math/big"
	"math/rand/v2"
	"testing"

	"github.com/dipdrg/dipdrg/files"
	"github.com/dipdrg/dipdrg/param"
	"github.com/dipdrg/dipdrg/pointvalue"
	"github.com/dipdrg/dipdrg/policy"
)

// TestPropertyStatements: on random years (the generator of the property
// tests: both assessment rules, both roundings, corridors, bands, reserve
// shortfalls, overruns, per capita), every statements.csv row's identities
// hold to the fen, from the columns as an officer reads them —
//
//	fund_corridor = fund_amount + reserve_draw − reserve_return
//	entitlement   = fund_corridor − referred − deductions (− forfeited under the coefficient rule)
//	forfeited     = deposit − deposit_returned (deposit rule)
//	final         = entitlement − deposit + deposit_returned
//	clearing      = final − advances
//	cost_ratio    = actual_cost ÷ gross to 4 decimals (empty when gross ≤ 0)
//
// — and the pools' and the ledger's totals follow from the rows: Σ final +
// referred is each pool's payments and each fund's; a pool whose reserve flows
// are all its rows' (no band, no per-capita hold-back, no fixed-rate overrun)
// has reserve_in = Σ (reserve_return + deductions + forfeited) and reserve_out
// = Σ reserve_draw.
func TestPropertyStatements(t *testing.T) {
	g := &propGen{r: rand.New(rand.NewPCG(14, 7))}
	seen := map[string]int{}
	for run := range 300 {
		p := g.policy()
		in, cases := g.input(t, p)
		res := propSettle(t, run, in, cases)
		var b bytes.Buffer
		if err := files.WriteStatements(&b, res); err != nil {
			t.Fatal(err)
		}
		rows := csvRows(t, b.Bytes())
		if len(rows) != len(res.Hospitals) {
			t.Fatalf("run %d: %d statements for %d hospital rows", run, len(rows), len(res.Hospitals))
		}
		coef := p.Advances.AssessmentRule == policy.AssessCoefficient
		type key struct{ fund, method string }
		payments := map[key]*big.Rat{}
		resIn, resOut := map[key]*big.Rat{}, map[key]*big.Rat{}
		fundPay := map[string]*big.Rat{}
		for _, s := range rows {
			q := func(col string) *big.Rat {
				v, ok := new(big.Rat).SetString(s[col])
				if !ok {
					t.Fatalf("run %d: %s %q", run, col, s[col])
				}
				return v
			}
			eq := func(what string, got, want *big.Rat) {
				if got.Cmp(want) != 0 {
					t.Fatalf("run %d, %s/%s/%s: %s: %s ≠ %s\n%v", run, s["fund"], s["method"], s["hospital_id"], what,
						got.FloatString(2), want.FloatString(2), s)
				}
			}
			eq("fund_corridor", q("fund_corridor"), add(q("fund_amount"), q("reserve_draw"), neg(q("reserve_return"))))
			e := add(q("fund_corridor"), neg(q("referred")), neg(q("deductions")))
			if coef {
				e = add(e, neg(q("forfeited")))
				seen["coefficient"]++
			} else {
				eq("forfeited", q("forfeited"), add(q("deposit"), neg(q("deposit_returned"))))
				seen["deposit"]++
			}
			eq("entitlement", q("entitlement"), e)
			eq("final", q("final"), add(q("entitlement"), neg(q("deposit")), q("deposit_returned")))
			eq("clearing", q("clearing"), add(q("final"), neg(q("advances"))))
			if gross := q("gross"); gross.Sign() > 0 {
				r := new(big.Rat).Quo(q("actual_cost"), gross)
				if d := new(big.Rat).Sub(r, q("cost_ratio")); d.Abs(d).Cmp(big.NewRat(1, 20000)) > 0 {
					t.Fatalf("run %d: cost_ratio %s, A ÷ S = %s", run, s["cost_ratio"], r.FloatString(6))
				}
			} else if s["cost_ratio"] != "" {
				t.Fatalf("run %d: cost_ratio %q with gross %s", run, s["cost_ratio"], s["gross"])
			}
			if s["referred"] != "0.00" {
				seen["referred"]++
			}
			if s["reserve_draw"] != "0.00" {
				seen["draw"]++
			}
			k := key{s["fund"], s["method"]}
			for _, m := range []map[key]*big.Rat{payments, resIn, resOut} {
				if m[k] == nil {
					m[k] = new(big.Rat)
				}
			}
			if fundPay[s["fund"]] == nil {
				fundPay[s["fund"]] = new(big.Rat)
			}
			pay := add(q("final"), q("referred"))
			payments[k].Add(payments[k], pay)
			fundPay[s["fund"]].Add(fundPay[s["fund"]], pay)
			resIn[k].Add(resIn[k], add(q("reserve_return"), q("deductions"), q("forfeited")))
			resOut[k].Add(resOut[k], q("reserve_draw"))
		}
		for _, pr := range res.Pools {
			k := key{pr.Fund.String(), pr.Method.String()}
			if payments[k] == nil {
				payments[k], resIn[k], resOut[k] = new(big.Rat), new(big.Rat), new(big.Rat)
			}
			if payments[k].Cmp(rat(pr.Payments)) != 0 {
				t.Fatalf("run %d: pool %v payments %s, Σ final + referred %s", run, k, pr.Payments, payments[k].FloatString(2))
			}
			flowsOfRows := pr.Band == 0 && pr.Method != param.Capita && pr.Formula != pointvalue.FixedRate
			if flowsOfRows {
				seen["pool flows"]++
				if resIn[k].Cmp(rat(pr.ReserveIn)) != 0 || resOut[k].Cmp(rat(pr.ReserveOut)) != 0 {
					t.Fatalf("run %d: pool %v reserve in %s out %s, rows %s %s", run, k, pr.ReserveIn, pr.ReserveOut,
						resIn[k].FloatString(2), resOut[k].FloatString(2))
				}
			}
		}
		for _, l := range res.Ledger {
			if fundPay[l.Fund.String()] == nil {
				fundPay[l.Fund.String()] = new(big.Rat)
			}
			if fundPay[l.Fund.String()].Cmp(rat(l.Payments)) != 0 {
				t.Fatalf("run %d: ledger %s payments %s, Σ rows %s", run, l.Fund, l.Payments, fundPay[l.Fund.String()].FloatString(2))
			}
		}
	}
	t.Logf("paths: %v", seen)
	for _, k := range []string{"coefficient", "deposit", "referred", "draw", "pool flows"} {
		if seen[k] == 0 {
			t.Errorf("no random year went through %s", k)
		}
	}
}

func csvRows(t *testing.T, b []byte) []map[string]string {
	t.Helper()
	recs, err := csv.NewReader(bytes.NewReader(b)).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	var out []map[string]string
	for _, rec := range recs[1:] {
		m := map[string]string{}
		for i, h := range recs[0] {
			m[h] = rec[i]
		}
		out = append(out, m)
	}
	return out
}

func add(xs ...*big.Rat) *big.Rat {
	s := new(big.Rat)
	for _, x := range xs {
		s.Add(s, x)
	}
	return s
}

func neg(x *big.Rat) *big.Rat { return new(big.Rat).Neg(x) }

func rat(m pointvalue.Money) *big.Rat { return big.NewRat(int64(m), 100) }
