//! The format test table: Atlas answers, expressions, and the bytes the official CLI
//! prints for them (worked out from Go's text/template, fmt and text/tabwriter
//! documentation and PaesslerAG/jsonpath's source). Used by `formats.rs`, and by
//! `go_crosscheck.rs`, which runs the template cases through Go itself.

/// One case: expression, answer JSON, and the output (`Ok`) or a part of the error (`Err`).
pub type Case = (
    &'static str,
    &'static str,
    Result<&'static str, &'static str>,
);

/// The live answer's shape (as Atlas answers createUser): roles empty until the invitation is accepted.
pub const LIVE: &str = r#"{"country":"US","createdAt":"2026-08-10T03:07:30Z","emailAddress":"user@example.com","firstName":"Example","id":"66b6d8e2a1b2c3d4e5f60718","lastName":"User","links":[{"href":"https://cloud.mongodb.com/api/atlas/v2/users/66b6d8e2a1b2c3d4e5f60718","rel":"self"}],"roles":[],"teamIds":[],"username":"user@example.com"}"#;

/// A richer answer: roles, teams, two links, a last login, a name with HTML characters.
pub const FULL: &str = r#"{"country":"GB","createdAt":"2026-08-10T03:07:30Z","emailAddress":"user@example.com","firstName":"Ann <&>","id":"66b6d8e2a1b2c3d4e5f60718","lastAuth":"2026-09-01T10:00:00.500Z","lastName":"User","links":[{"href":"https://cloud.mongodb.com/api/atlas/v2/users/66b6d8e2a1b2c3d4e5f60718","rel":"self"},{"href":"https://cloud.mongodb.com/api/atlas/v2/orgs/5dd56c847a3e5a1f363d424d","rel":"https://cloud.mongodb.com/org"}],"mobileNumber":"+1 555 0100","roles":[{"orgId":"5dd56c847a3e5a1f363d424d","roleName":"ORG_OWNER"},{"groupId":"5f71e5255afec75a3d0f96dc","roleName":"GROUP_READ_ONLY"}],"teamIds":["t1","t2"],"username":"user@example.com","extra":{"ignored":true}}"#;

/// Only a username: every optional field absent.
pub const MIN: &str = r#"{"username":"min@example.com"}"#;

/// Compiles `format` (without the sample check) and renders `answer` with it.
/// `-o go-template=` cases.
pub fn templates() -> Vec<Case> {
    [
        template_fields(),
        template_functions(),
        template_times_tables_and_errors(),
    ]
    .concat()
}

