package quota

import "time"

// MonthPace is where the month's spending would be at now on a straight
// line from 0 on the 1st to the monthly limit at the month's end (UTC).
func (u Usage) MonthPace(now time.Time) float64 {
	now = now.UTC()
	days := time.Date(now.Year(), now.Month()+1, 0, 0, 0, 0, 0, time.UTC).Day()
	return float64(u.Limits.Monthly) * float64(now.Day()) / float64(days)
}

// AheadOfPace reports whether the month's spending is at or above MonthPace.
func (u Usage) AheadOfPace(now time.Time) bool { return float64(u.ThisMonth) >= u.MonthPace(now) }
