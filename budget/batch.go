package budget

import (
	"bytes"
	"cmp"
	"encoding/binary"
	"math/bits"
	"strings"
	"unsafe"

	"slices"
	"sync"

	"github.com/dipdrg/dipdrg/dip"
	"github.com/dipdrg/dipdrg/internal/radix"
	"github.com/dipdrg/dipdrg/param"
	"github.com/dipdrg/dipdrg/pointvalue"
)

// Case is one discharged inpatient case (a 医保结算清单 in brief) as a Go value:
// what Batch.Append takes and Batch.Case gives back. The engine itself reads the
// batch's columns; a Case is an adapter for importers holding values (appending
// one costs a few map lookups and copies of its strings).
type Case struct {
	ID         string // unique in the batch
	PatientID  string // links readmissions (DRG-7, DIP-7); "" never links
	HospitalID string
	Fund       param.Fund

	// Method is drg, dip or bedday when MethodGiven; otherwise the policy's
	// inpatient method of the fund. A case with a BedDayCategory is a bed-day
	// stay whatever Method says (BED-3, A17).
	Method      param.Method
	MethodGiven bool

	Group      string        // DRG code or DIP group code; "" → grouped (DIP) or ungrouped (DRG)
	Diagnosis  string        // primary diagnosis, ICD-10 (DIP-3)
	Procedures string        // ICD-9-CM-3 codes joined by "|" (DIP-3)
	Treatment  dip.Treatment // DIP-3's treatment type; TreatmentUnset when not given

	Admit, Discharge pointvalue.Date
	TotalCost        pointvalue.Money // 医疗总费用
	PatientShare     pointvalue.Money // 个人负担, at most TotalCost

	BedDayCategory string // e.g. "psychiatric"; a category of the policy's bed-day table
	Incomplete     bool   // 未完整治疗 (DRG-5)

	// TCMShare is the share of cost that is traditional Chinese medicine, 0–1
	// (DIP-5), when HasTCMShare: a case without one never takes the TCM bonus (A63).
	TCMShare    pointvalue.Factor
	HasTCMShare bool
	Severity    string // auxiliary band key (DIP-5)

	// SpecialPoints are the approved special-review points (DRG-8, DIP-8), when HasSpecial.
	SpecialPoints pointvalue.Points
	HasSpecial    bool

	// Line is the physical line the case was read from (0 when built in code):
	// the engine's errors about the case name it, with its id.
	Line int

	// FundText is the fund cell as read (居民, 职工医保…), so that an error names
	// the value the file gave; "" when the case was built in code.
	FundText string

	// List holds the optional settlement-list fields monitoring reads
	// (docs/monitoring.md §1); no payment rule reads them.
	List SettlementList
}

// Batch flags of a row.
const (
	rowIncomplete uint8 = 1 << iota
	rowSpecial
	rowTCM
	rowBedDay  // a bed-day category, in beddays
	rowPlanned // days_rinp_flag_31 = 2 (SettlementList.ReadmitPlanned)
)

