// Package shellquote writes strings as words that a shell reads back literally, for code that
// users evaluate (`eval "$(awsso ...)"`, `awsso ... | source`, hints to paste): a profile name,
// region or credential is data, and no character in it can make a shell run anything.
//
// One function per dialect: POSIX for sh, bash and zsh, Fish, and PowerShell. Each leaves a
// word of plain characters bare (so common output reads as people write it) and quotes
// everything else in the dialect's literal quotes.
package shellquote
