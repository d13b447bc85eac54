package budget

import (
	"slices"

	"github.com/dipdrg/dipdrg/pointvalue"
)

// The settlement-list fields (医保结算清单, upload interface 4101A) of
// docs/monitoring.md §1: what package monitor reads beside the settled year. No
// payment rule reads them: Settle ignores them, and a year without them costs
// nothing (their columns are allocated with the first case that has one).

// Gender is 性别 (4101A gend): 0 未知 (also when not given), 1 男, 2 女, 9 未说明.
type Gender uint8

// The genders, by their 4101A codes.
const (
	GenderUnknown  Gender = 0 // 未知, or not given
	GenderMale     Gender = 1 // 男
	GenderFemale   Gender = 2 // 女
	GenderUnstated Gender = 9 // 未说明
)

// DischargeWay is 离院方式 (4101A dscg_way), by its code; 0 when not given
// (unknown).
type DischargeWay uint8

// The ways of leaving hospital, by their 4101A codes.
const (
	DischargeUnknown   DischargeWay = 0 // not given
	DischargeOrdered   DischargeWay = 1 // 医嘱离院
	DischargeTransfer  DischargeWay = 2 // 医嘱转院
	DischargeCommunity DischargeWay = 3 // 医嘱转社区/乡镇卫生院
	DischargeAgainst   DischargeWay = 4 // 非医嘱离院
	DischargeDeath     DischargeWay = 5 // 死亡
	DischargeOther     DischargeWay = 9 // 其他
)

// ListColumns is a set of settlement-list columns: those an input has.
type ListColumns uint16

// The settlement-list columns (docs/monitoring.md §1).
const (
	ListAge                ListColumns = 1 << iota // age, or birth_date
	ListGender                                     // gender (gend)
	ListDischargeWay                               // dscg_way
	ListLOS                                        // los (act_ipt_days)
	ListSecondaryDiagnoses                         // secondary_diagnoses
	ListSelfPay                                    // psn_selfpay
	ListOwnPay                                     // psn_ownpay
	ListReadmitPlan                                // days_rinp_flag_31
	ListICUDays                                    // icu_days
)

// SettlementList holds a case's optional settlement-list fields
// (docs/monitoring.md §1). The zero value is "none given". A reader checks them (package files);
// Append stores them as given, clamped to their columns' widths (age 0–254,
// los and icu_days 0–65534).
type SettlementList struct {
	Age    int // 年龄: completed years at admission, 0–150, when HasAge
	HasAge bool
	Gender Gender
	// DischargeWay is 离院方式; DischargeUnknown when not given.
	DischargeWay DischargeWay
	// LOS is 实际住院天数 (act_ipt_days), 1 ≤ LOS ≤ discharge − admit + 1; 0 when
	// not given (monitoring then counts the days as BED-2 does).
	LOS int
	// SecondaryDiagnoses are the other diagnoses (其他诊断), ICD-10 codes joined by "|".
	SecondaryDiagnoses string
	SelfPay            pointvalue.Money // 个人自付, when HasSelfPay
	HasSelfPay         bool
	OwnPay             pointvalue.Money // 个人自费, when HasOwnPay
	HasOwnPay          bool
	// ReadmitPlanned is days_rinp_flag_31 = 2: a readmission within 31 days is planned.
	ReadmitPlanned bool
	ICUDays        int // 重症监护天数, 0 ≤ ICUDays ≤ LOS, when HasICUDays
	HasICUDays     bool
	// Columns are the settlement-list columns the case's input has (a reader
	// sets them on every case): monitoring writes no rows for an indicator
	// whose column is absent (docs/monitoring.md §1). Append adds the column of every
	// field given, so a batch built in code needs not set it.
	Columns ListColumns
}

// given returns the columns whose fields l gives.
func (l *SettlementList) given() ListColumns {
	var c ListColumns
	set := func(ok bool, col ListColumns) {
		if ok {
			c |= col
		}
	}
	set(l.HasAge, ListAge)
	set(l.Gender != GenderUnknown, ListGender)
	set(l.DischargeWay != DischargeUnknown, ListDischargeWay)
	set(l.LOS != 0, ListLOS)
	set(l.SecondaryDiagnoses != "", ListSecondaryDiagnoses)
	set(l.HasSelfPay, ListSelfPay)
	set(l.HasOwnPay, ListOwnPay)
	set(l.ReadmitPlanned, ListReadmitPlan)
	set(l.HasICUDays, ListICUDays)
	return c
}

// listColumns are a batch's settlement-list columns, each allocated with the
// first row that gives its field. Unknown values: age 255, icu 0xFFFF, money −1;
// gender, dscg and los 0; the planned flag is a bit of the row's flags.
type listColumns struct {
	present ListColumns
	age     []uint8
	gender  []uint8
	dscg    []uint8
	los     []uint16
	icu     []uint16
	secEnd  []uint32 // end of row i's secondary diagnoses in sec
	sec     []byte
	selfpay []int64
	ownpay  []int64
}

const (
	unknownAge   = 255
	unknownICU   = 1<<16 - 1
	unknownMoney = -1
)

