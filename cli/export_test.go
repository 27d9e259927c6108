package cli

// RunOn is Run on a clock the test owns.
var RunOn = runOn

// WatchFlush is serve's interval between watch flushes.
const WatchFlush = watchFlush

// SyncBuffer collects output written from several goroutines.
type SyncBuffer = syncBuilder