// A Batch is a year's cases as columns: the engine's one input. Strings are
// interned once, as they are appended — case ids into one arena, hospitals,
// group codes, DIP keys, bed-day categories and severities into small tables —
// so that nothing per case holds a Go string; dates are days, money fen, shares
// 10⁻⁸. A 10M-case year takes under 1 GiB. Readers fill a Batch straight from
// their bytes (package files); importers holding Go values use Append.
//
// The zero value is an empty batch ready to append to. Settle reads a batch and
// never changes its rows; it sorts an index of them by case id once and keeps
// it, so a batch settled again (another policy, a what-if) is not sorted again.
// A Batch is not safe for concurrent appends; settling one from several
// goroutines at once is safe once appending is over.
type Batch struct {
	line      []uint32
	idEnd     []uint32 // end of row i's case id in ids
	ids       []byte
	patHi     []uint64 // a patient id of at most 16 bytes, big-endian and zero-padded (0, 0: none)
	patLo     []uint64
	patLong   map[uint32]string // the longer ones, by row
	hosp      []uint32          // index into hospIDs
	fund      []param.Fund
	fundText  []uint8 // index into fundTexts (0: the fund's English word)
	method    []uint8 // param.Method + 1; 0: not given
	group     []uint32
	dipKey    []uint32 // allocated with the first row that has DIP grouping fields
	admit     []pointvalue.Date
	discharge []pointvalue.Date
	cost      []pointvalue.Money
	share     []pointvalue.Money
	beddays   map[uint32]uint32 // the bed-day category of the rows with rowBedDay
	flags     []uint8
	tcm       []int32  // allocated with the first row that has a TCM share
	severity  []uint16 // allocated with the first row that has a severity
	special   map[uint32]pointvalue.Points
	list      *listColumns // the settlement-list columns (list.go); nil until a row has one

	hosps, groups, categories, severities, fundTexts interner
	dipKeys                                          interner // diagnosis \x00 procedures \x00 treatment
	dipKeyParts                                      []dipKey
	keyBuf                                           []byte // internDIPKey's

	order    []uint32   // rows in case-id order (stable): computed once, when settled
	patNum   []uint32   // patient numbers (patientNumbers)
	patMulti []uint32   // rows whose patient has other rows (patientNumbers)
	dups     []uint32   // rows whose case id is the previous row's in case-id order (sortByID)
	mu       sync.Mutex // guards the three above, computed on first use
}

// dipKey is a DIP case's grouping key (DIP-3): interned, grouped once per key.
type dipKey struct {
	diagnosis, procedures string
	treatment             dip.Treatment
}

// interner maps strings to small indexes; index 0 is "".
type interner struct {
	s   []string
	idx map[string]uint32
}

func (t *interner) intern(s string) uint32 {
	if s == "" {
		return 0
	}
	if i, ok := t.idx[s]; ok {
		return i
	}
	if t.idx == nil {
		t.idx = map[string]uint32{}
		t.s = append(t.s, "")
	}
	s = strings.Clone(s) // s may view a reader's buffer
	i := uint32(len(t.s))
	t.s = append(t.s, s)
	t.idx[s] = i
	return i
}

// internBytes is intern of a key built in a reused buffer: a known key costs
// no allocation.
func (t *interner) internBytes(b []byte) uint32 {
	if i, ok := t.idx[string(b)]; ok {
		return i
	}
	return t.intern(string(b))
}

func (t *interner) get(i uint32) string {
	if i == 0 || int(i) >= len(t.s) {
		return ""
	}
	return t.s[i]
}

// Len is the number of rows.
func (b *Batch) Len() int { return len(b.idEnd) }

