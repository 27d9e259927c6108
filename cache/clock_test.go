package cache_test

import "time"

var t0 = time.Date(2026, 3, 10, 12, 0, 0, 0, time.UTC)
