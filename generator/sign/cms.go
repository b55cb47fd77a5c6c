package sign

import (
	"bytes"
	"crypto"
	"crypto/ecdsa"
	"crypto/rand"
	"crypto/rsa"
	"crypto/sha256"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/asn1"
	"errors"
	"fmt"
	"math/big"
	"slices"
)

// Object identifiers of CMS (RFC 5652), ESS (RFC 5035), time-stamps
// (RFC 3161) and the algorithms used here.
var (
	oidData                 = asn1.ObjectIdentifier{1, 2, 840, 113549, 1, 7, 1}
	oidSignedData           = asn1.ObjectIdentifier{1, 2, 840, 113549, 1, 7, 2}
	oidContentType          = asn1.ObjectIdentifier{1, 2, 840, 113549, 1, 9, 3}
	oidMessageDigest        = asn1.ObjectIdentifier{1, 2, 840, 113549, 1, 9, 4}
	oidSigningCertificateV2 = asn1.ObjectIdentifier{1, 2, 840, 113549, 1, 9, 16, 2, 47}
	oidTimeStampToken       = asn1.ObjectIdentifier{1, 2, 840, 113549, 1, 9, 16, 2, 14}
	oidTSTInfo              = asn1.ObjectIdentifier{1, 2, 840, 113549, 1, 9, 16, 1, 4}

	oidSHA1   = asn1.ObjectIdentifier{1, 3, 14, 3, 2, 26}
	oidSHA256 = asn1.ObjectIdentifier{2, 16, 840, 1, 101, 3, 4, 2, 1}
	oidSHA384 = asn1.ObjectIdentifier{2, 16, 840, 1, 101, 3, 4, 2, 2}
	oidSHA512 = asn1.ObjectIdentifier{2, 16, 840, 1, 101, 3, 4, 2, 3}

	oidRSA         = asn1.ObjectIdentifier{1, 2, 840, 113549, 1, 1, 1}
	oidSHA1RSA     = asn1.ObjectIdentifier{1, 2, 840, 113549, 1, 1, 5}
	oidSHA256RSA   = asn1.ObjectIdentifier{1, 2, 840, 113549, 1, 1, 11}
	oidSHA384RSA   = asn1.ObjectIdentifier{1, 2, 840, 113549, 1, 1, 12}
	oidSHA512RSA   = asn1.ObjectIdentifier{1, 2, 840, 113549, 1, 1, 13}
	oidECDSASHA256 = asn1.ObjectIdentifier{1, 2, 840, 10045, 4, 3, 2}
	oidECDSASHA384 = asn1.ObjectIdentifier{1, 2, 840, 10045, 4, 3, 3}
	oidECDSASHA512 = asn1.ObjectIdentifier{1, 2, 840, 10045, 4, 3, 4}
)

// contentInfo and encapContentInfo carry their [0] EXPLICIT content as a
// raw value made whole by the writer: encoding/asn1 writes a raw value's
// FullBytes as they are, tag or no tag.
type contentInfo struct {
	ContentType asn1.ObjectIdentifier
	Content     asn1.RawValue
}

type signedData struct {
	Version          int
	DigestAlgorithms []pkix.AlgorithmIdentifier `asn1:"set"`
	EncapContentInfo asn1.RawValue              // an encapContentInfo, read by parseSignedData
	Certificates     []asn1.RawValue            `asn1:"optional,set,tag:0"`
	CRLs             []asn1.RawValue            `asn1:"optional,set,tag:1"`
	// SignerInfos are kept raw: a signer's optional [0] and [1]
	// attributes are read by parseSignerInfo (encoding/asn1 would take
	// any element for an optional raw value).
	SignerInfos []asn1.RawValue `asn1:"set"`
}

// cms is a SignedData with its one signer read.
type cms struct {
	signedData
	signer       signerInfo
	eContentType asn1.ObjectIdentifier
	eContent     []byte // nil for a detached signature
}

type encapContentInfo struct {
	EContentType asn1.ObjectIdentifier
	EContent     asn1.RawValue `asn1:"optional"`
}

