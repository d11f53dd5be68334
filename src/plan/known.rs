//! What a run knows of Atlas before it sends anything: the members of each organization
//! and project it read (or that it was refused the read), so that each person's plan is
//! the difference between the record and what is there.

use std::collections::HashMap;

use crate::api::members::{Member, Target};
use crate::api::username_key;

/// Where a person stands in one organization or project, as far as the run knows.
#[derive(Debug, Clone)]
pub(crate) enum Standing {
    /// Not read, or the read was refused: the invitation goes blind (a 409 is looked up).
    Unknown,
    /// The read found nobody of that name there.
    Absent,
    /// PENDING or ACTIVE there.
    Member(Member),
    /// INVITATION_EXPIRED or INVITATION_REJECTED: invited afresh by createOrgUser or
    /// addGroupUsers, which replace such a user.
    Lapsed(Member),
}

/// The members of one organization or project, in the order the read returned them.
#[derive(Debug, Default)]
pub(crate) struct Roster {
    pub(crate) members: Vec<Member>,
    /// Username (as Atlas compares them) to its place in `members`.
    index: HashMap<String, usize>,
    /// Members the answers listed without a username or an id: nobody can be matched with
    /// them, so `--prune` refuses to decide about such a place.
    pub(crate) unnamed: usize,
}

impl Roster {
    /// Adds a page's members and says how many were news: a name not met before, or a
    /// member without a name (who matches nobody). A name met twice (pages that shifted
    /// while read) keeps the later answer.
    pub(crate) fn extend(&mut self, members: Vec<Member>) -> usize {
        let mut new = 0;
        for m in members {
            let named = m.username.as_deref().filter(|u| !u.is_empty());
            let Some(key) = named.filter(|_| m.id.is_some()).map(username_key) else {
                self.unnamed += 1;
                new += 1;
                continue;
            };
            match self.index.get(&key) {
                Some(&i) => self.members[i] = m,
                None => {
                    new += 1;
                    self.index.insert(key, self.members.len());
                    self.members.push(m);
                }
            }
        }
        new
    }

    /// The member called `username`, if any.
    pub(crate) fn get(&self, username: &str) -> Option<&Member> {
        self.index
            .get(&username_key(username))
            .map(|&i| &self.members[i])
    }
}

/// What one read gave.
#[derive(Debug)]
pub(crate) enum Read {
    Roster(Roster),
    /// Atlas answered 403: the records of that place go the per-record way.
    Refused,
}

/// Every read of the run.
#[derive(Debug, Default)]
pub(crate) struct Known {
    reads: HashMap<Target, Read>,
    /// The places in the order they were read.
    order: Vec<Target>,
}

impl Known {
    /// Nothing read: every standing is unknown (a plain run, a dry run, a single invite).
    pub(crate) fn nothing() -> Known {
        Known::default()
    }

    pub(crate) fn insert(&mut self, target: Target, read: Read) {
        if self.reads.insert(target.clone(), read).is_none() {
            self.order.push(target);
        }
    }

    /// The read of `target`, if it was read.
    pub(crate) fn read(&self, target: &Target) -> Option<&Read> {
        self.reads.get(target)
    }

    /// Every read, in the order made.
    pub(crate) fn reads(&self) -> impl Iterator<Item = (&Target, &Read)> {
        self.order
            .iter()
            .filter_map(|t| Some((t, self.reads.get(t)?)))
    }

    /// Where `username` stands in `target`.
    pub(crate) fn standing(&self, target: &Target, username: &str) -> Standing {
        match self.reads.get(target) {
            None | Some(Read::Refused) => Standing::Unknown,
            Some(Read::Roster(r)) => match r.get(username) {
                None => Standing::Absent,
                Some(m) if m.lapsed() => Standing::Lapsed(m.clone()),
                Some(m) => Standing::Member(m.clone()),
            },
        }
    }
}
