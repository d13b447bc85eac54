//go:build linux || darwin || freebsd || netbsd || openbsd || dragonfly

package files

import (
	"errors"
	"os"
	"path/filepath"
	"strconv"
	"syscall"
)

// dirLock is an output directory's lock: an advisory lock (flock) on its lock
// file, which the system releases when the process ends however it ends, so
// that a killed run never leaves the directory locked.
type dirLock struct {
	f    *os.File
	name string
}

func lockDir(dir string) (*dirLock, error) {
	name := filepath.Join(dir, lockName)
	for range 10 {
		f, err := os.OpenFile(name, os.O_RDWR|os.O_CREATE, 0o644)
		if err != nil {
			return nil, err
		}
		if err := syscall.Flock(int(f.Fd()), syscall.LOCK_EX|syscall.LOCK_NB); err != nil {
			f.Close()
			if errors.Is(err, syscall.EWOULDBLOCK) {
				return nil, ErrLocked
			}
			return nil, err
		}
		// The run that held the lock removes the file as it lets go: the file
		// locked must be the one in place, else try again.
		fi, err1 := f.Stat()
		now, err2 := os.Stat(name)
		if err1 == nil && err2 == nil && os.SameFile(fi, now) {
			f.Truncate(0)
			f.WriteString(strconv.Itoa(os.Getpid()) + "\n")
			return &dirLock{f: f, name: name}, nil
		}
		f.Close()
	}
	return nil, ErrLocked
}

func (l *dirLock) unlock() error {
	err := os.Remove(l.name)
	if e := l.f.Close(); err == nil {
		err = e
	}
	return err
}
