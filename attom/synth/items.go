package synth

import (
	"fmt"
	"strconv"
)

// The items below carry exactly the fields ATTOM's documentation lists for
// each endpoint (fields.go), in each endpoint's own spelling, with numbers as
// strings where ATTOM sends them so, and no block a parcel would not have.

func (p parcel) identifier(attomIDName string) map[string]any {
	id := AttomID(p.zip, p.idx)
	return map[string]any{"Id": id, "fips": "48453", "apn": fmt.Sprintf("%06d-%04d", id%1_000_000, p.idx%10_000), attomIDName: id}
}

func (p parcel) address() map[string]any {
	line1 := fmt.Sprintf("%d %s", 100+p.idx*7%9000, streets[p.idx%len(streets)])
	return map[string]any{"country": "US", "countrySubd": "TX", "line1": line1, "line2": "SPRINGFIELD, TX " + p.zip,
		"locality": "SPRINGFIELD", "oneLine": line1 + ", SPRINGFIELD, TX " + p.zip,
		"postal1": p.zip, "postal2": fmt.Sprintf("%04d", p.idx%10_000), "postal3": "C001"}
}

var streets = []string{"MAIN ST", "OAK AVE", "CEDAR LN", "ELM DR", "MAPLE CT", "PINE RD", "LAKE BLVD", "HILL ST"}

func (p parcel) location() map[string]any {
	r := zipSeed(p.zip)
	lat := 25 + float64(r%2300)/100 + float64(p.idx%500)/10_000
	lon := -122 + float64(r/2300%5000)/100 + float64(p.idx/500)/10_000
	return map[string]any{"accuracy": "Rooftop", "latitude": strconv.FormatFloat(lat, 'f', 6, 64),
		"longitude": strconv.FormatFloat(lon, 'f', 6, 64), "distance": 0.0,
		"geoid": "CO48453, ZI" + p.zip, "geoIdV4": p.geoIDs()}
}

// geoIDs are the parcel's geographies. The docs do not promise every item
// a ZIP area: now and then one comes without ZI.
func (p parcel) geoIDs() map[string]any {
	g := map[string]any{"CO": "f2c1e3a9b3a54b2f8c2a7d6c1e0f9a8b"}
	if p.idx%13 != 5 {
		g["ZI"] = GeoIDV4(p.zip)
	}
	return g
}

// indicator is the parcel's propIndicator. The docs show it as a string,
// and as a number elsewhere: the fake sends both, a parcel in two as a
// number.
func (p parcel) indicator() any {
	if p.idx%2 == 1 {
		return p.kind.indicator
	}
	return strconv.Itoa(p.kind.indicator)
}

func (p parcel) subType() string {
	switch {
	case p.kind.residence || p.kind.indicator == 80:
		return "Residential"
	case p.kind.indicator == 90:
		return "Exempt"
	}
	return "Commercial"
}

// avmSnapshotItem is one item of /avm/snapshot.
func (p parcel) avmSnapshotItem() map[string]any {
	it := map[string]any{
		"identifier": p.identifier("attomId"),
		"lot":        map[string]any{"lotSize1": p.acres},
		"address":    p.address(),
		"location":   p.location(),
		"vintage":    p.vintage(),
	}
	sum := map[string]any{"propClass": p.kind.class, "propSubType": p.subType(), "propType": p.kind.v1,
		"propertyType": p.kind.general, "propLandUse": p.kind.v1, "propIndicator": p.indicator()}
	if p.year > 0 {
		sum["yearBuilt"] = p.year
	}
	it["summary"] = sum
	if b := p.building(false); b != nil {
		it["building"] = b
	}
	if p.value > 0 {
		spread := float64(102-p.scr) / 200 // the lower the confidence, the wider the range
		high, low := int(float64(p.value)*(1+spread)), int(float64(p.value)*(1-spread))
		it["avm"] = map[string]any{"eventDate": p.updated.Format("2006-01-02"), "eventID": strconv.FormatInt(AttomID(p.zip, p.idx)%1_000_000_007, 10),
			"amount": map[string]any{"value": p.value, "high": high, "low": low, "scr": p.scr, "valueRange": high - low},
			"calculations": map[string]any{"perSizeUnit": perSize(p.value, p.size), "ratioTaxAmt": 0.018, "ratioTaxValue": 0.9,
				"monthlyChgPct": 0.004, "monthlyChgValue": p.value / 250, "rangePctOfValue": 100 - p.scr}}
	} else {
		it["avm"] = map[string]any{} // ATTOM sends empty blocks as {}
	}
	return it
}

// avmDetailItem is the item of /attomavm/detail: its documented fields
// include the sale and assessment blocks, and the year built.
func (p parcel) avmDetailItem() map[string]any {
	it := map[string]any{
		"identifier": p.identifier("attomID"),
		"lot":        map[string]any{"lotsize1": p.acres, "lotsize2": int(p.acres * 43560)},
		"address":    p.address(),
		"location":   p.location(),
		"vintage":    p.vintage(),
		"summary": map[string]any{"propclass": p.kind.class, "propsubtype": p.subType(), "proptype": p.kind.v1,
			"propertyType": p.kind.general, "propLandUse": p.kind.v1, "propIndicator": p.indicator(),
			"absenteeInd": "OWNER OCCUPIED", "yearbuilt": p.year},
		"assessment": map[string]any{"assessed": map[string]any{"assdttlvalue": p.value * 8 / 10},
			"market": map[string]any{"mktttlvalue": p.value * 9 / 10}},
	}
	if b := p.building(true); b != nil {
		it["building"] = b
	}
	if p.value > 0 {
		it["avm"] = map[string]any{"eventDate": p.updated.Format("2006-01-02"),
			"amount": map[string]any{"value": p.value, "high": p.value * 11 / 10, "low": p.value * 9 / 10, "scr": p.scr, "fsd": 100 - p.scr}}
		it["sale"] = map[string]any{"saleTransDate": "2021-06-01", "salesearchdate": "2021-06-01",
			"amount": map[string]any{"saleamt": strconv.Itoa(p.value * 85 / 100), "salerecdate": "2021-06-03"}}
	}
	return it
}

func (p parcel) building(detail bool) map[string]any {
	if p.size == 0 {
		return nil
	}
	size := map[string]any{"universalsize": p.size}
	if detail {
		size["livingsize"], size["bldgsize"] = p.size, p.size+200
	}
	b := map[string]any{"size": size}
	if p.beds > 0 {
		b["rooms"] = map[string]any{"beds": p.beds, "bathstotal": p.baths}
	}
	return b
}

func (p parcel) vintage() map[string]any {
	return map[string]any{"lastModified": p.updated.Format("2006-01-02"), "pubDate": p.updated.AddDate(0, 0, 1).Format("2006-01-02")}
}

func perSize(value, size int) float64 {
	if size == 0 {
		return 0
	}
	return float64(value*100/size) / 100
}
