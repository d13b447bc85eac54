package monitor

import (
	"context"
	"os"
	"runtime"
	"runtime/pprof"
	"strconv"
	"syscall"
	"testing"
	"time"

	"github.com/dipdrg/dipdrg/budget"
	"github.com/dipdrg/dipdrg/files"
	"github.com/dipdrg/dipdrg/internal/synth"
)

func TestZZTiming(t *testing.T) {
	if os.Getenv("ZZ") == "" {
		t.Skip()
	}
	f := synthFiles(t, synth.Options{Seed: 1, Cases: 1_000_000, Method: synth.DRG, Monitoring: true, Plants: true})
	in, _, err := files.Read(f, files.Options{Monitoring: true})
	if err != nil {
		t.Fatal(err)
	}
	res, err := budget.Settle(context.Background(), in, budget.Options{})
	if err != nil {
		t.Fatal(err)
	}
	runtime.GC()
	timing = func(phase string) { c := cpu(); t.Logf("%s %v", phase, c-c0); c0 = c }
	c0 = cpu()
	rep, err := Measure(res, in, Options{})
	timing = nil
	t.Log(rep.NumRows(), rep.NumAlerts(), rep.Exact, err)
}

var c0 time.Duration

func cpu() time.Duration {
	var ru syscall.Rusage
	syscall.Getrusage(syscall.RUSAGE_SELF, &ru)
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

func TestZZIter(t *testing.T) {
	if os.Getenv("ZZ") == "" {
		t.Skip()
	}
	f := synthFiles(t, synth.Options{Seed: 1, Cases: 1_000_000, Method: synth.DRG, Monitoring: true, Plants: true})
	in, _, _ := files.Read(f, files.Options{Monitoring: true})
	res, _ := budget.Settle(context.Background(), in, budget.Options{})
	runtime.GC()
	for range 3 {
		c := cpu()
		var n int64
		for s := range res.Settled(0) {
			n += int64(s.TotalCost)
		}
		t.Log("empty iteration", cpu()-c, n)
	}
}

func TestZZ10M(t *testing.T) {
	if os.Getenv("ZZ10") == "" {
		t.Skip()
	}
	f := synthFiles(t, synth.Options{Seed: 1, Cases: 10_000_000, Method: synth.DRG, Monitoring: true, Plants: true})
	in, _, err := files.Read(f, files.Options{Monitoring: true})
	if err != nil {
		t.Fatal(err)
	}
	res, err := budget.Settle(context.Background(), in, budget.Options{})
	if err != nil {
		t.Fatal(err)
	}
	runtime.GC()
	timing = func(phase string) { c := cpu(); t.Logf("%s %v", phase, c-c0); c0 = c }
	fh, _ := os.Create("/tmp/m10.prof")
	pprof.StartCPUProfile(fh)
	c0 = cpu()
	rep, err := Measure(res, in, Options{})
	pprof.StopCPUProfile()
	fh.Close()
	timing = nil
	t.Log(rep.NumRows(), rep.NumAlerts(), rep.Exact, err)
}

func init() {
	if v := os.Getenv("BLOCK"); v != "" {
		n, _ := strconv.Atoi(v)
		blockBytes = n
	}
}