type signerInfo struct {
	Version            int
	SID                asn1.RawValue
	DigestAlgorithm    pkix.AlgorithmIdentifier
	SignedAttrs        asn1.RawValue `asn1:"optional,tag:0"`
	SignatureAlgorithm pkix.AlgorithmIdentifier
	Signature          []byte
	UnsignedAttrs      asn1.RawValue `asn1:"optional,tag:1"`
}

type attribute struct {
	Type   asn1.ObjectIdentifier
	Values asn1.RawValue
}

type issuerAndSerial struct {
	Issuer asn1.RawValue
	Serial *big.Int
}

// essCertIDv2 identifies the signer's certificate inside the signed
// attributes (RFC 5035), as PAdES requires; its hash algorithm is the
// default, SHA-256, and so is left out.
type essCertIDv2 struct {
	CertHash     []byte
	IssuerSerial issuerSerial
}

type issuerSerial struct {
	Issuer []asn1.RawValue // GeneralNames: one directoryName
	Serial *big.Int
}

// cmsInput is what a CMS signature is made of.
type cmsInput struct {
	signer  crypto.Signer
	chain   []*x509.Certificate // leaf first
	digest  []byte              // SHA-256 of the signed content
	content []byte              // encapsulated content, or nil for a detached signature
	ctype   asn1.ObjectIdentifier
}

// signCMS makes a CMS SignedData (RFC 5652) over in.digest: SHA-256,
// signed attributes content type, message digest and signing certificate
// v2, and no signing time (PAdES puts the claimed time in the signature
// dictionary). It returns the DER encoding and the signature value, which
// a time-stamp covers.
func signCMS(in cmsInput) (der, sigValue []byte, err error) {
	leaf := in.chain[0]
	ctype := in.ctype
	if ctype == nil {
		ctype = oidData
	}
	sigAlg, err := signatureAlgorithm(in.signer.Public())
	if err != nil {
		return nil, nil, err
	}
	certHash := sha256.Sum256(leaf.Raw)
	essID, err := asn1.Marshal([]essCertIDv2{{
		CertHash: certHash[:],
		IssuerSerial: issuerSerial{
			Issuer: []asn1.RawValue{{Class: asn1.ClassContextSpecific, Tag: 4, IsCompound: true, Bytes: leaf.RawIssuer}},
			Serial: leaf.SerialNumber,
		},
	}})
	if err != nil {
		return nil, nil, err
	}
	essID, _ = asn1.Marshal(asn1.RawValue{Tag: asn1.TagSequence, IsCompound: true, Bytes: essID})
	ct, _ := asn1.Marshal(ctype)
	md, _ := asn1.Marshal(in.digest)
	attrs, err := attributeSet([]attribute{
		{oidContentType, set(ct)},
		{oidMessageDigest, set(md)},
		{oidSigningCertificateV2, set(essID)},
	})
	if err != nil {
		return nil, nil, err
	}
	h := sha256.Sum256(attrs)
	sig, err := in.signer.Sign(rand.Reader, h[:], crypto.SHA256)
	if err != nil {
		return nil, nil, fmt.Errorf("the key refused to sign: %w", err)
	}
	sid, err := asn1.Marshal(issuerAndSerial{Issuer: asn1.RawValue{FullBytes: leaf.RawIssuer}, Serial: leaf.SerialNumber})
	if err != nil {
		return nil, nil, err
	}
	var certs []asn1.RawValue
	for _, c := range in.chain {
		certs = append(certs, asn1.RawValue{FullBytes: c.Raw})
	}
	sd := cms{signedData: signedData{
		Version:          1,
		DigestAlgorithms: []pkix.AlgorithmIdentifier{{Algorithm: oidSHA256}},
		Certificates:     certs,
	}, signer: signerInfo{
		Version:            1,
		SID:                asn1.RawValue{FullBytes: sid},
		DigestAlgorithm:    pkix.AlgorithmIdentifier{Algorithm: oidSHA256},
		SignedAttrs:        asn1.RawValue{Class: asn1.ClassContextSpecific, Tag: 0, IsCompound: true, Bytes: attrs[lenOfHeader(attrs):]},
		SignatureAlgorithm: sigAlg,
		Signature:          sig,
	}}
	eci := encapContentInfo{EContentType: ctype}
	if in.content != nil {
		oct, _ := asn1.Marshal(in.content)
		eci.EContent = explicit0(oct)
		sd.Version = 3 // RFC 5652 §5.1: eContentType other than id-data
	}
	encap, err := asn1.Marshal(eci)
	if err != nil {
		return nil, nil, err
	}
	sd.EncapContentInfo = asn1.RawValue{FullBytes: encap}
	der, err = marshalSignedData(sd)
	return der, sig, err
}

