package main

// floats prints Go's forms of float64s, for tests/float_diff.rs.
// Input: one line per value, "<bits as 16 hex digits> <JSON number text>".
// Output: one JSON object per line with fmt's %v, encoding/json's form, strconv's
// 'e', 'f' and 'g' forms (shortest and with a precision), and the %v of the JSON
// number text decoded into an []any, as an API error's parameters are.

import (
	"bufio"
	"encoding/json"
	"fmt"
	"math"
	"os"
	"strconv"
	"strings"
)

func floats() {
	in := bufio.NewScanner(os.Stdin)
	enc := json.NewEncoder(os.Stdout)
	for in.Scan() {
		fields := strings.Fields(in.Text())
		bits, err := strconv.ParseUint(fields[0], 16, 64)
		if err != nil {
			panic(err)
		}
		f := math.Float64frombits(bits)
		js, err := json.Marshal(f)
		if err != nil {
			js = []byte("error")
		}
		var params []any
		param := "error"
		if err := json.Unmarshal([]byte("["+fields[1]+"]"), &params); err == nil {
			param = fmt.Sprintf("%v", params)
		}
		enc.Encode(map[string]string{
			"v":     fmt.Sprintf("%v", f),
			"json":  string(js),
			"e":     strconv.FormatFloat(f, 'e', -1, 64),
			"f":     strconv.FormatFloat(f, 'f', -1, 64),
			"e3":    strconv.FormatFloat(f, 'E', 3, 64),
			"g5":    strconv.FormatFloat(f, 'g', 5, 64),
			"f2":    strconv.FormatFloat(f, 'f', 2, 64),
			"param": param,
		})
	}
}
