// Package resolver is the one place where a profile becomes a value, and that value becomes
// credentials, for every command that consumes them.
//
// # API
//
// Resolve reads a profile once from the config into an immutable *Profile: its Kind, its
// chain to the root (Source), the IAM Identity Center session and role (SSO), the role to
// assume (Role), its region, output format and client settings (Client: endpoints, CA bundle,
// max attempts). Profile.String describes the chain as people read it:
// "prod-admin -> hub (sso-session corp)".
//
// A Resolver turns such a value into credentials. It holds no profile, so one Resolver serves
// any number of profiles, concurrently:
//
//	r := f.Resolver()                                        // cmdutil.Factory builds it
//	p, err := r.Resolve(cfg, "prod-admin", true)             // true: named explicitly (--profile)
//	c, err := r.Credentials(ctx, p, resolver.Fetch{})        // *creds.Credentials, with Expiration
//	c, err := r.ProfileCredentials(ctx, "prod-admin", resolver.Fetch{})  // both steps, as a server asks
//	c, err := r.Credentials(ctx, p, resolver.Fetch{Refresh: true})       // skip the cache: renew now
//
// Fetch.Margin chooses how much time cached credentials must have left (the AWS CLI's 15
// minutes by default); Fetch.Refresh fetches anew whatever the cache holds, for a server that
// renews credentials whose lifetime is shorter than that margin; Fetch.MFACode answers an MFA
// question (--mfa-code). Long-term keys (static, environment) have a zero Expiration.
//
// # The order of providers, as botocore's
//
// Without an explicit profile (no --profile), AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY win
// (KindEnvironment), as botocore's EnvProvider does; an explicit profile removes them, as it
// removes that provider. Then, for the profile:
//
//  1. role_arn without web_identity_token_file: KindAssumeRole, with exactly one of
//     source_profile and credential_source (Environment, EcsContainer, Ec2InstanceMetadata).
//  2. web_identity_token_file (or AWS_WEB_IDENTITY_TOKEN_FILE with AWS_ROLE_ARN, when the
//     profile was not named explicitly): KindWebIdentity.
//  3. sso_account_id or sso_role_name: KindSSO.
//  4. aws_access_key_id in the credentials file: KindStatic.
//  5. credential_process: KindProcess.
//  6. aws_access_key_id in the config file: KindStatic.
//
// A source_profile resolves with steps 2 to 6 (the environment left out) when it holds static
// keys or has no role_arn of its own, else with its own role (step 1): so a source profile
// with both static keys and role_arn gives its keys, and a profile may name itself as its
// source_profile only to take its own keys. Any other return to a profile already on the way
// is a *LoopError. The Go SDK orders these differently in a few cases (static keys before
// IAM Identity Center settings, for one); awsso follows botocore, and `awsso doctor` names
// every profile the two read differently.
//
// Unlike the AWS CLI, a profile with no credentials is an error naming what it lacks; awsso
// does not go on to the container or instance metadata endpoints (credential_source asks for
// them explicitly).
//
// # Caches
//
// IAM Identity Center role credentials and assumed roles (AssumeRole and
// AssumeRoleWithWebIdentity) are cached in ~/.aws/cli/cache exactly as the AWS CLI v2 caches
// them, under the same keys (creds.Key, creds.AssumeRoleKey), reused while more than 15
// minutes remain and written atomically under the cache file's lock. A warm chain reads the
// config files and one cache file: the assumed role's, and nothing of its source (not even
// the IAM Identity Center token). Static keys, credential_process output and credential_source
// credentials are not cached, as by the AWS CLI.
package resolver
