package radix

import (
	"cmp"
	"math/rand/v2"
	"slices"
	"testing"
)

func TestSort(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	for _, n := range []int{0, 1, 2, 3, 100, 10000} {
		for _, spread := range []uint64{1, 3, 256, 1 << 20, 0} {
			items := make([]Item, n)
			for i := range items {
				k := rng.Uint64()
				if spread != 0 {
					k = rng.Uint64N(spread) << 24 // keys with constant low bytes
				}
				items[i] = Item{Key: k, Row: uint32(i)}
			}
			want := slices.Clone(items)
			slices.SortStableFunc(want, func(a, b Item) int { return cmp.Compare(a.Key, b.Key) })
			got := Sort(slices.Clone(items), nil)
			if !slices.Equal(got, want) {
				t.Fatalf("n %d spread %d: not the stable order", n, spread)
			}
		}
	}
}

func BenchmarkSort(b *testing.B) {
	rng := rand.New(rand.NewPCG(1, 2))
	items := make([]Item, 1_000_000)
	for i := range items {
		items[i] = Item{Key: rng.Uint64(), Row: uint32(i)}
	}
	work := make([]Item, len(items))
	buf := make([]Item, len(items))
	for i := 0; i < b.N; i++ {
		copy(work, items)
		Sort(work, buf)
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*len(items)), "ns/item")
}
