package credserver

import (
	"io"
	"net/http"
	"net/http/httptest"
	"testing"
	"time"
)

// BenchmarkServeFromMemory is the handler's work for a request of credentials in memory: the
// checks, the token comparison and the body, without the network.
func BenchmarkServeFromMemory(b *testing.B) {
	src := &fakeSource{clock: newClock(), life: time.Hour, profiles: []string{"dev"}}
	s := New(src.get, func(o *Options) { o.Token = "the-token"; o.Now = src.clock.Now })
	defer s.Close()
	req := httptest.NewRequest(http.MethodGet, "/profiles/dev", nil)
	req.Host = "127.0.0.1:41234"
	req.Header.Set("Authorization", "the-token")
	b.ReportAllocs()
	b.RunParallel(func(pb *testing.PB) {
		for pb.Next() {
			w := httptest.NewRecorder()
			s.ServeHTTP(w, req)
			if w.Code != http.StatusOK {
				b.Fatalf("status %d", w.Code)
			}
		}
	})
}

// BenchmarkServeOverLoopback is a request of credentials in memory over HTTP on loopback, with
// a kept-alive connection, as an SDK's client makes it.
func BenchmarkServeOverLoopback(b *testing.B) {
	src := &fakeSource{clock: newClock(), life: time.Hour, profiles: []string{"dev"}}
	s := New(src.get, func(o *Options) { o.Now = src.clock.Now })
	defer s.Close()
	base, err := s.Start("127.0.0.1:0")
	if err != nil {
		b.Fatal(err)
	}
	url := ProfileURL(base, "dev")
	client := &http.Client{Transport: &http.Transport{MaxIdleConnsPerHost: 64}}
	b.ReportAllocs()
	b.ResetTimer()
	b.RunParallel(func(pb *testing.PB) {
		for pb.Next() {
			req, _ := http.NewRequest(http.MethodGet, url, nil)
			req.Header.Set("Authorization", s.Token())
			resp, err := client.Do(req)
			if err != nil {
				b.Fatal(err)
			}
			io.Copy(io.Discard, resp.Body)
			resp.Body.Close()
			if resp.StatusCode != http.StatusOK {
				b.Fatalf("status %d", resp.StatusCode)
			}
		}
	})
}
