// gocheck renders go-template cases with Go's own text/template and text/tabwriter,
// set up as the official CLI sets them up, so tests/go_crosscheck.rs can compare.
// Input: one JSON object per line, {"expr": ..., "answer": ...}.
// Output: one JSON object per line, {"ok": bool, "out": "<output or error>"}.
//
// `gocheck floats` prints Go's forms of float64s instead (see floats.go), `gocheck dates`
// reads HTTP dates with net/http (see dates.go), `gocheck json` and `gocheck answers` read
// JSON as encoding/json does (see decode.go), `gocheck strings` quotes, escapes and
// lower-cases strings (see strs.go), and `gocheck status` prints net/http's status texts.
package main

import (
	"bufio"
	"bytes"
	"encoding/json"
	"os"
	"reflect"
	"strings"
	"text/tabwriter"
	"text/template"

	"gocheck/admin"
)

var funcMap = template.FuncMap{
	"valueOrEmptySlice": func(slice any) (result any) {
		if slice == nil {
			return result
		}
		k := reflect.TypeOf(slice).Kind()
		if (k == reflect.Slice || k == reflect.Ptr) && reflect.ValueOf(slice).IsNil() {
			return result
		}
		return slice
	},
	"formatAliases": func(aliases []string) string {
		if len(aliases) == 0 {
			return ""
		}
		return " [aliases: " + strings.Join(aliases, ", ") + "]"
	},
}

func render(expr, answer string) (string, error) {
	var u admin.CloudAppUser
	if err := json.Unmarshal([]byte(answer), &u); err != nil {
		return "", err
	}
	t, err := template.New("output").Funcs(funcMap).Parse(expr)
	if err != nil {
		return "", err
	}
	var out bytes.Buffer
	w := tabwriter.NewWriter(&out, 6, 4, 3, ' ', 0)
	if err := t.Execute(w, &u); err != nil {
		return "", err
	}
	err = w.Flush()
	return out.String(), err
}

func main() {
	if len(os.Args) > 1 && os.Args[1] == "floats" {
		floats()
		return
	}
	if len(os.Args) > 1 && os.Args[1] == "dates" {
		dates()
		return
	}
	if len(os.Args) > 1 && os.Args[1] == "json" {
		jsonMode()
		return
	}
	if len(os.Args) > 1 && os.Args[1] == "answers" {
		answersMode()
		return
	}
	if len(os.Args) > 1 && os.Args[1] == "strings" {
		stringsMode()
		return
	}
	if len(os.Args) > 1 && os.Args[1] == "status" {
		statusMode()
		return
	}
	in := bufio.NewScanner(os.Stdin)
	in.Buffer(make([]byte, 1<<20), 1<<20)
	enc := json.NewEncoder(os.Stdout)
	for in.Scan() {
		var c struct{ Expr, Answer string }
		if err := json.Unmarshal(in.Bytes(), &c); err != nil {
			panic(err)
		}
		out, err := render(c.Expr, c.Answer)
		res := struct {
			Ok  bool   `json:"ok"`
			Out string `json:"out"`
		}{err == nil, out}
		if err != nil {
			res.Out = err.Error()
		}
		if err := enc.Encode(res); err != nil {
			panic(err)
		}
	}
}
