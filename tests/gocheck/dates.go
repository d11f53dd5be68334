package main

// dates reads HTTP dates with net/http's ParseTime, for tests/retry_diff.rs.
// Input: one JSON string per line. Output: one JSON object per line, {"ok": false}
// or {"ok": true, "unix": seconds, "nanos": nanoseconds}. The local zone is UTC, so a
// zone name means what it means on a server whose zone is UTC (the time read as UTC).

import (
	"bufio"
	"encoding/json"
	"net/http"
	"os"
	"time"
)

func dates() {
	time.Local = time.UTC
	in := bufio.NewScanner(os.Stdin)
	in.Buffer(make([]byte, 1<<20), 1<<20)
	enc := json.NewEncoder(os.Stdout)
	for in.Scan() {
		var text string
		if err := json.Unmarshal(in.Bytes(), &text); err != nil {
			panic(err)
		}
		res := map[string]any{"ok": false}
		if t, err := http.ParseTime(text); err == nil {
			res = map[string]any{"ok": true, "unix": t.Unix(), "nanos": t.Nanosecond()}
		}
		if err := enc.Encode(res); err != nil {
			panic(err)
		}
	}
}
