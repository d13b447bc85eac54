package drg

import (
	"math/bits"

	"github.com/dipdrg/dipdrg/param"
	"github.com/dipdrg/dipdrg/pointvalue"
)

// Columns are a batch's DRG cases as the scoring loop reads them, by row: the
// loop reads row i of every column for each i it is given.
type Columns struct {
	Cost     []pointvalue.Money
	Hospital []uint32                     // index into the scorer's coefficients
	Group    []int32                      // index into Weights.Groups, or NoGroup / UnknownGroup
	Flags    []uint8                      // FlagIncomplete | FlagSpecial | FlagReadmitted | FlagSpecialRefused
	Special  map[uint32]pointvalue.Points // the approved points of the rows with FlagSpecial
}

// Scores receive the loop's results, by row.
type Scores struct {
	Points  []pointvalue.Points
	Outcome []Outcome
}

// ScoreRows is the DRG scoring loop Settle runs (DRG-3/4/5, with the DRG-7 and
// DRG-8 marks of the flags): for each row in rows it writes the case's points
// and outcome. A normal case of a stable group — most of a year — is decided by
// comparing its cost with the group's precomputed normal band and costs one
// integer multiply; every other case goes through the exact evaluator, with
// exactly Score's points. It allocates nothing on the usual magnitudes (NUM-3).
// It stops at the first case that cannot be scored and returns its position in
// rows.
func (s *Scorer) ScoreRows(rows []uint32, in *Columns, out *Scores) (bad int, err error) {
	readmitOn := s.p.ReadmitRule != param.ReadmitNone
	groups, coefs := s.groups, s.coefs
	normal := s.out.normal
	incompleteOK := !s.p.IncompleteWithoutCoefficient // VAR-7's incomplete stays: the evaluator
	for j, i := range rows {
		cost, h, fl := int64(in.Cost[i]), in.Hospital[i], in.Flags[i]
		g := in.Group[i]
		if uint(h) < uint(len(coefs)) && fl&^(FlagReadmitted|FlagIncomplete) == 0 && cost >= 0 {
			re := fl&FlagReadmitted != 0 && readmitOn
			if uint(g) < uint(len(groups)) {
				gc := &groups[g]
				if gc.ok {
					k, kRules := coefs[h], RuleSet(0)
					if !s.simple {
						k, kRules = s.coef(int32(h), gc)
					}
					if fl&FlagIncomplete == 0 && cost >= gc.lo && cost <= gc.hi {
						if p, ok := s.normal(gc.b, int64(k), re); ok {
							out.Points[i], out.Outcome[i] = p, normal[b2i(re)].withRules(kRules)
							continue
						}
					} else if fl&FlagIncomplete == 0 || incompleteOK {
						if p, o, ok := s.outlier(gc, cost, int64(k), fl&FlagIncomplete != 0, re); ok {
							out.Points[i], out.Outcome[i] = p, o.withRules(kRules)
							continue
						}
					}
				} else if !gc.stable {
					if p, ok := s.byM(cost, re); ok {
						out.Points[i], out.Outcome[i] = p, s.out.unstable[b2i(re)]
						continue
					}
				}
			} else if g == NoGroup || g == UnknownGroup {
				if p, ok := s.byM(cost, re); ok {
					out.Points[i], out.Outcome[i] = p, s.out.ungrouped[b2i(g == UnknownGroup)][b2i(re)]
					continue
				}
			}
		}
		var sp pointvalue.Points
		if fl&FlagSpecial != 0 {
			sp = in.Special[i]
		}
		o, err := s.eval(pointvalue.Money(cost), int32(h), g, fl, sp)
		if err != nil {
			return j, err
		}
		out.Points[i], out.Outcome[i] = o.points, outcome(o.class, o.flags, o.rules)
	}
	return len(rows), nil
}

func b2i(b bool) int {
	if b {
		return 1
	}
	return 0
}

// outcomes are the loop's outcome words, by class and [readmitted].
type outcomes struct {
	normal, high, low, incomplete, unstable [2]Outcome
	ungrouped                               [2][2]Outcome // [unknown group][readmitted]
}

func newOutcomes() outcomes {
	var o outcomes
	for re := range 2 {
		var f CaseFlags
		var r RuleSet
		if re == 1 {
			f, r = FlagsReadmission, RuleDRG7
		}
		all := RuleDRG3 | RuleDRG4 | RuleDRG5 | r
		o.normal[re] = outcome(Normal, f, all)
		o.high[re] = outcome(High, f, all)
		o.low[re] = outcome(Low, f, all)
		o.incomplete[re] = outcome(Incomplete, f, all)
		o.unstable[re] = outcome(Unstable, f|FlagsUnstable, RuleDRG5|r)
		o.ungrouped[0][re] = outcome(Ungrouped, f|FlagsUngrouped, RuleDRG5|r)
		o.ungrouped[1][re] = outcome(Ungrouped, f|FlagsUngrouped|FlagsUnknownGroup, RuleDRG5|r)
	}
	return o
}

