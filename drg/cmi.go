package drg

import (
	"math/bits"

	"github.com/dipdrg/dipdrg/pointvalue"
)

// CMI accumulates a hospital's case mix index (病例组合指数, DRG-10): Σ RW ÷
// cases over its DRG cases with a group in the weights table (unstable, special
// and readmitted cases included with the table RW; ungrouped and unknown-group
// cases left out of both sums, section 13 A35). The zero value is empty and
// ready to use; sums are exact (128-bit).
type CMI struct {
	sum   int64 // Σ RW in 10⁻⁸
	cases int64
	ovf   bool // Σ RW beyond int64 (ninety billion RW: never in a real year)
}

// Add counts a case of group g (an index into w.Groups); NoGroup, UnknownGroup
// and out-of-range indexes are left out.
func (m *CMI) Add(w *Weights, g int32) {
	if g < 0 || int(g) >= len(w.Groups) {
		return
	}
	m.add(int64(w.Groups[g].Weight), 1)
}

// Merge adds another accumulator's cases (shards of one hospital).
func (m *CMI) Merge(o CMI) {
	m.add(o.sum, o.cases)
	m.ovf = m.ovf || o.ovf
}

func (m *CMI) add(sum, cases int64) {
	s, c := bits.Add64(uint64(m.sum), uint64(sum), 0)
	m.ovf = m.ovf || c != 0 || s >= 1<<63
	m.sum, m.cases = int64(s), m.cases+cases
}

// Cases is the number of cases counted.
func (m *CMI) Cases() int64 { return m.cases }

// Value returns Σ RW ÷ cases rounded by r to 4 decimals; ok is false when no case
// was counted (the cmi cell is then empty).
func (m *CMI) Value(r pointvalue.Rounding) (cmi pointvalue.Factor, ok bool, err error) {
	if m.cases == 0 {
		return 0, false, nil
	}
	if m.ovf {
		return 0, false, pointvalue.ErrOverflow
	}
	q, err := pointvalue.ExactFrac(m.sum, m.cases).Round(10_000, r)
	if err != nil {
		return 0, false, err
	}
	return pointvalue.Factor(q), true, nil
}
