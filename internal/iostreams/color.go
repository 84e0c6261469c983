package iostreams

// ColorScheme wraps text in ANSI colours when enabled, and returns it unchanged otherwise.
type ColorScheme struct{ enabled bool }

// ColorScheme returns the scheme for stdout.
func (s *IOStreams) ColorScheme() ColorScheme { return ColorScheme{enabled: s.ColorEnabled()} }

// ColorSchemeErr returns the scheme for stderr.
func (s *IOStreams) ColorSchemeErr() ColorScheme { return ColorScheme{enabled: s.ColorEnabledErr()} }

func (c ColorScheme) wrap(code, text string) string {
	if !c.enabled || text == "" {
		return text
	}
	return "\x1b[" + code + "m" + text + "\x1b[0m"
}

// Bold makes text bold.
func (c ColorScheme) Bold(text string) string { return c.wrap("1", text) }

// Red marks failures and expired states.
func (c ColorScheme) Red(text string) string { return c.wrap("31", text) }

// Green marks success and valid states.
func (c ColorScheme) Green(text string) string { return c.wrap("32", text) }

// Yellow marks warnings and states that need attention soon.
func (c ColorScheme) Yellow(text string) string { return c.wrap("33", text) }

// Cyan marks things to type or click: commands, URLs, codes.
func (c ColorScheme) Cyan(text string) string { return c.wrap("36", text) }

// Gray marks secondary detail.
func (c ColorScheme) Gray(text string) string { return c.wrap("90", text) }
