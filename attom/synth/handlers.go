package synth

import (
	"cmp"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"time"
)

// query is a request's parameters by lower-case name (ATTOM matches names
// without case), each with every value it was given.
type query map[string][]string

func lowerQuery(r *http.Request) query {
	out := query{}
	for k, v := range r.URL.Query() {
		k = strings.ToLower(k)
		out[k] = append(out[k], v...)
	}
	return out
}

func (q query) get(name string) string {
	if v := q[name]; len(v) > 0 {
		return strings.TrimSpace(v[0])
	}
	return ""
}

// single checks that each named filter, which ATTOM documents as taking one
// value, has one value and no joined list.
func (s *API) single(w http.ResponseWriter, q query, names ...string) bool {
	for _, n := range names {
		v := q[n]
		if len(v) > 1 || len(v) == 1 && strings.ContainsAny(v[0], "|,") {
			s.reject(w, -5, "Invalid Parameter: "+n+" takes a single value")
			return false
		}
	}
	return true
}

// sortKeys are the documented orderBy fields.
var sortKeys = map[string]bool{"distance": true, "calendardate": true, "publisheddate": true, "propertytype": true,
	"saleamt": true, "avmvalue": true, "assdttlvalue": true, "salesearchdate": true, "saletransactiondate": true,
	"beds": true, "bathstotal": true, "universalsize": true, "lotsize1": true, "lotsize2": true}

func (s *API) avmSnapshot(w http.ResponseWriter, q query, now time.Time) (any, bool) {
	if !s.single(w, q, "postalcode", "propertytype", "propertyindicator", "orderby", "page", "pagesize") {
		return nil, false
	}
	zip := q.get("postalcode")
	if zip == "" {
		s.reject(w, -6, "Missing parameter: postalcode or a geography")
		return nil, false
	}
	if !validZIP(zip) {
		s.reject(w, -5, "Invalid Parameter: postalcode")
		return nil, false
	}
	page, size, ok := s.paging(w, q)
	if !ok {
		return nil, false
	}
	match, ok := s.typeMatcher(w, q)
	if !ok {
		return nil, false
	}
	key, desc, ok := s.sortKey(w, q)
	if !ok {
		return nil, false
	}
	all, ok := s.parcels(w, zip, now, match)
	if !ok {
		return nil, false
	}
	order(all, key, desc)
	total := len(all)
	from := min((page-1)*size, total)
	all = all[from:min(from+size, total)]
	if len(all) == 0 {
		s.noResult(w)
		return nil, false
	}
	items := make([]map[string]any, len(all))
	for i, p := range all {
		items[i] = p.avmSnapshotItem()
	}
	return map[string]any{"status": okStatus(total, page, size, "pagesize"), "property": items}, true
}

func (s *API) paging(w http.ResponseWriter, q query) (page, size int, ok bool) {
	page, size = 1, 10
	if v := q.get("page"); v != "" {
		if n, err := strconv.Atoi(v); err == nil && n >= 1 {
			page = n
		} else {
			s.reject(w, -5, "Invalid Parameter: page")
			return 0, 0, false
		}
	}
	if v := q.get("pagesize"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n < 1 || n > 100 { // "Maximum number of records in a single response: 100"
			s.reject(w, -5, "Invalid Parameter: pagesize (1 to 100)")
			return 0, 0, false
		}
		size = n
	}
	return page, size, true
}

// typeMatcher reads propertyType (a value of the documented enum, any case)
// and propertyIndicator.
func (s *API) typeMatcher(w http.ResponseWriter, q query) (func(parcel) bool, bool) {
	pt, ind := strings.ToUpper(q.get("propertytype")), q.get("propertyindicator")
	if pt != "" && !slices.Contains(v1Enum, pt) {
		s.reject(w, -5, "Invalid Parameter: propertytype")
		return nil, false
	}
	want := -1
	if ind != "" {
		n, err := strconv.Atoi(ind)
		if err != nil || !slices.ContainsFunc(kinds, func(k kind) bool { return k.indicator == n }) {
			s.reject(w, -5, "Invalid Parameter: propertyindicator")
			return nil, false
		}
		want = n
	}
	return func(p parcel) bool {
		return (pt == "" || p.kind.v1 == pt) && (want < 0 || p.kind.indicator == want)
	}, true
}

