package awsconfig

import "bytes"

// secretWords in a key's normalised name mark a secret.
var secretWords = [][]byte{[]byte("secret"), []byte("password"), []byte("passwd"), []byte("passphrase"), []byte("privatekey"), []byte("apikey")}

// SecretKey reports whether a key of a config or credentials file holds a secret that no
// output may show: the secret access key and session token, and anything named like a secret,
// token, password or private key. It judges the key by its normalised name (lower case,
// letters and digits only), so every spelling counts: aws_secret_access_key,
// AWS-Secret-Access-Key and "aws secret access key" alike. A key that names a token's file or
// path (web_identity_token_file) holds no secret.
func SecretKey(key string) bool {
	var buf [64]byte
	k := normaliseKey(buf[:0], key)
	for _, word := range secretWords {
		if bytes.Contains(k, word) {
			return true
		}
	}
	return bytes.Contains(k, []byte("token")) && !bytes.HasSuffix(k, []byte("file")) && !bytes.HasSuffix(k, []byte("path"))
}

// normaliseKey appends to dst the letters and digits of key, lower-cased.
func normaliseKey(dst []byte, key string) []byte {
	for i := 0; i < len(key); i++ {
		switch c := key[i]; {
		case c >= 'a' && c <= 'z', c >= '0' && c <= '9':
			dst = append(dst, c)
		case c >= 'A' && c <= 'Z':
			dst = append(dst, c+'a'-'A')
		}
	}
	return dst
}
