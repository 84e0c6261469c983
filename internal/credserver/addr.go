package credserver

import (
	"fmt"
	"net"
	"net/netip"
	"strings"
)

// BridgeAddrs are the addresses besides loopback that the AWS SDKs fetch container
// credentials from over plain http (botocore, the AWS CLI and aws-sdk-go-v2 refuse any other
// http host): 169.254.170.2 for ECS, 169.254.170.23 and fd00:ec2::23 for EKS Pod Identity.
// A container on a bridge network reaches the host at one of them once the host has it on an
// interface of its own.
var BridgeAddrs = []netip.Addr{
	netip.MustParseAddr("169.254.170.2"),
	netip.MustParseAddr("169.254.170.23"),
	netip.MustParseAddr("fd00:ec2::23"),
}

// CheckLoopback refuses an address, HOST:PORT, whose host is not a loopback address or
// localhost: whatever can reach the server and has the token gets credentials, so by default
// that is programs on this machine only.
func CheckLoopback(addr string) error {
	host, err := splitHost(addr)
	if err != nil {
		return err
	}
	if ip, err := netip.ParseAddr(host); err == nil && ip.IsLoopback() || strings.EqualFold(host, "localhost") {
		return nil
	}
	return fmt.Errorf("%s is not a loopback address: only programs on this machine may ask for credentials", addr)
}

// CheckBridge refuses an address, HOST:PORT, whose host is not one of BridgeAddrs.
func CheckBridge(addr string) error {
	host, err := splitHost(addr)
	if err != nil {
		return err
	}
	if ip, err := netip.ParseAddr(host); err == nil {
		for _, b := range BridgeAddrs {
			if ip == b {
				return nil
			}
		}
	}
	return fmt.Errorf("%s is not a container bridge address the AWS SDKs accept over http (169.254.170.2, 169.254.170.23 or [fd00:ec2::23])", addr)
}

// splitHost returns the host of HOST:PORT, and an error naming the address when it has no
// port.
func splitHost(addr string) (string, error) {
	host, _, err := net.SplitHostPort(addr)
	if err != nil {
		return "", fmt.Errorf("address %q: want HOST:PORT, such as 127.0.0.1:0 (port 0 picks a free port)", addr)
	}
	return host, nil
}

// hostAllowed reports whether a request's Host header names the server by IP address or as
// localhost. Any other name means a DNS name resolved to this machine: the signature of a DNS
// rebinding attack, where a web page makes the browser treat the server as its own origin.
func hostAllowed(hostport string) bool {
	host := hostport
	if h, _, err := net.SplitHostPort(hostport); err == nil {
		host = h
	}
	host = strings.TrimSuffix(strings.TrimPrefix(host, "["), "]")
	if _, err := netip.ParseAddr(host); err == nil {
		return true
	}
	return strings.EqualFold(host, "localhost")
}
