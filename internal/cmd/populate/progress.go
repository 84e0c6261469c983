package populate

import (
	"fmt"
	"io"
	"strings"
	"sync"
	"time"
)

// progressBar draws "Listing roles [#####.....] 512/1000 accounts" on one terminal line,
// at most ten times a second, and erases it when done. Once the portal has throttled, the line
// says so and names the pace populate keeps to ("; the portal limits the pace: 42 requests/s"),
// which is what the run is then waiting for.
type progressBar struct {
	w    io.Writer
	now  func() time.Time
	rate func() float64 // the pace learned from throttling, 0 for none; nil without pacing
	mu   sync.Mutex
	last time.Time
	drew bool
}

const barWidth = 30

func (p *progressBar) update(done, total int) {
	p.mu.Lock()
	defer p.mu.Unlock()
	now := p.now()
	if done < total && now.Sub(p.last) < 100*time.Millisecond {
		return
	}
	p.last = now
	filled := barWidth * done / max(total, 1)
	fmt.Fprintf(p.w, "\r\x1b[KListing roles [%s%s] %d/%d accounts", strings.Repeat("#", filled), strings.Repeat(".", barWidth-filled), done, total)
	if p.rate != nil && done < total {
		if r := p.rate(); r > 0 {
			fmt.Fprintf(p.w, "; the portal limits the pace: %.0f requests/s", r)
		}
	}
	p.drew = true
}

func (p *progressBar) finish() {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.drew {
		io.WriteString(p.w, "\r\x1b[K")
	}
}
