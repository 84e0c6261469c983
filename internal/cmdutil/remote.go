package cmdutil

import (
	"context"
	"crypto/tls"
	"crypto/x509"
	"errors"
	"fmt"
	"net"
	"net/url"
	"strings"
	"syscall"

	awshttp "github.com/aws/aws-sdk-go-v2/aws/transport/http"
	"github.com/aws/smithy-go"

	"github.com/awsso/awsso/internal/textsafe"
)

// Explain is the one translation of remote failures for every command. A failure to reach a
// service becomes a short message with a hint and exit code 3 (remote error), instead of the
// SDK's long chain: DNS failures, refused connections, TLS problems, timeouts, and services
// still failing (5xx, 429) after the retries. A remote error a command already marked with
// exit code 3 and hints of its own is shortened too, and keeps those hints after the new one.
// Any other error that holds an SDK operation error, whatever its exit code, keeps its code
// and hints but shows the service's answer in one short phrase ("SSO refused
// ListAccountRoles: No access (ForbiddenException)") in place of the SDK's text. Everything
// else passes through unchanged.
func Explain(err error) error {
	if err == nil || errors.Is(err, context.Canceled) {
		return err
	}
	var done *explained
	if errors.As(err, &done) {
		return err
	}
	var coded ExitCoder
	if errors.As(err, &coded) && coded.ExitCode() != ExitRemote {
		return shortenSDK(err)
	}
	cause, hint := remoteCause(err)
	if cause == "" {
		return shortenSDK(err)
	}
	msg := cause
	if prefix := doing(err); prefix != "" {
		msg = prefix + ": " + cause
	}
	return WithHint(&explained{msg: msg, err: err}, ExitRemote, hint)
}

// shortenSDK replaces the text of the SDK operation error in err's message ("operation error
// SSO: ListAccountRoles, https response error StatusCode: 403, RequestID: ..., api error
// ForbiddenException: No access") with what the service answered, keeping the chain, and so
// the exit code and the hints.
func shortenSDK(err error) error {
	var op *smithy.OperationError
	if !errors.As(err, &op) {
		return err
	}
	msg, long := err.Error(), op.Error()
	i := strings.Index(msg, long)
	if i < 0 {
		return err
	}
	return &explained{msg: msg[:i] + answer(op) + msg[i+len(long):], err: err}
}

// answer says in one phrase what a service answered to an operation.
func answer(op *smithy.OperationError) string {
	var api smithy.APIError
	if errors.As(op.Err, &api) {
		text := strings.TrimSpace(api.ErrorMessage())
		if text == "" {
			return fmt.Sprintf("%s refused %s (%s)", op.ServiceID, op.OperationName, api.ErrorCode())
		}
		return fmt.Sprintf("%s refused %s: %s (%s)", op.ServiceID, op.OperationName, textsafe.Cut(text, maxAnswer), api.ErrorCode())
	}
	return fmt.Sprintf("%s %s failed: %s", op.ServiceID, op.OperationName, textsafe.Cut(innermost(op.Err), maxAnswer))
}

// maxAnswer bounds what a service's message adds to an error.
const maxAnswer = 300

// doing is what the command said it was doing ("list accounts") before the failure's own
// long text: the SDK's "operation error ...", or the network error of a plain HTTP client.
func doing(err error) string {
	msg := err.Error()
	i := strings.Index(msg, "operation error ")
	for e := err; i < 0 && e != nil; e = errors.Unwrap(e) {
		switch e.(type) {
		case *url.Error, *net.OpError, *net.DNSError:
			i = strings.Index(msg, e.Error())
		}
	}
	if i <= 0 {
		return ""
	}
	return strings.TrimSuffix(strings.TrimSpace(msg[:i]), ":")
}

// explained keeps the original chain for errors.Is/As while showing a short message.
type explained struct {
	msg string
	err error
}

func (e *explained) Error() string { return e.msg }
func (e *explained) Unwrap() error { return e.err }

// remoteCause names what went wrong on the way to a service, or "" when err is not that.
func remoteCause(err error) (cause, hint string) {
	const netHint = "check your network connection, VPN and proxy (HTTPS_PROXY), and any AWS_ENDPOINT_URL variables or endpoint_url settings"
	var (
		dnsErr     *net.DNSError
		unknownCA  x509.UnknownAuthorityError
		hostErr    x509.HostnameError
		invalidErr x509.CertificateInvalidError
		recordErr  tls.RecordHeaderError
		respErr    *awshttp.ResponseError
		netErr     net.Error
	)
	var (
		opErr  *net.OpError
		urlErr *url.Error
	)
	switch {
	case errors.As(err, &opErr) && opErr.Op == "proxyconnect":
		return "the proxy failed the connection: " + innermost(err),
			"check the proxy in HTTPS_PROXY (or HTTP_PROXY), or set NO_PROXY for AWS endpoints it must not carry"
	case errors.As(err, &dnsErr):
		return fmt.Sprintf("cannot resolve %s", dnsErr.Name), netHint
	case errors.Is(err, syscall.ECONNREFUSED):
		return "the connection was refused: nothing answers at " + opAddr(err), netHint
	case errors.As(err, &unknownCA), errors.As(err, &hostErr), errors.As(err, &invalidErr):
		return "the server's TLS certificate is not trusted: " + innermost(err),
			"if a proxy inspects TLS on your network, point AWS_CA_BUNDLE at its CA certificate"
	case errors.As(err, &recordErr), strings.Contains(err.Error(), "server gave HTTP response to HTTPS client"):
		return "the server does not speak TLS (is the endpoint http, not https?)", netHint
	case errors.As(err, &respErr) && (respErr.HTTPStatusCode() >= 500 || respErr.HTTPStatusCode() == 429):
		return fmt.Sprintf("the service kept failing after retries (HTTP %d)", respErr.HTTPStatusCode()),
			"this is usually temporary: try again in a minute"
	case errors.Is(err, context.DeadlineExceeded), errors.As(err, &netErr) && netErr.Timeout():
		return "the service did not answer in time", netHint
	case errors.Is(err, syscall.ECONNRESET), errors.Is(err, syscall.EPIPE), errors.Is(err, syscall.ENETUNREACH), errors.Is(err, syscall.EHOSTUNREACH):
		return "the connection failed: " + innermost(err), netHint
	case errors.As(err, &urlErr): // any other failure before an HTTP answer (EOF, a closed connection)
		return "the request did not reach the service: " + innermost(err), netHint
	}
	return "", ""
}

// opAddr is the address a failed dial tried, if the chain names one.
func opAddr(err error) string {
	var op *net.OpError
	if errors.As(err, &op) && op.Addr != nil {
		return op.Addr.String()
	}
	return "the endpoint"
}

// innermost is the message of the deepest error in a chain.
func innermost(err error) string {
	for {
		next := errors.Unwrap(err)
		if next == nil {
			return err.Error()
		}
		err = next
	}
}
