package pointvalue

// Totals are the plain sums PV-7 keeps per (pool, hospital): cases, points,
// patient share and cost. Sums of sums are the same whatever the order.
type Totals struct {
	Cases  int64
	Points Points // exact sum of rounded case points (PV-4)
	Share  Money  // Σ patient share (PV-1 with-patient-share, PV-4's F)
	Cost   Money  // Σ total cost (CLR-2's A)
}

// add adds o to t and reports an int64 overflow of any sum (NUM-3): the points
// sum first of all (PointScale 8), but the money sums are not wrapped either.
func (t *Totals) add(o Totals) bool {
	c, p, s, k := t.Cases+o.Cases, t.Points+o.Points, t.Share+o.Share, t.Cost+o.Cost
	// a two's-complement sum overflowed iff its sign differs from both operands';
	// the four tests are or-ed without branches (this is the hot loop's add).
	ovf := (c^t.Cases)&(c^o.Cases) |
		int64((p^t.Points)&(p^o.Points)) |
		int64((s^t.Share)&(s^o.Share)) |
		int64((k^t.Cost)&(k^o.Cost))
	t.Cases, t.Points, t.Share, t.Cost = c, p, s, k
	return ovf < 0
}

// Accumulator sums case results per (pool, hospital) (PV-7). Pools and hospitals
// are small dense indices chosen by the caller. Accumulators built from shards of
// the cases merge exactly, in any order, to the totals of the whole batch.
// The zero value is an empty accumulator ready to add to; it grows as indices
// appear, and Add allocates nothing once the indices have been seen (or after
// NewAccumulator). A points sum beyond int64 is not wrapped: Err reports ErrOverflow.
type Accumulator struct {
	rows     [][]Totals // [pool][hospital]
	overflow bool
	ovf      int64 // Add's overflow tests or-ed together: negative once any sum overflowed
}

// NewAccumulator returns an accumulator sized for pools × hospitals.
func NewAccumulator(pools, hospitals int) *Accumulator {
	a := &Accumulator{rows: make([][]Totals, pools)}
	for i := range a.rows {
		a.rows[i] = make([]Totals, hospitals)
	}
	return a
}

func (a *Accumulator) cell(pool, hospital int) *Totals {
	if pool >= len(a.rows) {
		a.rows = append(a.rows, make([][]Totals, pool+1-len(a.rows))...)
	}
	row := a.rows[pool]
	if hospital >= len(row) {
		row = append(row, make([]Totals, hospital+1-len(row))...)
		a.rows[pool] = row
	}
	return &row[hospital]
}

// Add adds one case: its rounded points, patient share and total cost. The
// overflow test is or-ed in without a branch. A loop that wants the last
// nanosecond takes a pool's row once (PoolRow) and adds with Totals.AddCase,
// which the compiler inlines.
func (a *Accumulator) Add(pool, hospital int, points Points, share, cost Money) {
	if uint(pool) < uint(len(a.rows)) {
		if row := a.rows[pool]; uint(hospital) < uint(len(row)) {
			a.ovf |= row[hospital].AddCase(points, share, cost)
			return
		}
	}
	a.addSlow(pool, hospital, points, share, cost)
}

// PoolRow returns the totals of a pool indexed by hospital, grown to at least
// hospitals entries, for a hot loop to add into with Totals.AddCase; report
// what those calls returned with NoteOverflow.
func (a *Accumulator) PoolRow(pool, hospitals int) []Totals {
	if hospitals > 0 {
		a.cell(pool, hospitals-1)
	} else {
		a.cell(pool, 0)
	}
	return a.rows[pool]
}

// NoteOverflow records the or-ed results of Totals.AddCase: a negative value
// means some sum overflowed, and Err reports it.
func (a *Accumulator) NoteOverflow(ovf int64) { a.ovf |= ovf }

// addSlow grows the accumulator to hold (pool, hospital), then adds.
func (a *Accumulator) addSlow(pool, hospital int, points Points, share, cost Money) {
	if a.cell(pool, hospital).add(Totals{Cases: 1, Points: points, Share: share, Cost: cost}) {
		a.overflow = true
	}
}

// Merge adds every total of b into a.
func (a *Accumulator) Merge(b *Accumulator) {
	a.overflow = a.overflow || b.overflow || b.ovf < 0
	for p, row := range b.rows {
		for h, t := range row {
			if t == (Totals{}) {
				continue
			}
			if a.cell(p, h).add(t) {
				a.overflow = true
			}
		}
	}
}

// Row returns the totals of (pool, hospital).
func (a *Accumulator) Row(pool, hospital int) Totals {
	if pool < len(a.rows) && hospital < len(a.rows[pool]) {
		return a.rows[pool][hospital]
	}
	return Totals{}
}

// Pool returns the totals of a pool over all hospitals and whether they fit int64.
func (a *Accumulator) Pool(pool int) (Totals, error) {
	var t Totals
	if pool >= len(a.rows) {
		return t, nil
	}
	for _, r := range a.rows[pool] {
		if t.add(r) {
			return t, ErrOverflow
		}
	}
	return t, nil
}

// Pools is the number of pool indices seen; Hospitals(pool) the hospital indices of a pool.
func (a *Accumulator) Pools() int { return len(a.rows) }

// Hospitals returns the number of hospital indices held for pool.
func (a *Accumulator) Hospitals(pool int) int {
	if pool < len(a.rows) {
		return len(a.rows[pool])
	}
	return 0
}

// Err reports ErrOverflow when some sum (points, share, cost) did not fit int64.
func (a *Accumulator) Err() error {
	if a.overflow || a.ovf < 0 {
		return ErrOverflow
	}
	return nil
}

// Equal reports whether a and b hold the same totals (trailing empty rows ignored).
func (a *Accumulator) Equal(b *Accumulator) bool {
	n := max(a.Pools(), b.Pools())
	for p := 0; p < n; p++ {
		m := max(a.Hospitals(p), b.Hospitals(p))
		for h := 0; h < m; h++ {
			if a.Row(p, h) != b.Row(p, h) {
				return false
			}
		}
	}
	return (a.overflow || a.ovf < 0) == (b.overflow || b.ovf < 0)
}

// AddCase adds one case to t and returns a negative number when some sum
// overflowed int64 (NUM-3), for hot loops that keep a pool's row themselves
// (see Accumulator.Hospitals): or the results together and test once.
func (t *Totals) AddCase(points Points, share, cost Money) int64 {
	p, s, k := t.Points+points, t.Share+share, t.Cost+cost
	ovf := int64((p^t.Points)&(p^points)) | int64((s^t.Share)&(s^share)) | int64((k^t.Cost)&(k^cost))
	t.Cases++
	t.Points, t.Share, t.Cost = p, s, k
	return ovf
}
