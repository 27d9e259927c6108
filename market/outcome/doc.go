// Package outcome holds the market's typed answers: where an answer's data
// came from (Source), what it cost and how old it is (Provenance), and why
// it is not live (Why). Only the handlers put them into words.
package outcome