// outlier is DRG-5's high, low and incomplete classes in integers, in PointScale
// steps (b the base in steps, k the coefficient in 10⁻⁸, the reference cost
// ref = refN ÷ refD fen):
//
//	high: b·k/10⁸ + b·(cost/ref − T/10⁸) = b·(k·refN + cost·refD·10⁸ − T·refN) ÷ (10⁸·refN)
//	low, incomplete: min(b, b·k·cost·refD ÷ (10⁸·refN))
//
// times fn/fd for a reduced earlier stay (A48), each one fraction rounded once.
// ok is false where a product leaves 128 bits or the divisor 64: eval then
// computes the case.
func (s *Scorer) outlier(g *groupCalc, cost, k int64, incomplete, re bool) (pointvalue.Points, Outcome, bool) {
	if !g.dOK {
		return 0, 0, false
	}
	var n u128
	var o Outcome
	ri := b2i(re)
	if !incomplete && cost > g.hi {
		o = s.out.high[ri]
		c, ok := mul64(uint64(cost), g.refD).mul(unit)
		t := mul64(uint64(s.p.HighThresholds[g.ti].T), g.refN)
		if !ok || c.less(t) {
			return 0, 0, false
		}
		sum, ok := c.sub(t).add(mul64(uint64(k), g.refN))
		if !ok {
			return 0, 0, false
		}
		if n, ok = sum.mul(uint64(g.b)); !ok {
			return 0, 0, false
		}
	} else {
		o = s.out.low[ri]
		if incomplete {
			o = s.out.incomplete[ri]
		}
		if k >= 1<<32 {
			return 0, 0, false
		}
		bk := uint64(g.b) * uint64(k) // b < 2³¹, k < 2³²: fits
		ch, cl := bits.Mul64(uint64(cost), g.refD)
		if ch != 0 {
			return 0, 0, false
		}
		n = mul64(bk, cl)
		// min(b, n/d): b·d as 128 bits
		if !n.less(mul64(uint64(g.b), g.d)) {
			n = mul64(uint64(g.b), g.d)
		}
	}
	d := g.d
	if re {
		var ok bool
		if n, ok = n.mul(uint64(s.fn)); !ok {
			return 0, 0, false
		}
		h, l := bits.Mul64(d, uint64(s.fd))
		if h != 0 {
			return 0, 0, false
		}
		d = l
	}
	p, ok := s.roundQuo(n, d)
	return p, o, ok
}

// byM is the unstable and ungrouped points in integers: cost ÷ M × 100 points,
// in steps cost·10¹⁰ ÷ (M·unit), times fn/fd for a reduced earlier stay.
func (s *Scorer) byM(cost int64, re bool) (pointvalue.Points, bool) {
	if s.dM == 0 {
		return 0, false
	}
	n, ok := mul64(uint64(cost), 100*unit), true
	d := s.dM
	if re {
		if n, ok = n.mul(uint64(s.fn)); !ok {
			return 0, false
		}
		h, l := bits.Mul64(d, uint64(s.fd))
		if h != 0 {
			return 0, false
		}
		d = l
	}
	return s.roundQuo(n, d)
}

// roundQuo is n ÷ d rounded once by the policy's rounding, in PointScale steps.
func (s *Scorer) roundQuo(n u128, d uint64) (pointvalue.Points, bool) {
	q, ok := pointvalue.QuoRound128(n.hi, n.lo, d, s.env.Rounding)
	if !ok || q >= 1<<63/uint64(s.unit) {
		return 0, false
	}
	return pointvalue.Points(int64(q) * s.unit), true
}

// u128 is an unsigned 128-bit integer, for the loop's exact products.
type u128 struct{ hi, lo uint64 }

func mul64(a, b uint64) u128 {
	h, l := bits.Mul64(a, b)
	return u128{h, l}
}

// mul returns x·y and whether it fits 128 bits.
func (x u128) mul(y uint64) (u128, bool) {
	h1, l := bits.Mul64(x.lo, y)
	h2, m := bits.Mul64(x.hi, y)
	h, c := bits.Add64(h1, m, 0)
	return u128{h, l}, h2 == 0 && c == 0
}

func (x u128) add(y u128) (u128, bool) {
	l, c := bits.Add64(x.lo, y.lo, 0)
	h, c2 := bits.Add64(x.hi, y.hi, c)
	return u128{h, l}, c2 == 0
}

// sub returns x − y (y ≤ x).
func (x u128) sub(y u128) u128 {
	l, b := bits.Sub64(x.lo, y.lo, 0)
	h, _ := bits.Sub64(x.hi, y.hi, b)
	return u128{h, l}
}

func (x u128) less(y u128) bool { return x.hi < y.hi || (x.hi == y.hi && x.lo < y.lo) }

// normal is DRG-5's normal class as integers: round(b·k ÷ 10⁸) PointScale steps
// (b the base in steps, k the coefficient in 10⁻⁸) — times the readmission factor
// fn/fd for a reduced earlier stay (A48) — with one division by a constant, or
// one Div64 with the factor. ok is false beyond the integers' range.
func (s *Scorer) normal(b, k int64, readmit bool) (pointvalue.Points, bool) {
	if k >= 1<<32 {
		return 0, false
	}
	x := uint64(b * k) // b < 2³¹, k < 2³²: fits
	d := uint64(unit)
	var q, r uint64
	if readmit {
		var hi uint64
		hi, x = bits.Mul64(x, uint64(s.fn))
		d *= uint64(s.fd) // fd divides 10⁸: d ≤ 10¹⁶
		if hi >= d {
			return 0, false
		}
		q, r = bits.Div64(hi, x, d)
	} else {
		q, r = x/unit, x%unit // by a constant: a multiply, not a division
	}
	switch s.env.Rounding {
	case pointvalue.HalfUp:
		if r >= d-r {
			q++
		}
	case pointvalue.HalfEven:
		if r > d-r || (r == d-r && q&1 == 1) {
			q++
		}
	}
	if q >= 1<<63/uint64(s.unit) {
		return 0, false
	}
	return pointvalue.Points(int64(q) * s.unit), true
}
