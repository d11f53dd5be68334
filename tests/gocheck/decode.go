package main

// decode reads JSON as the official CLI's Go reads it, for tests/json_diff.rs and
// tests/answers_diff.rs. `gocheck json`: one JSON string per line (a text); prints
// {"ok": bool, "out": json.Marshal of the text decoded into an any}. `gocheck answers`:
// one {"shape": ..., "body": ...} per line, shape user (CloudAppUser), org
// (OrgUserResponse), group (GroupUserResponse), orgpage or grouppage (a page of them);
// prints {"ok": bool, "out": json.MarshalIndent of the decoded struct, two spaces, one per
// result for a page, joined by newlines}. Go before 1.22 wrote U+0008 and U+000C as
// \u0008 and \u000c; the official CLI's Go writes \b and \f, so the output is given
// those (`modern`).

import (
	"bufio"
	"encoding/json"
	"os"
	"strings"
	"time"

	"gocheck/admin"
)

type result struct {
	Ok  bool   `json:"ok"`
	Out string `json:"out"`
}

// eachLine calls f with every stdin line and prints what it answers as one JSON line.
func eachLine(f func(line []byte) any) {
	in := bufio.NewScanner(os.Stdin)
	in.Buffer(make([]byte, 1<<24), 1<<24)
	enc := json.NewEncoder(os.Stdout)
	for in.Scan() {
		if err := enc.Encode(f(in.Bytes())); err != nil {
			panic(err)
		}
	}
}

func decodeAny(line []byte) result {
	var text string
	if err := json.Unmarshal(line, &text); err != nil {
		panic(err)
	}
	var v any
	if err := json.Unmarshal([]byte(text), &v); err != nil {
		return result{false, err.Error()}
	}
	out, err := json.Marshal(v)
	if err != nil {
		return result{false, err.Error()}
	}
	return result{true, modern(out)}
}

func indent(v any) string {
	out, err := json.MarshalIndent(v, "", "  ")
	if err != nil {
		return "marshal: " + err.Error()
	}
	return modern(out)
}

func decodeAnswer(line []byte) result {
	var c struct{ Shape, Body string }
	if err := json.Unmarshal(line, &c); err != nil {
		panic(err)
	}
	var v any
	switch c.Shape {
	case "user":
		v = &admin.CloudAppUser{}
	case "org":
		v = &admin.OrgUserResponse{}
	case "group":
		v = &admin.GroupUserResponse{}
	case "orgpage":
		v = &admin.PaginatedOrgUser{}
	case "grouppage":
		v = &admin.PaginatedGroupUser{}
	default:
		panic(c.Shape)
	}
	if err := json.Unmarshal([]byte(c.Body), v); err != nil {
		return result{false, err.Error()}
	}
	var parts []string
	switch p := v.(type) {
	case *admin.PaginatedOrgUser:
		if p.Results != nil {
			for _, m := range *p.Results {
				parts = append(parts, indent(m))
			}
		}
	case *admin.PaginatedGroupUser:
		if p.Results != nil {
			for _, m := range *p.Results {
				parts = append(parts, indent(m))
			}
		}
	default:
		parts = append(parts, indent(v))
	}
	return result{true, strings.Join(parts, "\n")}
}

func jsonMode() { eachLine(func(l []byte) any { return decodeAny(l) }) }

func answersMode() {
	time.Local = time.UTC
	eachLine(func(l []byte) any { return decodeAnswer(l) })
}

// modern writes encoding/json's output as Go 1.22 and later write it: \b and \f for
// U+0008 and U+000C.
func modern(out []byte) string {
	var b strings.Builder
	for i := 0; i < len(out); i++ {
		if out[i] != '\\' {
			b.WriteByte(out[i])
			continue
		}
		switch esc := string(out[i:min(i+6, len(out))]); esc {
		case `\u0008`:
			b.WriteString(`\b`)
			i += 5
		case `\u000c`:
			b.WriteString(`\f`)
			i += 5
		default:
			// Any other escape is copied whole, so its second byte is never read as
			// the start of one.
			b.WriteString(string(out[i : i+2]))
			i++
		}
	}
	return b.String()
}

func min(a, b int) int {
	if a < b {
		return a
	}
	return b
}
