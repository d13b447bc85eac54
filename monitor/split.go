package monitor

import (
	"cmp"
	"slices"

	"github.com/dipdrg/dipdrg/budget"
	"github.com/dipdrg/dipdrg/internal/radix"
	"github.com/dipdrg/dipdrg/param"
	"github.com/dipdrg/dipdrg/pointvalue"
)

// splitRec is a stay of a patient with more than one, kept for MON-7.
type splitRec struct {
	caseID           string // a view of the batch's memory
	discharge, admit pointvalue.Date
	acc              int32 // the stay's row (hospital, fund, method, month)
	adrg             int32 // DRG: the ADRG; DIP: the group; −1 not grouped
	window           int32 // the split window of the stay's method, days
	hosp             int32
	diag             [3]byte // the primary diagnosis's category (first 3 characters)
	diagLen          uint8   // 0: no diagnosis
	mi               uint8
	planned          bool
}

// keepStay keeps a stay for MON-7 (a base case of a patient with other stays).
func (m *measure) keepStay(s *budget.SettledCase, g *groups) {
	mi := methodIndex(s.Method)
	r := splitRec{discharge: s.Discharge, admit: s.Admit, caseID: s.CaseID, hosp: int32(s.Hospital),
		acc: int32(m.accIndex(s.Hospital, s.Fund, mi, m.monthOf(s.Discharge))), adrg: -1, mi: uint8(mi),
		planned: s.List.ReadmitPlanned}
	if g != nil {
		r.adrg = g.adrg[s.Group]
	}
	r.diagLen = uint8(copy(r.diag[:], s.Diagnosis))
	r.window = int32(m.window(s.Method))
	m.split = append(m.split, r)
	m.splitKey = append(m.splitKey, radix.Item{Key: uint64(s.Patient)<<24 | uint64(s.Hospital)&(1<<24-1), Row: uint32(len(m.split) - 1)})
}

func (m *measure) accIndex(h int, f param.Fund, mi, period int) int {
	return ((h*param.NumFunds+int(f))*2+mi)*periods + period
}

// window is MON-7's window for a method: split_days, else the method's readmit_days.
func (m *measure) window(meth param.Method) int {
	if m.mp.HasSplitDays {
		return m.mp.SplitDays
	}
	if meth == param.DIP {
		return m.p.DIP.ReadmitDays
	}
	return m.p.DRG.ReadmitDays
}

// splits finds the split admissions (MON-7): a stay l is split when an earlier
// stay e of the same patient at the same hospital (earlier by discharge date,
// admission date, case id; any fund) has 0 ≤ l.admit − e.discharge ≤ the
// window, e's return was not planned, and both share the ADRG (DRG) or group
// (DIP), or the diagnosis category. The alert names the last such e.
func (m *measure) splits() {
	items := radix.Sort(m.splitKey, nil)
	order := func(x, y radix.Item) int {
		a, b := &m.split[x.Row], &m.split[y.Row]
		return cmp.Or(cmp.Compare(a.discharge, b.discharge), cmp.Compare(a.admit, b.admit), cmp.Compare(a.caseID, b.caseID))
	}
	for lo := 0; lo < len(items); {
		hi := lo + 1
		for hi < len(items) && items[hi].Key == items[lo].Key {
			hi++
		}
		run := items[lo:hi]
		lo = hi
		if len(run) < 2 {
			continue
		}
		slices.SortFunc(run, order)
		for j := 1; j < len(run); j++ {
			l := &m.split[run[j].Row]
			for k := j - 1; k >= 0; k-- {
				e := &m.split[run[k].Row]
				gap := int64(l.admit) - int64(e.discharge)
				if gap < 0 {
					continue // e ends after l begins
				}
				if gap > int64(l.window) {
					break // the earlier ones end earlier still
				}
				if e.planned {
					continue
				}
				adrg := l.adrg >= 0 && e.adrg == l.adrg && e.mi == l.mi
				diag := l.diagLen > 0 && e.diagLen == l.diagLen && e.diag == l.diag
				if !adrg && !diag {
					continue
				}
				m.acc[l.acc].split++
				m.alerts = append(m.alerts, alertRec{caseID: l.caseID, hosp: l.hosp, kind: alertSplit, earlier: e.caseID, gap: gap, diag: !adrg})
				break
			}
		}
	}
}
