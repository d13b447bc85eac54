package synth

import (
	"math/bits"
	"unsafe"
)

// mix64 is the splitmix64 finaliser: a bijection on uint64 that scatters nearby
// inputs, used to derive per-case seeds and cheap per-case decisions.
func mix64(x uint64) uint64 {
	x += 0x9e3779b97f4a7c15
	x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9
	x = (x ^ (x >> 27)) * 0x94d049bb133111eb
	return x ^ (x >> 31)
}

// perm is a keyed pseudo-random permutation of [0, n): a balanced Feistel network
// on the smallest even number of bits covering n, with cycle walking. It lets the
// generator write cases in a shuffled order without holding them.
type perm struct {
	n     uint64
	half  uint
	mask  uint64
	keys  [4]uint64
	ident bool
}

func newPerm(n uint64, key uint64) perm {
	p := perm{n: n}
	if n <= 1 {
		p.ident = true
		return p
	}
	b := uint(bits.Len64(n - 1))
	if b%2 == 1 {
		b++
	}
	if b < 2 {
		b = 2
	}
	p.half = b / 2
	p.mask = 1<<p.half - 1
	for i := range p.keys {
		key = mix64(key + uint64(i))
		p.keys[i] = key
	}
	return p
}

// at returns the image of i (0 ≤ i < n).
func (p *perm) at(i uint64) uint64 {
	if p.ident {
		return i
	}
	x := i
	for {
		l, r := x>>p.half, x&p.mask
		for _, k := range p.keys {
			l, r = r, l^(mix64(r^k)&p.mask)
		}
		x = l<<p.half | r
		if x < p.n {
			return x
		}
	}
}

// arena hands out immutable strings carved from large byte slabs, so that the
// ids of millions of cases cost one allocation per slab rather than one per case.
// A slab is never written again after a string points into it.
type arena struct {
	buf []byte
}

const slabSize = 64 << 10

// str returns b as a string stored in the arena.
func (a *arena) str(b []byte) string {
	if len(b) == 0 {
		return ""
	}
	if cap(a.buf)-len(a.buf) < len(b) {
		a.buf = make([]byte, 0, max(slabSize, len(b)))
	}
	start := len(a.buf)
	a.buf = append(a.buf, b...)
	s := a.buf[start:len(a.buf):len(a.buf)]
	return unsafe.String(&s[0], len(s))
}

// isqrt returns ⌊√x⌋.
func isqrt(x uint64) uint64 {
	if x < 2 {
		return x
	}
	r := uint64(1) << ((bits.Len64(x) + 1) / 2)
	for {
		nr := (r + x/r) / 2
		if nr >= r {
			return r
		}
		r = nr
	}
}

// pick returns the index i with cum[i-1] ≤ u < cum[i] (cum increasing, u < cum[last]).
func pick(cum []uint64, u uint64) int {
	lo, hi := 0, len(cum)-1
	for lo < hi {
		m := int(uint(lo+hi) >> 1)
		if cum[m] > u {
			hi = m
		} else {
			lo = m + 1
		}
	}
	return lo
}

// appendDate appends d (days since 1970-01-01) as YYYY-MM-DD without allocating
// (the civil-from-days algorithm of H. Hinnant).
func appendDate(dst []byte, d int32) []byte {
	y, m, dd := civil(int64(d))
	dst = append(dst, byte('0'+y/1000), byte('0'+y/100%10), byte('0'+y/10%10), byte('0'+y%10), '-',
		byte('0'+m/10), byte('0'+m%10), '-', byte('0'+dd/10), byte('0'+dd%10))
	return dst
}

func civil(z int64) (y, m, d int64) {
	z += 719468
	era := z / 146097
	if z < 0 && z%146097 != 0 {
		era = (z - 146096) / 146097
	}
	doe := z - era*146097
	yoe := (doe - doe/1460 + doe/36524 - doe/146096) / 365
	y = yoe + era*400
	doy := doe - (365*yoe + yoe/4 - yoe/100)
	mp := (5*doy + 2) / 153
	d = doy - (153*mp+2)/5 + 1
	if mp < 10 {
		m = mp + 3
	} else {
		m = mp - 9
	}
	if m <= 2 {
		y++
	}
	return y, m, d
}

// appendPadded appends v in decimal, zero-padded to width digits.
func appendPadded(dst []byte, v uint64, width int) []byte {
	var b [20]byte
	i := len(b)
	for v > 0 || i == len(b) {
		i--
		b[i] = byte('0' + v%10)
		v /= 10
	}
	for n := len(b) - i; n < width; n++ {
		dst = append(dst, '0')
	}
	return append(dst, b[i:]...)
}

// sampler draws an index with probability proportional to its weight: a
// cumulative table searched from a guide table (1024 buckets of the 64-bit
// draw), O(1) on average, the same result as a binary search.
type sampler struct {
	cum   []uint64
	guide [1024]int32
}

func newSampler(cum []uint64) *sampler {
	s := &sampler{cum: cum}
	if len(cum) == 0 {
		return s
	}
	total := cum[len(cum)-1]
	for j := range s.guide {
		lo, _ := bits.Mul64(uint64(j)<<54, total)
		s.guide[j] = int32(pick(cum, lo))
	}
	return s
}

// draw maps a uniform 64-bit x to an index: u = ⌊x·total/2⁶⁴⌋, i with cum[i−1] ≤ u < cum[i].
func (s *sampler) draw(x uint64) int {
	u, _ := bits.Mul64(x, s.cum[len(s.cum)-1])
	i := int(s.guide[x>>54])
	for s.cum[i] <= u {
		i++
	}
	return i
}
