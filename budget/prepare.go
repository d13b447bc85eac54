package budget

import (
	"fmt"
	"slices"

	"github.com/dipdrg/dipdrg/dip"
	"github.com/dipdrg/dipdrg/drg"
	"github.com/dipdrg/dipdrg/internal/readmit"
	"github.com/dipdrg/dipdrg/internal/special"
	"github.com/dipdrg/dipdrg/param"
	"github.com/dipdrg/dipdrg/pointvalue"
	"github.com/dipdrg/dipdrg/policy"
)

// prepare resolves each DRG and DIP case's group (DIP-3 once per distinct key)
// and runs the cross-case rules, in one place for both methods: the
// special-review cap (DRG-8, DIP-8), then readmissions (DRG-7, DIP-7).
func (r *run) prepare() error {
	r.progress("prepare", len(r.settled))
	if err := r.needTables(r.methodsUsed()); err != nil {
		return err
	}
	r.resolve()
	if err := r.checkUnknown(); err != nil {
		return err
	}
	r.crossCase()
	return canceled(r.ctx)
}

// checkUnknown is ERR-5's wrong-table check: in a pool (fund, method) of at
// least 1,000 cases (bed-day stays and VAR-12's exclusions not counted), more than
// limits.max_unknown_group_share of them that the table cannot place — a DRG code
// not in the weights; a DIP code not in the catalog, or a case DIP-3 cannot
// group — is an error in either mode, of the table file.
func (r *run) checkUnknown() error {
	l := &r.p.Limits
	if !l.HasMaxUnknownGroupShare {
		return nil
	}
	var errs pointvalue.ErrorList
	for m, source := range [2]string{r.src.Weights, r.src.Catalog} {
		for f := range param.Fund(param.NumFunds) {
			n, u := r.unknown[m][f][0], r.unknown[m][f][1]
			if n < 1000 || pointvalue.ExactFrac(int64(u), int64(n)).Cmp(pointvalue.ExactFrac(int64(l.MaxUnknownGroupShare), pointvalue.FactorUnit)) <= 0 {
				continue
			}
			pct, _ := pointvalue.ExactFrac(int64(u)*1000, int64(n)).Round(1, pointvalue.HalfUp) // tenths of a percent
			errs.Addf(source, 0, "", "", fmt.Errorf("%w: %d of %d cases (%d.%d%%) of the %s %s pool not in this table (limits.max_unknown_group_share %s)",
				pointvalue.ErrPolicy, u, n, pct/10, pct%10, f, []string{"drg", "dip"}[m], l.MaxUnknownGroupShare))
		}
	}
	return errs.Err()
}

// checkTables is ERR-5 over the tables' coefficients: a group's factor or
// coef_<level> above limits.max_coefficient is an error of the table file.
func (r *run) checkTables(need [2]bool) error {
	l := &r.p.Limits
	if !l.HasMaxCoefficient {
		return nil
	}
	var errs pointvalue.ErrorList
	report := func(source, code, field string, k pointvalue.Factor) {
		if k > 0 && !l.CoefficientOK(k) {
			errs.Addf(source, 0, field, k.String(), fmt.Errorf("%w: group %s: above limits.max_coefficient %s (ERR-5)", pointvalue.ErrRange, code, l.MaxCoefficient))
		}
	}
	levels := [param.NumLevels]string{"coef_tertiary", "coef_secondary", "coef_primary"}
	if need[0] && r.in.Weights != nil {
		for _, g := range r.in.Weights.Groups {
			report(r.src.Weights, g.Code, "factor", g.Factor)
			for lv, k := range g.CoefByLevel {
				report(r.src.Weights, g.Code, levels[lv], k)
			}
		}
	}
	if need[1] && r.in.Catalog != nil {
		for _, g := range r.in.Catalog.Groups {
			report(r.src.Catalog, g.Code, "factor", g.Factor)
			for lv, k := range g.CoefByLevel {
				report(r.src.Catalog, g.Code, levels[lv], k)
			}
		}
	}
	return errs.Err()
}

// methodsUsed reports whether any accepted row is scored by DRG (0) and DIP (1).
func (r *run) methodsUsed() [2]bool {
	need := [2]bool{}
	for _, i := range r.settled {
		switch r.route[i].scoring() {
		case param.DRG:
			need[0] = true
		case param.DIP:
			need[1] = true
		}
	}
	return need
}

// needTables checks that the tables the cases need are given.
func (r *run) needTables(need [2]bool) error {
	if need[0] && r.in.Weights == nil {
		return r.tableError(r.src.Weights, "drg_code", fmt.Errorf("%w: DRG cases need a weights table", pointvalue.ErrRequired))
	}
	if need[1] && r.in.Catalog == nil {
		return r.tableError(r.src.Catalog, "group_code", fmt.Errorf("%w: DIP cases need a catalog", pointvalue.ErrRequired))
	}
	return r.checkTables(need)
}

