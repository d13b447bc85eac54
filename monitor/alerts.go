package monitor

import (
	"cmp"
	"encoding/binary"
	"slices"
	"strconv"
	"strings"

	"github.com/dipdrg/dipdrg/internal/radix"
	"github.com/dipdrg/dipdrg/pointvalue"
)

// alertKind is an alert's indicator, in byte order of the words (alerts.csv
// sorts by case id, then indicator).
type alertKind uint8

const (
	alertLowRiskDeath alertKind = iota // low-risk-death
	alertLowStandard                   // low-standard
	alertOverlong                      // overlong-stay
	alertSplit                         // split-admission
)

var alertWords = [...]string{"low-risk-death", "low-standard", "overlong-stay", "split-admission"}

// alertRec is an alert as the passes find it, its text made once at the end
// (Measure's alerts are many in a large year: a record holds no string but the
// case id, a view of the batch's memory).
type alertRec struct {
	caseID  string
	hosp    int32
	kind    alertKind
	ref     int32 // low-standard, overlong: the reference (refs index, method in mi); low-risk-death: the group
	mi      uint8
	stay    int64  // los
	x       int64  // low-standard: the cost; overlong: the stay
	earlier string // split: the earlier stay's case id
	gap     int64  // split: days
	diag    bool   // split: matched by the diagnosis only
}

// sortAlerts orders the alerts by (case id, indicator): a radix sort of the 8
// bytes after the prefix every id shares (ids differ at their end), ties
// compared in full.
func sortAlerts(recs []alertRec) []alertRec {
	prefix := 0
	if len(recs) > 0 {
		prefix = len(recs[0].caseID)
		for i := 1; i < len(recs) && prefix > 0; i++ {
			id := recs[i].caseID
			prefix = min(prefix, len(id))
			for k := 0; k < prefix; k++ {
				if id[k] != recs[0].caseID[k] {
					prefix = k
					break
				}
			}
		}
	}
	items := make([]radix.Item, len(recs))
	for i := range recs {
		var k [8]byte
		copy(k[:], recs[i].caseID[prefix:])
		items[i] = radix.Item{Key: binary.BigEndian.Uint64(k[:]), Row: uint32(i)}
	}
	items = radix.Sort(items, nil)
	for lo := 0; lo < len(items); {
		hi := lo + 1
		for hi < len(items) && items[hi].Key == items[lo].Key {
			hi++
		}
		if hi-lo > 1 {
			slices.SortFunc(items[lo:hi], func(x, y radix.Item) int {
				a, b := &recs[x.Row], &recs[y.Row]
				return cmp.Or(strings.Compare(a.caseID, b.caseID), cmp.Compare(a.kind, b.kind))
			})
		}
		lo = hi
	}
	out := make([]alertRec, len(recs))
	for i, it := range items {
		out[i] = recs[it.Row]
	}
	return out
}

// appendDetail appends an alert's detail (docs/monitoring.md §5).
func (rep *Report) appendDetail(b []byte, r *alertRec) []byte {
	switch r.kind {
	case alertLowRiskDeath:
		b = append(append(b, "group="...), rep.grp[r.mi].code[r.ref]...)
	case alertLowStandard, alertOverlong:
		rf := &rep.grp[r.mi].refs[r.ref]
		d := rf.s
		if r.kind == alertOverlong {
			d = rf.l
		}
		b = append(b, "los="...)
		b = strconv.AppendInt(b, r.stay, 10)
		b = append(b, ";ratio="...)
		b = ratioOf(r.x, rf.n, d).Append(b)
		b = append(append(b, ";ref="...), rf.name...)
	case alertSplit:
		b = append(append(b, "earlier="...), r.earlier...)
		b = append(b, ";gap="...)
		b = strconv.AppendInt(b, r.gap, 10)
		if r.diag {
			b = append(b, ";match=diagnosis"...)
		} else {
			b = append(b, ";match=adrg"...)
		}
	}
	return b
}

// ratioOf is x·n ÷ d to 4 decimals, half-up (an alert's ratio).
func ratioOf(x, n, d int64) Number {
	if xn := x * n; x >= 0 && n > 0 && xn/n == x {
		if q, ok := roundQuo(xn, 10_000, uint64(d)); ok {
			return Number{V: q, Valid: true}
		}
	}
	q, err := pointvalue.ExactInt(x).Mul(n).Quo(d).Mul(10_000).Round(1, pointvalue.HalfUp)
	return Number{V: q, Valid: err == nil}
}
