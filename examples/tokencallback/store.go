package tokencallback

import (
	"context"
	"errors"
	"sync"
)

// Credentials are one account's client credentials, from the INSTALLED
// message Trackunit sent when the account installed the app.
type Credentials struct {
	AccountID    string
	ClientID     string
	ClientSecret string // a secret: store it encrypted, never log it
}

// ErrUnknownAccount is the error of a CredentialStore that holds nothing for
// an account: it has not installed the app (or not since the store began).
var ErrUnknownAccount = errors.New("no credentials for this account")

// CredentialStore keeps the credentials of every account that installed the
// app. A real backend keeps them in a database or a secret manager,
// encrypted; MemoryStore is enough for this example.
type CredentialStore interface {
	// SaveCredentials stores c under c.AccountID, replacing what was there
	// (an account that installs the app again gets new credentials).
	SaveCredentials(ctx context.Context, c Credentials) error
	// Credentials returns the account's credentials, or ErrUnknownAccount.
	Credentials(ctx context.Context, accountID string) (Credentials, error)
}

// MemoryStore is a CredentialStore in memory: everything is lost on exit.
type MemoryStore struct {
	mu       sync.Mutex
	accounts map[string]Credentials
}

// SaveCredentials implements CredentialStore.
func (s *MemoryStore) SaveCredentials(_ context.Context, c Credentials) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.accounts == nil {
		s.accounts = make(map[string]Credentials)
	}
	s.accounts[c.AccountID] = c
	return nil
}

// Credentials implements CredentialStore.
func (s *MemoryStore) Credentials(_ context.Context, accountID string) (Credentials, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	c, ok := s.accounts[accountID]
	if !ok {
		return Credentials{}, ErrUnknownAccount
	}
	return c, nil
}
