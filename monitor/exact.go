package monitor

import (
	"math/big"

	"github.com/dipdrg/dipdrg/param"
)

// exactIndexes makes the exact sums of the cost and time indexes (MON-2,
// MON-3) of every row, for when a span could not decide a figure: per (row
// month, reference) the costs and stays are summed, then each row's Σ n·x ÷ S
// is a math/big rational; year and region rows add their months and hospitals.
func (m *measure) exactIndexes() {
	type cell struct {
		acc int
		mi  int
		ref int32
	}
	type sums struct{ cost, los int64 }
	cells := map[cell]*sums{}
	for s := range m.res.Settled(0) {
		if s.Method == param.BedDay || !grouped(s) || s.Hospital < 0 || s.Hospital >= m.nh {
			continue
		}
		mi := methodIndex(s.Method)
		g := m.grp[mi]
		if int(s.Group) >= len(g.code) || g.ref[s.Group] < 0 {
			continue
		}
		k := cell{m.accIndex(s.Hospital, s.Fund, mi, m.monthOf(s.Discharge)), mi, g.ref[s.Group]}
		c := cells[k]
		if c == nil {
			c = &sums{}
			cells[k] = c
		}
		c.cost += int64(s.TotalCost)
		c.los += los(s)
	}
	m.exCost, m.exTime = make([]*big.Rat, len(m.acc)), make([]*big.Rat, len(m.acc))
	for i := range m.acc {
		m.exCost[i], m.exTime[i] = new(big.Rat), new(big.Rat)
	}
	for k, c := range cells {
		rf := &m.grp[k.mi].refs[k.ref]
		if rf.costOK {
			m.exCost[k.acc].Add(m.exCost[k.acc], new(big.Rat).SetFrac(new(big.Int).Mul(big.NewInt(c.cost), big.NewInt(rf.n)), big.NewInt(rf.s)))
		}
		if rf.timeOK {
			m.exTime[k.acc].Add(m.exTime[k.acc], new(big.Rat).SetFrac(new(big.Int).Mul(big.NewInt(c.los), big.NewInt(rf.n)), big.NewInt(rf.l)))
		}
	}
	for h := range m.nh {
		for f := range param.Fund(param.NumFunds) {
			for mi := range 2 {
				y := m.accIndex(h, f, mi, 0)
				for p := 1; p < periods; p++ {
					i := m.accIndex(h, f, mi, p)
					m.exCost[y].Add(m.exCost[y], m.exCost[i])
					m.exTime[y].Add(m.exTime[y], m.exTime[i])
				}
				for p := range periods {
					i, r := m.accIndex(h, f, mi, p), m.accIndex(m.nh, f, mi, p)
					m.exCost[r].Add(m.exCost[r], m.exCost[i])
					m.exTime[r].Add(m.exTime[r], m.exTime[i])
				}
			}
		}
	}
}
