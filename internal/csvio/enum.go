package csvio

import (
	"fmt"
	"strings"

	"github.com/dipdrg/dipdrg/pointvalue"
)

// EnumWord is one value of an enumeration with the words that name it: the
// English word first, then the Chinese term, e.g. {FundEmployee, []string{"employee", "职工"}}.
type EnumWord struct {
	Value int
	Words []string
}

// Enum maps the words of an enumeration (English and Chinese) to values.
type Enum struct {
	words  []string // every word, in declaration order
	values []int    // values[i] is the value of words[i]
	err    error    // ErrEnum listing the words
}

// NewEnum builds an enumeration. A word given twice keeps its first value.
func NewEnum(words ...EnumWord) *Enum {
	e := &Enum{}
	for _, w := range words {
		for _, s := range w.Words {
			e.words = append(e.words, s)
			e.values = append(e.values, w.Value)
		}
	}
	e.err = fmt.Errorf("%w: %s", pointvalue.ErrEnum, strings.Join(e.words, ", "))
	return e
}

// Lookup returns the value of word s: an exact match, or else an ASCII
// case-insensitive one ("Employee" is "employee"). It does not allocate.
func (e *Enum) Lookup(s string) (int, bool) {
	if e == nil {
		return 0, false
	}
	for i, w := range e.words {
		if w == s {
			return e.values[i], true
		}
	}
	for i, w := range e.words {
		if asciiEqualFold(w, s) {
			return e.values[i], true
		}
	}
	return 0, false
}

// Words returns every word of the enumeration, in declaration order (for messages).
func (e *Enum) Words() []string {
	if e == nil {
		return nil
	}
	return append([]string(nil), e.words...)
}

// Err returns the error reported for a word that is not in the enumeration:
// pointvalue.ErrEnum followed by the allowed words.
func (e *Enum) Err() error {
	if e == nil {
		return pointvalue.ErrEnum
	}
	return e.err
}

func asciiEqualFold(a, b string) bool {
	if len(a) != len(b) {
		return false
	}
	for i := 0; i < len(a); i++ {
		x, y := a[i], b[i]
		if 'A' <= x && x <= 'Z' {
			x += 'a' - 'A'
		}
		if 'A' <= y && y <= 'Z' {
			y += 'a' - 'A'
		}
		if x != y {
			return false
		}
	}
	return true
}
