// Package cachefile reads and writes the JSON cache files the AWS CLI v2 shares with awsso
// (~/.aws/sso/cache and ~/.aws/cli/cache) in the exact bytes botocore writes: Python's
// json.dumps layout (", " and ": " separators, ASCII-only strings, no final newline), sha1 file
// names, 0600 files in 0700 folders, written atomically. Reads are tolerant: other tools write
// other key orders and layouts, and fields this package does not know are kept on rewrite.
package cachefile
