// Package realty holds the domain's own words for the inputs every layer
// shares: the property type (a closed list) and the ZIP code, each parsed
// once at the edge. It is a leaf: attom maps these to ATTOM's vocabulary,
// market and handlers use them as they are.
package realty
