package tokencallback

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"time"

	"github.com/MicahParks/keyfunc/v3"
	"github.com/golang-jwt/jwt/v5"
)

// identityAlgorithms are the only JWT algorithms a Trackunit-Identity token
// may use. All are asymmetric: "none" would accept an unsigned token, and an
// HMAC algorithm would let a forger "sign" with the public key everyone can
// download. Trackunit does not document which one it uses; once you know,
// narrow the list to it (the keys at IdentityJWKSURL name it in "alg").
var identityAlgorithms = []string{
	"RS256", "RS384", "RS512",
	"PS256", "PS384", "PS512",
	"ES256", "ES384", "ES512",
	"EdDSA",
}

// clockSkew is how far the sender's clock may be from ours when checking
// exp, nbf and iat.
const clockSkew = 30 * time.Second

// IdentityVerifier checks the Trackunit-Identity header of a token callback:
// a JWT signed with one of the keys Trackunit publishes as a JWKS.
type IdentityVerifier struct {
	keys   jwt.Keyfunc
	parser *jwt.Parser
}

// NewIdentityVerifier returns a verifier that finds a token's key with keys,
// usually JWKSKeys(ctx, appscopes.IdentityJWKSURL, client).
//
// Trackunit documents no claims for the token, so the verifier checks the
// signature and the standard time claims and nothing else: exp must be
// there and in the future, nbf and iat (when present) not in the future.
// Requiring exp bounds how long a token copied from somewhere can be
// replayed: nothing in it ties it to the message it came with.
func NewIdentityVerifier(keys jwt.Keyfunc) *IdentityVerifier {
	return &IdentityVerifier{
		keys: keys,
		parser: jwt.NewParser(
			jwt.WithValidMethods(identityAlgorithms),
			jwt.WithExpirationRequired(),
			jwt.WithIssuedAt(),
			jwt.WithLeeway(clockSkew),
		),
	}
}

// errNoIdentity: the request has no Trackunit-Identity header.
var errNoIdentity = errors.New("no identity header")

// Verify returns nil when header holds a token that a published key signed
// with an allowed algorithm and whose time claims hold now. The error says
// why not, for the server's log: never echo it to the caller.
func (v *IdentityVerifier) Verify(header string) error {
	if header == "" {
		return errNoIdentity
	}
	_, err := v.parser.ParseWithClaims(header, &jwt.RegisteredClaims{}, v.keys)
	return err
}

// JWKSKeys returns a key function for jwt that looks keys up by the token's
// "kid" in the JWKS at url. It fetches the set now, again every hour, and
// at once (at most every five minutes) when a token names a key ID it does
// not have, so that Trackunit can rotate keys. A token whose "alg" differs
// from its key's "alg" is refused. When the first fetch fails, it starts
// without keys and the first token's unknown key ID fetches again, so an
// outage of the JWKS at start-up does not keep the server down; failed
// fetches are logged with slog.Default. ctx ends the background refresh.
func JWKSKeys(ctx context.Context, url string, client *http.Client) (jwt.Keyfunc, error) {
	k, err := keyfunc.NewDefaultOverrideCtx(ctx, []string{url}, keyfunc.Override{Client: client})
	if err != nil {
		return nil, fmt.Errorf("identity keys from %s: %w", url, err)
	}
	return k.Keyfunc, nil
}
