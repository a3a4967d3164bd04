//go:build linux

package lint

import (
	"fmt"
	"os"
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
	return fmt.Sprintf("%d:%d:%d:%o:%d.%d:%d.%d", st.Dev, st.Ino, st.Size, st.Mode,
		st.Mtim.Sec, st.Mtim.Nsec, st.Ctim.Sec, st.Ctim.Nsec)
}
