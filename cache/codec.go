package cache

import (
	"encoding/json"

	"github.com/vmihailenco/msgpack/v5"
)

// SchemaVersion is the version of the stored body. An entry of another
// version is treated like a corrupt one: counted, never decoded into the
// wrong shape.
const SchemaVersion = 3

// Codec encodes the body of an entry (after the header).
type Codec interface {
	Marshal(v any) ([]byte, error)
	Unmarshal(b []byte, v any) error
	Name() string
}

// Msgpack is the codec of values without a binary encoding: smaller than JSON
// and faster to decode (BenchmarkCodec, docs/benchmarks.md).
type Msgpack struct{}

// Marshal implements Codec.
func (Msgpack) Marshal(v any) ([]byte, error) { return msgpack.Marshal(v) }

// Unmarshal implements Codec.
func (Msgpack) Unmarshal(b []byte, v any) error { return msgpack.Unmarshal(b, v) }

// Name implements Codec.
func (Msgpack) Name() string { return "msgpack" }

// JSON is the codec msgpack was measured against.
type JSON struct{}

// Marshal implements Codec.
func (JSON) Marshal(v any) ([]byte, error) { return json.Marshal(v) }

// Unmarshal implements Codec.
func (JSON) Unmarshal(b []byte, v any) error { return json.Unmarshal(b, v) }

// Name implements Codec.
func (JSON) Name() string { return "json" }
