package cache

import (
	"encoding"
	"encoding/binary"
	"errors"
	"fmt"
	"math"
	"unsafe"
)

// The binary codec is for the values read on every L2 hit (listings, market
// data, records). In BenchmarkCodec it decodes a 100-record listing several
// times faster than msgpack, and far faster than JSON, at a smaller size
// (docs/benchmarks.md); the value types implement it with the helpers below.

// Binary encodes values that implement encoding.BinaryAppender and decodes
// into pointers that implement encoding.BinaryUnmarshaler.
type Binary struct{}

// Marshal implements Codec.
func (Binary) Marshal(v any) ([]byte, error) {
	a, ok := v.(encoding.BinaryAppender)
	if !ok {
		return nil, fmt.Errorf("cache: %T has no binary encoding", v)
	}
	return a.AppendBinary(nil)
}

// Unmarshal implements Codec.
func (Binary) Unmarshal(b []byte, v any) error {
	u, ok := v.(encoding.BinaryUnmarshaler)
	if !ok {
		return fmt.Errorf("cache: %T has no binary decoding", v)
	}
	return u.UnmarshalBinary(b)
}

// Name implements Codec.
func (Binary) Name() string { return "binary" }

// AppendString appends a length-prefixed string.
func AppendString(b []byte, s string) []byte {
	return append(binary.AppendUvarint(b, uint64(len(s))), s...)
}

// AppendLen appends a length (of a slice) for Reader.Len.
func AppendLen(b []byte, n int) []byte { return binary.AppendUvarint(b, uint64(n)) }

// AppendFloat appends a float64 in 8 bytes.
func AppendFloat(b []byte, f float64) []byte {
	return binary.LittleEndian.AppendUint64(b, math.Float64bits(f))
}

// AppendInt appends a signed varint.
func AppendInt(b []byte, n int64) []byte { return binary.AppendVarint(b, n) }

// AppendBool appends one byte.
func AppendBool(b []byte, v bool) []byte {
	if v {
		return append(b, 1)
	}
	return append(b, 0)
}

// ErrShort is returned when an encoded value ends early or has a bad length.
var ErrShort = errors.New("cache: truncated binary value")

// Reader decodes what the Append functions wrote. Decoded strings share the
// input's memory (no copy, no allocation per string), so the caller hands b
// over: it must not change b afterwards. Every L2 read gets a fresh buffer,
// which the cache never reuses. The first error sticks; check Err at the end.
type Reader struct {
	b   []byte
	s   string // b seen as a string
	off int
	err error
}

// NewReader returns a Reader that takes ownership of b.
func NewReader(b []byte) *Reader {
	return &Reader{b: b, s: unsafe.String(unsafe.SliceData(b), len(b))}
}

// Err returns the first decoding error, or an error if bytes are left over.
func (r *Reader) Err() error {
	if r.err == nil && r.off != len(r.s) {
		return fmt.Errorf("cache: %d unexpected trailing bytes", len(r.s)-r.off)
	}
	return r.err
}

func (r *Reader) uvarint() uint64 {
	var x uint64
	for shift := uint(0); shift < 64; shift += 7 {
		if r.off >= len(r.b) {
			r.err = ErrShort
			return 0
		}
		c := r.b[r.off]
		r.off++
		x |= uint64(c&0x7f) << shift
		if c < 0x80 {
			return x
		}
	}
	r.err = ErrShort
	return 0
}

// Len reads a length and checks it against what is left (each element takes
// at least min bytes), so a corrupt length cannot cause a huge allocation.
func (r *Reader) Len(min int) int {
	n := r.uvarint()
	if r.err != nil {
		return 0
	}
	if n > uint64(len(r.s)-r.off)/uint64(max(min, 1)) {
		r.err = ErrShort
		return 0
	}
	return int(n)
}

// More reports whether bytes are left: a field added at the end of an
// encoding is read only when present, so entries written before it stay
// readable.
func (r *Reader) More() bool { return r.err == nil && r.off < len(r.s) }

// String reads a string. A length under 128 (one byte: every ID, address
// and label) is read inline; longer ones and errors take longString.
func (r *Reader) String() string {
	s, i := r.s, r.off
	if r.err == nil && i < len(s) && s[i] < 0x80 {
		if j := i + 1 + int(s[i]); j <= len(s) {
			r.off = j
			return s[i+1 : j]
		}
	}
	return r.longString()
}

func (r *Reader) longString() string {
	n := r.Len(1)
	if r.err != nil {
		return ""
	}
	s := r.s[r.off : r.off+n]
	r.off += n
	return s
}

// Floats fills dst with len(dst) float64s, checking the length once.
func (r *Reader) Floats(dst ...*float64) {
	n := 8 * len(dst)
	if r.err != nil || r.off+n > len(r.b) {
		r.err = ErrShort
		return
	}
	b := r.b[r.off : r.off+n]
	for i, d := range dst {
		*d = math.Float64frombits(binary.LittleEndian.Uint64(b[i*8:]))
	}
	r.off += n
}

// Float reads a float64.
func (r *Reader) Float() float64 {
	if r.err != nil || r.off+8 > len(r.b) {
		r.err = ErrShort
		return 0
	}
	v := binary.LittleEndian.Uint64(r.b[r.off:])
	r.off += 8
	return math.Float64frombits(v)
}

// Int reads a signed varint.
func (r *Reader) Int() int64 {
	u := r.uvarint()
	return int64(u>>1) ^ -int64(u&1)
}

// Bool reads one byte.
func (r *Reader) Bool() bool {
	if r.err != nil || r.off >= len(r.b) {
		r.err = ErrShort
		return false
	}
	r.off++
	return r.b[r.off-1] != 0
}
