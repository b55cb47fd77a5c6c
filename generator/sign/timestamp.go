package sign

import (
	"bytes"
	"context"
	"crypto"
	"crypto/rand"
	"crypto/sha256"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/asn1"
	"errors"
	"fmt"
	"io"
	"math/big"
	"net/http"
	"time"
)

// A time-stamp (RFC 3161) turns a PAdES B-B signature into B-T: a time
// stamping authority signs the hash of the signature value with its time,
// which proves the signature existed then.

type messageImprint struct {
	HashAlgorithm pkix.AlgorithmIdentifier
	HashedMessage []byte
}

type timeStampReq struct {
	Version        int
	MessageImprint messageImprint
	Nonce          *big.Int `asn1:"optional"`
	CertReq        bool     `asn1:"optional"`
}

// TSTInfo is what a time stamping authority signs (RFC 3161 §2.4.2): the
// fields read here.
type tstInfo struct {
	Policy  asn1.ObjectIdentifier
	Imprint messageImprint
	GenTime time.Time
	Nonce   *big.Int
}

// maxResponse bounds a time-stamp response read from the network.
const maxResponse = 1 << 20

// timestamp asks the authority at url for a time-stamp token over sig,
// and checks that the token is for sig, answers the nonce and is signed
// by a certificate it carries.
func timestamp(ctx context.Context, client *http.Client, url string, sig []byte) ([]byte, error) {
	h := sha256.Sum256(sig)
	nonce, err := rand.Int(rand.Reader, new(big.Int).Lsh(big.NewInt(1), 63))
	if err != nil {
		return nil, err
	}
	req, err := asn1.Marshal(timeStampReq{
		Version:        1,
		MessageImprint: messageImprint{pkix.AlgorithmIdentifier{Algorithm: oidSHA256}, h[:]},
		Nonce:          nonce,
		CertReq:        true,
	})
	if err != nil {
		return nil, err
	}
	hr, err := http.NewRequestWithContext(ctx, http.MethodPost, url, bytes.NewReader(req))
	if err != nil {
		return nil, fmt.Errorf("time-stamp authority %q: %w", url, err)
	}
	hr.Header.Set("Content-Type", "application/timestamp-query")
	resp, err := client.Do(hr)
	if err != nil {
		return nil, fmt.Errorf("time-stamp authority: %w", err)
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(io.LimitReader(resp.Body, maxResponse+1))
	if err != nil {
		return nil, fmt.Errorf("time-stamp authority: %w", err)
	}
	if resp.StatusCode != http.StatusOK {
		return nil, fmt.Errorf("time-stamp authority answered %s", resp.Status)
	}
	if len(body) > maxResponse {
		return nil, errors.New("time-stamp authority: answer larger than 1 MB")
	}
	token, err := parseTimeStampResp(body)
	if err != nil {
		return nil, fmt.Errorf("time-stamp authority: %w", err)
	}
	info, err := checkToken(token, sig)
	if err != nil {
		return nil, fmt.Errorf("time-stamp authority: %w", err)
	}
	if info.Nonce == nil || info.Nonce.Cmp(nonce) != 0 {
		return nil, errors.New("time-stamp authority: the answer is not for this request (nonce)")
	}
	return token, nil
}

// parseTimeStampResp returns the token of a granted response.
func parseTimeStampResp(b []byte) ([]byte, error) {
	els, err := elements(b)
	if err != nil || len(els) == 0 {
		return nil, errors.New("the answer is not a time-stamp response")
	}
	status, err := elements(els[0].FullBytes)
	var code int
	if err == nil && len(status) > 0 {
		_, err = asn1.Unmarshal(status[0].FullBytes, &code)
	}
	if err != nil {
		return nil, errors.New("the answer's status is unreadable")
	}
	if code != 0 && code != 1 { // granted, grantedWithMods
		return nil, fmt.Errorf("the request was refused (status %d)", code)
	}
	if len(els) < 2 {
		return nil, errors.New("the answer has no token")
	}
	return els[1].FullBytes, nil
}

// elements returns the elements of the DER SEQUENCE b.
func elements(b []byte) ([]asn1.RawValue, error) {
	var seq asn1.RawValue
	if _, err := asn1.Unmarshal(b, &seq); err != nil {
		return nil, err
	}
	if seq.Tag != asn1.TagSequence || !seq.IsCompound {
		return nil, errors.New("not a sequence")
	}
	var els []asn1.RawValue
	for rest := seq.Bytes; len(rest) > 0; {
		var v asn1.RawValue
		var err error
		if rest, err = asn1.Unmarshal(rest, &v); err != nil {
			return nil, err
		}
		els = append(els, v)
	}
	return els, nil
}

// checkToken verifies a time-stamp token: a SignedData over a TSTInfo
// whose message imprint is the hash of sig, signed by a certificate it
// carries. It returns the TSTInfo.
func checkToken(token, sig []byte) (*tstInfo, error) {
	sd, err := parseSignedData(token)
	if err != nil {
		return nil, fmt.Errorf("token: %w", err)
	}
	if !sd.eContentType.Equal(oidTSTInfo) {
		return nil, errors.New("token: not a TSTInfo")
	}
	content := sd.eContent
	info, err := parseTSTInfo(content)
	if err != nil {
		return nil, err
	}
	h, ok := hashOf(info.Imprint.HashAlgorithm.Algorithm)
	if !ok {
		return nil, errors.New("token: unsupported hash algorithm")
	}
	hh := h.New()
	hh.Write(sig)
	if !bytes.Equal(hh.Sum(nil), info.Imprint.HashedMessage) {
		return nil, errors.New("the time-stamp is not over this signature")
	}
	certs, err := sd.certificates()
	if err != nil {
		return nil, fmt.Errorf("token: %w", err)
	}
	cert, err := sd.signerCert(certs)
	if err != nil {
		return nil, fmt.Errorf("token: %w", err)
	}
	err = sd.verifySigner(cert, func(h crypto.Hash) []byte {
		hh := h.New()
		hh.Write(content)
		return hh.Sum(nil)
	})
	if err != nil {
		return nil, fmt.Errorf("token: %w", err)
	}
	if !hasTimeStamping(cert) {
		return nil, errors.New("token: its certificate is not for time-stamping")
	}
	return info, nil
}

func hasTimeStamping(c *x509.Certificate) bool {
	for _, u := range c.ExtKeyUsage {
		if u == x509.ExtKeyUsageTimeStamping {
			return true
		}
	}
	return false
}

// parseTSTInfo reads the fields of a TSTInfo used here.
func parseTSTInfo(b []byte) (*tstInfo, error) {
	els, err := elements(b)
	if err != nil || len(els) < 5 {
		return nil, errors.New("token: TSTInfo unreadable")
	}
	var info tstInfo
	if _, err := asn1.Unmarshal(els[1].FullBytes, &info.Policy); err != nil {
		return nil, errors.New("token: TSTInfo policy unreadable")
	}
	if _, err := asn1.Unmarshal(els[2].FullBytes, &info.Imprint); err != nil {
		return nil, errors.New("token: TSTInfo imprint unreadable")
	}
	if _, err := asn1.UnmarshalWithParams(els[4].FullBytes, &info.GenTime, "generalized"); err != nil {
		return nil, errors.New("token: TSTInfo time unreadable")
	}
	for _, e := range els[5:] {
		if e.Class == asn1.ClassUniversal && e.Tag == asn1.TagInteger {
			info.Nonce = new(big.Int)
			if _, err := asn1.Unmarshal(e.FullBytes, &info.Nonce); err != nil {
				return nil, errors.New("token: TSTInfo nonce unreadable")
			}
		}
	}
	return &info, nil
}
