// Package session answers "give me a valid access token for this sso-session": it reads the
// shared token cache, refreshes the token when less than 15 minutes remain (one process at a
// time, under the token's lock file), and runs a sign-in under the same lock so parallel
// processes that all need a login open one browser tab, not one each.
//
// The service tells no client how long a sign-in session, and so a refresh token, lasts: the
// organisation sets it (15 minutes to 90 days), and the client registration's expiry is only an
// upper bound. So nothing here claims a date until which a token can be refreshed (State says
// what the cache file tells), and a refresh the service refuses is the only way to learn that
// the session ended. That refusal is recorded in the token file itself (tokencache's "awsso"
// key, tied to the access token it is about): every process and every view (status, profiles,
// doctor, a prompt reading State) then says a login is due, nobody asks the service again, and
// the next sign-in, by awsso or any other tool, writes a file without it. The AWS CLI,
// botocore and the SDKs read the keys they know and ignore it.
//
// A refresh that fails for a network reason is not remembered: while the cached token still
// works it is used (the attempt is bounded to a few seconds), once it has expired the failure
// is the command's error (exit 3), and the next command tries again.
package session
