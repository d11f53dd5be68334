//! Every -o format end to end: the built binary, the mock over TLS, stdout compared.

use crate::support::mock::Mock;
use crate::support::{atlas, EXAMPLE, PASSWORD};

fn invite(mock: &Mock, output: &str) -> crate::support::Run {
    atlas(&EXAMPLE)
        .args(&["--password", PASSWORD, "-o", output])
        .against(mock)
        .run()
}

#[test]
fn json_path_prints_json_values() {
    let mock = Mock::start();
    invite(&mock, "json-path=$.id")
        .code_is(0)
        .stdout_is("\"66b6d8e2a1b2c3d4e5f60001\"\n")
        .stderr_is("");
    invite(&mock, "json-path=$.links[*].rel")
        .code_is(0)
        .stdout_is("[\n  \"self\"\n]\n");
}

#[test]
fn go_template_and_template_file() {
    let mock = Mock::start();
    invite(&mock, "go-template={{.Id}}")
        .code_is(0)
        .stdout_is("66b6d8e2a1b2c3d4e5f60001");
    let dir = crate::support::temp_dir("tmpl");
    let file = dir.join("user.tmpl");
    std::fs::write(&file, "ID\tUSERNAME\n{{.Id}}\t{{.Username}}\n").unwrap();
    invite(&mock, &format!("go-template-file={}", file.display()))
        .code_is(0)
        .stdout_is(
            "ID                         USERNAME\n66b6d8e2a1b2c3d4e5f60002   user@example.com\n",
        );
    // From the environment when -o is absent.
    atlas(&EXAMPLE)
        .args(&["--password", PASSWORD])
        .against(&mock)
        .env(
            "MONGODB_ATLAS_OUTPUT",
            "go-template={{.Username}} {{len .Roles}}",
        )
        .run()
        .code_is(0)
        .stdout_is("user@example.com 0");
}

/// A bad format: exit 2, the message, and nothing sent.
fn refused(output: &str, want: &str) {
    let mock = Mock::start();
    invite(&mock, output)
        .code_is(2)
        .stdout_is("")
        .stderr_has(want);
    assert_eq!(mock.connections(), 0, "nothing may be sent for -o {output}");
}

#[test]
fn broken_formats_are_refused_before_sending() {
    refused(
        "go-template={{.Id",
        "Error: error parsing flag --output: template: output:1: unclosed action\n",
    );
    refused(
        "go-template={{.username}}",
        "Error: error parsing flag --output: template: output:1:2: executing \"output\" at <.username>: can't evaluate field username in type *admin.CloudAppUser (found by trying the format on a sample answer; nothing was sent)\n",
    );
    refused(
        "json-path=$.nosuch",
        "unknown key nosuch (found by trying the format on a sample answer",
    );
    refused(
        "json-path=",
        "Error: error parsing flag --output: empty jsonpath\n",
    );
    refused("json-path=$.roles[", "at column 9");
    refused(
        "go-template-file=/nonexistent/t.tmpl",
        "Error: error parsing flag --output: error loading template: /nonexistent/t.tmpl, open /nonexistent/t.tmpl: no such file or directory\n",
    );
    refused("yaml", "unknown output format \"yaml\" (valid: json, plaintext, json-path=<expr>, go-template=<template>, go-template-file=<path>)");
    refused(
        "go-template",
        "go-template needs a value: -o go-template=...",
    );
}

#[test]
fn a_format_failing_on_the_real_answer_still_reports_the_invite() {
    // The sample answer has roles; the real one has none, so this fails only after the invite.
    let mock = Mock::start();
    invite(&mock, "go-template={{(index .Roles 0).RoleName}}")
        .code_is(4)
        .stdout_is("")
        .stderr_is("Error: the user 'user@example.com' was invited (id 66b6d8e2a1b2c3d4e5f60001), but the output format failed: template: output:1:3: executing \"output\" at <index .Roles 0>: error calling index: reflect: slice index out of range\n");
    let mock = Mock::start();
    invite(&mock, "json-path=$.lastAuth")
        .code_is(4)
        .stderr_has("was invited (id 66b6d8e2a1b2c3d4e5f60001), but the output format failed: unknown key lastAuth");
}

#[test]
fn only_templates_that_fail_whatever_the_answer_are_refused_before_sending() {
    let mock = Mock::start();
    // A misspelt field reached unconditionally fails on any answer: refused, nothing sent.
    invite(&mock, "go-template={{.Usename}}").code_is(2).stderr_has(
        "can't evaluate field Usename in type *admin.CloudAppUser (found by trying the format on a sample answer; nothing was sent)",
    );
    assert_eq!(mock.connections(), 0);
    // Failing parts in branches the real answer never takes render as Go renders them:
    // a just-invited user has no roles and no mobile number.
    invite(&mock, "go-template={{range .Roles}}{{.Href}}{{end}}ok")
        .code_is(0)
        .stdout_is("ok");
    invite(
        &mock,
        "go-template={{with .MobileNumber}}{{.Links}}{{end}}ok",
    )
    .code_is(0)
    .stdout_is("ok");
    // When the real answer does take the branch, the invite is done and reported: exit 4.
    invite(&mock, "go-template={{range .Links}}{{.Nope}}{{end}}")
        .code_is(4)
        .stderr_has("Error: the user 'user@example.com' was invited (id 66b6d8e2a1b2c3d4e5f6")
        .stderr_has("can't evaluate field Nope in type admin.Link");
}