// resolve sets each accepted row's group (DRG code, DIP group given or grouped
// by DIP-3) and scorer flags, and lists the rows each scoring loop takes.
func (r *run) resolve() {
	b := r.b
	n := b.Len()
	r.resolveCodes([2]bool{r.in.Weights != nil, r.in.Catalog != nil})
	r.grp = make([]int32, n)
	r.cflags = make([]uint8, n)
	// Row order, not case-id order: the scoring loops then read the columns
	// sequentially (a year's rows are in no particular id order).
	for i := range uint32(n) {
		rt := r.route[i]
		if !rt.ok() {
			continue
		}
		fl := b.flags[i]
		switch rt.scoring() {
		case param.DRG:
			r.grp[i] = drg.NoGroup
			if g := b.group[i]; g != 0 {
				r.grp[i] = r.codes[0][g]
			}
			r.cflags[i] = flagIf(fl&rowIncomplete != 0, drg.FlagIncomplete) | flagIf(fl&rowSpecial != 0, drg.FlagSpecial) |
				flagIf(r.isExcluded(i), drg.FlagExcluded)
		case param.DIP:
			given := b.group[i] != 0
			if given {
				r.grp[i] = r.codes[1][b.group[i]]
			} else {
				r.grp[i] = r.dipKey[b.dipKeyOf(i)]
			}
			r.cflags[i] = flagIf(given, dip.FlagGiven) | flagIf(fl&rowSpecial != 0, dip.FlagSpecial) | flagIf(fl&rowTCM != 0, dip.FlagTCM) |
				flagIf(r.isExcluded(i), dip.FlagExcluded)
		case param.BedDay:
			r.grp[i] = -1
			r.bedRows = append(r.bedRows, i)
			continue
		}
		m := rt.scoring() // 0 DRG, 1 DIP
		r.scoring[m][rt.fund()] = append(r.scoring[m][rt.fund()], i)
		if !r.isExcluded(i) { // ERR-5's population: the pool's cases the table must place
			c := &r.unknown[m][rt.fund()]
			c[0]++
			if g := r.grp[i]; g == drg.UnknownGroup || (m == param.DIP && g < 0) {
				c[1]++
			}
		}
	}
}

// crossCase runs the cross-case rules over the batch: the special-review cap
// (DRG-8, DIP-8), then readmissions (DRG-7, DIP-7). The flag bits of both
// scorers agree where these rules set them.
func (r *run) crossCase() {
	for _, method := range []param.Method{param.DRG, param.DIP} {
		cr := crossRulesOf(r.p, method)
		for _, i := range r.specialRefused(method, cr.share, cr.scope) {
			r.cflags[i] |= flagRefused
		}
		if cr.readmit {
			for _, i := range r.readmitted(method, cr.days) {
				r.cflags[i] |= flagReadmitted
			}
		}
	}
}

func flagIf(c bool, f uint8) uint8 {
	if c {
		return f
	}
	return 0
}

// tableError is an error about a whole input table (line 0).
func (r *run) tableError(source, field string, err error) error {
	var l pointvalue.ErrorList
	l.Addf(source, 0, field, "", err)
	return &l
}

// resolveCodes looks each of the batch's group codes up in the weights table and
// the catalog, and groups each distinct DIP key once (DIP-3). It extends what
// is resolved already: a stream's windows share their tables and resolve each
// entry once.
func (r *run) resolveCodes(need [2]bool) {
	b := r.b
	if need[0] {
		start := max(1, len(r.codes[0]))
		r.codes[0] = slices.Grow(r.codes[0], len(b.groups.s)+1-len(r.codes[0]))[:len(b.groups.s)+1]
		for g := start; g < len(b.groups.s); g++ {
			r.codes[0][g] = drg.UnknownGroup
			if i, ok := r.in.Weights.Lookup(b.groups.s[g]); ok {
				r.codes[0][g] = i
			}
		}
	}
	if need[1] {
		cat := r.in.Catalog
		start := max(1, len(r.codes[1]))
		r.codes[1] = slices.Grow(r.codes[1], len(b.groups.s)+1-len(r.codes[1]))[:len(b.groups.s)+1]
		for g := start; g < len(b.groups.s); g++ {
			r.codes[1][g], _ = cat.Resolve(b.groups.s[g], "", "", dip.TreatmentUnset)
		}
		start = len(r.dipKey)
		r.dipKey = slices.Grow(r.dipKey, len(b.dipKeyParts)+1-len(r.dipKey))[:len(b.dipKeyParts)+1]
		if start == 0 {
			r.dipKey[0] = cat.GroupJoined("", "", dip.TreatmentUnset)
			start = 1
		}
		for k := start; k < len(b.dipKeyParts); k++ {
			d := &b.dipKeyParts[k]
			r.dipKey[k] = cat.GroupJoined(d.diagnosis, d.procedures, d.treatment)
		}
	}
}

