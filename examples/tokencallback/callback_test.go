package tokencallback

import (
	"context"
	"crypto/x509"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/golang-jwt/jwt/v5"

	"github.com/irislint/irislint/examples/tokencallback/appscopes"
)

const (
	testAccount = "6b5cb246-7945-4bb6-bec5-2a1413ffd1b3"
	testClient  = "0oa10o3h43eulvWtz358"
	testSecret  = "wZtQppu1huik4cYBAhYXnZS29pSudTBne2SE6WEM5C5"
)

// callbackHarness is a CallbackHandler behind an httptest server, with
// Trackunit's key published in a JWKS server and a log that must never
// hold the client secret.
type callbackHarness struct {
	key     signingKey // Trackunit's, published in the harness's JWKS
	store   CredentialStore
	server  *httptest.Server
	log     *logBuffer
	mu      sync.Mutex
	hookLog []string // accounts passed to Installed
}

func newCallbackHarness(t *testing.T, store CredentialStore) *callbackHarness {
	h := &callbackHarness{key: newECKey(t, "trackunit-1"), store: store}
	_, verifier := newPublishedVerifier(t, h.key)
	logger, buf := newTestLogger(t, testSecret)
	h.log = buf
	h.server = httptest.NewServer(&CallbackHandler{
		Identity: verifier,
		Store:    store,
		Log:      logger,
		Installed: func(accountID string) {
			h.mu.Lock()
			defer h.mu.Unlock()
			h.hookLog = append(h.hookLog, accountID)
		},
	})
	t.Cleanup(h.server.Close)
	return h
}

// validIdentity is a fresh token signed by Trackunit's key.
func (h *callbackHarness) validIdentity(t *testing.T) string {
	return h.key.sign(t, identityClaims())
}

// assertRefused checks one refused request: the status, its bare text as
// the body, nothing stored, Installed not called, and logReason in the log.
func (h *callbackHarness) assertRefused(t *testing.T, resp *http.Response, status int, logReason string) {
	t.Helper()
	body, _ := io.ReadAll(resp.Body)
	if resp.StatusCode != status || string(body) != http.StatusText(status)+"\n" {
		t.Errorf("answer %d %q, want %d %q", resp.StatusCode, body, status, http.StatusText(status)+"\n")
	}
	if c, err := h.store.Credentials(context.Background(), testAccount); !errors.Is(err, ErrUnknownAccount) {
		t.Errorf("stored %+v despite the refusal (err %v)", c, err)
	}
	h.mu.Lock()
	defer h.mu.Unlock()
	if len(h.hookLog) != 0 {
		t.Errorf("Installed called for %v", h.hookLog)
	}
	// The text log quotes a value as strconv.Quote does.
	if quoted := strconv.Quote(logReason); !strings.Contains(h.log.String(), quoted[1:len(quoted)-1]) {
		t.Errorf("log lacks the reason %q:\n%s", logReason, h.log)
	}
}

func TestCallbackStoresCredentials(t *testing.T) {
	store := &MemoryStore{}
	h := newCallbackHarness(t, store)

	resp := post(t, h.server.Client(), h.server.URL, h.validIdentity(t), "application/json",
		installedMessage(testAccount, testClient, testSecret))
	if resp.StatusCode != http.StatusNoContent {
		t.Fatalf("answer %d, want 204; log:\n%s", resp.StatusCode, h.log)
	}
	got, err := store.Credentials(context.Background(), testAccount)
	want := Credentials{AccountID: testAccount, ClientID: testClient, ClientSecret: testSecret}
	if err != nil || got != want {
		t.Errorf("stored %+v, %v; want %+v", got, err, want)
	}
	if !strings.Contains(h.log.String(), `msg="token callback: credentials stored" account=`+testAccount+" client="+testClient) {
		t.Errorf("log:\n%s", h.log)
	}

	// A charset parameter, and a field Trackunit may add one day, are fine.
	body := strings.Replace(installedMessage("account-2", "client-2", "secret-2"), "{", `{"installedAt":"2025-01-01T00:00:00Z",`, 1)
	resp = post(t, h.server.Client(), h.server.URL, h.validIdentity(t), "application/json; charset=utf-8", body)
	if resp.StatusCode != http.StatusNoContent {
		t.Fatalf("answer %d, want 204; log:\n%s", resp.StatusCode, h.log)
	}
	h.mu.Lock()
	defer h.mu.Unlock()
	if strings.Join(h.hookLog, " ") != testAccount+" account-2" {
		t.Errorf("Installed called for %v", h.hookLog)
	}
}

