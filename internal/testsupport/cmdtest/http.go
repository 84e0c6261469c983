package cmdtest

import (
	"net/http"
	"time"
)

// httpClient follows redirects to the loopback callback of a sign-in.
var httpClient = http.Client{Timeout: 30 * time.Second}
