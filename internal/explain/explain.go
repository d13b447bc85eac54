// Package explain holds what the scorers share to write their explanations
// (EXP-1): the flags and rule ids of docs/formats.md as bit sets.
package explain

// AppendWords appends the words whose bits are set, |-joined, in the order of
// words (which callers keep in byte order, as docs/formats.md asks). It does not allocate
// beyond dst's growth.
func AppendWords(dst []byte, bits uint, words []string) []byte {
	first := true
	for i, w := range words {
		if bits&(1<<i) == 0 {
			continue
		}
		if !first {
			dst = append(dst, '|')
		}
		dst, first = append(dst, w...), false
	}
	return dst
}
