package attom

// ZIPGeoIDV4 is a ZIP's geoIdV4 read from a page of its items: the most frequent ZI among the items whose
// postal code is the ZIP (an item may lack its ZI, or sit in a neighbour's
// area), else among all items; ties go to the first seen.
func ZIPGeoIDV4(zip string, items []Property) string {
	best, bestN := "", 0
	for _, own := range []bool{true, false} {
		seen := map[string]int{}
		for i := range items {
			g := string(items[i].Location.GeoIDV4.ZI)
			if g == "" || own && string(items[i].Address.Postal1) != zip {
				continue
			}
			if seen[g]++; seen[g] > bestN {
				best, bestN = g, seen[g]
			}
		}
		if best != "" {
			return best
		}
	}
	return ""
}
