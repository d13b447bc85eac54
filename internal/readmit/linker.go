package readmit

import (
	"fmt"

	"github.com/dipdrg/dipdrg/pointvalue"
)

type key struct{ patient, hospital, group int32 }

// pending is an earlier stay that may still be reduced.
type pending struct {
	id        int64
	seq       uint64 // feed number, unique even if ids repeat
	discharge pointvalue.Date
}

// queued is a pending stay in feed order, for eviction under a horizon.
type queued struct {
	k         key
	seq       uint64
	discharge pointvalue.Date
}

// Linker links stays fed in (discharge, admit, id) order (DRG-7 / DIP-7,
// section 13 A25). It keeps, per (patient, hospital, group), only the stays
// still open to reduction: a stay leaves when it is reduced (and an exempt
// stay never enters), and, with a horizon set by SetMaxStay, when its
// discharge falls so far behind the stream that no stay of that length could
// link to it. Fed in order, it reduces the same stays as Mark.
type Linker struct {
	days    int
	maxStay int // 0: no horizon
	byKey   map[key][]pending
	queue   []queued
	qhead   int
	seq     uint64
	out     []int64

	started      bool
	lastD, lastA pointvalue.Date
	lastID       int64
	err          error
	inexact      bool
}

// NewLinker returns a Linker with the window ReadmitDays = days; days < 0
// means the rule is off (Add never returns an id).
func NewLinker(days int) *Linker {
	return &Linker{days: days, byKey: make(map[key][]pending)}
}

// SetMaxStay bounds the Linker's memory for a stream of unknown length: a
// pending stay is dropped once the stream's discharge date is more than
// days + maxStay past its discharge. Only a later stay longer than maxStay
// days (discharge − admission) could still have linked to it; when such a
// stay is fed, Inexact reports true and the result may differ from Mark.
// maxStay ≤ 0 removes the horizon (the default: exact, memory grows with the
// stays never reduced). Call it before the first Add.
func (l *Linker) SetMaxStay(maxStay int) {
	if maxStay < 0 {
		maxStay = 0
	}
	l.maxStay = maxStay
}

// Add feeds stay number id; it returns the ids of earlier stays that this
// stay reduces (each id returned at most once over the Linker's life; exempt
// stays never returned), in feed order. The returned slice is reused by the
// next call.
func (l *Linker) Add(id int64, s Stay) []int64 {
	l.out = l.out[:0]
	if l.started && l.err == nil {
		if s.Discharge < l.lastD || (s.Discharge == l.lastD && (s.Admit < l.lastA || (s.Admit == l.lastA && id <= l.lastID))) {
			l.err = fmt.Errorf("%w: readmit.Linker: stay %d (discharge %s, admission %s) fed after stay %d (discharge %s, admission %s)",
				pointvalue.ErrInvalidArgument, id, s.Discharge, s.Admit, l.lastID, l.lastD, l.lastA)
		}
	}
	l.started, l.lastD, l.lastA, l.lastID = true, s.Discharge, s.Admit, id
	if l.days < 0 {
		return l.out
	}
	if l.maxStay > 0 {
		l.evict(s.Discharge)
	}
	if !s.links() {
		return l.out
	}
	if l.maxStay > 0 && int64(s.Discharge)-int64(s.Admit) > int64(l.maxStay) {
		l.inexact = true
	}
	k := key{s.Patient, s.Hospital, s.Group}
	list := l.byKey[k]
	// list is in feed order, so by discharge: the linked stays are one run.
	from, to := int64(s.Admit)-int64(l.days), int64(s.Admit)
	lo := sortSearch(len(list), func(p int) bool { return int64(list[p].discharge) >= from })
	hi := sortSearch(len(list), func(p int) bool { return int64(list[p].discharge) > to })
	if lo < hi {
		for _, e := range list[lo:hi] {
			l.out = append(l.out, e.id)
		}
		list = append(list[:lo], list[hi:]...)
	}
	if !s.Exempt {
		l.seq++
		list = append(list, pending{id: id, seq: l.seq, discharge: s.Discharge})
		if l.maxStay > 0 {
			l.queue = append(l.queue, queued{k: k, seq: l.seq, discharge: s.Discharge})
		}
	}
	if len(list) == 0 {
		delete(l.byKey, k)
	} else {
		l.byKey[k] = list
	}
	return l.out
}

// evict drops the pending stays no stay of at most maxStay days, discharged
// on or after now, can link to.
func (l *Linker) evict(now pointvalue.Date) {
	limit := int64(l.days) + int64(l.maxStay)
	for l.qhead < len(l.queue) {
		q := l.queue[l.qhead]
		if int64(now)-int64(q.discharge) <= limit {
			break
		}
		l.qhead++
		// If still pending it is the first of its key: every earlier one of
		// the key was evicted before it or reduced.
		if list := l.byKey[q.k]; len(list) > 0 && list[0].seq == q.seq {
			list = append(list[:0], list[1:]...)
			if len(list) == 0 {
				delete(l.byKey, q.k)
			} else {
				l.byKey[q.k] = list
			}
		}
	}
	if l.qhead > 1024 && l.qhead*2 > len(l.queue) {
		n := copy(l.queue, l.queue[l.qhead:])
		l.queue = l.queue[:n]
		l.qhead = 0
	}
}

// Pending returns the number of stays the Linker holds that may still be reduced.
func (l *Linker) Pending() int {
	n := 0
	for _, list := range l.byKey {
		n += len(list)
	}
	return n
}

// Inexact reports whether a stay longer than the SetMaxStay horizon was fed,
// so that a stay dropped earlier might have been linked by it.
func (l *Linker) Inexact() bool { return l.inexact }

// Err returns a pointvalue.ErrInvalidArgument error naming the first stay fed
// out of (discharge, admit, id) order, or nil.
func (l *Linker) Err() error { return l.err }
