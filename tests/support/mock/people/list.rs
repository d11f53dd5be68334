//! listOrgUsers and listGroupUsers: the members of one organization or project, filtered
//! by status and username, in creation order, one page at a time. `totalCount` is only
//! an estimate in Atlas, so the mock can be told to get it wrong.

use std::ops::Range;

use super::super::wire::{query_pairs, Reply};
use super::{is_member, People, Person, Place, Status};

/// The largest page Atlas serves.
pub const MAX_PER_PAGE: usize = 500;

/// What a list call asks for.
#[derive(Debug, PartialEq)]
pub struct Query {
    /// `itemsPerPage`: 1 to 500, 100 by default.
    pub per_page: usize,
    /// `pageNum`: from 1, 1 by default.
    pub page: usize,
    /// `orgMembershipStatuses` (or the deprecated `orgMembershipStatus`): ACTIVE and
    /// PENDING by default.
    pub statuses: Vec<Status>,
    /// `username`: only this person.
    pub username: Option<String>,
    /// `includeCount`: whether `totalCount` is sent.
    pub count: bool,
}

/// Reads a list call's query, or the detail of a 400 INVALID_PARAMETER.
pub fn parse(query: &str) -> Result<Query, String> {
    let mut q = Query {
        per_page: 100,
        page: 1,
        statuses: Vec::new(),
        username: None,
        count: true,
    };
    let mut single = None;
    for (k, v) in query_pairs(query) {
        match k.as_str() {
            "itemsPerPage" => q.per_page = number(&k, &v, 1, MAX_PER_PAGE)?,
            "pageNum" => q.page = number(&k, &v, 1, usize::MAX)?,
            "orgMembershipStatuses" => q.statuses.push(status(&k, &v)?),
            "orgMembershipStatus" => single = Some(status(&k, &v)?),
            "username" => q.username = Some(v),
            "includeCount" => q.count = v != "false",
            _ => {}
        }
    }
    match (single, q.statuses.is_empty()) {
        (Some(_), false) => {
            return Err("orgMembershipStatus cannot be combined with orgMembershipStatuses.".into())
        }
        (Some(s), true) => q.statuses.push(s),
        (None, true) => q.statuses = vec![Status::Active, Status::Pending],
        (None, false) => {}
    }
    Ok(q)
}

fn number(key: &str, v: &str, min: usize, max: usize) -> Result<usize, String> {
    match v.parse::<usize>() {
        Ok(n) if (min..=max).contains(&n) => Ok(n),
        _ if max == usize::MAX => Err(format!(
            "Invalid {key} {v}: it must be an integer of at least {min}."
        )),
        _ => Err(format!(
            "Invalid {key} {v}: it must be an integer from {min} to {max}."
        )),
    }
}

fn status(key: &str, v: &str) -> Result<Status, String> {
    Status::parse(v).ok_or_else(|| {
        format!(
            "Invalid {key} {v}: want PENDING, ACTIVE, INVITATION_EXPIRED or INVITATION_REJECTED."
        )
    })
}

/// The indexes of page `page` of `per_page` items out of `total`: empty past the end.
pub fn window(total: usize, per_page: usize, page: usize) -> Range<usize> {
    let start = page.saturating_sub(1).saturating_mul(per_page).min(total);
    start..start.saturating_add(per_page).min(total)
}

/// listOrgUsers or listGroupUsers for `place`: PaginatedOrgUserView or
/// PaginatedGroupUserView, its `totalCount` off by `skew`.
pub fn list(people: &People, place: &Place, query: &str, skew: i64) -> Reply {
    let q = match parse(query) {
        Ok(q) => q,
        Err(detail) => return Reply::error(400, "INVALID_PARAMETER", &detail),
    };
    let chosen: Vec<&Person> = people
        .all
        .iter()
        .filter(|p| is_member(p, place))
        .filter(|p| q.statuses.contains(&people.status_at(p, place)))
        .filter(|p| {
            q.username
                .as_ref()
                .is_none_or(|u| p.username.eq_ignore_ascii_case(u))
        })
        .collect();
    let mut results: Vec<String> = chosen[window(chosen.len(), q.per_page, q.page)]
        .iter()
        .map(|p| people.answer(p, place))
        .collect();
    let mut total = chosen.len();
    if let Some(stub) = stub(people, place, &q) {
        results.push(stub);
        total = 1;
    }
    let count = match q.count {
        true => format!(r#","totalCount":{}"#, (total as i64 + skew).max(0)),
        false => String::new(),
    };
    Reply::json(
        200,
        format!(r#"{{"links":[],"results":[{}]{count}}}"#, results.join(",")),
    )
}

/// The answer for a username declared to exist everywhere (and no person of that name):
/// an active member with the least roles.
fn stub(people: &People, place: &Place, q: &Query) -> Option<String> {
    let name = q.username.as_deref()?;
    let shown = q.page == 1 && q.statuses.contains(&Status::Active);
    if !shown || people.named(name).is_some() || !people.exists_everywhere(name) {
        return None;
    }
    let roles = match place.kind {
        super::Kind::Org => r#"{"orgRoles":["ORG_MEMBER"]},"teamIds":[]"#,
        super::Kind::Group => r#"["GROUP_READ_ONLY"]"#,
    };
    Some(format!(
        r#"{{"id":"5e0000000000000000000002","orgMembershipStatus":"ACTIVE","roles":{roles},"username":{}}}"#,
        super::super::wire::quote(name)
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pages_cover_every_item_once_and_end_empty() {
        assert_eq!(window(1200, 500, 1), 0..500);
        assert_eq!(window(1200, 500, 2), 500..1000);
        assert_eq!(window(1200, 500, 3), 1000..1200);
        assert_eq!(window(1200, 500, 4), 1200..1200);
        assert_eq!(window(0, 100, 1), 0..0);
        assert_eq!(window(7, 3, usize::MAX), 7..7);
    }

    #[test]
    fn queries_take_defaults_and_refuse_what_atlas_refuses() {
        let q = parse("username=a%40b.com&envelope=false").unwrap();
        assert_eq!((q.per_page, q.page, q.count), (100, 1, true));
        assert_eq!(q.statuses, [Status::Active, Status::Pending]);
        assert_eq!(q.username.as_deref(), Some("a@b.com"));
        let q = parse("itemsPerPage=500&pageNum=3&orgMembershipStatuses=INVITATION_EXPIRED&orgMembershipStatuses=PENDING&includeCount=false").unwrap();
        assert_eq!((q.per_page, q.page, q.count), (500, 3, false));
        assert_eq!(q.statuses, [Status::InvitationExpired, Status::Pending]);
        assert_eq!(
            parse("orgMembershipStatus=INVITATION_REJECTED")
                .unwrap()
                .statuses,
            [Status::InvitationRejected]
        );
        for bad in [
            "itemsPerPage=0",
            "itemsPerPage=501",
            "itemsPerPage=ten",
            "pageNum=0",
            "pageNum=-1",
            "orgMembershipStatuses=ACTIVE,PENDING",
            "orgMembershipStatus=ACTIVE&orgMembershipStatuses=PENDING",
        ] {
            assert!(parse(bad).is_err(), "{bad}");
        }
        assert_eq!(
            parse("itemsPerPage=501").unwrap_err(),
            "Invalid itemsPerPage 501: it must be an integer from 1 to 500."
        );
    }
}
