package attomtest_test

import (
	"encoding/json"
	"net/http"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"
	"time"

	"realtybot/attom/attomtest"
)

func get(t *testing.T, s *attomtest.Server, path, key string) (int, map[string]any) {
	t.Helper()
	req, _ := http.NewRequest(http.MethodGet, s.URL+path, nil)
	if key != "" {
		req.Header.Set("apikey", key)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var body map[string]any
	json.NewDecoder(resp.Body).Decode(&body)
	return resp.StatusCode, body
}

const snap = "/propertyapi/v1.0.0/avm/snapshot"

func TestFakeSpeaksTheWireFormat(t *testing.T) {
	s := attomtest.NewServer()
	defer s.Close()
	if code, _ := get(t, s, snap+"?postalcode=78701", ""); code != http.StatusUnauthorized {
		t.Fatalf("no key: %d, want 401", code)
	}
	code, body := get(t, s, snap+"?PostalCode=78701&pageSize=100", attomtest.Key)
	st, _ := body["status"].(map[string]any)
	if code != 200 || st["pagesize"] != float64(100) || len(body["property"].([]any)) != 100 ||
		st["total"] != float64(attomtest.Parcels("78701")) {
		t.Fatalf("mixed-case params, a page of 100 of the whole ZIP: %d %v", code, st)
	}
	code, body = get(t, s, snap+"?postalcode=00012", attomtest.Key)
	if st := body["status"].(map[string]any); code != 400 || st["msg"] != "SuccessWithoutResult" || st["code"] != float64(400) {
		t.Fatalf("no data: %d %v", code, body)
	}
	code, body = get(t, s, "/v4/transaction/salestrend?geoIdV4="+attomtest.GeoIDV4("78701")+"&interval=yearly&startyear=2024&endyear=2026&propertytype=SINGLE%20FAMILY%20RESIDENCE", attomtest.Key)
	if st := body["status"].(map[string]any); code != 200 || st["pageSize"] == nil || len(body["salesTrends"].([]any)) != 3 {
		t.Fatalf("salestrend: %d %v", code, body)
	}
	// Same ZIP, same data: the fake is deterministic.
	_, a := get(t, s, snap+"?postalcode=10001&pagesize=3", attomtest.Key)
	_, b := get(t, s, snap+"?postalcode=10001&pagesize=3", attomtest.Key)
	ja, _ := json.Marshal(a["property"])
	jb, _ := json.Marshal(b["property"])
	if string(ja) != string(jb) {
		t.Fatal("the same query gave different data")
	}
	if s.Billable() != 4 || s.Calls() != 6 {
		t.Fatalf("billable %d of %d calls; want 4 of 6 (the 401 and the no-result 400 are not billed)", s.Billable(), s.Calls())
	}
}

// The fake refuses what ATTOM documents it may refuse, and bills none of it.
func TestFakeRefusesWhatATTOMDoesNotTake(t *testing.T) {
	s := attomtest.NewServer()
	defer s.Close()
	for _, q := range []string{
		"postalcode=78701&propertytype=SFR|CONDOMINIUM", // single value, joined
		"postalcode=78701&propertyType=SFR&propertyType=CONDOMINIUM",
		"postalcode=78701&propertyindicator=10,11",
		"postalcode=78701|78702",
		"postalcode=78701&propertytype=HOUSE", // not in the enum
		"postalcode=78701&pagesize=500",       // at most 100
		"postalcode=78701&orderby=price desc", // not a documented sort
		"postalcode=78701&orderby=distance asc",
		"propertytype=SFR",
	} {
		if code, body := get(t, s, snap+"?"+strings.ReplaceAll(q, " ", "%20"), attomtest.Key); code != 400 {
			t.Errorf("%s: HTTP %d %v, want 400", q, code, body["status"])
		}
	}
	if s.Billable() != 0 || s.Rejected() != 9 {
		t.Fatalf("billable %d, rejected %d; want 0 and 9", s.Billable(), s.Rejected())
	}
	if code, _ := get(t, s, snap+"?postalcode=78701&propertytype=sfr&orderby=avmvalue%20desc", attomtest.Key); code != 200 {
		t.Fatalf("one documented value in any case: HTTP %d", code)
	}
}

// paths flattens a JSON value into the set of its field paths.
func paths(prefix string, v any, out map[string]bool) {
	switch x := v.(type) {
	case map[string]any:
		for k, e := range x {
			paths(prefix+"."+k, e, out)
		}
	case []any:
		for _, e := range x {
			paths(prefix+"[]", e, out)
		}
	default:
		out[prefix] = true
	}
}

func golden(t *testing.T, name string) map[string]bool {
	t.Helper()
	raw, err := os.ReadFile(filepath.Join("..", "testdata", "golden", name))
	if err != nil {
		t.Fatal(err)
	}
	var v any
	if err := json.Unmarshal(raw, &v); err != nil {
		t.Fatal(err)
	}
	out := map[string]bool{}
	paths("", v, out)
	return out
}

// Every field the fake sends is in the golden response of its endpoint,
// which is assembled from ATTOM's documented field list, in the same spelling.
func TestFakeSendsOnlyDocumentedFields(t *testing.T) {
	s := attomtest.NewServer()
	defer s.Close()
	s.SetClock(func() time.Time { return time.Date(2026, 11, 29, 0, 0, 0, 0, time.UTC) })
	id := attomtest.AttomID("78701", 0)
	for _, c := range []struct{ golden, path string }{
		{"avm_snapshot.json", snap + "?postalcode=78701&pagesize=100"},
		{"avm_snapshot.json", snap + "?postalcode=78701&pagesize=100&page=7"},
		{"attomavm_detail.json", "/propertyapi/v1.0.0/attomavm/detail?attomid=" + itoa(id)},
		{"salestrend.json", "/v4/transaction/salestrend?geoidv4=" + attomtest.GeoIDV4("78701") + "&interval=yearly&startyear=2022&endyear=2026&propertytype=ALL"},
	} {
		want := golden(t, c.golden)
		code, body := get(t, s, c.path, attomtest.Key)
		if code != 200 {
			t.Fatalf("%s: HTTP %d", c.path, code)
		}
		got := map[string]bool{}
		paths("", body, got)
		var extra []string
		for p := range got {
			if !want[p] && !strings.HasPrefix(p, ".status.") {
				extra = append(extra, p)
			}
		}
		sort.Strings(extra)
		if len(extra) > 0 {
			t.Errorf("%s sends undocumented fields: %v", c.path, extra)
		}
	}
}

func itoa(n int64) string { b, _ := json.Marshal(n); return string(b) }

// The current year's count is partial, and several types give a series each.
func TestTrendHasAPartialYearAndASeriesPerType(t *testing.T) {
	s := attomtest.NewServer()
	defer s.Close()
	s.SetClock(func() time.Time { return time.Date(2026, 11, 29, 0, 0, 0, 0, time.UTC) })
	_, body := get(t, s, "/v4/transaction/salestrend?geoidv4="+attomtest.GeoIDV4("78701")+"&interval=yearly&startyear=2025&endyear=2026&propertytype=SINGLE%20FAMILY%20RESIDENCE|CONDO/TOWNHOME", attomtest.Key)
	items := body["salesTrends"].([]any)
	series := map[string][]float64{}
	for _, it := range items {
		m := it.(map[string]any)
		tv := m["category"].(map[string]any)["typeValue"].(string)
		series[tv] = append(series[tv], m["salesTrend"].(map[string]any)["homeSaleCount"].(float64))
	}
	if len(series) != 2 {
		t.Fatalf("series %v, want one per asked type", series)
	}
	sfr := series["SINGLE FAMILY RESIDENCE"]
	full := float64(attomtest.SalesCount("78701", "SINGLE FAMILY RESIDENCE", 2026))
	if len(sfr) != 2 || sfr[1] >= full*0.8 {
		t.Fatalf("2026 count %v of a full-year %v: the current year must be partial", sfr, full)
	}
}
