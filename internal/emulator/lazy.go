package emulator

import (
	"regexp"
	"sync"
)

// lazyRegexp is a regular expression compiled on first use. Every awsso process links the
// emulator, and compiling its patterns at package init (the counted repetitions expand into
// large programs) cost each start of credential-process, which tools run at every launch.
type lazyRegexp struct {
	expr string
	once sync.Once
	re   *regexp.Regexp
}

func lazyRE(expr string) *lazyRegexp { return &lazyRegexp{expr: expr} }

// MatchString reports whether s matches.
func (l *lazyRegexp) MatchString(s string) bool {
	l.once.Do(func() { l.re = regexp.MustCompile(l.expr) })
	return l.re.MatchString(s)
}
