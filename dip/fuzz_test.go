package dip

import (
	"errors"
	"math/big"
	"os"
	"slices"
	"strings"
	"testing"

	"github.com/dipdrg/dipdrg/param"

	pv "github.com/dipdrg/dipdrg/pointvalue"
)

func FuzzReadCatalog(f *testing.F) {
	seed, err := os.ReadFile("testdata/catalog.csv")
	if err != nil {
		f.Fatal(err)
	}
	f.Add(string(seed))
	f.Add("group_code,kind,diagnosis,score,avg_cost\nG,core,K35.8,1,1\nG,core,K35.8,1,1\n")
	f.Add("\uFEFFgroup_code,kind,diagnosis,procedures,treatment,score,avg_cost\n\"G\n1\",comprehensive,K35,,介入,1.5,0.01\n")
	f.Add("group_code,kind,diagnosis,procedures,score,avg_cost\nG,core,K35.8,a||b|a,1,1\nH,core,K35.8,b|a,2,2\n")
	f.Add("")
	f.Fuzz(func(t *testing.T, data string) {
		c, err := ReadCatalog(strings.NewReader(data), "f.csv", 4)
		if err != nil {
			var list *pv.ErrorList
			if !errors.As(err, &list) || list.Len() == 0 {
				t.Fatalf("error is not a non-empty ErrorList: %v", err)
			}
			for _, e := range list.Errors {
				if e.Source != "f.csv" || e.Line < 1 {
					t.Fatalf("error without a location: %v", e)
				}
			}
			return
		}
		for i, g := range c.Groups {
			if g.AvgCost <= 0 || g.Score < 0 || g.Code == "" || g.Diagnosis == "" {
				t.Fatalf("group %d kept with bad fields: %+v", i, g)
			}
			if j, ok := c.Lookup(g.Code); !ok || j != int32(i) {
				t.Fatalf("Lookup(%q) = %d, %v; want %d", g.Code, j, ok, i)
			}
			if !slices.IsSorted(g.Procedures) {
				t.Fatalf("procedures not sorted: %q", g.Procedures)
			}
			switch g.Kind {
			case Comprehensive:
				if g.Treatment == TreatmentUnset || len(g.Diagnosis) != 3 {
					t.Fatalf("comprehensive group %+v", g)
				}
			case Core:
				// A core group's own key groups to it (exact match), unless the
				// diagnosis has spaces the case fields would trim.
				if strings.TrimSpace(g.Diagnosis) == g.Diagnosis {
					if got := c.Group(g.Diagnosis, g.Procedures, Surgical); got != int32(i) {
						t.Fatalf("own key of %q grouped to %d, want %d", g.Code, got, i)
					}
				}
			}
		}
	})
}

func FuzzGroup(f *testing.F) {
	f.Add("K35.8", "47.0901|54.5100", uint8(Surgical))
	f.Add("K35.800x001", "54.5100|45.9100|88", uint8(TreatmentUnset))
	f.Add("K35.9", "", uint8(Diagnostic))
	f.Add("K3", "|||", uint8(9))
	f.Add("", " 47.0901 ", uint8(Conservative))
	cat := readTestCatalog(f)
	f.Fuzz(func(t *testing.T, diag, procs string, tr uint8) {
		tt := Treatment(tr % 6) // includes one value past Surgical
		g := cat.GroupJoined(diag, procs, tt)
		if g < NoGroup || g >= int32(cat.Len()) {
			t.Fatalf("group %d out of range", g)
		}
		if g2 := cat.Group(diag, strings.Split(procs, "|"), tt); g2 != g {
			t.Fatalf("Group %d != GroupJoined %d", g2, g)
		}
		if g < 0 {
			return
		}
		grp := &cat.Groups[g]
		var have []string
		for _, p := range strings.Split(procs, "|") {
			if p = strings.TrimSpace(p); p != "" {
				have = append(have, p)
			}
		}
		d := strings.TrimSpace(diag)
		switch grp.Kind {
		case Core:
			if d != grp.Diagnosis && (len(d) <= 5 || d[:5] != grp.Diagnosis) {
				t.Fatalf("core group %q for diagnosis %q", grp.Code, diag)
			}
			if len(grp.Procedures) == 0 && len(have) > 0 {
				t.Fatalf("conservative core group for a case with procedures %q", procs)
			}
			for _, p := range grp.Procedures {
				if !slices.Contains(have, p) {
					t.Fatalf("group %q needs %q, case has %q", grp.Code, p, procs)
				}
			}
		case Comprehensive:
			if len(d) < 3 || d[:3] != grp.Diagnosis {
				t.Fatalf("comprehensive group %q for diagnosis %q", grp.Code, diag)
			}
			if want := tt; want != grp.Treatment && !(want == TreatmentUnset && len(have) == 0 && grp.Treatment == Conservative) {
				t.Fatalf("comprehensive group %q for treatment %v", grp.Code, tt)
			}
		}
	})
}

