package doctor

import (
	"cmp"
	"slices"
)

// Severity says whether a finding breaks something (Error), is advice and a difference between
// tools that may bite later (Warning), or is news with nothing to do yet (Note).
type Severity int

// Severities, worst first.
const (
	SeverityError Severity = iota
	SeverityWarning
	SeverityNote
)

// String is "error", "warning" or "note".
func (s Severity) String() string {
	switch s {
	case SeverityError:
		return "error"
	case SeverityWarning:
		return "warning"
	}
	return "note"
}

// MarshalText writes "error", "warning" or "note".
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

// Count returns how many findings are errors, warnings and notes.
func Count(fs []Finding) (errors, warnings, notes int) {
	for _, f := range fs {
		switch f.Severity {
		case SeverityError:
			errors++
		case SeverityWarning:
			warnings++
		default:
			notes++
		}
	}
	return errors, warnings, notes
}