// Append adds a case and returns its row. It copies what it keeps: c's strings
// may view memory the caller reuses (a reader's record buffer). It checks
// nothing: Settle checks every row and reports each problem with the row's line
// and case id.
func (b *Batch) Append(c *Case) int {
	row := uint32(len(b.idEnd))
	b.order, b.patNum, b.patMulti = nil, nil, nil
	b.line = append(b.line, uint32(max(0, min(c.Line, 1<<32-1))))
	b.ids = append(b.ids, c.ID...)
	b.idEnd = append(b.idEnd, uint32(len(b.ids)))
	hi, lo, long := packPatient(c.PatientID)
	if long {
		if b.patLong == nil {
			b.patLong = map[uint32]string{}
		}
		b.patLong[row] = strings.Clone(c.PatientID)
	}
	b.patHi, b.patLo = append(b.patHi, hi), append(b.patLo, lo)
	b.hosp = append(b.hosp, b.hosps.intern(c.HospitalID))
	b.fund = append(b.fund, c.Fund)
	ft := uint32(0)
	if c.FundText != "" && c.FundText != c.Fund.String() {
		ft = b.fundTexts.intern(c.FundText)
	}
	b.fundText = append(b.fundText, uint8(min(ft, 255)))
	m := uint8(0)
	if c.MethodGiven {
		m = uint8(c.Method) + 1
	}
	b.method = append(b.method, m)
	b.group = append(b.group, b.groups.intern(c.Group))
	if c.Diagnosis != "" || c.Procedures != "" || c.Treatment != dip.TreatmentUnset {
		k := b.internDIPKey(c.Diagnosis, c.Procedures, c.Treatment)
		if b.dipKey == nil {
			b.dipKey = make([]uint32, row, cap(b.idEnd))
		}
		b.dipKey = append(b.dipKey, k)
	} else if b.dipKey != nil {
		b.dipKey = append(b.dipKey, 0)
	}
	b.admit, b.discharge = append(b.admit, c.Admit), append(b.discharge, c.Discharge)
	b.cost, b.share = append(b.cost, c.TotalCost), append(b.share, c.PatientShare)
	var f uint8
	if c.BedDayCategory != "" {
		f |= rowBedDay
		if b.beddays == nil {
			b.beddays = map[uint32]uint32{}
		}
		b.beddays[row] = b.categories.intern(c.BedDayCategory)
	}
	if c.Incomplete {
		f |= rowIncomplete
	}
	if c.HasSpecial {
		f |= rowSpecial
		if b.special == nil {
			b.special = map[uint32]pointvalue.Points{}
		}
		b.special[row] = c.SpecialPoints
	}
	if c.HasTCMShare {
		f |= rowTCM
		if b.tcm == nil {
			b.tcm = make([]int32, row, cap(b.idEnd))
		}
	}
	if b.tcm != nil {
		b.tcm = append(b.tcm, int32(max(-1, min(c.TCMShare, 1<<31-1))))
	}
	if c.Severity != "" && b.severity == nil {
		b.severity = make([]uint16, row, cap(b.idEnd))
	}
	if b.severity != nil {
		b.severity = append(b.severity, uint16(min(b.severities.intern(c.Severity), 1<<16-1)))
	}
	b.flags = append(b.flags, f)
	if b.list != nil || c.List != (SettlementList{}) {
		b.appendList(row, &c.List)
	}
	return int(row)
}

// bedDay returns row i's bed-day category index (0: none).
func (b *Batch) bedDay(i uint32) uint32 {
	if b.flags[i]&rowBedDay == 0 {
		return 0
	}
	return b.beddays[i]
}

// dipKeyOf returns row i's DIP grouping key index (0: none).
func (b *Batch) dipKeyOf(i uint32) uint32 {
	if b.dipKey == nil {
		return 0
	}
	return b.dipKey[i]
}

// packPatient packs an id of at most 16 bytes into two words, big-endian and
// zero-padded, so that equal ids pack equally (an id never holds a NUL: Settle
// checks); long reports a longer id.
func packPatient(id string) (hi, lo uint64, long bool) {
	if len(id) > 16 {
		return ^uint64(0), ^uint64(0), true
	}
	var k [16]byte
	copy(k[:], id)
	return binary.BigEndian.Uint64(k[:8]), binary.BigEndian.Uint64(k[8:]), false
}

// view returns the bytes b as a string without copying. The batch's arena and
// tables are only ever appended to, so the bytes a view shows never change.
func view(b []byte) string {
	if len(b) == 0 {
		return ""
	}
	return unsafe.String(&b[0], len(b))
}

// id returns row i's case id (a view into the arena).
func (b *Batch) id(i uint32) string {
	start := uint32(0)
	if i > 0 {
		start = b.idEnd[i-1]
	}
	return view(b.ids[start:b.idEnd[i]])
}

// patientID returns row i's patient id.
func (b *Batch) patientID(i uint32) string {
	if b.patHi[i] == ^uint64(0) && b.patLo[i] == ^uint64(0) {
		return b.patLong[i]
	}
	var k [16]byte
	return string(b.appendPatient(k[:0], i))
}

