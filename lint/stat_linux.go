//go:build linux

package lint

import (
	"os"
	"strconv"
	"syscall"
)

// statKey names a file's or folder's identity and last change: device,
// inode, size, mode, and the modification and change times in
// nanoseconds. A change of content changes the change time (which no one
// can set back), so an equal key means equal content; "" when there is no
// such file.
func statKey(path string) string {
	fi, err := os.Lstat(path)
	if err != nil {
		return ""
	}
	st, ok := fi.Sys().(*syscall.Stat_t)
	if !ok {
		return ""
	}
	// "dev:ino:size:mode(octal):mtime:ctime", built without fmt: a warm
	// run makes one for every file and folder its verdicts depend on
	b := make([]byte, 0, 96)
	b = strconv.AppendUint(b, uint64(st.Dev), 10)
	b = append(b, ':')
	b = strconv.AppendUint(b, st.Ino, 10)
	b = append(b, ':')
	b = strconv.AppendInt(b, st.Size, 10)
	b = append(b, ':')
	b = strconv.AppendUint(b, uint64(st.Mode), 8)
	for _, t := range []syscall.Timespec{st.Mtim, st.Ctim} {
		b = append(b, ':')
		b = strconv.AppendInt(b, int64(t.Sec), 10)
		b = append(b, '.')
		b = strconv.AppendInt(b, int64(t.Nsec), 10)
	}
	return string(b)
}
