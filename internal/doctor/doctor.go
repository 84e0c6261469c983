package doctor

import (
	"cmp"
	"slices"
)

// Severity says whether a finding breaks something (Error) or is advice and a difference
// between tools that may bite later (Warning).
type Severity int

// Severities, worst first.
const (
	SeverityError Severity = iota
	SeverityWarning
)

// String is "error" or "warning".
func (s Severity) String() string {
	if s == SeverityError {
		return "error"
	}
	return "warning"
}

// MarshalText writes "error" or "warning".
func (s Severity) MarshalText() ([]byte, error) { return []byte(s.String()), nil }

// Finding is one problem: where it is, how bad, what is wrong and what to do.
type Finding struct {
	File     string   `json:"file"`
	Line     int      `json:"line"` // 0 when the finding is about the whole file
	Severity Severity `json:"severity"`
	Problem  string   `json:"problem"`
	Fix      string   `json:"fix"`
}

// Check is one group of checks.
type Check func() ([]Finding, error)

// Run runs the checks and returns all their findings in order of file, line and severity. It
// stops at the first check that fails to run (not one that finds problems).
func Run(checks ...Check) ([]Finding, error) {
	var all []Finding
	for _, check := range checks {
		fs, err := check()
		if err != nil {
			return nil, err
		}
		all = append(all, fs...)
	}
	Sort(all)
	return all, nil
}

// Sort orders findings by file, line, severity and problem.
func Sort(fs []Finding) {
	slices.SortStableFunc(fs, func(a, b Finding) int {
		return cmp.Or(cmp.Compare(a.File, b.File), cmp.Compare(a.Line, b.Line), cmp.Compare(a.Severity, b.Severity), cmp.Compare(a.Problem, b.Problem))
	})
}

// Count returns how many findings are errors and how many warnings.
func Count(fs []Finding) (errors, warnings int) {
	for _, f := range fs {
		if f.Severity == SeverityError {
			errors++
		} else {
			warnings++
		}
	}
	return errors, warnings
}