/// Fields, getters, range, if, with and variables.
#[rustfmt::skip]
fn template_fields() -> Vec<Case> {
    vec![
        ("{{.Username}}", LIVE, Ok("user@example.com")),
        ("{{.Id}}", LIVE, Ok("66b6d8e2a1b2c3d4e5f60718")),
        ("{{.Id}}", MIN, Ok("<nil>")),
        ("{{.CreatedAt}}", LIVE, Ok("2026-08-10 03:07:30 +0000 UTC")),
        ("{{.LastAuth}}", FULL, Ok("2026-09-01 10:00:00.5 +0000 UTC")),
        ("{{.LastAuth}}", LIVE, Ok("<nil>")),
        ("{{.GetId}}", MIN, Ok("")),
        ("{{.GetId}}", LIVE, Ok("66b6d8e2a1b2c3d4e5f60718")),
        ("{{.HasId}} {{.HasLastAuth}}", LIVE, Ok("true false")),
        ("{{.Country}}-{{.FirstName}} {{.LastName}}", LIVE, Ok("US-Example User")),
        ("{{.MobileNumber}}|{{.Password}}|", LIVE, Ok("||")),
        ("{{.MobileNumber}}", FULL, Ok("+1 555 0100")),
        ("{{len .Roles}}", LIVE, Ok("0")),
        ("{{len .Roles}}", FULL, Ok("2")),
        ("{{len .Links}}", LIVE, Ok("1")),
        ("{{range .Links}}{{.Rel}}{{end}}", FULL, Ok("selfhttps://cloud.mongodb.com/org")),
        ("{{range $i, $l := .Links}}{{$i}}={{$l.Rel}};{{end}}", FULL, Ok("0=self;1=https://cloud.mongodb.com/org;")),
        ("{{range .Roles}}{{.RoleName}} {{end}}", FULL, Ok("ORG_OWNER GROUP_READ_ONLY ")),
        ("{{range .Roles}}x{{else}}none{{end}}", LIVE, Ok("none")),
        ("{{range .Roles}}{{.RoleName}}{{end}}", MIN, Ok("")),
        ("{{range .TeamIds}}[{{.}}]{{end}}", FULL, Ok("[t1][t2]")),
        // A nil pointer to a slice cannot be ranged over (untyped nil can); a nil slice is empty.
        ("{{range .TeamIds}}x{{else}}no teams{{end}}", MIN, Err(r#"template: output:1:8: executing "output" at <.TeamIds>: range can't iterate over <nil>"#)),
        ("{{range valueOrEmptySlice .TeamIds}}x{{else}}no teams{{end}}", MIN, Ok("no teams")),
        ("{{if .Id}}has id{{else}}no id{{end}}", LIVE, Ok("has id")),
        ("{{if .Id}}has id{{else}}no id{{end}}", MIN, Ok("no id")),
        (r#"{{if eq .Country "US"}}domestic{{else if eq .Country "GB"}}uk{{else}}other{{end}}"#, FULL, Ok("uk")),
        (r#"{{if eq .Country "US"}}domestic{{else if eq .Country "GB"}}uk{{else}}other{{end}}"#, MIN, Ok("other")),
        ("{{with .Id}}id={{.}}{{end}}", LIVE, Ok("id=66b6d8e2a1b2c3d4e5f60718")),
        ("{{with .LastAuth}}{{.}}{{else}}never{{end}}", LIVE, Ok("never")),
        ("{{with $x := .Username}}{{$x}}{{end}}", LIVE, Ok("user@example.com")),
        ("{{$u := .Username}}{{$u}}", LIVE, Ok("user@example.com")),
        ("{{$x := 1}}{{$x = 2}}{{$x}}", LIVE, Ok("2")),
    ]
}

/// Trimming, comments and the builtin functions.
#[rustfmt::skip]
fn template_functions() -> Vec<Case> {
    vec![
        (r#"{{- "a" -}}   {{- "b"}}"#, LIVE, Ok("ab")),
        ("x  {{- /* comment */ -}}  y", LIVE, Ok("xy")),
        ("{{/* only a comment */}}", LIVE, Ok("")),
        (r#"{{printf "%s has %d roles" .Username (len .Roles)}}"#, FULL, Ok("user@example.com has 2 roles")),
        (r#"{{printf "%q" .Country}}"#, LIVE, Ok("\"US\"")),
        (r#"{{printf "%5s|%-5s|" "ab" "cd"}}"#, LIVE, Ok("   ab|cd   |")),
        (r#"{{printf "%05d" 42}}"#, LIVE, Ok("00042")),
        (r#"{{printf "%x %X" 255 "hi"}}"#, LIVE, Ok("ff 6869")),
        (r#"{{printf "%t" true}}"#, LIVE, Ok("true")),
        (r#"{{printf "%v" .TeamIds}}"#, FULL, Ok("&[t1 t2]")),
        (r#"{{printf "%d" "x"}}"#, LIVE, Ok("%!d(string=x)")),
        (r#"{{printf "%s"}}"#, LIVE, Ok("%!s(MISSING)")),
        (r#"{{printf "a" 1}}"#, LIVE, Ok("a%!(EXTRA int=1)")),
        (r#"{{print "a" 1 2 "b"}}"#, LIVE, Ok("a1 2b")),
        (r#"{{println "a" 1}}"#, LIVE, Ok("a 1\n")),
        (r#"{{.Username | printf "%s!"}}"#, LIVE, Ok("user@example.com!")),
        ("{{.Username | len}}", LIVE, Ok("16")),
        (r#"{{len .Username | printf "%03d"}}"#, LIVE, Ok("016")),
        ("{{index .TeamIds 1}}", FULL, Ok("t2")),
        ("{{(index .Roles 1).RoleName}}", FULL, Ok("GROUP_READ_ONLY")),
        ("{{slice .Username 0 4}}", LIVE, Ok("user")),
        ("{{html .FirstName}}", FULL, Ok("Ann &lt;&amp;&gt;")),
        (r#"{{js "it's <b>"}}"#, LIVE, Ok(r"it\'s \u003Cb\u003E")),
        (r#"{{urlquery "a b&c"}}"#, LIVE, Ok("a+b%26c")),
        ("{{and .Id .Username}}", LIVE, Ok("user@example.com")),
        ("{{and .Id .Username}}", MIN, Ok("<nil>")),
        (r#"{{or .Id "none"}}"#, MIN, Ok("none")),
        ("{{not .Roles}}", LIVE, Ok("true")),
        (r#"{{eq 1 1 2}} {{ne "a" "b"}} {{lt 1 2}} {{ge 2.5 2.5}}"#, LIVE, Ok("true true true true")),
        ("{{if and .Id (gt (len .Roles) 0)}}yes{{else}}no{{end}}", LIVE, Ok("no")),
        ("{{define \"row\"}}{{.Rel}};{{end}}{{range .Links}}{{template \"row\" .}}{{end}}", FULL, Ok("self;https://cloud.mongodb.com/org;")),
        ("{{block \"b\" .Country}}[{{.}}]{{end}}", LIVE, Ok("[US]")),
        ("{{range $i, $t := .TeamIds}}{{if $i}},{{end}}{{$t}}{{end}}", FULL, Ok("t1,t2")),
        (r#"{{range .TeamIds}}{{if eq . "t1"}}{{continue}}{{end}}{{.}}{{end}}"#, FULL, Ok("t2")),
        ("{{range .TeamIds}}{{.}}{{break}}{{end}}", FULL, Ok("t1")),
        ("{{range 3}}{{.}}{{end}}", LIVE, Ok("012")),
    ]
}

/// Methods of time.Time, tabwriter alignment, the default template and errors.
#[rustfmt::skip]
fn template_times_tables_and_errors() -> Vec<Case> {
    vec![
        (r#"{{printf "%T" .Id}} {{printf "%T" .}} {{printf "%T" .Roles}}"#, LIVE, Ok("*string *admin.CloudAppUser []admin.CloudAccessRoleAssignment")),
        ("{{'a'}} {{1.5}} {{1e3}} {{0x10}}", LIVE, Ok("97 1.5 1000 16")),
        (r#"{{printf "%s" .CreatedAt}}"#, LIVE, Ok("2026-08-10 03:07:30 +0000 UTC")),
        ("{{.Roles}} {{.TeamIds}}", LIVE, Ok("[] []")),
        ("{{.TeamIds}}", FULL, Ok("[t1 t2]")),
        (r#"{{printf "%6.2f|%+d|%e|%g|%c|%%" 3.14159 5 1234.5678 0.00001 65}}"#, LIVE, Ok("  3.14|+5|1.234568e+03|1e-05|A|%")),
        (r#"{{printf "%8.3s|" "abcdef"}}"#, LIVE, Ok("     abc|")),
        // Methods of time.Time.
        (r#"{{.CreatedAt.Format "2006-01-02"}}"#, LIVE, Ok("2026-08-10")),
        (r#"{{.CreatedAt.Format "Mon, 02 Jan 2006 15:04:05 MST"}}"#, LIVE, Ok("Mon, 10 Aug 2026 03:07:30 UTC")),
        ("{{.CreatedAt.Year}} {{.CreatedAt.Month}} {{.CreatedAt.Day}}", LIVE, Ok("2026 August 10")),
        ("{{.CreatedAt.Unix}}", LIVE, Ok("1786331250")),
        (r#"{{.LastAuth.Format "15:04:05.000"}}"#, FULL, Ok("10:00:00.500")),
        ("{{.GetCreatedAt.Weekday}}", LIVE, Ok("Monday")),
        ("{{.GetLastAuth.IsZero}}", LIVE, Ok("true")),
        ("{{.LastAuth.Year}}", LIVE, Err(r#"template: output:1:11: executing "output" at <.LastAuth.Year>: error calling Year: value method time.Time.Year called using nil *Time pointer"#)),
        ("{{.CreatedAt.Nope}}", LIVE, Err(r#"template: output:1:12: executing "output" at <.CreatedAt.Nope>: can't evaluate field Nope in type *time.Time"#)),
        ("{{.GetCreatedAt.Nope}}", LIVE, Err("can't evaluate field Nope in type time.Time")),
        // The tabwriter aligns tab-separated cells: width = longest cell + 3, at least 6.
        ("ID\tUSERNAME\n{{.Id}}\t{{.Username}}\n", LIVE, Ok("ID                         USERNAME\n66b6d8e2a1b2c3d4e5f60718   user@example.com\n")),
        ("{{range .Roles}}{{.RoleName}}\t{{or .OrgId .GroupId}}\n{{end}}", FULL, Ok("ORG_OWNER         5dd56c847a3e5a1f363d424d\nGROUP_READ_ONLY   5f71e5255afec75a3d0f96dc\n")),
        ("{{\"quoted\\ttab\"}}", LIVE, Ok("quoted   tab")),
        ("a\tb\n", LIVE, Ok("a     b\n")),
        // The official default template, through the same engine.
        ("The user '{{.Username}}' has been invited.\nInvited users do not have access to the project until they accept the invitation.\n", LIVE,
            Ok("The user 'user@example.com' has been invited.\nInvited users do not have access to the project until they accept the invitation.\n")),
        // Errors, in Go's words.
        ("{{.username}}", LIVE, Err(r#"template: output:1:2: executing "output" at <.username>: can't evaluate field username in type *admin.CloudAppUser"#)),
        ("{{range .Links}}{{.Nope}}{{end}}", LIVE, Err(r#"template: output:1:18: executing "output" at <.Nope>: can't evaluate field Nope in type admin.Link"#)),
        ("{{.Username.Foo}}", LIVE, Err("can't evaluate field Foo in type string")),
        // Go's own bound check lets index == length through and reflect panics; beyond, its own message.
        ("{{index .Roles 0}}", LIVE, Err(r#"template: output:1:2: executing "output" at <index .Roles 0>: error calling index: reflect: slice index out of range"#)),
        ("{{index .TeamIds 5}}", FULL, Err("error calling index: index out of range: 5")),
        (r#"{{eq 1 "1"}}"#, LIVE, Err("error calling eq: incompatible types for comparison")),
        (r#"{{eq .Id "x"}}"#, LIVE, Err("error calling eq: incompatible types for comparison")),
        ("{{.Username", LIVE, Err("template: output:1: unclosed action")),
        ("{{foo}}", LIVE, Err(r#"template: output:1: function "foo" not defined"#)),
        ("{{if .Id}}x", LIVE, Err("template: output:1: unexpected EOF")),
        ("{{end}}", LIVE, Err("template: output:1: unexpected {{end}}")),
        ("{{nil}}", LIVE, Err(r#"template: output:1:2: executing "output" at <nil>: nil is not a command"#)),
        ("{{$x}}", LIVE, Err(r#"template: output:1: undefined variable "$x""#)),
        ("line1\n{{.Nope}}", LIVE, Err(r#"template: output:2:2: executing "output" at <.Nope>"#)),
        ("{{len .Country .Username}}", LIVE, Err("wrong number of args for len: want 1 got 2")),
        ("{{template \"missing\"}}", LIVE, Err(r#"template: output:1:11: executing "output" at <{{template "missing"}}>: template "missing" not defined"#)),
    ]
}

/// `-o json-path=` cases.
pub fn json_paths() -> Vec<Case> {
    vec![
        ("$.id", LIVE, Ok("\"66b6d8e2a1b2c3d4e5f60718\"\n")),
        ("$.username", LIVE, Ok("\"user@example.com\"\n")),
        ("$['username']", LIVE, Ok("\"user@example.com\"\n")),
        ("$[\"country\"]", LIVE, Ok("\"US\"\n")),
        ("$.createdAt", LIVE, Ok("\"2026-08-10T03:07:30Z\"\n")),
        ("$.lastAuth", FULL, Ok("\"2026-09-01T10:00:00.5Z\"\n")),
        ("$.mobileNumber", LIVE, Ok("\"\"\n")),
        ("$.password", FULL, Ok("\"\"\n")),
        ("$.roles", LIVE, Ok("[]\n")),
        ("$.roles", MIN, Ok("null\n")),
        ("$.roles[0]", LIVE, Ok("null\n")),
        ("$.roles[0].roleName", FULL, Ok("\"ORG_OWNER\"\n")),
        ("$.roles[-1].roleName", FULL, Ok("\"GROUP_READ_ONLY\"\n")),
        ("$.roles[*].roleName", FULL, Ok("[\n  \"ORG_OWNER\",\n  \"GROUP_READ_ONLY\"\n]\n")),
        ("$.roles[0,1].roleName", FULL, Ok("[\n  \"ORG_OWNER\",\n  \"GROUP_READ_ONLY\"\n]\n")),
        ("$.roles[0,5]", FULL, Ok("[\n  {\n    \"orgId\": \"5dd56c847a3e5a1f363d424d\",\n    \"roleName\": \"ORG_OWNER\"\n  },\n  null\n]\n")),
        ("$.links[*].rel", LIVE, Ok("[\n  \"self\"\n]\n")),
        ("$..rel", FULL, Ok("[\n  \"self\",\n  \"https://cloud.mongodb.com/org\"\n]\n")),
        ("$..roleName", FULL, Ok("[\n  \"ORG_OWNER\",\n  \"GROUP_READ_ONLY\"\n]\n")),
        ("$..[0]", FULL, Ok("[\n  {\n    \"href\": \"https://cloud.mongodb.com/api/atlas/v2/users/66b6d8e2a1b2c3d4e5f60718\",\n    \"rel\": \"self\"\n  },\n  {\n    \"orgId\": \"5dd56c847a3e5a1f363d424d\",\n    \"roleName\": \"ORG_OWNER\"\n  },\n  \"t1\"\n]\n")),
        ("$.teamIds[1]", FULL, Ok("\"t2\"\n")),
        ("$.teamIds[0:1]", FULL, Ok("[\n  \"t1\"\n]\n")),
        ("$.teamIds[:]", FULL, Ok("[\n  \"t1\",\n  \"t2\"\n]\n")),
        ("$.teamIds[::-1]", FULL, Ok("[\n  \"t2\",\n  \"t1\"\n]\n")),
        ("$.teamIds[-1:]", FULL, Ok("[\n  \"t2\"\n]\n")),
        ("$.teamIds[5:9]", FULL, Ok("[]\n")),
        ("$.roles[?(@.roleName == 'ORG_OWNER')].orgId", FULL, Ok("[\n  \"5dd56c847a3e5a1f363d424d\"\n]\n")),
        ("$.roles[?(@.groupId)].roleName", FULL, Ok("[]\n")),
        ("$.links[?(@.rel != 'self')].href", FULL, Ok("[\n  \"https://cloud.mongodb.com/api/atlas/v2/orgs/5dd56c847a3e5a1f363d424d\"\n]\n")),
        ("$.links[?(@.rel == 'self' || @.rel == 'x')].rel", LIVE, Ok("[\n  \"self\"\n]\n")),
        ("$.roles[?(@.roleName > 'H')].roleName", FULL, Ok("[\n  \"ORG_OWNER\"\n]\n")),
        ("$['country','username']", LIVE, Ok("[\n  \"US\",\n  \"user@example.com\"\n]\n")),
        ("$.*", MIN, Ok("[\n  \"\",\n  \"\",\n  \"\",\n  \"\",\n  \"\",\n  \"\",\n  null,\n  \"min@example.com\"\n]\n")),
        ("$.links[0]", LIVE, Ok("{\n  \"href\": \"https://cloud.mongodb.com/api/atlas/v2/users/66b6d8e2a1b2c3d4e5f60718\",\n  \"rel\": \"self\"\n}\n")),
        ("$.links[0]['href']", LIVE, Ok("\"https://cloud.mongodb.com/api/atlas/v2/users/66b6d8e2a1b2c3d4e5f60718\"\n")),
        ("$.firstName", FULL, Ok("\"Ann \\u003c\\u0026\\u003e\"\n")),
        ("$", MIN, Ok("{\n  \"country\": \"\",\n  \"emailAddress\": \"\",\n  \"firstName\": \"\",\n  \"lastName\": \"\",\n  \"mobileNumber\": \"\",\n  \"password\": \"\",\n  \"roles\": null,\n  \"username\": \"min@example.com\"\n}\n")),
        ("$.nosuch[*]", LIVE, Ok("[]\n")),
        // Errors.
        ("$.nosuch", LIVE, Err("unknown key nosuch")),
        ("$.lastAuth", LIVE, Err("unknown key lastAuth")),
        ("$.id.x", LIVE, Err("unsupported value type string for select, expected map[string]interface{}, []interface{} or Array")),
        ("$.roles[0].roleName", LIVE, Err("unsupported value type <nil> for select")),
        ("$.roles['x']", FULL, Err("could not select value, invalid key")),
        ("", LIVE, Err("empty jsonpath")),
        ("$.", LIVE, Err("at column 3")),
        ("$.roles[", LIVE, Err("at column 9")),
        ("id", LIVE, Err("a path starts with $")),
    ]
}
