// Package deal analyses a property against its ZIP's market: price per
// sqft against the median, a rule-of-thumb rent, yield and cap rate, the
// value in a year, and a 0-100 score of value, yield and momentum.
package deal
