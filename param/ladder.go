package param

import (
	"cmp"

	"github.com/dipdrg/dipdrg/pointvalue"
)

// A ladder is a policy field of steps [[bound, value], …, [null, value]]: each
// step applies up to its bound, the bounds increase, and the last step, and
// only it, is unbounded (null). DRG-8's high-cost thresholds and BED-2's
// bed-day segments are ladders.

// DecodeLadder decodes ladder v: each pair read well is passed to add, a bad
// pair reported at its index (a bad bound at [i][0], a bad value at [i][1]).
// shape names a pair in errors ("[upto, T]").
func DecodeLadder[B, V any](v *Value, pr *Problems, shape string, bound func(*Problems, *Value) (B, bool),
	value func(*Problems, *Value) (V, bool), add func(upTo B, unbounded bool, val V)) {
	if v.Kind != JSONArray {
		pr.Add("", v.Show(), pointvalue.ErrSyntax, "expected a JSON array")
		return
	}
	for i, e := range v.Elems {
		ep := pr.Sub(Index("", i))
		if e.Kind != JSONArray || len(e.Elems) != 2 {
			ep.Add("", e.Show(), pointvalue.ErrSyntax, "expected "+shape)
			continue
		}
		var b B
		ok1, unbounded := true, e.Elems[0].IsNull()
		if !unbounded {
			b, ok1 = bound(ep.Sub("[0]"), e.Elems[0])
		}
		x, ok2 := value(ep.Sub("[1]"), e.Elems[1])
		if ok1 && ok2 {
			add(b, unbounded, x)
		}
	}
}

// CheckLadder checks the bounds of a ladder of n steps (step(i) is step i's
// bound and whether it is unbounded): at least one step, the last and only
// the last unbounded, every bound at least least (tooSmall says so), bounds
// increasing. what names a step in errors ("threshold", "segment"); show
// writes a bound.
func CheckLadder[B cmp.Ordered](n int, step func(i int) (B, bool), pr *Problems, what string, least B, tooSmall string, show func(B) string) {
	if n == 0 {
		pr.Add("", "", pointvalue.ErrRequired, "")
	}
	for i := range n {
		ip := Index("", i)
		b, unbounded := step(i)
		last := i == n-1
		switch {
		case unbounded && !last:
			pr.Add(ip, "null", pointvalue.ErrPolicy, "only the last "+what+" may be unbounded")
		case !unbounded && last:
			pr.Add(ip, show(b), pointvalue.ErrPolicy, "the last "+what+" must be null (unbounded)")
		case !unbounded && b < least:
			pr.Add(ip+"[0]", show(b), pointvalue.ErrRange, tooSmall)
		case !unbounded && i > 0:
			if prev, pu := step(i - 1); !pu && b <= prev {
				pr.Add(ip, show(b), pointvalue.ErrPolicy, "bounds must increase")
			}
		}
	}
}
