package clock_test

import (
	"context"
	"testing"
	"time"

	"realtybot/clock"
)

var t0 = time.Date(2028, 2, 29, 23, 59, 59, 0, time.UTC)

func TestManualFiresWaitsInOrderEachAtItsInstant(t *testing.T) {
	c := clock.NewManual(t0)
	late, early := c.After(3*time.Second), c.After(time.Second)
	select {
	case <-early:
		t.Fatal("fired before the clock moved")
	default:
	}
	c.Advance(2 * time.Second)
	if got := <-early; !got.Equal(t0.Add(time.Second)) {
		t.Fatalf("fired at %v, want its own instant", got)
	}
	select {
	case <-late:
		t.Fatal("the later wait fired early")
	default:
	}
	c.Advance(time.Second)
	<-late
	if got := c.Now(); !got.Equal(time.Date(2028, 3, 1, 0, 0, 2, 0, time.UTC)) {
		t.Fatalf("now %v", got)
	}
	if got := <-c.After(0); !got.Equal(c.Now()) {
		t.Fatal("a zero wait does not fire at once")
	}
}

func TestManualTickerHandsOverEachTick(t *testing.T) {
	c := clock.NewManual(t0)
	tk := c.NewTicker(time.Minute)
	done := make(chan []time.Time)
	go func() {
		var got []time.Time
		for range 3 {
			got = append(got, <-tk.C())
		}
		done <- got
	}()
	c.Advance(3 * time.Minute) // returns once each tick was taken
	got := <-done
	for i, g := range got {
		if want := t0.Add(time.Duration(i+1) * time.Minute); !g.Equal(want) {
			t.Fatalf("tick %d at %v, want %v", i, g, want)
		}
	}
	tk.Stop()
	c.Advance(time.Hour) // a stopped ticker holds nothing up
}

func TestManualSleepEndsWithItsContext(t *testing.T) {
	c := clock.NewManual(t0)
	ctx, cancel := context.WithCancel(context.Background())
	errc := make(chan error)
	go func() { errc <- c.Sleep(ctx, time.Hour) }()
	for c.Waiting() == 0 {
		time.Sleep(time.Millisecond)
	}
	cancel()
	if err := <-errc; err != context.Canceled {
		t.Fatalf("Sleep returned %v", err)
	}
	if c.Waiting() != 0 {
		t.Fatal("a cancelled sleep is still counted")
	}
}

func TestAdvanceToNextWaitMovesOnlyAsFarAsAWaitWithinTheLimit(t *testing.T) {
	c := clock.NewManual(t0)
	tk := c.NewTicker(time.Second) // a ticker alone never drives the clock
	defer tk.Stop()
	if c.AdvanceToNextWait(time.Hour) || !c.Now().Equal(t0) {
		t.Fatal("moved with only a ticker pending")
	}
	w := c.After(90 * time.Second)
	if c.AdvanceToNextWait(time.Minute) {
		t.Fatal("moved past the limit")
	}
	go func() {
		for range tk.C() {
		}
	}()
	if !c.AdvanceToNextWait(2*time.Minute) || !c.Now().Equal(t0.Add(90*time.Second)) {
		t.Fatalf("now %v", c.Now())
	}
	<-w
	c.Set(t0) // back: nothing fires
	if !c.Now().Equal(t0) {
		t.Fatal("Set back")
	}
}
