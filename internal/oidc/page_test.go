package oidc

import (
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
)

// TestWritePageEscapes: the title and text are text, never markup, whatever they hold.
func TestWritePageEscapes(t *testing.T) {
	rec := httptest.NewRecorder()
	writePage(rec, http.StatusBadRequest, `<script>alert("t")</script> & {{.Text}}`, `<img src=x onerror='y'>`)
	body := rec.Body.String()
	if rec.Code != http.StatusBadRequest || rec.Header().Get("Content-Type") != "text/html; charset=utf-8" {
		t.Errorf("status %d, content type %q", rec.Code, rec.Header().Get("Content-Type"))
	}
	for _, raw := range []string{"<script>", "<img", `"t"`, "'y'"} {
		if strings.Contains(body, raw) {
			t.Errorf("page holds %q unescaped:\n%s", raw, body)
		}
	}
	for _, want := range []string{
		"<title>&lt;script&gt;alert(&#34;t&#34;)&lt;/script&gt; &amp; {{.Text}}</title>",
		"<h1>&lt;script&gt;alert(&#34;t&#34;)&lt;/script&gt; &amp; {{.Text}}</h1><p>&lt;img src=x onerror=&#39;y&#39;&gt;</p>",
	} {
		if !strings.Contains(body, want) {
			t.Errorf("page lacks %q:\n%s", want, body)
		}
	}
}