// withUnsigned returns the CMS der with an unsigned attribute added to
// its signer: the time-stamp token over its signature value.
func withUnsigned(der []byte, a attribute) ([]byte, error) {
	sd, err := parseSignedData(der)
	if err != nil {
		return nil, err
	}
	attrs, err := attributeSet([]attribute{a})
	if err != nil {
		return nil, err
	}
	sd.signer.UnsignedAttrs = asn1.RawValue{Class: asn1.ClassContextSpecific, Tag: 1, IsCompound: true, Bytes: attrs[lenOfHeader(attrs):]}
	return marshalSignedData(*sd)
}

func marshalSignedData(sd cms) ([]byte, error) {
	si, err := asn1.Marshal(sd.signer)
	if err != nil {
		return nil, err
	}
	sd.SignerInfos = []asn1.RawValue{{FullBytes: si}}
	inner, err := asn1.Marshal(sd.signedData)
	if err != nil {
		return nil, err
	}
	return asn1.Marshal(contentInfo{ContentType: oidSignedData, Content: explicit0(inner)})
}

// explicit0 wraps a DER value in an [0] EXPLICIT tag.
func explicit0(der []byte) asn1.RawValue {
	return asn1.RawValue{Class: asn1.ClassContextSpecific, Tag: 0, IsCompound: true, Bytes: der}
}

// set wraps one DER value as an attribute's SET OF values.
func set(v []byte) asn1.RawValue {
	return asn1.RawValue{Class: asn1.ClassUniversal, Tag: asn1.TagSet, IsCompound: true, Bytes: v}
}

// attributeSet encodes attrs as a DER SET OF, sorted as DER requires.
func attributeSet(attrs []attribute) ([]byte, error) {
	var encs [][]byte
	for _, a := range attrs {
		b, err := asn1.Marshal(a)
		if err != nil {
			return nil, err
		}
		encs = append(encs, b)
	}
	slices.SortFunc(encs, bytes.Compare)
	return asn1.Marshal(asn1.RawValue{Class: asn1.ClassUniversal, Tag: asn1.TagSet, IsCompound: true, Bytes: bytes.Join(encs, nil)})
}

// lenOfHeader is the length of the tag and length octets of a DER value.
func lenOfHeader(der []byte) int {
	var v asn1.RawValue
	if _, err := asn1.Unmarshal(der, &v); err != nil {
		return 0
	}
	return len(v.FullBytes) - len(v.Bytes)
}

// signatureAlgorithm names how a key of pub's kind signs a SHA-256 digest.
func signatureAlgorithm(pub crypto.PublicKey) (pkix.AlgorithmIdentifier, error) {
	switch pub.(type) {
	case *rsa.PublicKey:
		return pkix.AlgorithmIdentifier{Algorithm: oidRSA, Parameters: asn1.NullRawValue}, nil
	case *ecdsa.PublicKey:
		return pkix.AlgorithmIdentifier{Algorithm: oidECDSASHA256}, nil
	}
	return pkix.AlgorithmIdentifier{}, fmt.Errorf("keys of type %T cannot sign PDF documents here: use an RSA or ECDSA key", pub)
}

