package drg

import "github.com/dipdrg/dipdrg/pointvalue"

// Group indexes of a Case that name no group of the table.
const (
	NoGroup      int32 = -1 // no DRG code given: ungrouped (歧义/无法入组)
	UnknownGroup int32 = -2 // a code not in the weights table: ungrouped, flagged unknown-group (ERR-3)
)

// Case flags. FlagIncomplete and FlagSpecial are inputs; Prepare sets
// FlagReadmitted and FlagSpecialRefused.
const (
	FlagIncomplete     uint8 = 1 << iota // 未完整治疗 (DRG-5)
	FlagSpecial                          // has approved special-review points (特例单议, DRG-8)
	FlagReadmitted                       // the earlier stay of a readmission, to reduce (DRG-7)
	FlagSpecialRefused                   // approval refused by the DRG-8 cap
)

// Case is the compact record of one discharged DRG case the scoring loop runs
// over (48 bytes). Bed-day stays are not DRG cases (BED-3).
type Case struct {
	Cost     pointvalue.Money  // total cost 医疗总费用 (fen)
	Share    pointvalue.Money  // patient share 个人负担 (fen); not used by the points
	Special  pointvalue.Points // approved special-review points, valid with FlagSpecial
	Hospital int32             // index into the Scorer's hospital coefficients
	Group    int32             // index into Weights.Groups, or NoGroup / UnknownGroup
	Patient  int32             // interned patient id; -1 = none (never linked by DRG-7)
	Admit    pointvalue.Date
	// Discharge date: the DRG-8 order and the DRG-7 window.
	Discharge pointvalue.Date
	Flags     uint8
}