func (s *API) sortKey(w http.ResponseWriter, q query) (string, bool, bool) {
	f := strings.Fields(strings.ToLower(q.get("orderby")))
	if len(f) == 0 {
		return "", false, true
	}
	if len(f) > 2 || !sortKeys[f[0]] || len(f) == 2 && f[1] != "asc" && f[1] != "desc" {
		s.reject(w, 13, "Invalid Sort Value")
		return "", false, false
	}
	if f[0] == "distance" {
		s.reject(w, 13, "Invalid Sort Value") // distance needs a point and a radius
		return "", false, false
	}
	return f[0], len(f) == 2 && f[1] == "desc", true
}

// order sorts parcels by a documented key. Parcel 0 is the most recently
// updated, so index order is calendar date descending.
func order(ps []parcel, key string, desc bool) {
	var by func(p parcel) int
	switch key {
	case "avmvalue":
		by = func(p parcel) int { return p.value }
	case "beds":
		by = func(p parcel) int { return p.beds }
	case "universalsize":
		by = func(p parcel) int { return p.size }
	case "calendardate", "publisheddate":
		by = func(p parcel) int { return -p.idx }
	default:
		return
	}
	slices.SortStableFunc(ps, func(a, b parcel) int {
		if desc {
			return cmp.Compare(by(b), by(a))
		}
		return cmp.Compare(by(a), by(b))
	})
}

func (s *API) avmDetail(w http.ResponseWriter, q query, now time.Time) (any, bool) {
	if _, byID := q["attomid"]; !byID && q.get("postalcode") != "" {
		return s.avmDetailByZIP(w, q, now)
	}
	if !s.single(w, q, "attomid") {
		return nil, false
	}
	id, err := strconv.ParseInt(q.get("attomid"), 10, 64)
	if err != nil {
		s.reject(w, -5, "Invalid Parameter: attomid")
		return nil, false
	}
	p, ok := parcelByID(id, now)
	if !ok || !s.hasData(p.zip) {
		s.noResult(w)
		return nil, false
	}
	p = revalued(p, s.factor(p.zip))
	st := okStatus(1, 1, 10, "pagesize")
	st["attomId"] = id
	return map[string]any{"status": st, "property": []map[string]any{p.avmDetailItem()}}, true
}

func okStatus(total, page, size int, sizeName string) map[string]any {
	return map[string]any{"version": "1.0.0", "code": 0, "msg": "SuccessWithResult",
		"total": min(total, 10000), "page": page, sizeName: size, "transactionID": "fake"}
}

func validZIP(z string) bool {
	if len(z) != 5 {
		return false
	}
	for _, c := range z {
		if c < '0' || c > '9' {
			return false
		}
	}
	return true
}

// avmDetailByZIP is /attomavm/detail by postalCode. The docs list
// postalCode there but say nothing of paging, sorting or type filters, so
// the fake takes the strictest reading: it refuses any of those, and
// answers ATTOM's default page (10) of the ZIP's parcels of every kind,
// most recently updated first, with the valuation of each.
func (s *API) avmDetailByZIP(w http.ResponseWriter, q query, now time.Time) (any, bool) {
	for name := range q {
		if name != "postalcode" {
			s.reject(w, -5, "Invalid Parameter: "+name)
			return nil, false
		}
	}
	if !s.single(w, q, "postalcode") {
		return nil, false
	}
	zip := q.get("postalcode")
	if !validZIP(zip) {
		s.reject(w, -5, "Invalid Parameter: postalcode")
		return nil, false
	}
	all, ok := s.parcels(w, zip, now, func(parcel) bool { return true })
	if !ok {
		return nil, false
	}
	order(all, "calendardate", true)
	total := len(all)
	all = all[:min(10, total)]
	items := make([]map[string]any, len(all))
	for i, p := range all {
		items[i] = p.avmDetailItem()
	}
	return map[string]any{"status": okStatus(total, 1, 10, "pagesize"), "property": items}, true
}

// parcels is the ZIP's parcels as of now that match, valued; false (and
// ATTOM's no-result answer written) when the ZIP has no data.
func (s *API) parcels(w http.ResponseWriter, zip string, now time.Time, match func(parcel) bool) ([]parcel, bool) {
	if !s.hasData(zip) {
		s.noResult(w)
		return nil, false
	}
	var all []parcel
	f := s.factor(zip)
	for i := range Parcels(zip) {
		if p := revalued(parcelOf(zip, i, now), f); match(p) {
			all = append(all, p)
		}
	}
	return all, true
}
