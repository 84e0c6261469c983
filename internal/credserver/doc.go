// Package credserver serves the credentials of profiles, of every kind, over the container
// credentials protocol that the AWS SDKs and the AWS CLI speak: they read
// AWS_CONTAINER_CREDENTIALS_FULL_URI, send AWS_CONTAINER_AUTHORIZATION_TOKEN as the
// Authorization header, and fetch again before the credentials expire. A long-running command,
// or a container, thus never holds expired keys and never sees a secret key in its environment.
// ResolverSource serves every profile of the config through the resolver; ProfileSource one
// profile already resolved.
//
// A Server is an http.Handler with a working zero configuration:
//
//	srv := credserver.New(source)             // a random token, time.Now, no logging
//	base, err := srv.Start("127.0.0.1:0")
//	url := credserver.ProfileURL(base, "dev") // export as AWS_CONTAINER_CREDENTIALS_FULL_URI
//	token := srv.Token()                      // export as AWS_CONTAINER_AUTHORIZATION_TOKEN
//
// It keeps each profile's credentials in memory and replaces them ahead of expiry (five
// minutes before, or half their lifetime before when they live less than ten minutes), with
// one call of the Source however many clients ask at once. A replacement that fails while the
// credentials in memory are still valid never fails a request: those are served, and the
// replacement is tried again later.
//
// Only a request that carries the token (compared in constant time), comes from no web page
// (no Origin or Sec-Fetch-* header) and names a host by IP address or as localhost gets
// credentials. Start listens on loopback and, for containers on a bridge network, on the
// link-local addresses that the SDKs accept over plain http.
package credserver
