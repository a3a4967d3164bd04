//go:build unix

package source

import (
	"os"
	"syscall"

	"github.com/irislint/irislint/internal/fsx"
)

// readRegular opens path without blocking (a FIFO's open waits for a
// writer otherwise), then reads it if what it opened is a regular file.
// It works on the descriptor itself: os.Open does, for a file the runtime
// may poll, a stat, flag changes and an epoll registration that fails for
// regular files, as many system calls again as the read, and a warm run
// reads hundreds of cache entries.
func readRegular(path string, max int64) ([]byte, error) {
	fail := func(op string, err error) ([]byte, error) {
		return nil, &os.PathError{Op: op, Path: path, Err: err}
	}
	fd, err := fsx.OpenFD(path, syscall.O_RDONLY|syscall.O_CLOEXEC|syscall.O_NONBLOCK)
	if err != nil {
		return fail("open", err)
	}
	defer syscall.Close(fd)
	var st syscall.Stat_t
	for {
		if err = syscall.Fstat(fd, &st); err != syscall.EINTR {
			break
		}
	}
	switch {
	case err != nil:
		return fail("stat", err)
	case st.Mode&syscall.S_IFMT != syscall.S_IFREG:
		return fail("read", ErrNotRegular)
	case st.Size > max:
		return fail("read", ErrTooLarge)
	}
	// into a buffer of the size the file has (plus one, to see it grow),
	// as os.ReadFile does: no copies while growing
	data := make([]byte, 0, st.Size+1)
	for int64(len(data)) <= max {
		if len(data) == cap(data) {
			data = append(data, 0)[:len(data)]
		}
		n, err := syscall.Read(fd, data[len(data):min(cap(data), int(max)+1)])
		if err == syscall.EINTR {
			continue
		}
		if err != nil {
			return fail("read", err)
		}
		if n == 0 {
			break
		}
		data = data[:len(data)+n]
	}
	if int64(len(data)) > max {
		return fail("read", ErrTooLarge)
	}
	return data, nil
}
