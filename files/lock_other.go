//go:build !(linux || darwin || freebsd || netbsd || openbsd || dragonfly)

package files

import (
	"errors"
	"os"
	"path/filepath"
	"strconv"
)

// dirLock is an output directory's lock: its lock file, created exclusively.
// On these systems a killed run leaves the file behind: remove it by hand once
// no run is writing the directory.
type dirLock struct {
	f    *os.File
	name string
}

func lockDir(dir string) (*dirLock, error) {
	name := filepath.Join(dir, lockName)
	f, err := os.OpenFile(name, os.O_RDWR|os.O_CREATE|os.O_EXCL, 0o644)
	if errors.Is(err, os.ErrExist) {
		return nil, ErrLocked
	}
	if err != nil {
		return nil, err
	}
	f.WriteString(strconv.Itoa(os.Getpid()) + "\n")
	return &dirLock{f: f, name: name}, nil
}

func (l *dirLock) unlock() error {
	l.f.Close()
	return os.Remove(l.name)
}
