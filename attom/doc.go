// Package attom is the client for the ATTOM Property API: typed responses,
// tolerant decoding, error mapping, rate limiting, retries, and the use of a
// shared quota ledger (a call is reserved before it is made and released when
// ATTOM did not bill it). The fake server in attomtest stands in for ATTOM in
// every test of the project.
package attom
