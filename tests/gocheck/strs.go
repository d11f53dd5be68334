package main

// strs prints what Go's standard library makes of strings, for tests/quote_diff.rs,
// tests/escape_diff.rs and tests/profile_diff.rs. Input: one JSON string per line. Output:
// one JSON object per line: whether every rune is assigned in Go's Unicode tables
// (unicode.Version), strconv's Quote, QuoteToASCII and CanBackquote, fmt's %q, %+q, %#q
// and %x, url.QueryEscape and PathEscape, strings.ToLower, and what the official CLI's
// profile.SetName makes of the string as a profile name (the name, or its error).

import (
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"os"
	"strconv"
	"strings"
	"unicode"
)

var errProfileNameHasDots = errors.New("profile should not contain '.'")

// profileName is the official CLI's profile.SetName: the name checked as typed, then
// lower-cased.
func profileName(name string) (string, error) {
	if strings.Contains(name, ".") {
		return "", fmt.Errorf("%w: %q", errProfileNameHasDots, name)
	}
	return strings.ToLower(name), nil
}

func assigned(s string) bool {
	for _, r := range s {
		if !unicode.In(r, unicode.L, unicode.M, unicode.N, unicode.P, unicode.S, unicode.Z, unicode.C) {
			return false
		}
	}
	return true
}

func strsLine(line []byte) map[string]any {
	var s string
	if err := json.Unmarshal(line, &s); err != nil {
		panic(err)
	}
	profile, err := profileName(s)
	if err != nil {
		profile = "error: " + err.Error()
	}
	return map[string]any{
		"assigned":  assigned(s),
		"quote":     strconv.Quote(s),
		"ascii":     strconv.QuoteToASCII(s),
		"backquote": strconv.CanBackquote(s),
		"q":         fmt.Sprintf("%q", s),
		"plusq":     fmt.Sprintf("%+q", s),
		"sharpq":    fmt.Sprintf("%#q", s),
		"query":     url.QueryEscape(s),
		"path":      url.PathEscape(s),
		"lower":     strings.ToLower(s),
		"profile":   profile,
	}
}

func stringsMode() { eachLine(func(l []byte) any { return strsLine(l) }) }

// statusMode prints `<code> <http.StatusText>` for every code from 100 to 999, one JSON
// string a line.
func statusMode() {
	enc := json.NewEncoder(os.Stdout)
	for code := 100; code <= 999; code++ {
		if err := enc.Encode(fmt.Sprintf("%d %s", code, http.StatusText(code))); err != nil {
			panic(err)
		}
	}
}
