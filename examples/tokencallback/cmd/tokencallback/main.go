//go:build irislint_tools

// Command tokencallback runs the token callback of package tokencallback
// on LISTEN_ADDR (default :8080). It is an example to copy, not one of
// irislint's commands: the build tag keeps it out of `go install ./...`
// (and so out of what pre-commit installs); .ci/run vets it with the tag.
package main

import (
	"context"
	"log/slog"
	"net"
	"os"
	"os/signal"
	"syscall"

	"github.com/irislint/irislint/examples/tokencallback"
	"github.com/irislint/irislint/examples/tokencallback/appscopes"
)

func main() {
	log := slog.New(slog.NewTextHandler(os.Stderr, nil))
	slog.SetDefault(log) // the JWKS refresh logs its failures here
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()

	addr := os.Getenv("LISTEN_ADDR")
	if addr == "" {
		addr = ":8080"
	}
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		log.Error("cannot listen", "error", err)
		os.Exit(1)
	}
	cfg := tokencallback.Config{JWKSURL: appscopes.IdentityJWKSURL, TokenURL: appscopes.TokenEndpoint}
	if err := tokencallback.Serve(ctx, ln, cfg, log); err != nil {
		log.Error("stopped", "error", err)
		os.Exit(1)
	}
}
