package dip

import "github.com/dipdrg/dipdrg/internal/explain"

// Class is how DIP-4 (or DIP-8, DIP-9) scored a case: the `class` column of cases.csv.
type Class uint8

const (
	Normal    Class = iota // the group's score (also a high case under HighRule special-review, A15)
	High                   // 费用偏差 high: ratio > HighRatio
	Low                    // 费用偏差 low: ratio < LowRatio
	Ungrouped              // 无法入组 (no group found, or a given code not in the catalog): DIP-9
	Special                // 特例单议 approved: its points (DIP-8)
)

var classWords = [...]string{"normal", "high", "low", "ungrouped", "special"}

// String returns the word of docs/formats.md: "normal", "high", "low", "ungrouped" or "special".
func (c Class) String() string {
	if int(c) < len(classWords) {
		return classWords[c]
	}
	return "class(?)"
}

// CaseFlags are the explanation flags of a case (the `flags` column).
type CaseFlags uint8

// The flags, declared in the byte order of their words.
const (
	FlagsExcludedLOS            CaseFlags = 1 << iota // VAR-12: a stay length the policy excludes, scored as ungrouped
	FlagsExpertReview                                 // DIP-4: ratio > ExtremeRatio
	FlagsReadmission                                  // the earlier stay, reduced by DIP-7
	FlagsSpecialRefused                               // refused by the DIP-8 cap
	FlagsSpecialReviewCandidate                       // DIP-4 with HighRule special-review: a high case scored as normal (A15)
	FlagsUngrouped                                    // DIP-9: no group found, or the code given is not in the catalog
	FlagsUnknownGroup                                 // a code given but not in the catalog (with ungrouped, as DRG)
)

var caseFlagWords = [...]string{"excluded-los", "expert-review", "readmission", "special-refused", "special-review-candidate", "ungrouped", "unknown-group"}

// String returns the flags' words, |-joined in byte order ("" for none).
func (f CaseFlags) String() string { return string(f.Append(nil)) }

// Append appends String's text to dst.
func (f CaseFlags) Append(dst []byte) []byte {
	return explain.AppendWords(dst, uint(f), caseFlagWords[:])
}

// RuleSet is the set of rule ids whose formula produced a case's points (the
// `rules` column).
type RuleSet uint16

const (
	RuleDIP3  RuleSet = 1 << iota // the engine grouped the case
	RuleDIP4                      // deviation score
	RuleDIP5                      // coefficients
	RuleDIP7                      // readmission
	RuleDIP8                      // special review (approved, or refused)
	RuleDIP9                      // ungrouped
	RuleVAR1                      // the coefficient's form or the extreme rule of a deviation case (VAR-1)
	RuleVAR12                     // a stay length the policy excludes (VAR-12)
	RuleVAR2                      // a low case through the payment standard (VAR-2)
	RuleVAR3                      // a per-fund coefficient (VAR-3)
	RuleVAR4                      // the group's factor or level coefficient (VAR-4)
)

var ruleWords = [...]string{"DIP-3", "DIP-4", "DIP-5", "DIP-7", "DIP-8", "DIP-9", "VAR-1", "VAR-12", "VAR-2", "VAR-3", "VAR-4"}

// String returns the rule ids, |-joined and sorted: "DIP-3|DIP-4|DIP-5".
func (s RuleSet) String() string { return string(s.Append(nil)) }

// Append appends String's text to dst.
func (s RuleSet) Append(dst []byte) []byte { return explain.AppendWords(dst, uint(s), ruleWords[:]) }

// Outcome packs how a case was scored — its class, flags and rules — into one
// word, as the scoring loop writes it beside the points (ScoreRows).
type Outcome uint32

func outcome(c Class, f CaseFlags, r RuleSet) Outcome {
	return Outcome(explain.Outcome(uint32(c), uint32(f), uint32(r)))
}

// withRules adds rule ids to an outcome (the coefficient's VAR-3/VAR-4).
func (o Outcome) withRules(r RuleSet) Outcome {
	return Outcome(explain.WithRules(uint32(o), uint32(r)))
}

// Class returns the case's class.
func (o Outcome) Class() Class { return Class(explain.OutcomeClass(uint32(o))) }

// Flags returns the case's explanation flags.
func (o Outcome) Flags() CaseFlags { return CaseFlags(explain.OutcomeFlags(uint32(o))) }

// Rules returns the rule ids whose formula produced the points.
func (o Outcome) Rules() RuleSet { return RuleSet(explain.OutcomeRules(uint32(o))) }