// Case returns row i as a Case (its strings view the batch's memory: no copy).
func (b *Batch) Case(i int) Case {
	r := uint32(i)
	c := Case{ID: b.id(r), PatientID: b.patientID(r), HospitalID: b.hosps.get(b.hosp[r]), Fund: b.fund[r],
		Group: b.groups.get(b.group[r]), Admit: b.admit[r], Discharge: b.discharge[r],
		TotalCost: b.cost[r], PatientShare: b.share[r], BedDayCategory: b.categories.get(b.bedDay(r)),
		Incomplete: b.flags[r]&rowIncomplete != 0, Line: int(b.line[r]), FundText: b.fundTexts.get(uint32(b.fundText[r]))}
	if m := b.method[r]; m != 0 {
		c.Method, c.MethodGiven = param.Method(m-1), true
	}
	if k := b.dipKeyOf(r); k != 0 {
		d := b.dipKeyParts[k]
		c.Diagnosis, c.Procedures, c.Treatment = d.diagnosis, d.procedures, d.treatment
	}
	if b.flags[r]&rowTCM != 0 {
		c.TCMShare, c.HasTCMShare = pointvalue.Factor(b.tcm[r]), true
	}
	if b.severity != nil {
		c.Severity = b.severities.get(uint32(b.severity[r]))
	}
	if b.flags[r]&rowSpecial != 0 {
		c.SpecialPoints, c.HasSpecial = b.special[r], true
	}
	c.List = b.listOf(r)
	return c
}

// sortByID orders the rows by case id (byte order), stably: rows with equal ids
// keep the order they were appended in, so the first read comes first (A29). The
// order is kept until the batch changes. The sort key is the 8 bytes that follow
// the prefix every id shares, radix-sorted; rows whose keys tie are then
// compared in full.
func (b *Batch) sortByID() {
	b.mu.Lock()
	defer b.mu.Unlock()
	n := b.Len()
	if b.order != nil || n == 0 {
		return
	}
	b.order = make([]uint32, n)
	b.dups = b.dups[:0]
	if b.inOrder() { // appended in order already (a stream's windows, sorted sources)
		for i := range b.order {
			b.order[i] = uint32(i)
		}
		return
	}
	prefix := b.commonPrefix()
	items := make([]radix.Item, n)
	for i := range n {
		id := b.id(uint32(i))
		var k [8]byte
		copy(k[:], id[min(prefix, len(id)):])
		items[i] = radix.Item{Key: binary.BigEndian.Uint64(k[:]), Row: uint32(i)}
	}
	items = radix.Sort(items, nil)
	// Rows whose keys tie (ids longer than the key, or equal) are ordered in full.
	for a := 0; a < n; {
		z := a + 1
		for z < n && items[z].Key == items[a].Key {
			z++
		}
		if z-a > 1 {
			run := items[a:z]
			insertionOrLong(run, func(x, y radix.Item) int {
				if c := strings.Compare(b.id(x.Row), b.id(y.Row)); c != 0 {
					return c
				}
				return int(x.Row) - int(y.Row)
			})
			for k := 1; k < len(run); k++ { // equal ids have equal keys: only here
				if b.id(run[k].Row) == b.id(run[k-1].Row) {
					b.dups = append(b.dups, run[k].Row)
				}
			}
		}
		a = z
	}
	for k, it := range items {
		b.order[k] = it.Row
	}
}

// cmpRows compares rows i and j in case-id order (the order sortByID gives:
// equal ids by row).
func (b *Batch) cmpRows(i, j uint32) int {
	if c := strings.Compare(b.id(i), b.id(j)); c != 0 {
		return c
	}
	return cmp.Compare(i, j)
}

// inOrder reports whether the rows are in case-id order already, and if so
// lists the duplicates.
func (b *Batch) inOrder() bool {
	prev := b.id(0)
	for i := uint32(1); i < uint32(b.Len()); i++ {
		id := b.id(i)
		if id < prev {
			b.dups = b.dups[:0]
			return false
		}
		if id == prev {
			b.dups = append(b.dups, i)
		}
		prev = id
	}
	return true
}

