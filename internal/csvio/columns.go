package csvio

import (
	"fmt"
	"unicode/utf8"

	"github.com/dipdrg/dipdrg/pointvalue"
)

// Col is a column located by header name.
type Col struct {
	Name     string // the name asked for, or the alias found in the header (ColAlias)
	Index    int    // position in the header; -1 when absent
	Required bool
}

// Present reports whether the column is in the header.
func (c Col) Present() bool { return c.Index >= 0 }

// asked is a column the caller knows, with every name it goes by.
type asked struct {
	names   []string // as asked: the name, then its aliases
	folded  []string // the same, trimmed and ASCII-lowercased
	present bool     // one of the names is in the header
}

// Col looks a column up by name, ASCII case ignored and the header's names
// trimmed ("Assessment " is assessment). A required column that is missing
// is reported once: the header's line (1 unless blank lines precede it),
// field = the column name, value "", pointvalue.ErrMissingColumn. A name that
// appears more than once in the header (after folding: "a" and "A") is
// reported once (pointvalue.ErrDuplicate) and makes OK false: which one is
// meant is unknown. When the header could not be read nothing more is
// reported.
func (r *Reader) Col(name string, required bool) Col { return r.ColAlias(name, required) }

// ColAlias is Col for a column that some files name otherwise: it is read
// from the first of name and aliases the header has (los from act_ipt_days,
// gender from gend, birth_date from brdy), and Col.Name is the one found. Two
// of them in one header are an error naming both (pointvalue.ErrDuplicate,
// field = name) that makes OK false. A missing required column is reported
// under name.
func (r *Reader) ColAlias(name string, required bool, aliases ...string) Col {
	c := Col{Name: name, Index: -1, Required: required}
	if !r.headerOK {
		return c
	}
	a := asked{names: append([]string{name}, aliases...)}
	a.folded = make([]string, len(a.names))
	bad := false
	for k, n := range a.names {
		a.folded[k] = foldASCII(trim(n))
		i, dup := r.find(a.folded[k])
		if dup {
			bad = true
			r.reportHeader(n, errDupColumn)
		}
		switch {
		case i < 0:
		case c.Index < 0:
			c.Index, c.Name = i, n
		case !bad:
			bad = true
			first, second := r.header[min(c.Index, i)], r.header[max(c.Index, i)]
			r.reportHeader(name, fmt.Errorf("%w: %s and %s are the same column", pointvalue.ErrDuplicate, first, second))
		}
	}
	a.present = c.Index >= 0
	r.asked = append(r.asked, a)
	if bad {
		r.colsOK = false
	} else if c.Index < 0 && required {
		r.colsOK = false
		r.reportHeader(name, pointvalue.ErrMissingColumn)
	}
	return c
}

var errDupColumn = fmt.Errorf("%w: column appears more than once in the header", pointvalue.ErrDuplicate)

// find returns the first header position of a folded name (-1 if none) and
// whether it appears again.
func (r *Reader) find(folded string) (int, bool) {
	at := -1
	for i, h := range r.folded {
		if h == folded {
			if at >= 0 {
				return at, true
			}
			at = i
		}
	}
	return at, false
}

func (r *Reader) reportHeader(name string, err error) {
	for _, n := range r.reported {
		if n == name {
			return
		}
	}
	r.reported = append(r.reported, name)
	r.errs.Addf(r.source, r.hdrLine, name, "", fileError{err})
}

// CheckColumns looks at the header's unknown columns once the caller has
// asked for every column it knows (Col and ColAlias, required and optional).
// An unknown column that is a near miss of a known column absent from the
// file is an error on the header's line, field = the column as written,
// value "", pointvalue.ErrUnknownColumn ("unknown column (did you mean
// coefficient?)"), and makes OK false, so that no record is read. The near
// miss rule (docs/formats.md): the unknown name has at least 4
// characters and its optimal-string-alignment Damerau–Levenshtein distance,
// over runes and ASCII case folded, to a name of the absent column is at most
// 1, or 2 for names of 10 characters or more; the closest name is suggested
// (the first asked, on a tie).
//
// It returns the other unknown columns, in header order, each name once (as
// first written) and empty names left out, for the summary ("ignored
// columns: remark, 备注"); nil when there is none or the header could not be
// read. The slice must not be modified; a second call returns it again and
// reports nothing.
func (r *Reader) CheckColumns() (ignored []string) {
	if !r.headerOK || r.checked {
		return r.ignored
	}
	r.checked = true
	known := make(map[string]bool)
	for _, a := range r.asked {
		for _, f := range a.folded {
			known[f] = true
		}
	}
	listed := make(map[string]bool)
	for i, h := range r.header {
		f := r.folded[i]
		if f == "" || known[f] || listed[f] {
			continue
		}
		if m := r.nearMiss(f); m != "" {
			r.colsOK = false
			r.reportHeader(h, fmt.Errorf("%w (did you mean %s?)", pointvalue.ErrUnknownColumn, m))
			continue
		}
		listed[f] = true
		r.ignored = append(r.ignored, h)
	}
	return r.ignored
}

// nearMiss returns the name of an absent known column that folded (a folded
// unknown header name) nearly spells, or "".
func (r *Reader) nearMiss(folded string) string {
	n := utf8.RuneCountInString(folded)
	if n < 4 {
		return ""
	}
	var u []rune
	best, bestD := "", 3
	for _, a := range r.asked {
		if a.present {
			continue
		}
		for k, kf := range a.folded {
			m := utf8.RuneCountInString(kf)
			limit := 1
			if m >= 10 {
				limit = 2
			}
			if n-m > limit || m-n > limit {
				continue // the distance is at least the difference in length
			}
			if u == nil {
				u = []rune(folded)
			}
			if d := osa(u, []rune(kf)); d <= limit && d < bestD {
				best, bestD = a.names[k], d
			}
		}
	}
	return best
}

// osa is the optimal-string-alignment Damerau–Levenshtein distance: the
// fewest insertions, deletions, substitutions and transpositions of adjacent
// runes that turn a into b, no rune edited twice.
func osa(a, b []rune) int {
	prev2 := make([]int, len(b)+1)
	prev := make([]int, len(b)+1)
	cur := make([]int, len(b)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(a); i++ {
		cur[0] = i
		for j := 1; j <= len(b); j++ {
			cost := 1
			if a[i-1] == b[j-1] {
				cost = 0
			}
			v := min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
			if i > 1 && j > 1 && a[i-1] == b[j-2] && a[i-2] == b[j-1] {
				v = min(v, prev2[j-2]+1)
			}
			cur[j] = v
		}
		prev2, prev, cur = prev, cur, prev2
	}
	return prev[len(b)]
}

// foldASCII returns s with ASCII letters in lower case (s itself when it has
// none in upper case).
func foldASCII(s string) string {
	for i := 0; i < len(s); i++ {
		if c := s[i]; 'A' <= c && c <= 'Z' {
			b := []byte(s)
			for j := i; j < len(b); j++ {
				if c := b[j]; 'A' <= c && c <= 'Z' {
					b[j] = c + 'a' - 'A'
				}
			}
			return string(b)
		}
	}
	return s
}
