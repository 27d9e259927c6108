package attomtest

import (
	"net/http"
	"strconv"
	"strings"
)

func (s *Server) snapshot(w http.ResponseWriter, q map[string]string) (any, bool) {
	zip := q["postalcode"]
	if zip == "" {
		s.status(w, http.StatusBadRequest, -6, "Missing parameter: postalcode or a geography", nil)
		return nil, false
	}
	if !validZIP(zip) {
		s.status(w, http.StatusBadRequest, -5, "Invalid Parameter: postalcode", nil)
		return nil, false
	}
	page, _ := strconv.Atoi(q["page"])
	size, _ := strconv.Atoi(q["pagesize"])
	page = max(page, 1)
	if size <= 0 {
		size = 10
	}
	size = min(size, 100)
	if !s.hasData(zip) {
		s.noResult(w)
		return nil, false
	}
	want := map[string]bool{}
	for _, t := range strings.Split(q["propertytype"], "|") {
		if t = strings.ToUpper(strings.TrimSpace(t)); t != "" {
			want[t] = true
		}
	}
	var items []map[string]any
	for _, h := range homesOf(zip) {
		if len(want) == 0 || want[h.v1Type] {
			items = append(items, h.item(false))
		}
	}
	total := len(items)
	from := min((page-1)*size, total)
	items = items[from:min(from+size, total)]
	if len(items) == 0 {
		s.noResult(w)
		return nil, false
	}
	return map[string]any{"status": okStatus(total, page, size, "pagesize"), "property": items}, true
}

func (s *Server) detail(w http.ResponseWriter, q map[string]string, avm bool) (any, bool) {
	id, err := strconv.ParseInt(q["attomid"], 10, 64)
	if err != nil {
		s.status(w, http.StatusBadRequest, -5, "Invalid Parameter: attomid", nil)
		return nil, false
	}
	h, ok := homeByID(id)
	if !ok || !s.hasData(h.zip) {
		s.noResult(w)
		return nil, false
	}
	st := okStatus(1, 1, 10, "pagesize")
	st["attomId"] = id
	return map[string]any{"status": st, "property": []map[string]any{h.item(avm)}}, true
}

func (s *Server) salesTrend(w http.ResponseWriter, q map[string]string) (any, bool) {
	geo := q["geoidv4"]
	if geo == "" {
		s.status(w, http.StatusBadRequest, -8, "GeoID or GeoIDV4 required", nil)
		return nil, false
	}
	zip, ok := zipOfGeo(geo)
	if !ok {
		s.status(w, http.StatusBadRequest, 38, "Invalid GeoIdV4", nil)
		return nil, false
	}
	start, err1 := strconv.Atoi(q["startyear"])
	end, err2 := strconv.Atoi(q["endyear"])
	if err1 != nil || err2 != nil || end < start || end-start > 20 {
		s.status(w, http.StatusBadRequest, 11, "Invalid date range", nil)
		return nil, false
	}
	if !s.hasData(zip) {
		s.noResult(w)
		return nil, false
	}
	var out []map[string]any
	for y := start; y <= end; y++ {
		out = append(out, trendItem(zip, geo, y))
	}
	return map[string]any{"status": okStatus(len(out), 1, len(out), "pageSize"), "salesTrends": out}, true
}

func okStatus(total, page, size int, sizeName string) map[string]any {
	return map[string]any{"version": "1.0.0", "code": 0, "msg": "SuccessWithResult",
		"total": total, "page": page, sizeName: size, "transactionID": "fake"}
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
