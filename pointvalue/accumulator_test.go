package pointvalue

import (
	"errors"
	"math"
	"math/rand/v2"
	"testing"
)

type caseRow struct {
	pool, hospital int
	points         Points
	share, cost    Money
}

func TestAccumulatorZeroValue(t *testing.T) {
	var a Accumulator // ready to use
	if a.Pools() != 0 || a.Err() != nil || a.Row(3, 4) != (Totals{}) {
		t.Fatal("zero Accumulator is not empty")
	}
	if tot, err := a.Pool(7); err != nil || tot != (Totals{}) {
		t.Errorf("Pool of an empty accumulator = %+v, %v", tot, err)
	}
	a.Add(1, 2, MustPoints("150.5"), MustMoney("100.00"), MustMoney("1000.00"))
	a.Add(1, 2, MustPoints("49.5"), MustMoney("0.50"), MustMoney("200.00"))
	a.Add(1, 0, MustPoints("1"), MustMoney("1"), MustMoney("1"))
	// 150.5 + 49.5 = 200 points; 100.00 + 0.50 share; 1000.00 + 200.00 cost
	want := Totals{Cases: 2, Points: PointsFromInt(200), Share: MustMoney("100.50"), Cost: MustMoney("1200.00")}
	if got := a.Row(1, 2); got != want {
		t.Errorf("Row(1,2) = %+v; want %+v", got, want)
	}
	if a.Pools() != 2 || a.Hospitals(0) != 0 || a.Hospitals(1) != 3 || a.Hospitals(9) != 0 {
		t.Errorf("Pools %d, Hospitals %d/%d", a.Pools(), a.Hospitals(0), a.Hospitals(1))
	}
	// pool 1: 3 cases, 201 points, 101.50 share, 1201.00 cost
	wantPool := Totals{Cases: 3, Points: PointsFromInt(201), Share: MustMoney("101.50"), Cost: MustMoney("1201.00")}
	if got, err := a.Pool(1); err != nil || got != wantPool {
		t.Errorf("Pool(1) = %+v, %v; want %+v", got, err, wantPool)
	}
}

// TestAccumulatorShards is PV-7: shards merged in any order equal the whole.
func TestAccumulatorShards(t *testing.T) {
	rng := rand.New(rand.NewPCG(7, 7))
	const pools, hospitals = 3, 20
	for iter := 0; iter < 200; iter++ {
		n := rng.IntN(300)
		cases := make([]caseRow, n)
		for i := range cases {
			cases[i] = caseRow{rng.IntN(pools), rng.IntN(hospitals), Points(rng.Int64N(1e13)), Money(rng.Int64N(1e7)), Money(rng.Int64N(1e8))}
		}
		whole := NewAccumulator(pools, hospitals)
		for _, c := range cases {
			whole.Add(c.pool, c.hospital, c.points, c.share, c.cost)
		}
		k := 1 + rng.IntN(5)
		shards := make([]*Accumulator, k)
		for i := range shards {
			shards[i] = &Accumulator{} // zero values, grown as they go
		}
		for _, c := range cases {
			shards[rng.IntN(k)].Add(c.pool, c.hospital, c.points, c.share, c.cost)
		}
		var merged Accumulator
		for _, i := range rng.Perm(k) {
			merged.Merge(shards[i])
		}
		if !merged.Equal(whole) || !whole.Equal(&merged) {
			t.Fatalf("iteration %d: %d shards merged differ from the whole", iter, k)
		}
		// and the counts add up independently of the accumulator
		var cnt int64
		var pts Points
		for p := 0; p < pools; p++ {
			tot, err := merged.Pool(p)
			if err != nil {
				t.Fatal(err)
			}
			cnt += tot.Cases
			pts += tot.Points
		}
		var wantPts Points
		for _, c := range cases {
			wantPts += c.points
		}
		if cnt != int64(n) || pts != wantPts {
			t.Fatalf("merged totals %d cases %d points; want %d, %d", cnt, pts, n, wantPts)
		}
	}
}

func TestAccumulatorEqual(t *testing.T) {
	a, b := NewAccumulator(2, 5), &Accumulator{}
	if !a.Equal(b) {
		t.Error("empty accumulators of different sizes differ")
	}
	a.Add(0, 1, 1, 0, 0)
	if a.Equal(b) {
		t.Error("different totals compare equal")
	}
	b.Add(0, 1, 1, 0, 0)
	if !a.Equal(b) {
		t.Error("same totals compare unequal")
	}
}

// TestAccumulatorOverflow: a sum beyond int64 is reported (NUM-3), never wrapped silently.
func TestAccumulatorOverflow(t *testing.T) {
	t.Run("points", func(t *testing.T) {
		var a Accumulator
		a.Add(0, 0, Points(math.MaxInt64), 0, 0)
		if a.Err() != nil {
			t.Fatal("one case at the int64 limit is not an overflow")
		}
		a.Add(0, 0, 1, 0, 0)
		if !errors.Is(a.Err(), ErrOverflow) {
			t.Errorf("Err = %v; want ErrOverflow", a.Err())
		}
	})
	t.Run("negative points", func(t *testing.T) {
		var a Accumulator
		a.Add(0, 0, Points(math.MinInt64), 0, 0)
		a.Add(0, 0, -1, 0, 0)
		if !errors.Is(a.Err(), ErrOverflow) {
			t.Errorf("Err = %v; want ErrOverflow", a.Err())
		}
	})
	t.Run("share", func(t *testing.T) {
		var a Accumulator
		a.Add(0, 0, 0, Money(math.MaxInt64), 0)
		a.Add(0, 0, 0, 1, 0)
		if !errors.Is(a.Err(), ErrOverflow) {
			t.Errorf("Err = %v; want ErrOverflow", a.Err())
		}
	})
	t.Run("cost", func(t *testing.T) {
		var a Accumulator
		a.Add(0, 0, 0, 0, Money(math.MaxInt64))
		a.Add(0, 0, 0, 0, 1)
		if !errors.Is(a.Err(), ErrOverflow) {
			t.Errorf("Err = %v; want ErrOverflow", a.Err())
		}
	})
	t.Run("merge", func(t *testing.T) {
		var a, b Accumulator
		a.Add(0, 0, Points(math.MaxInt64), 0, 0)
		b.Add(0, 0, 1, 0, 0)
		if a.Err() != nil || b.Err() != nil {
			t.Fatal("no shard overflows alone")
		}
		a.Merge(&b)
		if !errors.Is(a.Err(), ErrOverflow) {
			t.Errorf("merged Err = %v; want ErrOverflow", a.Err())
		}
		var c Accumulator
		c.Merge(&a) // the mark travels with a merge
		if !errors.Is(c.Err(), ErrOverflow) {
			t.Errorf("Err after merging an overflowed shard = %v", c.Err())
		}
	})
	t.Run("pool", func(t *testing.T) {
		// each hospital fits, their pool total does not
		var a Accumulator
		a.Add(0, 0, Points(math.MaxInt64), 0, 0)
		a.Add(0, 1, Points(math.MaxInt64), 0, 0)
		if a.Err() != nil {
			t.Fatal("rows fit")
		}
		if _, err := a.Pool(0); !errors.Is(err, ErrOverflow) {
			t.Errorf("Pool err = %v; want ErrOverflow", err)
		}
	})
}
