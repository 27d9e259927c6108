// Command fakeattom serves ATTOM's documented API over synthetic data on a
// local port, to try the bot's live path on a laptop without a key:
//
//	go run ./attom/synth/cmd/fakeattom &
//	ATTOM_API_KEY=synthetic ATTOM_BASE_URL=http://127.0.0.1:8089 go run ./cmd/realtybot console --as agent
//
// Every answer is counted as ATTOM would bill it, and the quota ledger
// treats it so. It is a program of its own, outside the bot's binary.
package main

import (
	"flag"
	"fmt"
	"log"
	"net/http"
	"time"

	"realtybot/attom/synth"
)

func main() {
	addr := flag.String("addr", "127.0.0.1:8089", "address to listen on")
	key := flag.String("key", "synthetic", "the API key it accepts (ATTOM_API_KEY)")
	flag.Parse()
	api := synth.New(*key)
	fmt.Printf("fake ATTOM on http://%s (key %q): set ATTOM_BASE_URL=http://%s ATTOM_API_KEY=%s\n", *addr, *key, *addr, *key)
	srv := &http.Server{Addr: *addr, Handler: http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		api.ServeHTTP(w, r)
		log.Printf("%s %s (billable so far: %d)", r.Method, r.URL.Path, api.Billable())
	}), ReadHeaderTimeout: 10 * time.Second}
	log.Fatal(srv.ListenAndServe())
}
