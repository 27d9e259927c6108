package cache

import (
	"encoding/binary"
	"encoding/hex"
	"time"
)

// HeaderLen is the size of the header every L2 value starts with: three
// 16-digit hex numbers (version = fetchedAt in unix ns, freshUntil and
// staleUntil in unix ms). Hex keeps it readable to Lua and redis-cli.
const HeaderLen = 48

// Header is the freshness of an entry.
type Header struct {
	FetchedAt  time.Time
	FreshUntil time.Time
	StaleUntil time.Time
}

// AppendTo appends the header as it starts a stored value.
func (h Header) AppendTo(b []byte) []byte {
	var buf [8]byte
	for _, v := range []uint64{uint64(h.FetchedAt.UnixNano()), uint64(h.FreshUntil.UnixMilli()), uint64(h.StaleUntil.UnixMilli())} {
		binary.BigEndian.PutUint64(buf[:], v)
		b = hex.AppendEncode(b, buf[:])
	}
	return b
}

// ParseHeader reads the header of a stored value.
func ParseHeader(b []byte) (Header, bool) {
	if len(b) < HeaderLen {
		return Header{}, false
	}
	var n [3]uint64
	var buf [8]byte
	for i := range n {
		if _, err := hex.Decode(buf[:], b[i*16:(i+1)*16]); err != nil {
			return Header{}, false
		}
		n[i] = binary.BigEndian.Uint64(buf[:])
	}
	return Header{
		FetchedAt:  time.Unix(0, int64(n[0])).UTC(),
		FreshUntil: time.UnixMilli(int64(n[1])).UTC(),
		StaleUntil: time.UnixMilli(int64(n[2])).UTC(),
	}, true
}
