package store_test

import (
	"context"
	"testing"

	"realtybot/store/storetest"
)

// The small named maps (watches, their news, people's names) keep what is
// put until it is deleted, across a restart, and say how many fields a
// delete removed, so /unwatch can tell the agent what it dropped.
func TestHashesKeepFieldsUntilDeleted(t *testing.T) {
	storetest.Each(t, func(t *testing.T, b storetest.Backend) {
		ctx := context.Background()
		s := b.Store
		if m, err := s.HashAll(ctx, "watch"); err != nil || len(m) != 0 {
			t.Fatalf("a map never written: %v %v", m, err)
		}
		for _, f := range []string{"78701:sfr:7", "78701:condo:7", "30301:sfr:8"} {
			if err := s.HashPut(ctx, "watch", f, []byte("chat|"+f)); err != nil {
				t.Fatal(err)
			}
		}
		s.HashPut(ctx, "watch", "78701:sfr:7", []byte("replaced"))
		s = b.Open(t) // a restart
		m, err := s.HashAll(ctx, "watch")
		if err != nil || len(m) != 3 || string(m["78701:sfr:7"]) != "replaced" || string(m["30301:sfr:8"]) != "chat|30301:sfr:8" {
			t.Fatalf("after a restart: %q %v", m, err)
		}
		if other, _ := s.HashAll(ctx, "names"); len(other) != 0 {
			t.Fatalf("maps share fields: %q", other)
		}
		if n, err := s.HashDelete(ctx, "watch", "78701:sfr:7", "78701:condo:7", "99999:sfr:1"); n != 2 || err != nil {
			t.Fatalf("deleted %d, %v; want the 2 that were there", n, err)
		}
		if m, _ := s.HashAll(ctx, "watch"); len(m) != 1 {
			t.Fatalf("left %q", m)
		}
	})
}