// parseSignedData reads a CMS ContentInfo holding SignedData with one
// signer. Trailing bytes (the zeros that pad /Contents) are ignored.
func parseSignedData(der []byte) (*cms, error) {
	// encoding/asn1 leaves an optional EXPLICIT raw value empty, so the
	// two wrappers are read element by element.
	els, err := elements(der)
	if err != nil || len(els) < 2 {
		return nil, errors.New("not a CMS structure")
	}
	var ct asn1.ObjectIdentifier
	if _, err := asn1.Unmarshal(els[0].FullBytes, &ct); err != nil || !ct.Equal(oidSignedData) {
		return nil, fmt.Errorf("CMS content type %v is not SignedData", ct)
	}
	if els[1].Class != asn1.ClassContextSpecific || els[1].Tag != 0 {
		return nil, errors.New("CMS content missing")
	}
	var sd cms
	if _, err := asn1.Unmarshal(els[1].Bytes, &sd.signedData); err != nil {
		return nil, fmt.Errorf("SignedData: %w", err)
	}
	encap, err := elements(sd.EncapContentInfo.FullBytes)
	if err != nil || len(encap) == 0 {
		return nil, errors.New("SignedData: content info unreadable")
	}
	if _, err := asn1.Unmarshal(encap[0].FullBytes, &sd.eContentType); err != nil {
		return nil, errors.New("SignedData: content type unreadable")
	}
	if len(encap) > 1 && encap[1].Class == asn1.ClassContextSpecific && encap[1].Tag == 0 {
		if _, err := asn1.Unmarshal(encap[1].Bytes, &sd.eContent); err != nil {
			return nil, errors.New("SignedData: content unreadable")
		}
	}
	if len(sd.SignerInfos) != 1 {
		return nil, fmt.Errorf("SignedData has %d signers, not one", len(sd.SignerInfos))
	}
	si, err := parseSignerInfo(sd.SignerInfos[0].FullBytes)
	if err != nil {
		return nil, fmt.Errorf("SignerInfo: %w", err)
	}
	sd.signer = *si
	return &sd, nil
}

// parseSignerInfo reads a SignerInfo element by element.
func parseSignerInfo(b []byte) (*signerInfo, error) {
	els, err := elements(b)
	if err != nil {
		return nil, err
	}
	var si signerInfo
	next := func(v any) error {
		if len(els) == 0 {
			return errors.New("truncated")
		}
		_, err := asn1.Unmarshal(els[0].FullBytes, v)
		els = els[1:]
		return err
	}
	context := func(tag int) asn1.RawValue {
		if len(els) > 0 && els[0].Class == asn1.ClassContextSpecific && els[0].Tag == tag {
			v := els[0]
			els = els[1:]
			return v
		}
		return asn1.RawValue{}
	}
	if err := next(&si.Version); err != nil {
		return nil, err
	}
	if len(els) == 0 {
		return nil, errors.New("truncated")
	}
	si.SID, els = els[0], els[1:]
	if err := next(&si.DigestAlgorithm); err != nil {
		return nil, err
	}
	si.SignedAttrs = context(0)
	if err := next(&si.SignatureAlgorithm); err != nil {
		return nil, err
	}
	if err := next(&si.Signature); err != nil {
		return nil, err
	}
	si.UnsignedAttrs = context(1)
	return &si, nil
}

// certificates returns the certificates carried by sd.
func (sd *cms) certificates() ([]*x509.Certificate, error) {
	var certs []*x509.Certificate
	for _, v := range sd.Certificates {
		if v.Class != asn1.ClassUniversal || v.Tag != asn1.TagSequence {
			continue // an attribute certificate or other: not ours to read
		}
		c, err := x509.ParseCertificate(v.FullBytes)
		if err != nil {
			return nil, fmt.Errorf("certificate: %w", err)
		}
		certs = append(certs, c)
	}
	return certs, nil
}

// signerCert finds the certificate of sd's signer among certs.
func (sd *cms) signerCert(certs []*x509.Certificate) (*x509.Certificate, error) {
	sid := sd.signer.SID
	if sid.Class == asn1.ClassContextSpecific && sid.Tag == 0 {
		for _, c := range certs {
			if bytes.Equal(c.SubjectKeyId, sid.Bytes) {
				return c, nil
			}
		}
		return nil, errors.New("the signer's certificate is not in the signature")
	}
	var ias issuerAndSerial
	if _, err := asn1.Unmarshal(sid.FullBytes, &ias); err != nil {
		return nil, fmt.Errorf("signer identifier: %w", err)
	}
	for _, c := range certs {
		if bytes.Equal(c.RawIssuer, ias.Issuer.FullBytes) && c.SerialNumber.Cmp(ias.Serial) == 0 {
			return c, nil
		}
	}
	return nil, errors.New("the signer's certificate is not in the signature")
}

