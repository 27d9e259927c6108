package market

import (
	"realtybot/realty"
	"regexp"
	"testing"
)

var (
	listingShape = regexp.MustCompile(`^[0-9]{5}_(sfr|condo|townhouse|multifamily|mobile|land)$`)
	mockShape    = regexp.MustCompile(`^[0-9]{5}_mock_(sfr|condo|townhouse|multifamily|mobile|land)$`)
	marketShape  = regexp.MustCompile(`^[0-9]{5}_market$`)
)

// FuzzCacheKeys: whatever an agent types, the keys the service builds from
// it (through the same parsers and key builders) have the shapes of [key-property], [key-market] and [key-mock].
func FuzzCacheKeys(f *testing.F) {
	for _, s := range [][2]string{{"78701", "sfr"}, {"78701-1234", "Single Family"}, {"../x", "condo"}, {"7870\x00", "sfr*"}} {
		f.Add(s[0], s[1])
	}
	f.Fuzz(func(t *testing.T, zipText, typeText string) {
		z, err := realty.ParseZip(zipText)
		zip := string(z)
		ty, ok := realty.ParsePropertyType(typeText)
		if err != nil || !ok {
			return
		}
		for key, shape := range map[string]*regexp.Regexp{listingKey(zip, ty): listingShape, mockKey(zip, ty): mockShape, marketKey(zip): marketShape} {
			if !shape.MatchString(key) {
				t.Fatalf("%q %q built key %q", zipText, typeText, key)
			}
		}
	})
}
