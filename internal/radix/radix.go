// Package radix sorts 64-bit keys with a 32-bit payload by least-significant
// digit radix sort: eight passes of 8 bits at most, a pass skipped when every key
// has the same byte there. The engine orders its cases by id with it (a key from
// the id's bytes, ties compared in full afterwards).
package radix

// Item is a key and the row it belongs to.
type Item struct {
	Key uint64
	Row uint32
}

// Sort sorts items by Key, stably (equal keys keep their order), using buf (of
// at least len(items), else a new one) as scratch. It returns the sorted slice,
// which is items or buf.
func Sort(items, buf []Item) []Item {
	n := len(items)
	if n < 2 {
		return items
	}
	if len(buf) < n {
		buf = make([]Item, n)
	}
	buf = buf[:n]
	var counts [8][256]int
	for i := range items {
		k := items[i].Key
		for d := range 8 {
			counts[d][byte(k>>(8*d))]++
		}
	}
	src, dst := items, buf
	for d := range 8 {
		c := &counts[d]
		if c[byte(src[0].Key>>(8*d))] == n {
			continue // every key has this byte: the pass would not move anything
		}
		sum := 0
		for b := range c {
			c[b], sum = sum, sum+c[b]
		}
		shift := 8 * d
		for _, it := range src {
			b := byte(it.Key >> shift)
			dst[c[b]] = it
			c[b]++
		}
		src, dst = dst, src
	}
	return src
}