// The two ways a readable signature fails.
var (
	errChanged  = errors.New("the document's bytes differ from those signed")
	errMismatch = errors.New("the signature does not match the certificate's key")
)

// hashOf returns the hash an algorithm identifier names.
func hashOf(oid asn1.ObjectIdentifier) (crypto.Hash, bool) {
	switch {
	case oid.Equal(oidSHA256):
		return crypto.SHA256, true
	case oid.Equal(oidSHA384):
		return crypto.SHA384, true
	case oid.Equal(oidSHA512):
		return crypto.SHA512, true
	case oid.Equal(oidSHA1):
		return crypto.SHA1, true
	}
	return 0, false
}

// attr returns the single value of the attribute t in the DER SET OF
// attributes set, or nil.
func attr(setBytes []byte, t asn1.ObjectIdentifier) []byte {
	rest := setBytes
	for len(rest) > 0 {
		var a attribute
		var err error
		if rest, err = asn1.Unmarshal(rest, &a); err != nil {
			return nil
		}
		if a.Type.Equal(t) {
			var v asn1.RawValue
			if _, err := asn1.Unmarshal(a.Values.Bytes, &v); err != nil {
				return nil
			}
			return v.FullBytes
		}
	}
	return nil
}

// verifySigner checks sd's signer: the message digest attribute against
// digest (the hash, with the signer's digest algorithm, of the signed
// content, which digestOf computes), and the signature over the signed
// attributes against cert's key.
func (sd *cms) verifySigner(cert *x509.Certificate, digestOf func(crypto.Hash) []byte) error {
	si := sd.signer
	h, ok := hashOf(si.DigestAlgorithm.Algorithm)
	if !ok {
		return fmt.Errorf("unsupported digest algorithm %v", si.DigestAlgorithm.Algorithm)
	}
	want := digestOf(h)
	if len(si.SignedAttrs.Bytes) == 0 {
		// No signed attributes: the signature is over the content itself.
		return checkSignature(cert, si.SignatureAlgorithm.Algorithm, h, want, si.Signature)
	}
	mdRaw := attr(si.SignedAttrs.Bytes, oidMessageDigest)
	var md []byte
	if _, err := asn1.Unmarshal(mdRaw, &md); err != nil || !bytes.Equal(md, want) {
		return errChanged
	}
	// The signature covers the attributes encoded as a SET, not with
	// the [0] tag they carry in SignerInfo.
	signed := append([]byte{0x31}, si.SignedAttrs.FullBytes[1:]...)
	hh := h.New()
	hh.Write(signed)
	return checkSignature(cert, si.SignatureAlgorithm.Algorithm, h, hh.Sum(nil), si.Signature)
}

// checkSignature checks sig, made with the algorithm alg, over digest
// (of hash h), against cert's public key.
func checkSignature(cert *x509.Certificate, alg asn1.ObjectIdentifier, h crypto.Hash, digest, sig []byte) error {
	switch pub := cert.PublicKey.(type) {
	case *rsa.PublicKey:
		switch {
		case alg.Equal(oidRSA), alg.Equal(oidSHA256RSA), alg.Equal(oidSHA384RSA), alg.Equal(oidSHA512RSA), alg.Equal(oidSHA1RSA):
			if err := rsa.VerifyPKCS1v15(pub, h, digest, sig); err != nil {
				return errMismatch
			}
			return nil
		}
	case *ecdsa.PublicKey:
		switch {
		case alg.Equal(oidECDSASHA256), alg.Equal(oidECDSASHA384), alg.Equal(oidECDSASHA512):
			if !ecdsa.VerifyASN1(pub, digest, sig) {
				return errMismatch
			}
			return nil
		}
	}
	return fmt.Errorf("unsupported signature algorithm %v for a %T key", alg, cert.PublicKey)
}
