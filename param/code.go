package param

import (
	"strings"

	"golang.org/x/text/unicode/norm"
)

// NormalizeCode returns a code — a DRG or DIP group code, a diagnosis, a
// procedure — as it is compared with the tables' (ERR-6): trimmed, Unicode NFKC
// (full-width `Ｋ３５．８` becomes `K35.8`), then upper case (`k35.8`, `nr15`). ok
// is false when the result holds a character outside A–Z 0–9 . + - (a `，`, `;`,
// `、`, a space inside): such a code is an error. A code already in that form is
// returned as it is, without allocating.
func NormalizeCode(s string) (string, bool) {
	s = strings.TrimSpace(s)
	if canonical(s) {
		return s, true
	}
	t := strings.ToUpper(norm.NFKC.String(s))
	return t, canonical(t)
}

func canonical(s string) bool {
	for i := 0; i < len(s); i++ {
		switch c := s[i]; {
		case c >= 'A' && c <= 'Z', c >= '0' && c <= '9', c == '.', c == '+', c == '-':
		default:
			return false
		}
	}
	return true
}

// AppendNormalizedCode appends NormalizeCode(s) to dst; a code of ASCII
// characters (the usual case, `K35.800x001`) is upper-cased in place, without
// allocating: a lookup can then index a map with string(dst).
func AppendNormalizedCode(dst []byte, s string) []byte {
	s = strings.TrimSpace(s)
	for i := 0; i < len(s); i++ {
		if s[i] >= 0x80 {
			n, _ := NormalizeCode(s)
			return append(dst, n...)
		}
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c >= 'a' && c <= 'z' {
			c -= 'a' - 'A'
		}
		dst = append(dst, c)
	}
	return dst
}
