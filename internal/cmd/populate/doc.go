// Package populate implements `awsso populate`: one profile for every account and role the
// user of an sso-session can reach, named from a template, marked as managed so that later
// runs update only those profiles, and written through the surgical config editor. Roles are
// listed with bounded concurrency, paced to the portal's rate limit.
package populate