// lazy appends v (given) to col, allocating col, filled with unknown, at the
// first value given.
func lazy[T comparable](col []T, row uint32, v T, given bool, unknown T, capHint int) []T {
	if col == nil {
		if !given {
			return nil
		}
		col = make([]T, row, max(capHint, int(row)+1))
		var zero T
		if unknown != zero {
			for i := range col {
				col[i] = unknown
			}
		}
	}
	if !given {
		v = unknown
	}
	return append(col, v)
}

// appendList stores row's settlement-list fields (Append calls it for every row
// once any has one).
func (b *Batch) appendList(row uint32, l *SettlementList) {
	m := b.list
	if m == nil {
		m = &listColumns{}
		b.list = m
	}
	m.present |= l.Columns | l.given()
	c := cap(b.idEnd)
	m.age = lazy(m.age, row, uint8(max(0, min(l.Age, unknownAge-1))), l.HasAge, unknownAge, c)
	m.gender = lazy(m.gender, row, uint8(l.Gender), l.Gender != GenderUnknown, 0, c)
	m.dscg = lazy(m.dscg, row, uint8(l.DischargeWay), l.DischargeWay != DischargeUnknown, 0, c)
	m.los = lazy(m.los, row, uint16(max(0, min(l.LOS, unknownICU-1))), l.LOS > 0, 0, c)
	m.icu = lazy(m.icu, row, uint16(max(0, min(l.ICUDays, unknownICU-1))), l.HasICUDays, unknownICU, c)
	m.selfpay = lazy(m.selfpay, row, int64(max(0, l.SelfPay)), l.HasSelfPay, unknownMoney, c)
	m.ownpay = lazy(m.ownpay, row, int64(max(0, l.OwnPay)), l.HasOwnPay, unknownMoney, c)
	if l.SecondaryDiagnoses != "" || m.secEnd != nil {
		if m.secEnd == nil {
			m.secEnd = make([]uint32, row, max(c, int(row)+1))
		}
		if d := l.SecondaryDiagnoses; len(m.sec)+len(d) > cap(m.sec) {
			// at least double: append grows a large slice by a quarter, and
			// each step copies the whole arena
			m.sec = slices.Grow(m.sec, max(len(d), len(m.sec)))
		}
		m.sec = append(m.sec, l.SecondaryDiagnoses...)
		m.secEnd = append(m.secEnd, uint32(len(m.sec)))
	}
	if l.ReadmitPlanned {
		b.flags[row] |= rowPlanned
	}
}

// listOf returns row i's settlement-list fields (strings view the batch's memory).
func (b *Batch) listOf(i uint32) SettlementList {
	var l SettlementList
	b.fillList(i, &l)
	return l
}

// fillList sets *l to row i's settlement-list fields.
func (b *Batch) fillList(i uint32, l *SettlementList) {
	*l = SettlementList{ReadmitPlanned: b.flags[i]&rowPlanned != 0}
	m := b.list
	if m == nil {
		return
	}
	l.Columns = m.present
	if m.age != nil && m.age[i] != unknownAge {
		l.Age, l.HasAge = int(m.age[i]), true
	}
	if m.gender != nil {
		l.Gender = Gender(m.gender[i])
	}
	if m.dscg != nil {
		l.DischargeWay = DischargeWay(m.dscg[i])
	}
	if m.los != nil {
		l.LOS = int(m.los[i])
	}
	if m.icu != nil && m.icu[i] != unknownICU {
		l.ICUDays, l.HasICUDays = int(m.icu[i]), true
	}
	if m.selfpay != nil && m.selfpay[i] >= 0 {
		l.SelfPay, l.HasSelfPay = pointvalue.Money(m.selfpay[i]), true
	}
	if m.ownpay != nil && m.ownpay[i] >= 0 {
		l.OwnPay, l.HasOwnPay = pointvalue.Money(m.ownpay[i]), true
	}
	if m.secEnd != nil {
		start := uint32(0)
		if i > 0 {
			start = m.secEnd[i-1]
		}
		l.SecondaryDiagnoses = view(m.sec[start:m.secEnd[i]])
	}
}

// grow makes room for n more rows in the columns allocated so far.
func (m *listColumns) grow(n int) {
	if m == nil {
		return
	}
	m.age, m.gender, m.dscg = growIf(m.age, n), growIf(m.gender, n), growIf(m.dscg, n)
	m.los, m.icu = growIf(m.los, n), growIf(m.icu, n)
	m.selfpay, m.ownpay = growIf(m.selfpay, n), growIf(m.ownpay, n)
	m.secEnd = growIf(m.secEnd, n)
	if k := len(m.secEnd); k > 0 {
		m.sec = slices.Grow(m.sec, len(m.sec)/k*n+n) // the bytes per row so far, as Grow sizes the ids
	}
}

func growIf[T any](s []T, n int) []T {
	if s == nil {
		return nil
	}
	return slices.Grow(s, n)
}

// ListColumns returns the settlement-list columns of the batch's input: those
// its cases declared (SettlementList.Columns) and those any case gives.
func (b *Batch) ListColumns() ListColumns {
	if b.list == nil {
		return 0
	}
	return b.list.present
}
