// Package tokencallback is the backend half of an Iris App's token flow, as
// a Go backend can copy it:
//
//  1. Trackunit POSTs an INSTALLED message to the manifest's
//     tokenCallback.url when an account installs the app. CallbackHandler
//     verifies the request's Trackunit-Identity JWT against Trackunit's
//     published keys before it reads the body, checks the message, and
//     stores the account's client credentials (callback.go, identity.go).
//  2. With those credentials, Tokens asks Trackunit's token endpoint for the
//     manifest's scopes, reuses each token until it expires, and refuses one
//     that lacks a required scope (tokens.go).
//
// The scopes, URLs and the message type come from appscopes, which irislint
// generates from iris-app-manifest.ts: change the manifest, run go
// generate, and the compiler shows what the backend must follow.
//
// Serve listens for plain HTTP; cmd/tokencallback runs it on LISTEN_ADDR
// (default :8080). The callback URL must be https: put it behind a proxy or
// load balancer that terminates TLS.
package tokencallback

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"net/url"
	"time"

	"github.com/irislint/irislint/examples/tokencallback/appscopes"
)

// Config says where the outside services are: Trackunit's in production,
// local stand-ins in tests.
type Config struct {
	JWKSURL  string // appscopes.IdentityJWKSURL
	TokenURL string // appscopes.TokenEndpoint
}

// Serve serves the token callback on ln until ctx ends, then shuts down
// gracefully.
func Serve(ctx context.Context, ln net.Listener, cfg Config, log *slog.Logger) error {
	client := &http.Client{Timeout: 30 * time.Second} // for the JWKS and the token endpoint
	keys, err := JWKSKeys(ctx, cfg.JWKSURL, client)
	if err != nil {
		return err
	}
	store := &MemoryStore{}
	tokens := NewTokens(ctx, store, cfg.TokenURL, client)
	callback := &CallbackHandler{
		Identity: NewIdentityVerifier(keys),
		Store:    store,
		Log:      log,
		Installed: func(accountID string) {
			tokens.Forget(accountID) // a new installation brings new credentials
			go checkInstallation(tokens, accountID, log)
		},
	}
	u, err := url.Parse(appscopes.TokenCallbackURL)
	if err != nil {
		return fmt.Errorf("appscopes.TokenCallbackURL: %w", err)
	}
	mux := http.NewServeMux()
	mux.Handle(u.Path, callback)

	srv := &http.Server{
		Handler:           mux,
		ReadHeaderTimeout: 5 * time.Second,
		ReadTimeout:       10 * time.Second,
		WriteTimeout:      10 * time.Second,
		IdleTimeout:       time.Minute,
		MaxHeaderBytes:    16 << 10, // room for the identity JWT, not much more
	}
	served := make(chan error, 1)
	go func() { served <- srv.Serve(ln) }()
	log.Info("serving the token callback", "addr", ln.Addr().String(), "path", u.Path)

	select {
	case err := <-served:
		return err
	case <-ctx.Done():
	}
	shutdown, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	if err := srv.Shutdown(shutdown); err != nil {
		return err
	}
	if err := <-served; !errors.Is(err, http.ErrServerClosed) {
		return err
	}
	return nil
}

// checkInstallation fetches the first token for a new installation, so that
// a grant the app cannot work with shows at once in the log rather than at
// the first API call.
func checkInstallation(tokens *Tokens, accountID string, log *slog.Logger) {
	tok, err := tokens.Token(accountID)
	if err != nil {
		log.Error("installation has no usable token", "account", accountID, "error", err)
		return
	}
	var denied []appscopes.Scope
	for _, s := range appscopes.Optional {
		if !Granted(tok, s) {
			denied = append(denied, s)
		}
	}
	log.Info("installation ready", "account", accountID, "expires", tok.Expiry.Format(time.RFC3339), "optional_denied", fmt.Sprint(denied))
}
