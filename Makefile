# The README's two commands need no make; these are conveniences.
FUZZTIME ?= 60s

.PHONY: test fuzz bench lint

test:
	go test -race -count=1 ./...

# Each fuzz target for FUZZTIME (at least a minute by default). New crashers
# land in the package's testdata/fuzz and become regression seeds that
# `go test` runs every time.
fuzz:
	go test -run XXX -fuzz '^FuzzParseCommand$$' -fuzztime $(FUZZTIME) ./handlers
	go test -run XXX -fuzz '^FuzzParseCallback$$' -fuzztime $(FUZZTIME) ./handlers
	go test -run XXX -fuzz '^FuzzFitHTML$$' -fuzztime $(FUZZTIME) ./handlers/reply
	go test -run XXX -fuzz '^FuzzRenderers$$' -fuzztime $(FUZZTIME) ./handlers/words
	go test -run XXX -fuzz '^FuzzDecodeResponse$$' -fuzztime $(FUZZTIME) ./attom
	go test -run XXX -fuzz '^FuzzEntryDecode$$' -fuzztime $(FUZZTIME) ./cache
	go test -run XXX -fuzz '^FuzzCachedValues$$' -fuzztime $(FUZZTIME) ./market
	go test -run XXX -fuzz '^FuzzCacheKeys$$' -fuzztime $(FUZZTIME) ./market

# The side-by-side pairs (tiered vs bare ristretto and go-redis, realtybot
# vs go-redis/cache, the webhook with each inbox, the cleanup) and the
# /search handler's own time, in alternating rounds, written into
# docs/benchmarks.md.
bench:
	cd bench && go run ./sidebyside -rounds 5 -date $$(date -u +%F) -write ../docs/benchmarks.md

lint:
	gofmt -l .
	go vet ./...
	go run honnef.co/go/tools/cmd/staticcheck@latest ./...
