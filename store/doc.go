// Package store names what both L2 backends implement: store/redisstore
// (Redis, shared by replicas) and store/boltstore (an embedded bbolt file,
// one node). Each user of L2 declares the small interface it needs (cache
// its entries and index, market its demand log and leases, bot its inbox,
// watch its maps, maintenance its claims); app chooses the backend once
// and hands each user the part it needs. store/storetest gives tests both
// real backends.
package store
