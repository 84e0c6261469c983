package resolver

import (
	"context"
	"fmt"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/credentials/ec2rolecreds"
	"github.com/aws/aws-sdk-go-v2/credentials/endpointcreds"
	"github.com/aws/aws-sdk-go-v2/feature/ec2/imds"

	"github.com/awsso/awsso/internal/creds"
)

// ecsEndpoint is where AWS_CONTAINER_CREDENTIALS_RELATIVE_URI points, as in botocore.
const ecsEndpoint = "http://169.254.170.2"

// credentialSource returns the source credentials of a credential_source hop, through the
// SDK's providers for the container and instance endpoints.
func (f *fetch) credentialSource(ctx context.Context, n *Profile) (*creds.Credentials, error) {
	getenv := func(key string) string { v, _ := f.r.LookupEnv(key); return v }
	var provider aws.CredentialsProvider
	switch n.CredentialSource {
	case SourceEnvironment:
		id, secret := getenv("AWS_ACCESS_KEY_ID"), getenv("AWS_SECRET_ACCESS_KEY")
		if id == "" || secret == "" {
			return nil, &SourceUnavailableError{Profile: n.Name, Source: n.CredentialSource, Why: "AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY are not both set"}
		}
		token := getenv("AWS_SESSION_TOKEN")
		if token == "" {
			token = getenv("AWS_SECURITY_TOKEN")
		}
		return &creds.Credentials{AccessKeyID: id, SecretAccessKey: secret, SessionToken: token}, nil
	case SourceECS:
		url := getenv("AWS_CONTAINER_CREDENTIALS_FULL_URI")
		if rel := getenv("AWS_CONTAINER_CREDENTIALS_RELATIVE_URI"); rel != "" {
			url = ecsEndpoint + rel
		}
		if url == "" {
			return nil, &SourceUnavailableError{Profile: n.Name, Source: n.CredentialSource,
				Why: "neither AWS_CONTAINER_CREDENTIALS_RELATIVE_URI nor AWS_CONTAINER_CREDENTIALS_FULL_URI is set"}
		}
		token := getenv("AWS_CONTAINER_AUTHORIZATION_TOKEN")
		provider = endpointcreds.New(url, func(o *endpointcreds.Options) { o.AuthorizationToken = token })
	case SourceIMDS:
		if v := getenv("AWS_EC2_METADATA_DISABLED"); v == "true" {
			return nil, &SourceUnavailableError{Profile: n.Name, Source: n.CredentialSource, Why: "AWS_EC2_METADATA_DISABLED is true"}
		}
		o := imds.Options{Endpoint: getenv("AWS_EC2_METADATA_SERVICE_ENDPOINT")}
		provider = ec2rolecreds.New(func(opts *ec2rolecreds.Options) { opts.Client = imds.New(o) })
	default:
		return nil, &UnknownCredentialSourceError{Profile: n.Name, Value: n.CredentialSource, Where: n.Role.Where}
	}
	f.debugf("%s: source credentials from credential_source %s", n.Name, n.CredentialSource)
	c, err := provider.Retrieve(ctx)
	if err != nil {
		return nil, &SourceUnavailableError{Profile: n.Name, Source: n.CredentialSource, Err: err}
	}
	out := &creds.Credentials{AccessKeyID: c.AccessKeyID, SecretAccessKey: c.SecretAccessKey, SessionToken: c.SessionToken}
	if c.CanExpire {
		out.Expiration = c.Expires
	}
	return out, nil
}

// SourceUnavailableError is a credential_source that gave no credentials.
type SourceUnavailableError struct {
	Profile, Source string
	Why             string
	Err             error
}

func (e *SourceUnavailableError) Error() string {
	if e.Err != nil {
		return fmt.Sprintf("profile %s: no credentials from credential_source %s: %v", e.Profile, e.Source, e.Err)
	}
	return fmt.Sprintf("profile %s: no credentials from credential_source %s: %s", e.Profile, e.Source, e.Why)
}

func (e *SourceUnavailableError) Unwrap() error { return e.Err }

// ExitCode is 3 when the endpoint failed, 1 when nothing was set up.
func (e *SourceUnavailableError) ExitCode() int {
	if e.Err != nil {
		return exitRemote
	}
	return exitConfig
}

// Hints says where each source looks.
func (e *SourceUnavailableError) Hints() []string {
	switch e.Source {
	case SourceEnvironment:
		return []string{"set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY (and AWS_SESSION_TOKEN for temporary keys), or use source_profile"}
	case SourceECS:
		return []string{"EcsContainer works inside an ECS task or EKS pod, where the agent sets AWS_CONTAINER_CREDENTIALS_*; elsewhere use source_profile"}
	}
	return []string{"Ec2InstanceMetadata works on an EC2 instance with an instance profile; elsewhere use source_profile"}
}
