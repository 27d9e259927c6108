package attomtest_test

import (
	"encoding/json"
	"net/http"
	"testing"

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

func TestFakeSpeaksTheWireFormat(t *testing.T) {
	s := attomtest.NewServer()
	defer s.Close()
	const snap = "/propertyapi/v1.0.0/property/snapshot"
	if code, _ := get(t, s, snap+"?postalcode=78701", ""); code != http.StatusUnauthorized {
		t.Fatalf("no key: %d, want 401", code)
	}
	code, body := get(t, s, snap+"?PostalCode=78701&pageSize=500", attomtest.Key)
	st, _ := body["status"].(map[string]any)
	if code != 200 || st["pagesize"] != float64(100) || len(body["property"].([]any)) != attomtest.HomesPerZIP {
		t.Fatalf("mixed-case params and pagesize cap: %d %v", code, st)
	}
	code, body = get(t, s, snap+"?postalcode=00012", attomtest.Key)
	if st := body["status"].(map[string]any); code != 200 || st["msg"] != "SuccessWithoutResult" || st["code"] != float64(400) {
		t.Fatalf("no data: %d %v", code, body)
	}
	code, body = get(t, s, "/v4/transaction/salestrend?geoIdV4="+attomtest.GeoIDV4("78701")+"&interval=yearly&startyear=2024&endyear=2026", attomtest.Key)
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
	if s.Billable() != 5 || s.Calls() != 6 {
		t.Fatalf("billable %d of %d calls; want 5 of 6 (the 401 is not billed)", s.Billable(), s.Calls())
	}
}
