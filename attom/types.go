package attom

import "strings"

// Status is the envelope every ATTOM response carries. encoding/json matches
// field names case-insensitively, which covers `pagesize` vs `pageSize`.
type Status struct {
	Version  String `json:"version"`
	Code     Int    `json:"code"`
	Msg      String `json:"msg"`
	Total    Int    `json:"total"`
	Page     Int    `json:"page"`
	PageSize Int    `json:"pagesize"`
	AttomID  Int    `json:"attomId"`
	TxID     String `json:"transactionID"`
}

// noResult reports ATTOM's no-result answer, by its code or by its msg.
func (s Status) noResult() bool {
	return s.Code == CodeSuccessWithoutResult || strings.EqualFold(string(s.Msg), MsgSuccessWithoutResult)
}

// Status codes that are not errors.
const (
	CodeSuccessWithResult    = 0
	CodeSuccessWithoutResult = 400
	// MsgSuccessWithoutResult is the no-result answer's msg, recognised as
	// well as its code.
	MsgSuccessWithoutResult = "SuccessWithoutResult"
)

// Property is one item of an /avm/snapshot or /attomavm/detail response.
// Field names differ in case between endpoints (`proptype`, `propType`);
// encoding/json matches them without case. Blocks an endpoint does not send
// stay zero: /avm/snapshot has no sale, assessment or lotsize2.
type Property struct {
	Identifier struct {
		ID      Int    `json:"Id"`
		Fips    String `json:"fips"`
		APN     String `json:"apn"`
		AttomID Int    `json:"attomId"`
	} `json:"identifier"`
	Address struct {
		Country     String `json:"country"`
		CountrySubd String `json:"countrySubd"`
		Line1       String `json:"line1"`
		Line2       String `json:"line2"`
		Locality    String `json:"locality"`
		OneLine     String `json:"oneLine"`
		Postal1     String `json:"postal1"`
		Postal2     String `json:"postal2"`
	} `json:"address"`
	Location struct {
		Latitude  Float   `json:"latitude"`
		Longitude Float   `json:"longitude"`
		GeoIDV4   GeoIDV4 `json:"geoIdV4"`
	} `json:"location"`
	Summary struct {
		PropClass     String `json:"propClass"`
		PropSubType   String `json:"propSubType"`
		PropType      String `json:"propType"`
		PropertyType  String `json:"propertyType"`
		YearBuilt     Int    `json:"yearBuilt"`
		PropLandUse   String `json:"propLandUse"`
		PropIndicator Int    `json:"propIndicator"`
	} `json:"summary"`
	Building struct {
		Size struct {
			UniversalSize Float `json:"universalsize"`
			LivingSize    Float `json:"livingsize"`
			BldgSize      Float `json:"bldgsize"`
		} `json:"size"`
		Rooms struct {
			Beds       Float `json:"beds"`
			BathsTotal Float `json:"bathstotal"`
		} `json:"rooms"`
	} `json:"building"`
	Lot struct {
		LotSize1 Float `json:"lotSize1"` // acres
		LotSize2 Float `json:"lotsize2"` // square feet (detail only)
	} `json:"lot"`
	AVM  AVM `json:"avm"`
	Sale struct {
		SaleTransDate String `json:"saleTransDate"`
		Amount        struct {
			SaleAmt     Float  `json:"saleamt"`
			SaleRecDate String `json:"salerecdate"`
		} `json:"amount"`
	} `json:"sale"`
	Assessment struct {
		Market struct {
			MktTtlValue Float `json:"mktttlvalue"`
		} `json:"market"`
	} `json:"assessment"`
	Vintage struct {
		LastModified String `json:"lastModified"`
		PubDate      String `json:"pubDate"`
	} `json:"vintage"`

	// Estimate is set on records made by the mock generator, never by ATTOM.
	Estimate bool `json:"-"`
}

// AVM is ATTOM's automated valuation of one property.
type AVM struct {
	EventDate String `json:"eventDate"`
	Amount    struct {
		Value      Float `json:"value"`
		High       Float `json:"high"`
		Low        Float `json:"low"`
		Scr        Float `json:"scr"` // confidence score, 0-100
		ValueRange Float `json:"valueRange"`
	} `json:"amount"`
	Calculations struct {
		PerSizeUnit     Float `json:"perSizeUnit"`
		MonthlyChgPct   Float `json:"monthlyChgPct"`
		MonthlyChgValue Float `json:"monthlyChgValue"` // the value's change over the last month, in dollars
	} `json:"calculations"`
}

// ID returns the property's ATTOM id, from whichever field carries it.
func (p *Property) ID() int64 {
	if p.Identifier.AttomID != 0 {
		return int64(p.Identifier.AttomID)
	}
	return int64(p.Identifier.ID)
}

// PriceBasis names where Price comes from.
type PriceBasis string

// The price bases, best first.
const (
	BasisAVM      PriceBasis = "avm"      // ATTOM's estimated value
	BasisSale     PriceBasis = "sale"     // last recorded sale
	BasisAssessed PriceBasis = "assessed" // assessor's market value
	BasisNone     PriceBasis = ""
)

// Price returns the best price signal of the record and its basis: the AVM
// value, then the last sale, then the assessor's market value.
func (p *Property) Price() (float64, PriceBasis) {
	switch {
	case p.AVM.Amount.Value > 0:
		return float64(p.AVM.Amount.Value), BasisAVM
	case p.Sale.Amount.SaleAmt > 0:
		return float64(p.Sale.Amount.SaleAmt), BasisSale
	case p.Assessment.Market.MktTtlValue > 0:
		return float64(p.Assessment.Market.MktTtlValue), BasisAssessed
	}
	return 0, BasisNone
}

// Size returns the living area in square feet.
func (p *Property) Size() float64 {
	s := p.Building.Size
	switch {
	case s.LivingSize > 0:
		return float64(s.LivingSize)
	case s.UniversalSize > 0:
		return float64(s.UniversalSize)
	}
	return float64(s.BldgSize)
}

// sqftPerAcre converts lotSize1 (acres) to square feet.
const sqftPerAcre = 43560

// LotSqft returns the lot size in square feet: lotsize2 where the endpoint
// sends it, else lotSize1 (acres) converted.
func (p *Property) LotSqft() float64 {
	if p.Lot.LotSize2 > 0 {
		return float64(p.Lot.LotSize2)
	}
	return float64(p.Lot.LotSize1) * sqftPerAcre
}

func (p *PropertyPage) records() int { return len(p.Properties) }

// Billed reports whether ATTOM billed anything for the page.
func (p *PropertyPage) Billed() bool { return p.Cost > 0 }

// PropertyPage is the result of an area query.
type PropertyPage struct {
	Status     Status     `json:"status"`
	Properties []Property `json:"property"`
	// Cost is what ATTOM billed for the page: one call (HTTP 200, or a
	// request sent and never answered; its no-result answer on HTTP 400 is
	// not billed), or under record billing the records the page carried.
	// Not ATTOM's field.
	Cost int64 `json:"-"`
	// Untyped is true when the page could not be asked for one type: a
	// sample of every kind of parcel, whatever type was asked (it came from
	// /attomavm/detail). Not ATTOM's field.
	Untyped bool `json:"-"`
}
