package vn

import (
	"fmt"
	"strconv"
	"strings"
	"time"
)

// Zone is Vietnam's time zone: UTC+7 all year (no daylight saving since
// 1975), so a fixed zone is Asia/Ho_Chi_Minh for every date vanban handles,
// with no need for the time zone database on the machine. The Decree's
// dates and signing times are in it. Like time.UTC, it is never changed.
var Zone = time.FixedZone("ICT", 7*3600)

// Day returns a day of the month as the Decree writes it, with a leading
// zero below 10: 5 becomes "05", 15 stays "15".
func Day(d int) string {
	return fmt.Sprintf("%02d", d)
}

// Month returns a month as the Decree writes it. Only January and February
// take a leading zero ("01", "02"): they are the months a digit could be
// added to after signing (1 to 11 or 12, 2 to 12). March to December do not
// ("3", "12").
func Month(m int) string {
	if m == 1 || m == 2 {
		return fmt.Sprintf("%02d", m)
	}
	return strconv.Itoa(m)
}

// Number returns a document number with a leading zero below 10: 5 becomes
// "05", while 15 and 123 are unchanged.
func Number(n int) string {
	return fmt.Sprintf("%02d", n)
}

// NumberLine returns the number line of the header, "Số: 15/PĐ-UBND", from
// a number and a canonical code (see Code). A number of zero or less marks
// a draft that has no number yet, which leaves a blank for the clerk to fill
// in by hand: "Số:      /PĐ-UBND".
func NumberLine(n int, code string) string {
	if n <= 0 {
		return "Số:      /" + code
	}
	return "Số: " + Number(n) + "/" + code
}

// DateLine returns the place and date line of the header, such as
// "Hòa An, ngày 05 tháng 02 năm 2021". The place is used as given; the day
// and month follow the padding rules of Day and Month.
func DateLine(place string, d time.Time) string {
	return fmt.Sprintf("%s, ngày %s tháng %s năm %d",
		place, Day(d.Day()), Month(int(d.Month())), d.Year())
}

// DraftDateLine returns the date line of a draft that has no date yet,
// leaving blanks for the day and month: "Hòa An, ngày     tháng     năm 2021".
// A year of zero or less leaves the year blank too.
func DraftDateLine(place string, year int) string {
	const blank = "     "
	y := blank
	if year > 0 {
		y = " " + strconv.Itoa(year)
	}
	return place + ", ngày" + blank + "tháng" + blank + "năm" + y
}

// The years a document may carry, in its date or its year: from the
// founding of the state to a bound that catches a mistyped year.
const (
	MinYear = 1945
	MaxYear = 2999
)

// YearError returns the problem with a date's year outside MinYear to
// MaxYear, in English and in Vietnamese, or ok when it is within them.
func YearError(d time.Time) (msg, msgVI string, ok bool) {
	if y := d.Year(); y < MinYear || y > MaxYear {
		return fmt.Sprintf("the year %d is outside %d–%d", y, MinYear, MaxYear),
			fmt.Sprintf("năm %d nằm ngoài khoảng %d–%d", y, MinYear, MaxYear), false
	}
	return "", "", true
}

// ParseDate reads a date as people in Vietnam type it, day first,
// "15/03/2026" or "5/3/2026", or as ISO 8601, "2026-03-15". ok is false
// for anything else, and for dates that do not exist ("31/02/2026").
func ParseDate(s string) (d time.Time, ok bool) {
	s = strings.TrimSpace(s)
	// "2/1/2006" also reads two-digit days and months.
	for _, layout := range []string{"2006-01-02", "2/1/2006"} {
		if t, err := time.Parse(layout, s); err == nil {
			return t, true
		}
	}
	return time.Time{}, false
}