// refScore is the slow reference: DIP-4/5/7/9 written straight from the
// spec's formulas in big.Rat, rounded once. It returns the points in 10⁻⁸
// units (ok false when they do not fit int64), the class and the flags.
func refScore(p testParams, g *Group, h Hospital, c *Case, aux pv.Factor) (pts *big.Int, class Class, flags CaseFlags) {
	rat := func(v int64) *big.Rat { return new(big.Rat).SetFrac64(v, pv.FactorUnit) }
	one := big.NewRat(1, 1)
	var x *big.Rat
	if g == nil {
		// cost ÷ M × ScoreScale × UngroupedFactor
		x = new(big.Rat).SetFrac64(int64(c.Cost), int64(p.RegionAvgCost))
		x.Mul(x, new(big.Rat).SetInt64(int64(p.ScoreScale)))
		x.Mul(x, rat(int64(p.UngroupedFactor)))
		class, flags = Ungrouped, FlagsUngrouped
	} else {
		ref := g.AvgCost
		if l := g.AvgCostByLevel[h.Level]; l > 0 {
			ref = l
		}
		ratio := new(big.Rat).SetFrac64(int64(c.Cost), int64(ref))
		base := rat(int64(g.Score))
		hi, lo, ex := rat(int64(p.HighRatio)), rat(int64(p.LowRatio)), rat(int64(p.ExtremeRatio))
		gt := func(a, b *big.Rat) bool { k := a.Cmp(b); return k > 0 || (k == 0 && p.Inclusive) }
		switch {
		case gt(ratio, hi) && p.HighRule == HighFormula:
			x = new(big.Rat).Sub(ratio, hi)
			x.Add(x, one)
			x.Mul(x, base)
			class = High
		case gt(ratio, hi):
			x, class, flags = base, Normal, FlagsSpecialReviewCandidate
		case gt(lo, ratio):
			x = new(big.Rat).Mul(ratio, base)
			class = Low
		default:
			x, class = base, Normal
		}
		if p.ExtremeRatio > 0 && ratio.Cmp(ex) > 0 { // strict whatever inclusive says (A64)
			flags |= FlagsExpertReview
		}
		coef := h.Coef
		if g.Primary {
			coef = p.PrimaryCoefficient
		}
		x.Mul(x, rat(int64(coef)))
		x.Mul(x, rat(int64(aux)))
		if c.TCMShare >= p.TCMShareMin {
			x.Mul(x, new(big.Rat).Add(one, rat(int64(p.TCMBonus))))
		}
		if c.Flags&FlagReadmitted != 0 {
			x.Mul(x, rat(int64(p.ReadmitFactor)))
			flags |= FlagsReadmission
		}
	}
	// Round to PointScale decimals, then express in 10⁻⁸ point.
	scaled := new(big.Rat).Mul(x, new(big.Rat).SetInt(new(big.Int).Exp(big.NewInt(10), big.NewInt(int64(p.PointScale)), nil)))
	q := roundRat(scaled, p.Rounding)
	q.Mul(q, big.NewInt(pv.ScaleUnit(p.PointScale)))
	return q, class, flags
}

func abs64(v int64) int64 {
	if v < 0 {
		if v == -v {
			return 0
		}
		return -v
	}
	return v
}

