package lint_test

import (
	"syscall"
	"time"
	"unsafe"
)

// lutimes sets the times of the link at path itself (utimensat with
// AT_SYMLINK_NOFOLLOW), as the cache tests age a workspace.
func lutimes(path string, t time.Time) error {
	p, err := syscall.BytePtrFromString(path)
	if err != nil {
		return err
	}
	ts := [2]syscall.Timespec{syscall.NsecToTimespec(t.UnixNano()), syscall.NsecToTimespec(t.UnixNano())}
	atFDCWD, atSymlinkNoFollow := -100, 0x100
	if _, _, e := syscall.Syscall6(syscall.SYS_UTIMENSAT, uintptr(atFDCWD), uintptr(unsafe.Pointer(p)), uintptr(unsafe.Pointer(&ts[0])), uintptr(atSymlinkNoFollow), 0, 0); e != 0 {
		return e
	}
	return nil
}
