// Package awsconfig reads and edits the AWS shared config and credentials files
// (~/.aws/config, ~/.aws/credentials) exactly as the AWS SDKs read them, resolves the IAM
// Identity Center (SSO) settings of a profile, and edits the files surgically: every byte it was
// not asked to change stays as it was.
//
// # Layers
//
//   - [Parse] turns a file into a [Document]: every line kept (text and line ending), grouped into
//     sections, with the properties the SDKs read and their file:line.
//   - [Load] and [FromDocuments] build a [Config]: profiles and sso-sessions with merged
//     properties, credentials file over config file.
//   - [Config.ResolveSSO] and [Config.ResolveSession] give the [SSO] settings or a typed error
//     that says what is wrong, where, and what to do.
//   - [Config.EndpointURL] chooses a service's endpoint from the environment, the profile's
//     services section and its endpoint_url, in botocore's order.
//   - [Update] edits a file under its lock file and writes it atomically.
//
// # Parsing rules
//
// awsso follows the cross-SDK semantics (the AWS SDKs and Tools shared-config specification as
// the Go, Java and Rust SDKs implement it). Where the tools disagree the rule says so; awsso's
// doctor warns about every such spot in a user's files. Each rule has a named case in
// TestParseRules and, where botocore or the Go SDK differs, in TestBotocoreAgreement and
// TestGoSDKDifferences; TestGoSDKAgreement and TestBotocoreAgreement compare whole files.
//
//  1. Lines end in "\n" or "\r\n"; both are kept byte for byte and neither is part of a value
//     (the Go SDK keeps the "\r" of a CRLF continuation line in the value). A UTF-8 byte order
//     mark at the start is ignored by the parser (doctor flags it: botocore cannot read the file).
//  2. Blank lines and lines whose first non-blank character is '#' or ';' are comments, anywhere,
//     also inside a continuation or sub-property block.
//  3. A line whose first non-blank character is '[' is a section header, even when indented (the
//     Go SDK's rule; botocore reads an indented "[x]" after a value as a continuation line).
//     The header ends at the first ']'; after it only a comment may follow. Anything else is a
//     syntax error, as is a missing ']' or an empty "[]". (botocore ignores text after ']'; the
//     Go SDK silently drops the whole line.)
//  4. Header names: "[profile NAME]", "[sso-session NAME]", "[services NAME]" and "[default]" in
//     the config file; "[NAME]" in the credentials file. Runs of blanks between the type and the
//     name are one separator, as in the Go SDK. A NAME that is empty or holds blanks, quotes,
//     backslashes, '#', ';', '[' or ']' is invalid and its section is skipped: the SDKs disagree
//     on such names (botocore unquotes "[profile 'a b']" with shlex and drops "[profile a b]",
//     the Go SDK reads both with blanks and quotes as written, the Rust and Java SDKs reject
//     them). Blanks just inside the brackets are trimmed ("[profile dev ]" is dev), as in the
//     Go SDK; the AWS CLI ignores "[default ]" and "[ profile dev ]" and reads "[ dev ]" in the
//     credentials file as " dev ", so doctor reports such headers. Sections of any other shape
//     ("[dev]" in the config file, "[profile dev]" in the credentials file) are not profiles,
//     as in every SDK (botocore reads the credentials file's "[profile dev]" as a profile named
//     "profile dev").
//  5. Before the first header only blank and comment lines may appear; a property there is a
//     syntax error (botocore refuses it too; the Go SDK ignores it).
//  6. A property is "key = value"; ':' also separates when it comes before any '=' (botocore and
//     the Go SDK; the Rust SDK accepts only '='). Keys are trimmed and lower-cased. A line with
//     neither separator, or an empty key, is a syntax error (botocore agrees; the Go SDK skips it).
//  7. Values are trimmed. An inline comment starts at '#' or ';' preceded by a blank and is not
//     part of the value: "a = 1;x" reads "1;x", "a = 1 ;x" reads "1". botocore and the AWS CLI
//     keep inline comments in the value ("us-west-2 ; prod"). Quotes are kept: botocore and the
//     Rust SDK keep them, the Go SDK strips one pair of surrounding quotes.
//  8. A line indented deeper than the property above it continues that property. When the
//     property's value is non-empty the line's trimmed text is appended after "\n", comments
//     included (botocore agrees; the Go SDK reads an indented "k = v" after a non-empty value as
//     a property of its own). When the value is empty the lines form a sub-property block
//     ("s3 =" then "  max_concurrent_requests = 20"): each must be "key = value" split at the first
//     '=' (botocore's rule), keys lower-cased (botocore keeps their case), values trimmed with
//     comments kept. An indented line at the start of a section is a property (botocore and the
//     Go SDK agree).
//  9. Blank lines inside a continuation are skipped (the Go SDK; botocore keeps them as empty
//     lines inside the value).
//  10. Duplicate sections merge and a later key wins over an earlier one, in one file and across
//     sections (the SDKs). botocore and the AWS CLI refuse such a file outright.
//  11. "[profile default]" beats "[default]": when both exist the "[default]" sections are ignored
//     whole (the Go, Java and Rust SDKs). botocore keeps whichever comes last in the file.
//  12. The credentials file's values win over the config file's, key by key, for every key
//     (botocore; the Go SDK merges only the keys it knows). A profile's keys keep the order of
//     their first appearance, config file first.
//  13. A missing file is an empty file. Section names and the "profile" and "sso-session"
//     prefixes are case-sensitive; "[DEFAULT]" is not the default profile (for botocore it is a
//     section whose keys every other section inherits; doctor flags it).
//
// # Editing rules
//
// [Document] edits change only the lines they must: setting an existing key replaces its value
// in place (keeping the key's spelling, the separator's spacing and an inline comment), new keys
// go after the section's last property, new sections go at the end of the file after one blank
// line, and new lines use the file's line ending. A key that appears in several sections of the
// same name is changed where the SDKs read it: the last one.
package awsconfig