func FuzzScore(f *testing.F) {
	// cost, ref, levelRef, score, coef, aux, bonus, share, readmit, high, low, bits
	f.Add(int64(2500000), int64(1000000), int64(0), int64(1000e8), int64(1e8), int64(1e8), int64(0), int64(0), int64(5e7), int64(2e8), int64(5e7), uint16(0))
	f.Add(int64(2000000), int64(1000000), int64(0), int64(1000e8), int64(9e7), int64(12e7), int64(1e7), int64(55e6), int64(5e7), int64(2e8), int64(5e7), uint16(1))
	f.Add(int64(9999999999), int64(333333), int64(777777), int64(123456789012), int64(123456789), int64(98765432), int64(3333), int64(1e8), int64(33333333), int64(123456789), int64(12345678), uint16(0x0fff))
	f.Add(int64(1), int64(3), int64(0), int64(1), int64(1), int64(1), int64(1), int64(1), int64(1), int64(1), int64(1), uint16(0x1234))
	f.Add(int64(1e14), int64(1), int64(0), int64(1e16), int64(99e8), int64(99e8), int64(99e8), int64(1e8), int64(99e8), int64(1e8), int64(0), uint16(0x0ff0))
	f.Fuzz(func(t *testing.T, cost, ref, levelRef, score, coef, aux, bonus, share, readmit, high, low int64, bits uint16) {
		p := defaultTestParams()
		p.PointScale = int(bits % 9)
		p.Rounding = pv.Rounding((bits >> 4) % 3)
		p.Inclusive = bits&(1<<6) != 0
		if bits&(1<<7) != 0 {
			p.HighRule = HighSpecialReview
		}
		p.HighRatio = pv.Factor(1 + abs64(high)%1e9)
		p.LowRatio = pv.Factor(abs64(low) % int64(p.HighRatio)) // below HighRatio, as Validate asks
		p.ExtremeRatio = pv.Factor(1 + abs64(high)%1e10)
		p.TCMBonus = pv.Factor(abs64(bonus) % 1e10)
		p.ReadmitFactor = pv.Factor(abs64(readmit) % (pv.FactorUnit + 1)) // in [0, 1]
		p.PrimaryCoefficient = pv.Factor(1 + abs64(coef+7)%1e10)
		p.UngroupedFactor = pv.Factor(abs64(aux+3) % 1e10)
		p.RegionAvgCost = pv.Money(1 + abs64(ref+levelRef)%1e12)
		p.ScoreScale = int(1 + abs64(score)%maxScoreScale)
		p.SeverityCoefficients = map[string]pv.Factor{"5": pv.Factor(abs64(aux) % 1e10)}
		g := Group{Code: "G", Kind: Core, Diagnosis: "A00.0", Score: pv.Points(1 + abs64(score)%1e16),
			AvgCost: pv.Money(1 + abs64(ref)%1e12), Primary: bits&(1<<8) != 0}
		if bits&(1<<9) != 0 {
			g.AvgCostByLevel[param.Secondary] = pv.Money(abs64(levelRef) % 1e12)
		}
		cat, err := NewCatalog([]Group{g})
		if err != nil {
			t.Fatal(err)
		}
		h := Hospital{Level: param.Secondary, Coef: pv.Factor(abs64(coef) % 1e10)}
		c := Case{Cost: pv.Money(abs64(cost) % 1e14), TCMShare: pv.Factor(abs64(share) % (int64(pv.One) + 1)), Group: 0, Flags: FlagGiven | FlagTCM}
		if bits&(1<<10) != 0 {
			c.Flags |= FlagReadmitted
		}
		auxF := pv.One
		if bits&(1<<11) != 0 {
			c.Severity = 1
			auxF = p.SeverityCoefficients["5"]
		}
		var gp *Group = &cat.Groups[0]
		if bits&(1<<12) != 0 {
			c.Group, gp = NoGroup, nil
		}
		want, wantClass, wantFlags := refScore(p, gp, h, &c, auxF)
		for _, slow := range []bool{false, true} {
			s, err := newTestScorer(cat, p, []Hospital{h})
			if err != nil {
				t.Fatal(err)
			}
			s.slowOnly = slow
			res, err := s.Score(&c)
			if err != nil {
				if !errors.Is(err, pv.ErrOverflow) {
					t.Fatalf("slow=%v: %v", slow, err)
				}
				// Overflow is right only when the points or the explanation ratio do not fit.
				ratioFits := true
				if gp != nil {
					ref := gp.AvgCost
					if l := gp.AvgCostByLevel[h.Level]; l > 0 {
						ref = l
					}
					r := new(big.Int).Mul(big.NewInt(int64(c.Cost)), big.NewInt(pv.FactorUnit))
					ratioFits = r.Quo(r, big.NewInt(int64(ref))).Cmp(big.NewInt(1<<62)) < 0
				}
				if want.IsInt64() && ratioFits {
					t.Fatalf("slow=%v: overflow, reference %s", slow, want)
				}
				continue
			}
			if !want.IsInt64() || int64(res.Points) != want.Int64() {
				t.Fatalf("slow=%v: points %d, reference %s (%+v)", slow, res.Points, want, res)
			}
			if res.Class != wantClass || res.Flags != wantFlags {
				t.Fatalf("slow=%v: class %v flags %v, reference %v %v", slow, res.Class, res.Flags, wantClass, wantFlags)
			}
		}
	})
}

// roundRat rounds x to a whole number by r, in math/big: the test's own oracle.
func roundRat(x *big.Rat, r pv.Rounding) *big.Int {
	num, den := x.Num(), x.Denom() // den > 0
	q, m := new(big.Int).QuoRem(num, den, new(big.Int))
	if m.Sign() == 0 || r == pv.Down {
		return q
	}
	twice := new(big.Int).Mul(new(big.Int).Abs(m), big.NewInt(2))
	c := twice.Cmp(den)
	away := c > 0 || (c == 0 && (r == pv.HalfUp || q.Bit(0) == 1))
	if away {
		if num.Sign() < 0 {
			q.Sub(q, big.NewInt(1))
		} else {
			q.Add(q, big.NewInt(1))
		}
	}
	return q
}
