package awsconfig

import "testing"

func TestSecretKey(t *testing.T) {
	secret := []string{"aws_secret_access_key", "aws-secret-access-key", "AWS_Secret_Access_Key", "aws secret access key",
		"awssecretaccesskey", "aws_session_token", "aws-session-token", "aws_security_token", "sso_client_secret",
		"token", "refresh_token", "password", "db_passwd", "key_passphrase", "private_key", "api-key", "x_secret_2"}
	plain := []string{"aws_access_key_id", "region", "sso_session", "sso_start_url", "sso_account_id", "credential_process",
		"web_identity_token_file", "token_path", "role_arn", "external_id", "output", ""}
	for _, k := range secret {
		if !SecretKey(k) {
			t.Errorf("SecretKey(%q) = false, want true", k)
		}
	}
	for _, k := range plain {
		if SecretKey(k) {
			t.Errorf("SecretKey(%q) = true, want false", k)
		}
	}
}

func BenchmarkSecretKey(b *testing.B) {
	b.ReportAllocs()
	for range b.N {
		SecretKey("aws_secret_access_key")
		SecretKey("sso_registration_scopes")
	}
}
