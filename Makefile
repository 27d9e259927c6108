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

bench:
	go test -run XXX -bench 'L1Hit|L2Hit|SearchWarm|Codec' -benchtime 1s -count 6 ./cache ./market
	go test -run XXX -bench WebhookUpdateToReply -benchtime 1s -count 6 ./bot

lint:
	gofmt -l .
	go vet ./...
	go run honnef.co/go/tools/cmd/staticcheck@latest ./...
