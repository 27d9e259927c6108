package words

import (
	"time"

	"realtybot/handlers/reply"
)

// Words puts answers into words in one transport's format, at the time
// of its clock (ages are said from it).
type Words struct {
	F    reply.Mode
	Now  func() time.Time
	Zone *time.Location // the bot's zone (TZ); nil: UTC only
}
