package pointvalue

import "time"

// Date is a calendar day held as the number of days since 1970-01-01 (day 0).
// Dates order and subtract as integers: discharge − admission is the length of a
// stay in days (BED-2), later admission − earlier discharge the readmission gap
// (DRG-7). The zero value is 1970-01-01.
type Date int32

// DateOf returns the Date of year, month, day; invalid days are normalised as time.Date does.
func DateOf(year int, month time.Month, day int) Date {
	return Date(time.Date(year, month, day, 0, 0, 0, 0, time.UTC).Unix() / 86400)
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
	return DateOf(y, time.Month(m), d), nil
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
func (d Date) Year() int { return d.Time().Year() }

// Month returns the calendar month (1–12), as CLR-1's monthly advances use it.
func (d Date) Month() time.Month { return d.Time().Month() }

// String formats the day as "YYYY-MM-DD".
func (d Date) String() string { return d.Time().Format(time.DateOnly) }
