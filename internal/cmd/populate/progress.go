package populate

import (
	"fmt"
	"io"
	"strings"
	"sync"
	"time"
)

// progressBar draws "Listing roles [#####.....] 512/1000 accounts" on one terminal line,
// at most ten times a second, and erases it when done.
type progressBar struct {
	w    io.Writer
	now  func() time.Time
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
	p.drew = true
}

func (p *progressBar) finish() {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.drew {
		io.WriteString(p.w, "\r\x1b[K")
	}
}
