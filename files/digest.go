package files

import (
	"crypto/sha256"
	"encoding/hex"
	"hash"
	"io"
	"os"
)

// FileDigest is an input or output file as run.json records it: its base
// name, size in bytes and SHA-256 (lower-case hex).
type FileDigest struct {
	Name   string `json:"name"`
	Size   int64  `json:"size"`
	SHA256 string `json:"sha256"`
}

// hashingReader hashes what is read through it; Stat is the file's, so that
// readers that size themselves from the file still can.
type hashingReader struct {
	f *os.File
	h hash.Hash
	n int64
}

func newHashingReader(f *os.File) *hashingReader { return &hashingReader{f: f, h: sha256.New()} }

func (r *hashingReader) Read(p []byte) (int, error) {
	n, err := r.f.Read(p)
	r.h.Write(p[:n])
	r.n += int64(n)
	return n, err
}

func (r *hashingReader) Stat() (os.FileInfo, error) { return r.f.Stat() }

// digest reads what the reader left unread (a reader that stopped early) and
// returns the whole file's digest.
func (r *hashingReader) digest(name string) FileDigest {
	io.Copy(io.Discard, r)
	return FileDigest{Name: name, Size: r.n, SHA256: hex.EncodeToString(r.h.Sum(nil))}
}
