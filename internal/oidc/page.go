package oidc

import (
	"net/http"
	"strings"
	"text/template"
)

// pageHTML is the page, with {{.Title}} and {{.Text}} replaced by HTML-escaped text. (A page
// this small needs no template engine: html/template's package init alone costs every awsso
// start, credential-process included.)
const pageHTML = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>{{.Title}}</title>
<style>body{font:16px/1.5 system-ui,sans-serif;margin:0;display:grid;place-items:center;min-height:100vh;background:#f4f6f8;color:#16191f}
main{background:#fff;padding:2rem 2.5rem;border-radius:8px;box-shadow:0 1px 4px rgba(0,0,0,.15);max-width:28rem}
h1{font-size:1.3rem;margin:0 0 .5rem}</style></head>
<body><main><h1>{{.Title}}</h1><p>{{.Text}}</p></main></body></html>
`

// writePage answers the browser with a small page that says what happened.
func writePage(w http.ResponseWriter, status int, title, text string) {
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	w.Header().Set("Content-Security-Policy", "default-src 'none'; style-src 'unsafe-inline'")
	w.WriteHeader(status)
	page := strings.NewReplacer("{{.Title}}", template.HTMLEscapeString(title), "{{.Text}}", template.HTMLEscapeString(text)).Replace(pageHTML)
	w.Write([]byte(page))
}
