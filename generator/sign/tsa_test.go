package sign

import (
	"crypto"
	"crypto/sha256"
	"crypto/x509"
	"encoding/asn1"
	"io"
	"math/big"
	"net/http"
	"net/http/httptest"
	"testing"
	"time"
)

// testTSA is an RFC 3161 time-stamp authority for tests: it signs, with a
// key of its own, the imprint it is sent, with the time now.
type testTSA struct {
	key   crypto.Signer
	chain []*x509.Certificate
	// tamper, if set, changes the TSTInfo's imprint, as a broken or
	// hostile authority might.
	tamper bool
}

type testTSTInfo struct {
	Version int
	Policy  asn1.ObjectIdentifier
	Imprint messageImprint
	Serial  *big.Int
	GenTime time.Time `asn1:"generalized"`
	Nonce   *big.Int  `asn1:"optional"`
}

type testStatus struct{ Status int }

type testResp struct {
	Status testStatus
	Token  asn1.RawValue
}

func (a *testTSA) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	body, _ := io.ReadAll(io.LimitReader(r.Body, 1<<16))
	var req timeStampReq
	if _, err := asn1.Unmarshal(body, &req); err != nil || r.Header.Get("Content-Type") != "application/timestamp-query" {
		http.Error(w, "bad request", http.StatusBadRequest)
		return
	}
	if a.tamper {
		req.MessageImprint.HashedMessage = append([]byte{1}, req.MessageImprint.HashedMessage[1:]...)
	}
	info, err := asn1.Marshal(testTSTInfo{
		Version: 1, Policy: asn1.ObjectIdentifier{1, 2, 3, 4, 1}, Imprint: req.MessageImprint,
		Serial: big.NewInt(time.Now().UnixNano()), GenTime: time.Now().UTC().Truncate(time.Second), Nonce: req.Nonce,
	})
	if err != nil {
		http.Error(w, err.Error(), http.StatusInternalServerError)
		return
	}
	digest := sha256.Sum256(info)
	token, _, err := signCMS(cmsInput{signer: a.key, chain: a.chain, digest: digest[:], content: info, ctype: oidTSTInfo})
	if err != nil {
		http.Error(w, err.Error(), http.StatusInternalServerError)
		return
	}
	resp, _ := asn1.Marshal(testResp{Status: testStatus{0}, Token: asn1.RawValue{FullBytes: token}})
	w.Header().Set("Content-Type", "application/timestamp-reply")
	w.Write(resp)
}

// startTSA starts a test authority; its certificate is issued by issue.
func startTSA(t *testing.T, key crypto.Signer, chain []*x509.Certificate) (*httptest.Server, *testTSA) {
	a := &testTSA{key: key, chain: chain}
	s := httptest.NewServer(a)
	t.Cleanup(s.Close)
	return s, a
}
