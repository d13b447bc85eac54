package pointvalue

import (
	"slices"
)

// Allocate splits total among items in proportion to their weights by the
// largest-remainder method (NUM-7, exact-share; also BUD-4 ratio splits and the
// scaled reserve draws of BUD-3): each share is floored to the fen, and the fen
// left over go one each to the items with the largest exact remainders, ties to
// the smaller index (so a caller lists items in its tie order, e.g. hospital id).
// The shares always sum to total exactly.
//
// total and every weight must be ≥ 0 and the weights must not all be 0
// (ErrInvalidArgument); a weight sum beyond int64 is ErrOverflow.
func Allocate(total Money, weights []int64) ([]Money, error) {
	out := make([]Money, len(weights))
	return out, AllocateInto(out, total, weights)
}

// AllocateInto is Allocate writing into out (len(out) == len(weights)).
func AllocateInto(out []Money, total Money, weights []int64) error {
	if len(out) != len(weights) || total < 0 {
		return ErrInvalidArgument
	}
	var sum int64
	for _, w := range weights {
		if w < 0 {
			return ErrInvalidArgument
		}
		s := sum + w
		if s < sum {
			return ErrOverflow
		}
		sum = s
	}
	if sum == 0 {
		if total == 0 {
			clear(out)
			return nil
		}
		return ErrInvalidArgument
	}
	type rem struct {
		r int64
		i int
	}
	rems := make([]rem, 0, len(weights))
	var given Money
	for i, w := range weights {
		prod := mul64(int64(total), w)
		q, err := prod.quo(sum, 1, Down)
		if err != nil {
			return err
		}
		r, _ := prod.sub(mul64(q, sum)).int64() // 0 ≤ r < sum
		out[i] = Money(q)
		given += Money(q)
		if r > 0 {
			rems = append(rems, rem{r, i})
		}
	}
	left := int(total - given) // < len(weights): each floor loses less than one fen
	slices.SortFunc(rems, func(a, b rem) int {
		if a.r != b.r {
			if a.r > b.r {
				return -1
			}
			return 1
		}
		return a.i - b.i
	})
	for k := 0; k < left; k++ {
		out[rems[k].i]++
	}
	return nil
}
