package attom

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

// Status codes that are not errors.
const (
	CodeSuccessWithResult    = 0
	CodeSuccessWithoutResult = 400
)

// Property is one item of a property, sale or AVM response.
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
		Latitude  Float `json:"latitude"`
		Longitude Float `json:"longitude"`
		GeoIDV4   struct {
			ZI String `json:"ZI"`
			CO String `json:"CO"`
		} `json:"geoIdV4"`
	} `json:"location"`
	Summary struct {
		PropClass     String `json:"propclass"`
		PropSubtype   String `json:"propsubtype"`
		PropType      String `json:"proptype"`
		PropertyType  String `json:"propertyType"`
		YearBuilt     Int    `json:"yearbuilt"`
		PropLandUse   String `json:"propLandUse"`
		PropIndicator String `json:"propIndicator"`
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
			BathsFull  Float `json:"bathsfull"`
			RoomsTotal Float `json:"roomsTotal"`
		} `json:"rooms"`
	} `json:"building"`
	Lot struct {
		LotSize1 Float `json:"lotsize1"`
		LotSize2 Float `json:"lotsize2"`
	} `json:"lot"`
	AVM struct {
		EventDate String `json:"eventDate"`
		Amount    struct {
			Scr   Float `json:"scr"`
			Value Float `json:"value"`
			High  Float `json:"high"`
			Low   Float `json:"low"`
		} `json:"amount"`
	} `json:"avm"`
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
		Tax struct {
			TaxAmt  Float `json:"taxamt"`
			TaxYear Int   `json:"taxyear"`
		} `json:"tax"`
	} `json:"assessment"`
	Vintage struct {
		LastModified String `json:"lastModified"`
	} `json:"vintage"`

	// Estimate is set on records made by the mock generator, never by ATTOM.
	Estimate bool `json:"-"`
}

// ID returns the property's ATTOM id, from whichever field carries it.
func (p *Property) ID() int64 {
	if p.Identifier.AttomID != 0 {
		return int64(p.Identifier.AttomID)
	}
	return int64(p.Identifier.ID)
}

// Price returns the best price signal of the record: AVM value, then last
// sale, then the assessor's market value.
func (p *Property) Price() float64 {
	switch {
	case p.AVM.Amount.Value > 0:
		return float64(p.AVM.Amount.Value)
	case p.Sale.Amount.SaleAmt > 0:
		return float64(p.Sale.Amount.SaleAmt)
	}
	return float64(p.Assessment.Market.MktTtlValue)
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

// PropertyPage is the result of a snapshot query.
type PropertyPage struct {
	Status     Status     `json:"status"`
	Properties []Property `json:"property"`
}

// SalesTrend is one interval of a v4 salestrend response.
type SalesTrend struct {
	Location struct {
		GeoIDV4       String `json:"geoIdV4"`
		GeographyName String `json:"geographyName"`
	} `json:"location"`
	DateRange struct {
		Interval String `json:"interval"`
		Start    String `json:"start"`
		End      String `json:"end"`
	} `json:"dateRange"`
	SalesTrend struct {
		HomeSaleCount Int   `json:"homeSaleCount"`
		AvgSalePrice  Float `json:"avgSalePrice"`
		MedSalePrice  Float `json:"medSalePrice"`
	} `json:"salesTrend"`
}

type salesTrendResponse struct {
	Status      Status       `json:"status"`
	SalesTrends []SalesTrend `json:"salesTrends"`
}
