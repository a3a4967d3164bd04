package tokencallback

import (
	"strings"
	"testing"
	"time"

	"github.com/golang-jwt/jwt/v5"
)

// TestIdentityKeyRotation: a token signed with a key Trackunit published
// after the verifier started is accepted (the unknown key ID fetches the
// JWKS again), an RSA key as well as an EC one; a burst of unknown key IDs
// does not turn into a burst of fetches.
func TestIdentityKeyRotation(t *testing.T) {
	first := newECKey(t, "trackunit-1")
	jwks, v := newPublishedVerifier(t, first)
	if err := v.Verify(first.sign(t, identityClaims())); err != nil {
		t.Fatalf("first key: %v", err)
	}
	if n := jwks.requestCount(); n != 1 {
		t.Errorf("%d JWKS requests at start, want 1", n)
	}

	second := newRSAKey(t, "trackunit-2")
	jwks.publish(t, second)
	if err := v.Verify(second.sign(t, identityClaims())); err != nil {
		t.Fatalf("rotated key: %v", err)
	}
	if n := jwks.requestCount(); n != 2 {
		t.Errorf("%d JWKS requests after the rotation, want 2", n)
	}

	start := time.Now()
	for i := range 3 {
		err := v.Verify(newECKey(t, "unknown").sign(t, identityClaims()))
		// Refused without a fetch: the limiter's next slot is minutes away.
		if err == nil || !strings.Contains(err.Error(), "rate limiter") {
			t.Errorf("unknown key %d: %v", i, err)
		}
	}
	if n := jwks.requestCount(); n != 2 {
		t.Errorf("%d JWKS requests after unknown keys, want still 2 (rate-limited)", n)
	}
	if d := time.Since(start); d > 20*time.Second { // generous: it does not wait for the limiter
		t.Errorf("refusing unknown keys took %v", d)
	}
}

// TestIdentityAlgorithmMustMatchKey: a key published for RS256 does not
// verify a token that says PS256, even one signed with that very key.
func TestIdentityAlgorithmMustMatchKey(t *testing.T) {
	key := newRSAKey(t, "trackunit-rsa")
	_, v := newPublishedVerifier(t, key)
	if err := v.Verify(key.sign(t, identityClaims())); err != nil {
		t.Fatalf("RS256: %v", err)
	}
	key.method = jwt.SigningMethodPS256
	err := v.Verify(key.sign(t, identityClaims()))
	if err == nil || !strings.Contains(err.Error(), `JWK "alg" parameter value "RS256" does not match token "alg" parameter value "PS256"`) {
		t.Errorf("PS256 with an RS256 key: %v", err)
	}
}

// TestIdentityJWKSDownAtStart: the server starts while the JWKS is
// unreachable, and verifies tokens once it is back.
func TestIdentityJWKSDownAtStart(t *testing.T) {
	jwks := newJWKSServer(t)
	key := newECKey(t, "trackunit-1")
	jwks.publish(t, key)
	jwks.setDown(true)
	v := NewIdentityVerifier(testKeys(t, jwks))
	jwks.setDown(false)
	if err := v.Verify(key.sign(t, identityClaims())); err != nil {
		t.Errorf("after the outage: %v", err)
	}
	if n := jwks.requestCount(); n != 2 {
		t.Errorf("%d JWKS requests, want 2 (the failed one at start, one for the token)", n)
	}
}

// TestIdentityClockSkew: a token that expired within clockSkew passes, one
// that expired before does not.
func TestIdentityClockSkew(t *testing.T) {
	key := newECKey(t, "trackunit-1")
	_, v := newPublishedVerifier(t, key)
	claims := identityClaims()
	claims.ExpiresAt = jwt.NewNumericDate(time.Now().Add(-clockSkew / 3))
	if err := v.Verify(key.sign(t, claims)); err != nil {
		t.Errorf("expired within the skew: %v", err)
	}
	claims.ExpiresAt = jwt.NewNumericDate(time.Now().Add(-2 * clockSkew))
	if err := v.Verify(key.sign(t, claims)); err == nil || !strings.Contains(err.Error(), "token is expired") {
		t.Errorf("expired before the skew: %v", err)
	}
}

// TestIdentityWithoutKeyID: a token without "kid" is tried against every
// published key: one of them signed it, or it is refused.
func TestIdentityWithoutKeyID(t *testing.T) {
	key := newECKey(t, "trackunit-1")
	_, v := newPublishedVerifier(t, key)
	sign := func(k signingKey) string {
		s, err := jwt.NewWithClaims(k.method, identityClaims()).SignedString(k.key)
		if err != nil {
			t.Fatal(err)
		}
		return s
	}
	if err := v.Verify(sign(key)); err != nil {
		t.Errorf("published key: %v", err)
	}
	if err := v.Verify(sign(newECKey(t, ""))); err == nil || !strings.Contains(err.Error(), "token signature is invalid") {
		t.Errorf("another key: %v", err)
	}
}
