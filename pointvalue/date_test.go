package pointvalue

import (
	"errors"
	"testing"
	"time"
)

func TestParseDate(t *testing.T) {
	tests := []struct {
		in   string
		days int32 // since 1970-01-01
		err  error
	}{
		{"1970-01-01", 0, nil},
		{"1970-02-01", 31, nil},
		{"1969-12-31", -1, nil},
		// 2000-01-01: 30 years of 365 days + 7 leap days (72, 76, 80, 84, 88, 92, 96) = 10957
		{"2000-01-01", 10957, nil},
		// 2024-02-29 is a leap day: 2024-01-01 is 19723 (54 years: 54·365 + 13 leap days), + 31 + 28
		{"2024-02-29", 19723 + 59, nil},
		{"2025-02-29", 0, ErrDate},
		{"2100-02-29", 0, ErrDate}, // not a leap year
		{"2000-02-29", 10957 + 59, nil},
		{"2025-04-31", 0, ErrDate},
		{"2025-13-01", 0, ErrDate},
		{"2025-00-10", 0, ErrDate},
		{"2025-1-01", 0, ErrDate},
		{"2025/01/01", 0, ErrDate},
		{"20250101", 0, ErrDate},
		{"2025-01-0x", 0, ErrDate},
		{"0000-01-01", 0, ErrDate},
		{"", 0, ErrDate},
	}
	for _, tc := range tests {
		d, err := ParseDate(tc.in)
		if !errors.Is(err, tc.err) || (err == nil && int32(d) != tc.days) {
			t.Errorf("ParseDate(%q) = %d, %v; want %d, %v", tc.in, d, err, tc.days, tc.err)
		}
		if err == nil && d.String() != tc.in {
			t.Errorf("String() = %q; want %q", d.String(), tc.in)
		}
	}
	// a stay: discharge − admission in days (BED-2), across a year end
	a, _ := ParseDate("2024-12-25")
	b, _ := ParseDate("2025-01-05")
	if b-a != 11 {
		t.Errorf("2025-01-05 − 2024-12-25 = %d days; want 11", b-a)
	}
	if d := DateOf(2025, time.March, 15); d.Year() != 2025 || d.Month() != time.March || d.String() != "2025-03-15" {
		t.Errorf("DateOf = %v", d)
	}
}

// TestCivilMatchesTime: the integer calendar agrees with package time on every
// day from 1600 to 2400 and around day 0.
func TestCivilMatchesTime(t *testing.T) {
	for d := DateOf(1600, 1, 1); d <= DateOf(2400, 12, 31); d++ {
		tm := time.Unix(int64(d)*86400, 0).UTC()
		y, m, day := d.Civil()
		if y != tm.Year() || m != tm.Month() || day != tm.Day() {
			t.Fatalf("day %d: %d-%d-%d, time says %s", d, y, m, day, tm.Format(time.DateOnly))
		}
		if got := DateOf(y, m, day); got != d {
			t.Fatalf("DateOf(%d, %d, %d) = %d, want %d", y, m, day, got, d)
		}
		if d.String() != tm.Format(time.DateOnly) {
			t.Fatalf("String %s", d)
		}
	}
}
