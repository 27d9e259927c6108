package simulate

import (
	"net"
	"net/http"
)

// upstream serves ATTOM's documented API over synthetic data on a loopback
// port, so the real client, throttle and ledger run against it.
type upstream struct {
	URL string
	srv *http.Server
}

func startUpstream(h http.Handler) (*upstream, error) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return nil, err
	}
	u := &upstream{URL: "http://" + ln.Addr().String(), srv: &http.Server{Handler: h}}
	go u.srv.Serve(ln)
	return u, nil
}

func (u *upstream) Close() { u.srv.Close() }
