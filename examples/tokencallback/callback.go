package tokencallback

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"mime"
	"net/http"

	"github.com/irislint/irislint/examples/tokencallback/appscopes"
)

// maxMessageBytes caps the body of a token callback. An INSTALLED message
// is a few hundred bytes; a body far larger is not one, and reading it all
// would only cost memory.
const maxMessageBytes = 16 << 10

// CallbackHandler serves the app's token callback (appscopes.TokenCallbackURL):
// Trackunit POSTs an INSTALLED message there, with the client credentials of
// the account that installed the app.
//
// Anyone who knows the URL can POST to it, so nothing is read or stored
// before the request's Trackunit-Identity token is verified: otherwise a
// stranger could plant credentials of their own for any account, and the
// backend would act for that account with a client the stranger controls.
// Refusals answer with a bare status (the reason goes to the log only) and
// store nothing. The client secret is never logged.
type CallbackHandler struct {
	Identity *IdentityVerifier // required, as are Store and Log
	Store    CredentialStore
	Log      *slog.Logger
	// Installed, when set, is called with the account's ID once its
	// credentials are stored and the answer is written, in the request's
	// goroutine: hand slow work to another goroutine.
	Installed func(accountID string)
}

// ServeHTTP checks, in this order: the method (POST), the identity token,
// the content type (JSON), the body (at most maxMessageBytes, one JSON
// object), the message (type INSTALLED, this app's irisAppId, every
// field present). Then it stores the credentials and answers 204.
func (h *CallbackHandler) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if r.Method != http.MethodPost {
		w.Header().Set("Allow", http.MethodPost)
		h.refuse(w, r, http.StatusMethodNotAllowed, "method "+r.Method)
		return
	}
	if err := h.Identity.Verify(r.Header.Get(appscopes.IdentityHeader)); err != nil {
		h.refuse(w, r, http.StatusUnauthorized, "identity: "+err.Error())
		return
	}
	if ct := r.Header.Get("Content-Type"); !isJSON(ct) {
		h.refuse(w, r, http.StatusUnsupportedMediaType, fmt.Sprintf("content type %q", ct))
		return
	}
	msg, err := readMessage(w, r)
	if err != nil {
		status := http.StatusBadRequest
		var tooLarge *http.MaxBytesError
		if errors.As(err, &tooLarge) {
			status = http.StatusRequestEntityTooLarge
		}
		h.refuse(w, r, status, "body: "+err.Error())
		return
	}
	switch {
	case msg.Type != appscopes.MessageInstalled:
		h.refuse(w, r, http.StatusBadRequest, fmt.Sprintf("message type %q", msg.Type))
		return
	case msg.IrisAppID != appscopes.IrisAppID:
		h.refuse(w, r, http.StatusForbidden, fmt.Sprintf("message for app %q, this is %q", msg.IrisAppID, appscopes.IrisAppID))
		return
	case msg.AccountID == "" || msg.ClientID == "" || msg.ClientSecret == "":
		// msg.String() leaves the secret out, and shows which field is empty.
		h.refuse(w, r, http.StatusBadRequest, "incomplete message "+msg.String())
		return
	}

	creds := Credentials{AccountID: msg.AccountID, ClientID: msg.ClientID, ClientSecret: msg.ClientSecret}
	if err := h.Store.SaveCredentials(r.Context(), creds); err != nil {
		// The store's error is logged as it is: a store must not put the
		// secret in its errors.
		h.Log.Error("token callback: cannot store credentials", "account", msg.AccountID, "error", err)
		http.Error(w, http.StatusText(http.StatusInternalServerError), http.StatusInternalServerError)
		return
	}
	h.Log.Info("token callback: credentials stored", "account", msg.AccountID, "client", msg.ClientID)
	w.WriteHeader(http.StatusNoContent)
	if h.Installed != nil {
		h.Installed(msg.AccountID)
	}
}

// refuse answers status with its standard text only, and logs why.
func (h *CallbackHandler) refuse(w http.ResponseWriter, r *http.Request, status int, reason string) {
	h.Log.Warn("token callback refused", "status", status, "reason", reason, "remote", r.RemoteAddr)
	http.Error(w, http.StatusText(status), status)
}

// isJSON reports whether a Content-Type header names JSON
// ("application/json", any parameters such as charset).
func isJSON(contentType string) bool {
	mediaType, _, err := mime.ParseMediaType(contentType)
	return err == nil && mediaType == "application/json"
}

// readMessage decodes the body as one InstalledMessage: at most
// maxMessageBytes, one JSON object and nothing after it. Unknown fields are
// ignored, so that a field Trackunit adds later does not break installs.
func readMessage(w http.ResponseWriter, r *http.Request) (appscopes.InstalledMessage, error) {
	var msg appscopes.InstalledMessage
	dec := json.NewDecoder(http.MaxBytesReader(w, r.Body, maxMessageBytes))
	if err := dec.Decode(&msg); err != nil {
		return msg, err
	}
	if err := dec.Decode(&struct{}{}); err != io.EOF {
		if err == nil {
			err = errors.New("more than one JSON value")
		}
		return msg, err
	}
	return msg, nil
}
