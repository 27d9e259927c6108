package handlers_test

import (
	"context"
	"testing"

	"realtybot/handlers"
	"realtybot/handlers/reply"
)

// BenchmarkSearchHandler is one agent's /search answered from the in-memory
// tier, rendered for Telegram with its keyboard: the path every search takes
// once a ZIP is cached. Compare with -benchmem: the target is 5 µs and 40
// allocations.
func BenchmarkSearchHandler(b *testing.B) {
	for _, c := range []struct{ name, text string }{
		{"plain", "/search 78701 sfr"},
		{"filtered", "/search 78701 sfr under 900k 2+ beds"},
	} {
		b.Run(c.name, func(b *testing.B) {
			f := newFixture(b, reply.HTML)
			f.h.Keyboards = true
			req := handlers.Request{UserID: agent, ChatID: agent, Text: c.text}
			ctx := context.Background()
			if r := f.h.Handle(ctx, req); len(r.IDs) == 0 {
				b.Fatalf("no homes: %s", r.Text)
			}
			b.ReportAllocs()
			b.ResetTimer()
			for b.Loop() {
				f.h.Handle(ctx, req)
			}
		})
	}
}
