package benchmarks

import (
	"runtime"
	"runtime/metrics"
	"sync"
	"syscall"
	"testing"
	"time"
)

// cpuTime is the process's CPU time so far, user + system (getrusage): the
// machines are shared, so wall time varies 2–3× while CPU time does not.
func cpuTime() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

// heapSampler records the peak of the live heap objects while it runs, sampled
// every millisecond from runtime/metrics (no stop-the-world).
type heapSampler struct {
	stop chan struct{}
	done sync.WaitGroup
	peak uint64
	base uint64
}

var heapMetric = "/memory/classes/heap/objects:bytes"

func heapNow() uint64 {
	s := []metrics.Sample{{Name: heapMetric}}
	metrics.Read(s)
	if s[0].Value.Kind() != metrics.KindUint64 {
		return 0
	}
	return s[0].Value.Uint64()
}

func startHeap() *heapSampler {
	h := &heapSampler{stop: make(chan struct{}), base: heapNow()}
	h.peak = h.base
	h.done.Go(func() {
		t := time.NewTicker(time.Millisecond)
		defer t.Stop()
		for {
			select {
			case <-h.stop:
				return
			case <-t.C:
				h.peak = max(h.peak, heapNow())
			}
		}
	})
	return h
}

// end stops sampling and returns the peak growth of the heap over its start.
func (h *heapSampler) end() uint64 {
	close(h.stop)
	h.done.Wait()
	h.peak = max(h.peak, heapNow())
	return h.peak - h.base
}

// meter times the sections of a benchmark that count — wall, CPU and memory —
// and reports them per case: ns/case, cpu-ns/case, B/case (bytes allocated),
// peak-B/case (the live heap's peak growth above where it started).
type meter struct {
	cases     int
	cpu       time.Duration
	wall      time.Duration
	alloc     uint64
	peak      uint64
	t0        time.Time
	c0        time.Duration
	a0        uint64
	heap      *heapSampler
	withPeaks bool
}

func newMeter(cases int, peaks bool) *meter { return &meter{cases: cases, withPeaks: peaks} }

func totalAlloc() uint64 {
	s := []metrics.Sample{{Name: "/gc/heap/allocs:bytes"}}
	metrics.Read(s)
	return s[0].Value.Uint64()
}

// start begins a measured section (the benchmark timer runs only inside them).
func (m *meter) start(b *testing.B) {
	if m.withPeaks {
		runtime.GC()
		m.heap = startHeap()
	}
	m.a0 = totalAlloc()
	m.c0, m.t0 = cpuTime(), time.Now()
	b.StartTimer()
}

func (m *meter) stop(b *testing.B) {
	b.StopTimer()
	m.wall += time.Since(m.t0)
	m.cpu += cpuTime() - m.c0
	m.alloc += totalAlloc() - m.a0
	if m.heap != nil {
		m.peak = max(m.peak, m.heap.end())
		m.heap = nil
	}
}

// report reports the metrics per case per iteration and returns the CPU ns/case.
func (m *meter) report(b *testing.B) float64 {
	per := float64(b.N) * float64(max(1, m.cases))
	b.ReportMetric(float64(m.wall.Nanoseconds())/per, "ns/case")
	cpu := float64(m.cpu.Nanoseconds()) / per
	b.ReportMetric(cpu, "cpu-ns/case")
	b.ReportMetric(float64(m.alloc)/per, "B/case")
	if m.withPeaks {
		b.ReportMetric(float64(m.peak)/float64(max(1, m.cases)), "peak-B/case")
	}
	return cpu
}
