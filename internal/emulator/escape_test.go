package emulator

import (
	"net/http"
	"net/http/httptest"
	"reflect"
	"strings"
	"testing"
)

const hostile = `<script>alert("x")</script>' onmouseover='y' &amp;`

// hostileData fills every text of pageData with markup and every flag with true.
func hostileData() pageData {
	var d pageData
	v := reflect.ValueOf(&d).Elem()
	for i := 0; i < v.NumField(); i++ {
		switch f := v.Field(i); f.Kind() {
		case reflect.String:
			f.SetString(hostile)
		case reflect.Bool:
			f.SetBool(true)
		case reflect.Slice:
			f.Set(reflect.ValueOf([]string{hostile, hostile}))
		}
	}
	return d
}

// TestEscapedCoversEveryField: a field added to pageData and forgotten by escaped would reach
// a page as markup.
func TestEscapedCoversEveryField(t *testing.T) {
	t.Parallel()
	v := reflect.ValueOf(hostileData().escaped())
	for i := 0; i < v.NumField(); i++ {
		name, f := v.Type().Field(i).Name, v.Field(i)
		switch f.Kind() {
		case reflect.String:
			if strings.ContainsAny(f.String(), `<>"'`) {
				t.Errorf("escaped leaves %s as %q", name, f.String())
			}
		case reflect.Slice:
			for j := 0; j < f.Len(); j++ {
				if strings.ContainsAny(f.Index(j).String(), `<>"'`) {
					t.Errorf("escaped leaves %s[%d] as %q", name, j, f.Index(j).String())
				}
			}
		}
	}
}

// TestPagesKeepTextText renders every page with markup in every field: none of it may come out
// as markup, in element text or in an attribute.
func TestPagesKeepTextText(t *testing.T) {
	t.Parallel()
	s := &Server{}
	for _, name := range []string{"signin", "consent", "done", "error", "federation", "home"} {
		t.Run(name, func(t *testing.T) {
			rec := httptest.NewRecorder()
			s.render(rec, http.StatusOK, name, hostileData())
			body := rec.Body.String()
			if rec.Code != http.StatusOK || !strings.Contains(body, "</html>") {
				t.Fatalf("status %d, page:\n%s", rec.Code, body)
			}
			for _, raw := range []string{"<script>", `"x"`, "'y'", "' onmouseover"} {
				if strings.Contains(body, raw) {
					t.Errorf("page holds %q unescaped", raw)
				}
			}
			if !strings.Contains(body, "&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt;&#39; onmouseover=&#39;y&#39; &amp;amp;") {
				t.Errorf("page shows none of the text, escaped:\n%s", body)
			}
		})
	}
}
