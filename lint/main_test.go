package lint

import (
	"os"
	"testing"
)

// TestMain runs the tests with the result cache off unless a test gives a
// folder of its own (they would fill the user's cache otherwise).
func TestMain(m *testing.M) {
	os.Setenv(CacheDirEnv, "off")
	os.Exit(m.Run())
}
