// Package plan is the refresh planner: from the agents' demand (counted by
// the market service, kept in L2) and the age of what is cached, it lists
// the scheduled refreshes worth a call, best gain first. The maintenance
// tasks spend the day's refresh budget down its list.
package plan
