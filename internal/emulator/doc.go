// Package emulator is a local AWS IAM Identity Center: the SSO OIDC service (client
// registration, device authorization, token grants, the sign-in and consent pages), the SSO
// portal (accounts, roles, role credentials, logout), STS (GetCallerIdentity and AssumeRole
// with SigV4 verification, trust rules, external ids and TOTP MFA; AssumeRoleWithWebIdentity
// with HS256 tokens), and the console federation endpoint, all on one loopback port and all in
// memory.
//
// It speaks the wire protocol as AWS serves it, so the aws-sdk-go-v2 clients, boto3 and the
// AWS CLI decode every response and every error as they would against AWS. The zero Options
// work:
//
//	srv := emulator.New(emulator.Options{AutoApprove: true})
//	url, err := srv.Start("127.0.0.1:0")
//	defer srv.Close()
//
// Tests drive it through hooks (ApproveDevice, DenyDevice, Revoke, ExpireAccessTokens,
// FailNext, Stats, MFACode, WebIdentityToken) rather than through a browser, as tailscale's testcontrol does. The package
// imports none of awsso's client code, so a bug in a shared type cannot hide on both sides.
package emulator
