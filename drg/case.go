package drg

import "github.com/dipdrg/dipdrg/pointvalue"

// Group indexes of a case that name no group of the table.
const (
	NoGroup      int32 = -1 // no DRG code given: ungrouped (歧义/无法入组)
	UnknownGroup int32 = -2 // a code not in the weights table: ungrouped, flagged unknown-group (ERR-3)
)

// Case flags. FlagIncomplete and FlagSpecial come with the case; the engine's
// cross-case rules set FlagReadmitted (DRG-7) and FlagSpecialRefused (DRG-8).
const (
	FlagIncomplete     uint8 = 1 << iota // 未完整治疗 (DRG-5)
	FlagSpecial                          // has approved special-review points (特例单议, DRG-8)
	FlagReadmitted                       // the earlier stay of a readmission, to reduce (DRG-7)
	FlagSpecialRefused                   // approval refused by the DRG-8 cap
	FlagExcluded                         // a stay length the policy excludes (VAR-12): paid by cost as ungrouped
)

// Case is one DRG case as Score explains it: what ScoreRows reads of a row.
type Case struct {
	Cost     pointvalue.Money  // total cost 医疗总费用 (fen)
	Special  pointvalue.Points // approved special-review points, valid with FlagSpecial
	Hospital int32             // index into the Scorer's hospital coefficients
	Group    int32             // index into Weights.Groups, or NoGroup / UnknownGroup
	Flags    uint8
}