// methodRows returns the rows of DRG (m 0) or DIP (m 1) cases of both funds, in
// case-id order: the population of the cross-case rules (bed-day stays excluded,
// A23, A24).
func (r *run) methodRows(m int) []uint32 {
	want := param.DRG
	if m == 1 {
		want = param.DIP
	}
	out := make([]uint32, 0, len(r.scoring[m][0])+len(r.scoring[m][1]))
	for _, i := range r.settled {
		if r.route[i].scoring() == want {
			out = append(out, i)
		}
	}
	return out
}

// specialRefused is the DRG-8 / DIP-8 cap over the accepted cases the method
// scores (bed-day stays excluded, A23, A24): at most floor(share × N) approvals
// per scope, N the scope's cases; the earliest by (discharge date, case id) are
// kept (A24). It returns the rows of the approvals refused. Rows are read in
// row order (sequentially); case-id order enters as each row's ordinal.
func (r *run) specialRefused(method param.Method, share pointvalue.Factor, scope param.SpecialScope) []uint32 {
	b := r.b
	var claims []special.Claim
	counts := make([]int, max(1, len(r.hosp)))
	for i := range uint32(b.Len()) {
		rt := r.route[i]
		if !rt.ok() || rt.scoring() != method || r.isExcluded(i) { // VAR-12: out of N
			continue
		}
		var s int32
		if scope == param.ScopeHospital {
			s = r.hmap[b.hosp[i]]
		}
		counts[s]++
		if r.cflags[i]&flagSpecial != 0 {
			claims = append(claims, special.Claim{Scope: s, Discharge: b.discharge[i], Index: int32(i)})
		}
	}
	if len(claims) == 0 {
		return nil
	}
	// The cap's tie-break is case-id order: claims are numbered in it.
	slices.SortFunc(claims, func(x, y special.Claim) int { return b.cmpRows(uint32(x.Index), uint32(y.Index)) })
	rows := make([]uint32, len(claims))
	for k := range claims {
		rows[k] = uint32(claims[k].Index)
		claims[k].Index = int32(k)
	}
	refused := special.Refused(claims, counts, share)
	out := make([]uint32, len(refused))
	for k, o := range refused {
		out[k] = rows[o]
	}
	return out
}

// readmitted is DRG-7 / DIP-7 over the accepted cases the method scores: the rows
// of the earlier stays to reduce (A25). Stays link by patient, hospital and
// resolved group, so only the patients with more than one row of the batch
// take part; they are put in case-id order (Mark's tie-break) and linked; an
// approved special stay is never reduced.
func (r *run) readmitted(method param.Method, days int) []uint32 {
	b := r.b
	pat, multi := b.patientNumbers()
	// The linking rows in case-id order (Mark's tie-break): marked, then read
	// off the batch's id order.
	in := make([]uint64, (b.Len()+63)/64)
	count := 0
	for _, i := range multi {
		if rt := r.route[i]; rt.ok() && rt.scoring() == method && r.grp[i] >= 0 && !r.isExcluded(i) { // VAR-12: never link
			in[i>>6] |= 1 << (i & 63)
			count++
		}
	}
	rows := make([]uint32, 0, count)
	for _, i := range b.order {
		if in[i>>6]&(1<<(i&63)) != 0 {
			rows = append(rows, i)
		}
	}
	stays := make([]readmit.Stay, len(rows))
	for k, i := range rows {
		fl := r.cflags[i]
		stays[k] = readmit.Stay{
			Patient: int32(pat[i]) - 1, Hospital: r.hmap[b.hosp[i]], Group: r.grp[i],
			Admit: b.admit[i], Discharge: b.discharge[i],
			Exempt: fl&flagSpecial != 0 && fl&flagRefused == 0,
		}
	}
	by := make([]int32, len(stays))
	for k := range by {
		by[k] = -1
	}
	readmit.MarkBy(stays, days, by)
	var out []uint32
	for k, j := range by {
		if j >= 0 && !stays[k].Exempt {
			out = append(out, rows[k])
			r.linkLater(rows[k], b.id(rows[j])) // the readmission, for Explain (explain.go)
		}
	}
	return out
}

// crossRules are a method's cross-case parameters.
type crossRules struct {
	share   pointvalue.Factor
	scope   param.SpecialScope
	readmit bool
	days    int
}

func crossRulesOf(p *policy.Policy, m param.Method) crossRules {
	if m == param.DIP {
		return crossRules{p.DIP.SpecialMaxShare, p.DIP.SpecialScope, p.DIP.ReadmitRule != param.ReadmitNone, p.DIP.ReadmitDays}
	}
	return crossRules{p.DRG.SpecialMaxShare, p.DRG.SpecialScope, p.DRG.ReadmitRule != param.ReadmitNone, p.DRG.ReadmitDays}
}

// The flag bits of both scorers agree where the cross-case rules set them.
const (
	flagSpecial    = drg.FlagSpecial
	flagReadmitted = drg.FlagReadmitted
	flagRefused    = drg.FlagSpecialRefused
)

var _ = [1]int{}[dip.FlagSpecial^flagSpecial|dip.FlagReadmitted^flagReadmitted|dip.FlagSpecialRefused^flagRefused]
