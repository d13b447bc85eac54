package main

import (
	"fmt"
	"io"
	"os"
	"sync"
	"time"

	"github.com/dipdrg/dipdrg/budget"
)

// progressDelay is how long a run goes before a terminal shows its progress:
// a short run prints nothing.
const progressDelay = 3 * time.Second

// progress prints a progress line on standard error (cases read, phase): on a
// terminal one line rewritten in place once the run has taken progressDelay,
// forced (-progress) one line per phase and at most one a second while cases
// are read. Off when standard error is not a terminal, unless forced.
type progress struct {
	w     io.Writer
	tty   bool
	force bool
	start time.Time
	mu    sync.Mutex
	phase string
	last  time.Time
	shown bool
}

func newProgress(w io.Writer, force bool) *progress {
	return &progress{w: w, tty: isTerminal(w), force: force, start: time.Now()}
}

// isTerminal reports whether w is a terminal (a character device).
func isTerminal(w io.Writer) bool {
	f, ok := w.(*os.File)
	if !ok {
		return false
	}
	fi, err := f.Stat()
	return err == nil && fi.Mode()&os.ModeCharDevice != 0
}

func (p *progress) on() bool { return p.force || p.tty }

// update is the engine's Progress callback (files.Options.Progress).
func (p *progress) update(pr budget.Progress) {
	if !p.on() {
		return
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	now := time.Now()
	elapsed := now.Sub(p.start)
	if p.tty && !p.force && elapsed < progressDelay {
		p.phase = pr.Phase
		return
	}
	if pr.Phase == p.phase && now.Sub(p.last) < time.Second {
		return
	}
	p.phase, p.last = pr.Phase, now
	line := fmt.Sprintf("settle: %s (%.1f s)", pr.Phase, elapsed.Seconds())
	if pr.Cases > 0 {
		line = fmt.Sprintf("settle: %s, %s cases (%.1f s)", pr.Phase, thousands(int64(pr.Cases)), elapsed.Seconds())
	}
	if p.tty {
		fmt.Fprint(p.w, "\r"+line+"\x1b[K")
		p.shown = true
		return
	}
	fmt.Fprintln(p.w, line)
}

// done ends a line left in place on a terminal.
func (p *progress) done() {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.shown {
		fmt.Fprintln(p.w)
		p.shown = false
	}
}