// TestCallbackRefusesIdentity: every token that does not prove the request
// came from Trackunit is refused with 401 before the body is read.
func TestCallbackRefusesIdentity(t *testing.T) {
	attacker := newECKey(t, "trackunit-1") // claims Trackunit's key ID
	stranger := newECKey(t, "attacker-1")  // a key of its own
	for _, tc := range []struct {
		name   string
		token  func(h *callbackHarness) string
		reason string // in the log
	}{
		{"missing", func(*callbackHarness) string { return "" }, "no identity header"},
		{"not a JWT", func(*callbackHarness) string { return "not-a-jwt" }, "token is malformed"},
		{"unsigned (alg none)", func(h *callbackHarness) string {
			tok := jwt.NewWithClaims(jwt.SigningMethodNone, identityClaims())
			tok.Header["kid"] = h.key.kid
			s, err := tok.SignedString(jwt.UnsafeAllowNoneSignatureType)
			if err != nil {
				t.Fatal(err)
			}
			return s
		}, "signing method none is invalid"},
		{"HMAC keyed with the published public key", func(h *callbackHarness) string {
			der, err := x509.MarshalPKIXPublicKey(h.key.key.Public())
			if err != nil {
				t.Fatal(err)
			}
			tok := jwt.NewWithClaims(jwt.SigningMethodHS256, identityClaims())
			tok.Header["kid"] = h.key.kid
			s, err := tok.SignedString(der)
			if err != nil {
				t.Fatal(err)
			}
			return s
		}, "signing method HS256 is invalid"},
		{"forged: another key under Trackunit's key ID", func(*callbackHarness) string {
			return attacker.sign(t, identityClaims())
		}, "token signature is invalid"},
		{"wrong key: not in the JWKS", func(*callbackHarness) string {
			return stranger.sign(t, identityClaims())
		}, `key not found "attacker-1"`},
		{"signature of another token", func(h *callbackHarness) string {
			real := h.validIdentity(t)
			claims := identityClaims()
			claims.Subject = "someone else"
			forged := attacker.sign(t, claims)
			return forged[:strings.LastIndex(forged, ".")] + real[strings.LastIndex(real, "."):]
		}, "token signature is invalid"},
		{"expired", func(h *callbackHarness) string {
			claims := identityClaims()
			claims.ExpiresAt = jwt.NewNumericDate(time.Now().Add(-2 * time.Minute))
			return h.key.sign(t, claims)
		}, "token is expired"},
		{"no expiry", func(h *callbackHarness) string {
			claims := identityClaims()
			claims.ExpiresAt = nil
			return h.key.sign(t, claims)
		}, "exp claim is required"},
		{"not valid yet", func(h *callbackHarness) string {
			claims := identityClaims()
			claims.NotBefore = jwt.NewNumericDate(time.Now().Add(2 * time.Minute))
			return h.key.sign(t, claims)
		}, "token is not valid yet"},
		{"issued in the future", func(h *callbackHarness) string {
			claims := identityClaims()
			claims.IssuedAt = jwt.NewNumericDate(time.Now().Add(2 * time.Minute))
			return h.key.sign(t, claims)
		}, "token used before issued"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			h := newCallbackHarness(t, &MemoryStore{})
			resp := post(t, h.server.Client(), h.server.URL, tc.token(h), "application/json",
				installedMessage(testAccount, testClient, testSecret))
			h.assertRefused(t, resp, http.StatusUnauthorized, tc.reason)
		})
	}
}

