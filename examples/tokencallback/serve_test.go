package tokencallback

import (
	"context"
	"net"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/irislint/irislint/examples/tokencallback/appscopes"
)

// waitForLog waits until the log holds want; the installation check runs
// in its own goroutine after the callback has answered.
func waitForLog(t *testing.T, log *logBuffer, want string) {
	t.Helper()
	for deadline := time.Now().Add(20 * time.Second); time.Now().Before(deadline); time.Sleep(10 * time.Millisecond) {
		if strings.Contains(log.String(), want) {
			return
		}
	}
	t.Fatalf("log lacks %q:\n%s", want, log)
}

// TestRun is the program end to end, over real connections: Trackunit's
// JWKS and token endpoint are local stand-ins, the callback is served at
// the path of appscopes.TokenCallbackURL, an installation is stored and
// its first token fetched, a reinstall whose credentials do not work shows
// in the log, and the server shuts down when its context ends.
func TestRun(t *testing.T) {
	jwks := newJWKSServer(t)
	key := newECKey(t, "trackunit-1")
	jwks.publish(t, key)
	tokenEndpoint := newTokenServer(t, testClient, testSecret, appscopes.APIIrisAppProxyFetch)
	logger, log := newTestLogger(t, testSecret, "secret-new")
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(t.Context())
	defer cancel()
	done := make(chan error, 1)
	go func() { done <- Serve(ctx, ln, Config{JWKSURL: jwks.URL, TokenURL: tokenEndpoint.URL}, logger) }()

	cb, err := url.Parse(appscopes.TokenCallbackURL)
	if err != nil {
		t.Fatal(err)
	}
	callback := "http://" + ln.Addr().String() + cb.Path
	resp := post(t, http.DefaultClient, callback, key.sign(t, identityClaims()), "application/json",
		installedMessage(testAccount, testClient, testSecret))
	if resp.StatusCode != http.StatusNoContent {
		t.Fatalf("callback answered %d; log:\n%s", resp.StatusCode, log)
	}
	waitForLog(t, log, `msg="installation ready" account=`+testAccount)
	if !strings.Contains(log.String(), "optional_denied=[api.iris.app.proxy.fetch]") {
		t.Errorf("log does not report the denied optional scope:\n%s", log)
	}
	if n := tokenEndpoint.issuedCount(); n != 1 {
		t.Errorf("%d tokens fetched, want 1", n)
	}

	// The account installs again: the old token is forgotten, and the new
	// credentials are refused by the token endpoint, which the log shows.
	resp = post(t, http.DefaultClient, callback, key.sign(t, identityClaims()), "application/json",
		installedMessage(testAccount, "client-new", "secret-new"))
	if resp.StatusCode != http.StatusNoContent {
		t.Fatalf("second callback answered %d; log:\n%s", resp.StatusCode, log)
	}
	waitForLog(t, log, `msg="installation has no usable token" account=`+testAccount)
	if !strings.Contains(log.String(), "invalid_client") {
		t.Errorf("log does not say why:\n%s", log)
	}

	// Only the callback's path is served; a forged call is refused.
	if resp := post(t, http.DefaultClient, "http://"+ln.Addr().String()+"/", "", "application/json", "{}"); resp.StatusCode != http.StatusNotFound {
		t.Errorf("/ answered %d", resp.StatusCode)
	}
	if resp := post(t, http.DefaultClient, callback, newECKey(t, "trackunit-1").sign(t, identityClaims()), "application/json",
		installedMessage(testAccount, "client-evil", "secret-evil")); resp.StatusCode != http.StatusUnauthorized {
		t.Errorf("forged callback answered %d", resp.StatusCode)
	}

	cancel()
	select {
	case err := <-done:
		if err != nil {
			t.Errorf("run: %v", err)
		}
	case <-time.After(20 * time.Second):
		t.Fatal("run did not return after its context ended")
	}
}

// TestRunBadJWKSURL: a JWKS URL that cannot even be parsed stops the
// program at start, with the URL in the error.
func TestRunBadJWKSURL(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	logger, _ := newTestLogger(t)
	err = Serve(t.Context(), ln, Config{JWKSURL: "not a url", TokenURL: "http://127.0.0.1:1"}, logger)
	if err == nil || !strings.Contains(err.Error(), "identity keys from not a url") {
		t.Errorf("run: %v", err)
	}
}