// commonPrefix is the length of the prefix every case id shares.
func (b *Batch) commonPrefix() int {
	first := []byte(b.id(0))
	p := len(first)
	for i := 1; i < b.Len() && p > 0; i++ {
		id := b.id(uint32(i))
		if len(id) < p {
			p = len(id)
		}
		if !bytes.HasPrefix(unsafe.Slice(unsafe.StringData(id), len(id)), first[:p]) {
			q := 0
			for q < p && id[q] == first[q] {
				q++
			}
			p = q
		}
	}
	return p
}

// insertionOrLong sorts a run: insertion sort for the usual short runs.
func insertionOrLong(run []radix.Item, cmp func(x, y radix.Item) int) {
	if len(run) > 32 {
		sortItems(run, cmp)
		return
	}
	for i := 1; i < len(run); i++ {
		for j := i; j > 0 && cmp(run[j], run[j-1]) < 0; j-- {
			run[j], run[j-1] = run[j-1], run[j]
		}
	}
}

func sortItems(run []radix.Item, cmp func(x, y radix.Item) int) { slices.SortStableFunc(run, cmp) }

// patientNumbers numbers the rows' patient ids, 1, 2, … with equal ids equal
// and 0 for none (DRG-7 and DIP-7 link stays of one patient), and lists the
// rows whose patient has more than one row (the only ones that can link): by a
// radix sort of the packed ids, policy-independent, computed once and kept.
func (b *Batch) patientNumbers() (num, multi []uint32) {
	b.mu.Lock()
	defer b.mu.Unlock()
	if b.patNum != nil {
		return b.patNum, b.patMulti
	}
	n := b.Len()
	// The key is the 8 bytes of the packed id that follow the prefix every id
	// shares ("P00000…" ids differ only at their end).
	var h0, l0, diffHi, diffLo uint64
	first := true
	for i := range n {
		if b.patHi[i] != 0 || b.patLo[i] != 0 {
			if first {
				h0, l0, first = b.patHi[i], b.patLo[i], false
			}
			diffHi |= b.patHi[i] ^ h0
			diffLo |= b.patLo[i] ^ l0
		}
	}
	shift := uint(bits.LeadingZeros64(diffHi)) &^ 7 // whole bytes of the shared prefix (≤ 8)
	if diffHi == 0 {
		shift = 64 + uint(bits.LeadingZeros64(diffLo))&^7
	}
	shift = min(shift, 64)
	key := func(i int) uint64 {
		hi, lo := b.patHi[i], b.patLo[i]
		switch shift {
		case 0:
			return hi
		case 64:
			return lo
		}
		return hi<<shift | lo>>(64-shift)
	}
	items := make([]radix.Item, 0, n)
	for i := range n {
		if b.patHi[i] != 0 || b.patLo[i] != 0 {
			items = append(items, radix.Item{Key: key(i), Row: uint32(i)})
		}
	}
	items = radix.Sort(items, nil)
	num = make([]uint32, n)
	multi = []uint32{}
	next := uint32(0)
	for a := 0; a < len(items); {
		z := a + 1
		for z < len(items) && items[z].Key == items[a].Key {
			z++
		}
		run := items[a:z]
		same := func(x, y uint32) bool {
			return b.patHi[x] == b.patHi[y] && b.patLo[x] == b.patLo[y] && b.patLong[x] == b.patLong[y]
		}
		allSame := true // the usual run: one patient's stays
		for k := 1; k < len(run) && allSame; k++ {
			allSame = same(run[k].Row, run[0].Row)
		}
		if !allSame { // ids equal in their key's 8 bytes only: order by all of them
			insertionOrLong(run, func(x, y radix.Item) int {
				return cmp.Or(cmpU64(b.patHi[x.Row], b.patHi[y.Row]), cmpU64(b.patLo[x.Row], b.patLo[y.Row]),
					strings.Compare(b.patLong[x.Row], b.patLong[y.Row]))
			})
		}
		for k := 0; k < len(run); {
			q := k + 1
			i := run[k].Row
			for q < len(run) && same(run[q].Row, i) {
				q++
			}
			next++
			for _, it := range run[k:q] {
				num[it.Row] = next
				if q-k > 1 {
					multi = append(multi, it.Row)
				}
			}
			k = q
		}
		a = z
	}
	b.patNum, b.patMulti = num, multi
	return num, multi
}

