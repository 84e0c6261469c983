package populate_test

import (
	"fmt"
	"testing"
	"time"

	"github.com/awsso/awsso/internal/emulator"
)

// BenchmarkPopulate1000 lists 1000 accounts (2334 roles) from an emulator that accepts 50
// portal requests a second, as `awsso emulator --accounts 1000 --throttle 50` does, paced and
// concurrent (the default) and sequentially with only the SDK's retries (the baseline), and
// reports each against the lower bound the rate limit allows: (1 + pages + 1000 - 50) / 50 s,
// one request for the token's first use, the account pages and one role list per account, less
// the first second's burst that the emulator's full bucket lets through.
// With 100 ms of latency per call (a distant region) the sequential baseline also pays one
// round trip per request. Each run takes 20 to 110 s:
//
//	go test -run '^$' -bench Populate1000 -benchtime 1x ./internal/cmd/populate/
func BenchmarkPopulate1000(b *testing.B) { benchmarkPopulate(b, 1000, 50) }

// BenchmarkPopulate50 is BenchmarkPopulate1000 for a small organisation, 50 accounts under a
// limit of 20 requests a second, where learning the rate is a larger share of the run:
//
//	go test -run '^$' -bench Populate50 -benchtime 5x ./internal/cmd/populate/
func BenchmarkPopulate50(b *testing.B) { benchmarkPopulate(b, 50, 20) }

func benchmarkPopulate(b *testing.B, accounts int, rate float64) {
	const pageSize = 100
	pages := (accounts + pageSize - 1) / pageSize
	// The emulator's bucket holds one second of requests and starts full.
	bound := time.Duration(max(float64(1+pages+accounts)-rate, 0) / rate * float64(time.Second))
	for _, c := range []struct {
		name    string
		latency time.Duration
		args    []string
	}{
		{"latency-0/paced-12-workers", 0, nil},
		{"latency-0/sequential-sdk-retries", 0, []string{"--workers", "1", "--pace=false"}},
		{"latency-100ms/paced-12-workers", 100 * time.Millisecond, nil},
		{"latency-100ms/sequential-sdk-retries", 100 * time.Millisecond, []string{"--workers", "1", "--pace=false"}},
	} {
		b.Run(c.name, func(b *testing.B) {
			h := newHarness(b, "", func(o *emulator.Options) {
				o.Org = emulator.GenerateOrg(accounts)
				o.Throttle = rate
				o.Latency = c.latency
				o.Logf = nil
			})
			args := append([]string{"populate", "--sso-session", "corp", "--dry-run"}, c.args...)
			var total time.Duration
			for b.Loop() {
				time.Sleep(2 * time.Second) // let the emulator's bucket fill, as between two real runs
				start := time.Now()
				h.mustRun(args...)
				total += time.Since(start)
			}
			per := total / time.Duration(b.N)
			b.ReportMetric(per.Seconds(), "s/populate")
			b.ReportMetric(bound.Seconds(), "s-bound")
			b.ReportMetric(per.Seconds()/bound.Seconds(), "x-bound")
			b.Log(fmt.Sprintf("%s: %.1f s, %.2fx the %.2f s bound", c.name, per.Seconds(), per.Seconds()/bound.Seconds(), bound.Seconds()))
		})
	}
}
