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

// An outcome word is how a scoring loop writes a case's class, flags and rule
// ids beside its points, in one uint32 (drg.Outcome, dip.Outcome and the
// engine's bed-day rows share the layout): the class in bits 0–3, the flags in
// bits 4–11, the rule bits from bit 12.
const (
	flagsShift = 4
	rulesShift = 12
)

// Outcome packs a class, flags and rule bits into an outcome word.
func Outcome(class, flags, rules uint32) uint32 {
	return class | flags<<flagsShift | rules<<rulesShift
}

// WithRules adds rule bits to an outcome word.
func WithRules(o, rules uint32) uint32 { return o | rules<<rulesShift }

// OutcomeClass, OutcomeFlags and OutcomeRules unpack an outcome word.
func OutcomeClass(o uint32) uint32 { return o & 0xf }

// OutcomeFlags returns an outcome word's flags.
func OutcomeFlags(o uint32) uint32 { return o >> flagsShift & 0xff }

// OutcomeRules returns an outcome word's rule bits.
func OutcomeRules(o uint32) uint32 { return o >> rulesShift }
