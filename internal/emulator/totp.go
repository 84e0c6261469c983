package emulator

import (
	"crypto/hmac"
	"crypto/sha1"
	"crypto/subtle"
	"encoding/base32"
	"encoding/binary"
	"errors"
	"fmt"
	"strings"
	"time"
)

// totpStep is the RFC 6238 time step AWS's virtual MFA devices use.
const totpStep = 30 * time.Second

// totpKey decodes a base32 TOTP secret as authenticator apps accept it: any case, blanks
// ignored, padding optional. RFC 4226 asks for at least 128 bits; 80 (16 characters) is the
// least authenticator apps take, so that is the floor here.
func totpKey(secret string) ([]byte, error) {
	s := strings.ToUpper(strings.Join(strings.Fields(secret), ""))
	key, err := base32.StdEncoding.WithPadding(base32.NoPadding).DecodeString(strings.TrimRight(s, "="))
	if err != nil {
		return nil, errors.New("not base32 (A-Z and 2-7)")
	}
	if len(key) < 10 {
		return nil, fmt.Errorf("%d bits is too short: use at least 16 base32 characters", len(key)*8)
	}
	return key, nil
}

// TOTP returns the 6-digit RFC 6238 code of a base32 secret at time t (HMAC-SHA-1, 30-second
// steps), the code an authenticator app shows for an MFADevice.
func TOTP(secret string, t time.Time) (string, error) {
	key, err := totpKey(secret)
	if err != nil {
		return "", fmt.Errorf("totp secret: %w", err)
	}
	return totpCode(key, totpCounter(t)), nil
}

func totpCounter(t time.Time) int64 { return t.Unix() / int64(totpStep/time.Second) }

// totpCode is the RFC 4226 HOTP value of counter, truncated to 6 digits.
func totpCode(key []byte, counter int64) string {
	var msg [8]byte
	binary.BigEndian.PutUint64(msg[:], uint64(counter))
	m := hmac.New(sha1.New, key)
	m.Write(msg[:])
	sum := m.Sum(nil)
	off := sum[len(sum)-1] & 0x0f
	v := binary.BigEndian.Uint32(sum[off:off+4]) & 0x7fffffff
	return fmt.Sprintf("%06d", v%1_000_000)
}

// totpMatch returns the counter, within one step of now's, whose code is code, and whether
// there is one that is later than last (a code is accepted once, as RFC 6238 section 5.2
// asks and AWS does).
func totpMatch(key []byte, code string, now time.Time, last int64) (int64, bool) {
	c := totpCounter(now)
	for _, n := range []int64{c - 1, c, c + 1} {
		if n > last && subtle.ConstantTimeCompare([]byte(totpCode(key, n)), []byte(code)) == 1 {
			return n, true
		}
	}
	return 0, false
}

// MFACode returns the code the MFA device serial shows now and the one it shows next, by the
// emulator's clock. AssumeRole accepts each code once, so a test that needs two MFA calls
// within 30 seconds uses next for the second.
func (s *Server) MFACode(serial string) (code, next string, err error) {
	for _, d := range s.org.MFADevices {
		if d.SerialNumber == serial {
			key, err := totpKey(d.Secret)
			if err != nil {
				return "", "", err
			}
			c := totpCounter(s.now())
			return totpCode(key, c), totpCode(key, c+1), nil
		}
	}
	return "", "", fmt.Errorf("emulator: no MFA device %q in the organisation", serial)
}
