package store_test

import (
	"context"
	"testing"

	"realtybot/store/storetest"
)

// A day's tally is shared by replicas and summed over the days asked; one
// tally's counts never show in another's.
func TestTalliesAddUpAcrossReplicasAndDays(t *testing.T) {
	storetest.Each(t, func(t *testing.T, b storetest.Backend) {
		ctx := context.Background()
		other := b.Store
		if b.Name == "redis" {
			other = b.Open(t) // a second replica
		}
		b.Store.AddTally(ctx, "demand", "2026-03-15", map[string]int64{"78701_sfr": 3, "10001_condo": 1})
		other.AddTally(ctx, "demand", "2026-03-16", map[string]int64{"78701_sfr": 2})
		other.AddTally(ctx, "answers", "2026-03-16", map[string]int64{"l1": 7})
		d, err := b.Store.Tally(ctx, "demand", []string{"2026-03-15", "2026-03-16", "2026-03-17"})
		if err != nil || len(d) != 2 || d["78701_sfr"] != 5 || d["10001_condo"] != 1 {
			t.Fatalf("demand %v %v", d, err)
		}
		if a, err := b.Store.Tally(ctx, "answers", []string{"2026-03-16"}); err != nil || len(a) != 1 || a["l1"] != 7 {
			t.Fatalf("answers %v %v", a, err)
		}
	})
}

func TestEmbeddedTallyDropsDaysPastTheLookBack(t *testing.T) {
	ctx := context.Background()
	s := storetest.Bolt(t).Store
	s.AddTally(ctx, "demand", "2026-03-01", map[string]int64{"78701_sfr": 3})
	s.AddTally(ctx, "demand", "2026-03-10", map[string]int64{"78701_sfr": 2})
	s.AddTally(ctx, "demand", "2026-03-20", map[string]int64{"10001_condo": 1}) // 03-01 is 19 days back
	d, err := s.Tally(ctx, "demand", []string{"2026-03-01", "2026-03-10", "2026-03-20"})
	if err != nil || d["78701_sfr"] != 2 || d["10001_condo"] != 1 {
		t.Fatalf("demand %v %v; want 03-01 dropped, 03-10 and 03-20 kept", d, err)
	}
}
