package pointvalue

import (
	"errors"
	"math"
	"slices"
	"testing"
)

// TestAllocate is NUM-7's largest-remainder split, each case worked by hand.
func TestAllocate(t *testing.T) {
	tests := []struct {
		name    string
		total   Money
		weights []int64
		want    []Money
		err     error
	}{
		// 100 fen ÷ 3 = 33⅓ each: floors 33·3 = 99, the 1 fen left goes to the
		// tie at the smallest index
		{"thirds tie", 100, []int64{1, 1, 1}, []Money{34, 33, 33}, nil},
		// 10 fen in 3:0:7 is exact
		{"exact with zero weight", 10, []int64{3, 0, 7}, []Money{3, 0, 7}, nil},
		// 10·1/3 = 3.33 (rem 1/3), 10·2/3 = 6.67 (rem 2/3): floors 3+6 = 9, +1 to index 1
		{"largest remainder", 10, []int64{1, 2}, []Money{3, 7}, nil},
		// 100 ÷ 7 = 14 r 2: seven equal remainders, the 2 fen go to indices 0 and 1
		{"sevenths", 100, []int64{5, 5, 5, 5, 5, 5, 5}, []Money{15, 15, 14, 14, 14, 14, 14}, nil},
		// 7 fen in 10:3:3 (sum 16): 70/16 = 4 r 6, 21/16 = 1 r 5 (twice);
		// floors 6, the left fen to the largest remainder 6 (index 0), not to a tie
		{"remainder not weight", 7, []int64{10, 3, 3}, []Money{5, 1, 1}, nil},
		// 7 fen in 3:3:10: 21/16 = 1 r 5 (twice), 70/16 = 4 r 6: index 2 gets it
		{"remainder order independent", 7, []int64{3, 3, 10}, []Money{1, 1, 5}, nil},
		// 5 fen in 0:0:2:0:2 = 2.5 each: the tie goes to index 2, zero weights get 0
		{"zero weights tie", 5, []int64{0, 0, 2, 0, 2}, []Money{0, 0, 3, 0, 2}, nil},
		// 3 fen in 1:1:1:1: 0.75 each, floors 0: three fen to indices 0, 1, 2
		{"all floors zero", 3, []int64{1, 1, 1, 1}, []Money{1, 1, 1, 0}, nil},
		{"total zero", 0, []int64{1, 2}, []Money{0, 0}, nil},
		{"total zero weights zero", 0, []int64{0, 0}, []Money{0, 0}, nil},
		{"nothing to nobody", 0, nil, []Money{}, nil},
		{"single", 12345, []int64{7}, []Money{12345}, nil},
		// (2⁶³−1) fen halved: 4611686018427387903.5 each, the odd fen to index 0;
		// the products need 128 bits
		{"int64 total", math.MaxInt64, []int64{1, 1}, []Money{4611686018427387904, 4611686018427387903}, nil},
		// (2⁶³−1) fen with weights 2⁶² and 2⁶²−1 (sum 2⁶³−1): exact shares
		{"int64 weights", math.MaxInt64, []int64{1 << 62, 1<<62 - 1}, []Money{1 << 62, 1<<62 - 1}, nil},
		{"money but no weight", 5, []int64{0, 0}, nil, ErrInvalidArgument},
		{"money to nobody", 5, nil, nil, ErrInvalidArgument},
		{"negative weight", 5, []int64{1, -1, 1}, nil, ErrInvalidArgument},
		{"negative total", -5, []int64{1}, nil, ErrInvalidArgument},
		{"weight sum overflow", 5, []int64{math.MaxInt64, 1}, nil, ErrOverflow},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got, err := Allocate(tc.total, tc.weights)
			if !errors.Is(err, tc.err) {
				t.Fatalf("err = %v; want %v", err, tc.err)
			}
			if err != nil {
				return
			}
			if !slices.Equal(got, tc.want) {
				t.Errorf("Allocate(%d, %v) = %v; want %v", tc.total, tc.weights, got, tc.want)
			}
		})
	}
}

func TestAllocateInto(t *testing.T) {
	out := []Money{99, 99, 99} // stale values are overwritten
	if err := AllocateInto(out, 0, []int64{0, 0, 0}); err != nil || !slices.Equal(out, []Money{0, 0, 0}) {
		t.Errorf("AllocateInto = %v, %v; want zeros", out, err)
	}
	if err := AllocateInto(out, 10, []int64{1, 1}); !errors.Is(err, ErrInvalidArgument) {
		t.Errorf("length mismatch err = %v; want ErrInvalidArgument", err)
	}
	if err := AllocateInto(out, 10, []int64{1, 1, 2}); err != nil || !slices.Equal(out, []Money{3, 2, 5}) {
		// 2.5, 2.5, 5: one fen left, tie between 0 and 1 goes to 0
		t.Errorf("AllocateInto = %v, %v; want [3 2 5]", out, err)
	}
}
