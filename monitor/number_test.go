package monitor

import (
	"math/big"
	"math/rand/v2"
	"testing"
	"unsafe"

	"github.com/dipdrg/dipdrg/param"
	"github.com/dipdrg/dipdrg/pointvalue"
)

// slowRound4 is span.round4 by math/big alone.
func (s *span) slowRound4() (int64, bool) {
	den := new(big.Int).Mul(big.NewInt(int64(s.n)), two64)
	lo := roundHalfUp(new(big.Int).Mul(s.a.big(), big.NewInt(10_000)), den)
	hiA := s.a.big()
	hiA.Add(hiA, new(big.Int).SetUint64(s.e))
	hi := roundHalfUp(hiA.Mul(hiA, big.NewInt(10_000)), den)
	return lo.Int64(), lo.Cmp(hi) == 0
}

// randomSpan is a span as a row of n cases gives it: groups of reference
// S ÷ n from 100.00 to 1 000 000.00, costs 0.1 to 10 times their reference.
func randomSpan(r *rand.Rand) span {
	var s span
	s.n = int32(1 + r.IntN(5000))
	for range s.n {
		n := 1 + r.Int64N(5000)
		avg := 10_000 + r.Int64N(100_000_000)
		cost := uint64(avg * (10 + r.Int64N(990)) / 100)
		qh, ql := recip(n, avg*n)
		s.a.addMul(cost, qh, ql)
		s.e += cost
	}
	return s
}

// TestSpanFastPaths: the 128-bit paths of span.round4 and span.ratio4 agree
// with math/big wherever they answer (a fast path checked against a slow one).
func TestSpanFastPaths(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	answered := 0
	for range 300 {
		s, q := randomSpan(r), randomSpan(r)
		fast, okF := s.round4()
		slow, okS := s.slowRound4()
		if okF != okS || okF && fast != slow {
			t.Fatalf("round4: fast %d %v, slow %d %v", fast, okF, slow, okS)
		}
		if v, ok := s.ratio4Fast(&q); ok {
			answered++
			// the exact ratio of the spans' lower ends and of their upper ends must both round to v
			ns, nq := big.NewInt(int64(s.n)), big.NewInt(int64(q.n))
			for _, ends := range [][2]*big.Int{{s.a.big(), new(big.Int).Add(q.a.big(), new(big.Int).SetUint64(q.e))},
				{new(big.Int).Add(s.a.big(), new(big.Int).SetUint64(s.e)), q.a.big()}} {
				num := new(big.Int).Mul(new(big.Int).Mul(ends[0], nq), big.NewInt(10_000))
				if w := roundHalfUp(num, new(big.Int).Mul(ends[1], ns)); w.Int64() != v {
					t.Fatalf("ratio4Fast %d, an end of the interval rounds to %d", v, w.Int64())
				}
			}
		}
	}
	if answered < 290 {
		t.Errorf("the fast ratio answered %d times of 300", answered)
	}
}

// TestRoundQuo: the word path of small fractions agrees with pointvalue.Exact.
func TestRoundQuo(t *testing.T) {
	r := rand.New(rand.NewPCG(3, 4))
	for range 10000 {
		n, d := r.Int64N(1<<40)-1<<39, 1+r.Int64N(1<<40)
		got, ok := roundQuo(n, 10_000, uint64(d))
		want, err := pointvalue.ExactFrac(n, d).Mul(10_000).Round(1, pointvalue.HalfUp)
		if !ok || err != nil || got != want {
			t.Fatalf("%d/%d: %d %v, want %d %v", n, d, got, ok, want, err)
		}
	}
}

// TestAccSize: a row's counters are three whole cache lines (a case touches
// one row, at random: the fewer lines, the fewer misses).
func TestAccSize(t *testing.T) {
	if n := unsafe.Sizeof(acc{}); n != 192 {
		t.Errorf("unsafe.Sizeof(acc{}) = %d, want 192", n)
	}
}

// TestUpCountSpill: a hospital's MON-6 counts go on past the 16 bits they are
// kept in.
func TestUpCountSpill(t *testing.T) {
	m := &measure{nh: 1, up: make([]upCount16, param.NumFunds*3), grp: [2]*groups{{split: make([]int32, 3)}, {}}}
	for k := range 70_000 {
		m.countUp(int32(param.NumFunds*0*3+int(param.Resident)*3+2), k%7 == 0)
	}
	if got := m.upCount(0, param.Resident, 2); got != (upCount{70_000, 10_000}) {
		t.Errorf("count %+v, want {70000 10000}", got)
	}
}
