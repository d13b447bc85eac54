package bedday

import (
	"errors"

	"github.com/dipdrg/dipdrg/param"
	pv "github.com/dipdrg/dipdrg/pointvalue"
)

// seg and rule are the tests' compact spelling of a bed-day setting: a bound of 0
// is the open last segment, a MaxDays of 0 no cap.
type seg struct {
	UpTo   int
	Factor pv.Factor
}

type rule struct {
	Segments   []seg
	MaxDays    int
	Multiplier int64
	PointScale int
	Rounding   pv.Rounding
}

func (r rule) split() (Params, Env) {
	p := Params{MaxDays: r.MaxDays, HasMaxDays: r.MaxDays != 0}
	for _, s := range r.Segments {
		p.Segments = append(p.Segments, Segment{UpTo: s.UpTo, Unbounded: s.UpTo == 0, Factor: s.Factor})
	}
	return p, Env{Multiplier: r.Multiplier, PointScale: r.PointScale, Rounding: r.Rounding}
}

func (r rule) dailyBase(rate, m pv.Money) (pv.Points, error) {
	_, e := r.split()
	return DailyBase(rate, m, e)
}

func (r rule) stayPoints(daily pv.Points, days int) (pv.Points, error) {
	p, e := r.split()
	return p.StayPoints(daily, days, e)
}

// validate checks the parameters (an empty segment list stands for the default
// single open segment) and the environment.
func (r rule) validate() error {
	p, e := r.split()
	if len(p.Segments) == 0 {
		p.Segments = []Segment{{Unbounded: true, Factor: pv.One}}
	}
	if !e.valid() {
		return errEnv
	}
	return errors.Join(p.Validate())
}

var _ = param.NumLevels
