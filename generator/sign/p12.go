package sign

import (
	"crypto"
	"crypto/x509"
	"errors"
	"fmt"

	"software.sslmate.com/src/go-pkcs12"

	"github.com/vanban/vanban/generator/problem"
)

// maxP12 bounds a PKCS #12 file read whole.
const maxP12 = 1 << 20

// LoadP12 reads a PKCS #12 file (.p12, .pfx), as certificate authorities
// hand keys out, with its password: the key, and the chain with the key's
// certificate first.
func LoadP12(data []byte, password string) (crypto.Signer, []*x509.Certificate, error) {
	if len(data) > maxP12 {
		return nil, nil, &problem.Error{Key: "p12", Msg: "the key file is larger than 1 MB: not a .p12 file", MsgVI: "tệp khóa lớn hơn 1 MB: không phải tệp .p12"}
	}
	key, cert, cas, err := pkcs12.DecodeChain(data, password)
	if err != nil {
		if errors.Is(err, pkcs12.ErrIncorrectPassword) {
			return nil, nil, &problem.Error{Key: "p12", Msg: "wrong password for the key file", MsgVI: "sai mật khẩu của tệp khóa"}
		}
		// The decoder's own words (ASN.1 tags) say nothing to office
		// staff: the Vietnamese message leaves them out.
		return nil, nil, &problem.Error{Key: "p12", Msg: "the key file cannot be read as PKCS #12 (.p12, .pfx): " + err.Error(),
			MsgVI: "tệp đã chọn không phải tệp chứng thư số (.p12 hoặc .pfx), hoặc đã hỏng: hãy chọn tệp do tổ chức chứng thực chữ ký số cấp"}
	}
	signer, ok := key.(crypto.Signer)
	if !ok {
		return nil, nil, &problem.Error{Key: "p12", Msg: fmt.Sprintf("the key file holds a %T, which cannot sign", key), MsgVI: "khóa trong tệp không dùng để ký được"}
	}
	return signer, append([]*x509.Certificate{cert}, cas...), nil
}
