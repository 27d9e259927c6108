// Package attom is the client for the ATTOM Property API: typed responses,
// tolerant decoding, error mapping, rate limiting, retries, and the use of a
// shared quota ledger (a call is reserved right before it is sent and released
// when ATTOM did not bill it). synth answers as ATTOM's documentation says over
// synthetic data (realtybot simulate runs against it); attomtest wraps it in a
// test server with fault knobs, and stands in for ATTOM in every test.
package attom
