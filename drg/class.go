package drg

import "github.com/dipdrg/dipdrg/internal/explain"

// Class is how DRG-5 (or DRG-8) scored a case: the `class` column of cases.csv.
type Class uint8

const (
	Normal     Class = iota // base × coef
	High                    // 高倍率: ratio > T(base)
	Low                     // 低倍率: ratio < LowRatio
	Incomplete              // 未完整治疗
	Unstable                // 非稳定病组: cost ÷ M × 100
	Ungrouped               // 歧义/无法入组 (no code, or a code not in the table): cost ÷ M × 100
	Special                 // 特例单议 approved: its points (DRG-8)
)

var classWords = [...]string{"normal", "high", "low", "incomplete", "unstable", "ungrouped", "special"}

// String returns the word of docs/formats.md: "normal", "high", "low", "incomplete",
// "unstable", "ungrouped" or "special".
func (c Class) String() string {
	if int(c) < len(classWords) {
		return classWords[c]
	}
	return "class(?)"
}

// CaseFlags are the explanation flags of a case (the `flags` column).
type CaseFlags uint8

const (
	FlagsExcludedLOS    CaseFlags = 1 << iota // VAR-12: a stay length the policy excludes, paid by cost
	FlagsReadmission                          // the earlier stay, reduced by DRG-7
	FlagsSpecialRefused                       // refused by the DRG-8 cap
	FlagsUngrouped                            // DRG-5: no group
	FlagsUnknownGroup                         // a code given but not in the table
	FlagsUnstable                             // DRG-5: unstable group
)

// caseFlagWords are in byte order, the order String writes them.
var caseFlagWords = [...]string{"excluded-los", "readmission", "special-refused", "ungrouped", "unknown-group", "unstable"}

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
	RuleDRG3  RuleSet = 1 << iota // base points
	RuleDRG4                      // hospital coefficient
	RuleDRG5                      // case points
	RuleDRG7                      // readmission
	RuleDRG8                      // special review (approved, or refused)
	RuleVAR12                     // a stay length the policy excludes (VAR-12)
	RuleVAR3                      // a per-fund coefficient (VAR-3)
	RuleVAR4                      // the group's factor or level coefficient (VAR-4)
	RuleVAR7                      // an incomplete stay without the coefficient (VAR-7)
)

var ruleWords = [...]string{"DRG-3", "DRG-4", "DRG-5", "DRG-7", "DRG-8", "VAR-12", "VAR-3", "VAR-4", "VAR-7"}

// String returns the rule ids, |-joined and sorted: "DRG-3|DRG-4|DRG-5".
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
