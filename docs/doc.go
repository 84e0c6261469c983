// Package docs holds the contributor documentation, design.md. It has no code: its tests hold
// the document to the code, so that the cache key vectors, the token file and the import
// table it shows cannot drift from what the code computes, writes and imports.
package docs
