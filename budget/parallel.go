package budget

import (
	"runtime"
	"sync"

	"github.com/dipdrg/dipdrg/drg"
	"github.com/dipdrg/dipdrg/param"
	"github.com/dipdrg/dipdrg/pointvalue"
)

// worker is one shard's private state: its own totals (merged exactly, PV-7),
// its own interned words and its own errors, so shards share nothing mutable.
type worker struct {
	acc, accMonth pointvalue.Accumulator
	cmi           [param.NumFunds][]drg.CMI
	words         *words
	bedCost       [param.NumFunds]pointvalue.Money // total cost of bed-day stays (BUD-6)
	errs          []shardErr
}

type shardErr struct {
	i   int // case index
	err error
}

func (w *worker) fail(i int, err error) { w.errs = append(w.errs, shardErr{i, err}) }

func (st *state) workers() int {
	n := st.in.Workers
	if n <= 0 {
		n = runtime.GOMAXPROCS(0)
	}
	return n
}

// parallel runs fn over [0, n) in contiguous shards, one goroutine each, then
// merges the shards' totals into the state in shard order and reports their
// errors in case order. Small batches run in one shard.
func (st *state) parallel(n int, fn func(w *worker, lo, hi int)) {
	shards := st.workers()
	if n < 4096*shards {
		shards = max(1, min(shards, n/4096))
	}
	ws := make([]*worker, shards)
	var wg sync.WaitGroup
	for s := range ws {
		w := &worker{words: new(words)}
		for f := range w.cmi {
			w.cmi[f] = make([]drg.CMI, len(st.hosp))
		}
		ws[s] = w
		lo, hi := n*s/shards, n*(s+1)/shards
		wg.Go(func() { fn(w, lo, hi) })
	}
	wg.Wait()
	for _, w := range ws {
		st.mergeWorker(w)
		for _, e := range w.errs {
			st.scoreError(&st.cases[e.i], e.err)
		}
	}
}

// mergeWorker adds a worker's totals into the run's (PV-7: plain sums, exact in any order).
func (st *state) mergeWorker(w *worker) {
	st.acc.Merge(&w.acc)
	st.accMonth.Merge(&w.accMonth)
	for f := range w.cmi {
		for h := range w.cmi[f] {
			st.cmi[f][h].Merge(w.cmi[f][h])
		}
		st.bedCost[f] += w.bedCost[f]
	}
}