func cmpU64(x, y uint64) int {
	switch {
	case x < y:
		return -1
	case x > y:
		return 1
	}
	return 0
}

// NewBatch returns a batch of the cases, appended in order: the adapter for
// importers holding []Case (each case costs its Append: a few map lookups and
// copies of its strings; a reader that fills the batch from its bytes skips
// the Case step).
func NewBatch(cases []Case) *Batch {
	b := &Batch{}
	b.Grow(len(cases))
	for i := range cases {
		b.Append(&cases[i])
	}
	return b
}

// Grow makes room for n more rows, so that appending them does not move the
// columns (a reader that knows its input's size calls it once).
func (b *Batch) Grow(n int) {
	if n <= 0 {
		return
	}
	if k := b.Len(); k > 0 {
		b.ids = slices.Grow(b.ids, len(b.ids)/k*n+n)
	}
	if b.tcm != nil {
		b.tcm = slices.Grow(b.tcm, n)
	}
	if b.severity != nil {
		b.severity = slices.Grow(b.severity, n)
	}
	b.line = slices.Grow(b.line, n)
	b.idEnd = slices.Grow(b.idEnd, n)
	b.patHi, b.patLo = slices.Grow(b.patHi, n), slices.Grow(b.patLo, n)
	b.hosp, b.fund, b.fundText = slices.Grow(b.hosp, n), slices.Grow(b.fund, n), slices.Grow(b.fundText, n)
	b.method, b.group = slices.Grow(b.method, n), slices.Grow(b.group, n)
	if b.dipKey != nil {
		b.dipKey = slices.Grow(b.dipKey, n)
	}
	b.admit, b.discharge = slices.Grow(b.admit, n), slices.Grow(b.discharge, n)
	b.cost, b.share = slices.Grow(b.cost, n), slices.Grow(b.share, n)
	b.flags = slices.Grow(b.flags, n)
	b.list.grow(n)
}

// Reset empties the batch and keeps its memory for the next rows.
func (b *Batch) Reset() {
	b.mu.Lock()
	defer b.mu.Unlock()
	b.line, b.idEnd, b.ids, b.patHi, b.patLo = b.line[:0], b.idEnd[:0], b.ids[:0], b.patHi[:0], b.patLo[:0]
	b.hosp, b.fund, b.fundText, b.method, b.group = b.hosp[:0], b.fund[:0], b.fundText[:0], b.method[:0], b.group[:0]
	b.admit, b.discharge = b.admit[:0], b.discharge[:0]
	b.cost, b.share, b.flags = b.cost[:0], b.share[:0], b.flags[:0]
	b.patLong, b.tcm, b.severity, b.special, b.beddays, b.dipKey = nil, nil, nil, nil, nil, nil
	b.hosps, b.groups, b.categories, b.severities, b.fundTexts, b.dipKeys = interner{}, interner{}, interner{}, interner{}, interner{}, interner{}
	b.dipKeyParts, b.list = nil, nil
	b.order, b.patNum, b.patMulti, b.dups = nil, nil, nil, nil
}

// hasPatient reports whether row i has a patient id.
func (b *Batch) hasPatient(i uint32) bool { return b.patHi[i] != 0 || b.patLo[i] != 0 }

// appendPatient appends row i's patient id.
func (b *Batch) appendPatient(dst []byte, i uint32) []byte {
	if b.patHi[i] == ^uint64(0) && b.patLo[i] == ^uint64(0) {
		return append(dst, b.patLong[i]...)
	}
	var k [16]byte
	binary.BigEndian.PutUint64(k[:8], b.patHi[i])
	binary.BigEndian.PutUint64(k[8:], b.patLo[i])
	n := 16
	for n > 0 && k[n-1] == 0 {
		n--
	}
	return append(dst, k[:n]...)
}
