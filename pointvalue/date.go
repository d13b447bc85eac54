package pointvalue

import "time"

// Date is a calendar day held as the number of days since 1970-01-01 (day 0).
// Dates order and subtract as integers: discharge − admission is the length of a
// stay in days (BED-2), later admission − earlier discharge the readmission gap
// (DRG-7). The zero value is 1970-01-01.
type Date int32

// DateOf returns the Date of year, month, day; invalid days are normalised as time.Date does.
func DateOf(year int, month time.Month, day int) Date {
	if month >= 1 && month <= 12 && day >= 1 && day <= 28 {
		return Date(daysFromCivil(year, int(month), day))
	}
	return Date(time.Date(year, month, day, 0, 0, 0, 0, time.UTC).Unix() / 86400)
}

// daysFromCivil is the day number of a valid proleptic Gregorian date (Howard
// Hinnant's algorithm): a few integer operations instead of time.Date's.
func daysFromCivil(y, m, d int) int64 {
	if m <= 2 {
		y--
	}
	era := y / 400
	if y < 0 && y%400 != 0 {
		era = (y - 399) / 400
	}
	yoe := y - era*400
	mp := (m + 9) % 12
	doy := (153*mp+2)/5 + d - 1
	doe := yoe*365 + yoe/4 - yoe/100 + doy
	return int64(era)*146097 + int64(doe) - 719468
}

// Civil returns the date's year, month and day (the inverse of DateOf), with
// integer arithmetic only: cheap enough for every case of a batch.
func (d Date) Civil() (year int, month time.Month, day int) {
	z := int64(d) + 719468
	era := z / 146097
	if z < 0 && z%146097 != 0 {
		era = (z - 146096) / 146097
	}
	doe := z - era*146097
	yoe := (doe - doe/1460 + doe/36524 - doe/146096) / 365
	y := yoe + era*400
	doy := doe - (365*yoe + yoe/4 - yoe/100)
	mp := (5*doy + 2) / 153
	dd := doy - (153*mp+2)/5 + 1
	m := mp + 3
	if m > 12 {
		m -= 12
	}
	if m <= 2 {
		y++
	}
	return int(y), time.Month(m), int(dd)
}

// ParseDate reads "YYYY-MM-DD" and rejects impossible days ("2025-02-30") with ErrDate.
func ParseDate(s string) (Date, error) {
	if len(s) != 10 || s[4] != '-' || s[7] != '-' {
		return 0, ErrDate
	}
	num := func(b string) int {
		n := 0
		for i := 0; i < len(b); i++ {
			c := b[i]
			if c < '0' || c > '9' {
				return -1
			}
			n = n*10 + int(c-'0')
		}
		return n
	}
	y, m, d := num(s[0:4]), num(s[5:7]), num(s[8:10])
	if y < 1 || m < 1 || m > 12 || d < 1 || d > daysIn(y, m) {
		return 0, ErrDate
	}
	return Date(daysFromCivil(y, m, d)), nil
}

func daysIn(y, m int) int {
	switch m {
	case 2:
		if y%4 == 0 && (y%100 != 0 || y%400 == 0) {
			return 29
		}
		return 28
	case 4, 6, 9, 11:
		return 30
	}
	return 31
}

// Time returns the day as a UTC midnight time.Time.
func (d Date) Time() time.Time { return time.Unix(int64(d)*86400, 0).UTC() }

// Year returns the calendar year.
func (d Date) Year() int { y, _, _ := d.Civil(); return y }

// Month returns the calendar month (1–12), as CLR-1's monthly advances use it.
func (d Date) Month() time.Month { _, m, _ := d.Civil(); return m }

// String formats the day as "YYYY-MM-DD".
func (d Date) String() string { return string(d.Append(nil)) }

// Append appends the day as "YYYY-MM-DD" (years 0–9999; others as time formats them).
func (d Date) Append(dst []byte) []byte {
	y, m, day := d.Civil()
	if y < 0 || y > 9999 {
		return append(dst, d.Time().Format(time.DateOnly)...)
	}
	return append(dst, byte('0'+y/1000), byte('0'+y/100%10), byte('0'+y/10%10), byte('0'+y%10), '-',
		byte('0'+int(m)/10), byte('0'+int(m)%10), '-', byte('0'+day/10), byte('0'+day%10))
}