// TestCallbackRefusesRequest: with a valid identity, a request that is not
// a well-formed INSTALLED message for this app is refused.
func TestCallbackRefusesRequest(t *testing.T) {
	good := installedMessage(testAccount, testClient, testSecret)
	field := func(name, value string) string { // good with one field changed
		return strings.Replace(good, `"`+name+`":`, `"`+name+`":`+value+`,"was`+name+`":`, 1)
	}
	for _, tc := range []struct {
		name, method, contentType, body string
		status                          int
		reason                          string
	}{
		{"GET", http.MethodGet, "", "", http.StatusMethodNotAllowed, "method GET"},
		{"PUT", http.MethodPut, "application/json", good, http.StatusMethodNotAllowed, "method PUT"},
		{"no content type", http.MethodPost, "", good, http.StatusUnsupportedMediaType, `content type ""`},
		{"text", http.MethodPost, "text/plain", good, http.StatusUnsupportedMediaType, `content type "text/plain"`},
		{"form", http.MethodPost, "application/x-www-form-urlencoded", "type=INSTALLED", http.StatusUnsupportedMediaType, "content type"},
		{"too large", http.MethodPost, "application/json", field("accountId", `"`+strings.Repeat("x", maxMessageBytes)+`"`),
			http.StatusRequestEntityTooLarge, "request body too large"},
		{"not JSON", http.MethodPost, "application/json", "{", http.StatusBadRequest, "body: unexpected EOF"},
		{"empty", http.MethodPost, "application/json", "", http.StatusBadRequest, "body: EOF"},
		{"two messages", http.MethodPost, "application/json", good + good, http.StatusBadRequest, "more than one JSON value"},
		{"an array", http.MethodPost, "application/json", "[" + good + "]", http.StatusBadRequest, "cannot unmarshal array"},
		{"secret not a string", http.MethodPost, "application/json", field("clientSecret", "42"), http.StatusBadRequest, "cannot unmarshal number"},
		{"another type", http.MethodPost, "application/json", field("type", `"UNINSTALLED"`), http.StatusBadRequest, `message type "UNINSTALLED"`},
		{"no type", http.MethodPost, "application/json", field("type", "null"), http.StatusBadRequest, `message type ""`},
		{"another app", http.MethodPost, "application/json", field("irisAppId", `"@acme/other-app"`), http.StatusForbidden,
			`message for app "@acme/other-app", this is "` + appscopes.IrisAppID + `"`},
		{"no account", http.MethodPost, "application/json", field("accountId", `""`), http.StatusBadRequest, `incomplete message`},
		{"no client ID", http.MethodPost, "application/json", field("clientId", `""`), http.StatusBadRequest, `ClientID:""`},
		{"no client secret", http.MethodPost, "application/json", field("clientSecret", `""`), http.StatusBadRequest, `ClientSecret:""`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			h := newCallbackHarness(t, &MemoryStore{})
			req, err := http.NewRequestWithContext(t.Context(), tc.method, h.server.URL, strings.NewReader(tc.body))
			if err != nil {
				t.Fatal(err)
			}
			req.Header.Set(appscopes.IdentityHeader, h.validIdentity(t))
			if tc.contentType != "" {
				req.Header.Set("Content-Type", tc.contentType)
			}
			resp, err := h.server.Client().Do(req)
			if err != nil {
				t.Fatal(err)
			}
			defer resp.Body.Close()
			h.assertRefused(t, resp, tc.status, tc.reason)
			if tc.status == http.StatusMethodNotAllowed && resp.Header.Get("Allow") != http.MethodPost {
				t.Errorf("Allow: %q", resp.Header.Get("Allow"))
			}
		})
	}
}

// TestCallbackIdentityFirst: without a valid identity the answer is 401,
// whatever else is wrong: a stranger learns nothing about what the
// callback would accept.
func TestCallbackIdentityFirst(t *testing.T) {
	h := newCallbackHarness(t, &MemoryStore{})
	huge := strings.Repeat("x", 4*maxMessageBytes)
	for _, ct := range []string{"text/plain", "application/json"} {
		resp := post(t, h.server.Client(), h.server.URL, "", ct, huge)
		h.assertRefused(t, resp, http.StatusUnauthorized, "no identity header")
	}
}

type failingStore struct{ MemoryStore }

func (*failingStore) SaveCredentials(context.Context, Credentials) error {
	return errors.New("database is read-only")
}

func TestCallbackStoreFails(t *testing.T) {
	h := newCallbackHarness(t, &failingStore{})
	resp := post(t, h.server.Client(), h.server.URL, h.validIdentity(t), "application/json",
		installedMessage(testAccount, testClient, testSecret))
	h.assertRefused(t, resp, http.StatusInternalServerError, "database is read-only")
	if !strings.Contains(h.log.String(), `level=ERROR msg="token callback: cannot store credentials" account=`+testAccount) {
		t.Errorf("log:\n%s", h.log)
	}
}
