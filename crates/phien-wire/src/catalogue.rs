//! The synced records: for each table of a device's store, how the server
//! finds the scope a row belongs to, and which fields are identity or money
//! fields (an edit of one made on a stale value goes to the supervisors'
//! review queue instead of being merged).
//!
//! A row's scope is found from its own columns at insert: a member belongs
//! to its group's scope, a loan to its member's, and so on up to the point
//! and the district office. The server remembers each row's scope, so a
//! child row needs only its parent's id.

/// How the server places a row of a table in a scope.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ScopeRule {
    /// The district office itself: its scope is its own `id`.
    Office,
    /// A transaction point: its own `id`, in the office named by the column.
    Point {
        /// The column with the office id.
        office_column: &'static str,
    },
    /// A savings-and-loan group: its own `id`, in the parent's point.
    Group {
        /// The column with the parent (association) id.
        column: &'static str,
        /// The parent table.
        parent: &'static str,
    },
    /// The same scope as the row the column points at.
    Parent {
        /// The column with the parent's id.
        column: &'static str,
        /// The parent table.
        parent: &'static str,
    },
    /// The scope of the device that first sent it (its point, or the office
    /// for a supervisor): staff accounts.
    Owner,
    /// Reference data of the whole office: programs, rates, rule settings,
    /// the reports' rating schemes and fee rates.
    Reference,
}

/// A synced table.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Entity {
    /// Table name, as in the device's store.
    pub name: &'static str,
    /// Key columns; a row's `entity_id` is their values joined by `/`.
    pub keys: &'static [&'static str],
    /// How its rows are placed in a scope.
    pub scope: ScopeRule,
    /// Identity and money fields: an edit of one made on a value that has
    /// changed meanwhile is a conflict for review, never merged.
    pub hard_fields: &'static [&'static str],
    /// Rows are never edited after insert (an update is refused).
    pub append_only: bool,
    /// Money fields, in whole đồng: the server takes a row or an edit only
    /// if each of these it carries is a JSON integer (a ledger entry whose
    /// amount is `"50000"` or `1.5` is refused at push, and never reaches
    /// another device or the integrity check).
    pub amounts: &'static [Amount],
}

/// A money field of a synced table.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Amount {
    /// Column.
    pub name: &'static str,
    /// Whether the store's column may be empty (`null` in JSON): a
    /// session's cash figures before it closes.
    pub nullable: bool,
}

const fn money(name: &'static str) -> Amount {
    Amount {
        name,
        nullable: false,
    }
}

const fn money_or_null(name: &'static str) -> Amount {
    Amount {
        name,
        nullable: true,
    }
}

const fn entity(
    name: &'static str,
    keys: &'static [&'static str],
    scope: ScopeRule,
    hard_fields: &'static [&'static str],
    append_only: bool,
) -> Entity {
    Entity {
        name,
        keys,
        scope,
        hard_fields,
        append_only,
        amounts: &[],
    }
}

impl Entity {
    const fn with_amounts(self, amounts: &'static [Amount]) -> Entity {
        Entity { amounts, ..self }
    }
}

const fn parent(column: &'static str, parent: &'static str) -> ScopeRule {
    ScopeRule::Parent { column, parent }
}

const ID: &[&str] = &["id"];

/// Every synced table, parents before children.
pub const ENTITIES: &[Entity] = &[
    entity("office", ID, ScopeRule::Office, &["code"], false),
    entity(
        "policy_setting",
        &["key"],
        ScopeRule::Reference,
        &["value"],
        false,
    ),
    entity("program", &["code"], ScopeRule::Reference, &[], false),
    entity(
        "program_rate",
        &["program_code", "effective_from"],
        ScopeRule::Reference,
        &["annual_rate"],
        false,
    ),
    entity("staff", ID, ScopeRule::Owner, &["code", "role"], false),
    entity(
        "point",
        ID,
        ScopeRule::Point {
            office_column: "office_id",
        },
        &["code", "office_id"],
        false,
    ),
    entity(
        "point_commune",
        &["point_id", "code"],
        parent("point_id", "point"),
        &[],
        false,
    ),
    entity(
        "association",
        ID,
        parent("point_id", "point"),
        &["point_id", "kind"],
        false,
    ),
    entity(
        "savings_group",
        ID,
        ScopeRule::Group {
            column: "association_id",
            parent: "association",
        },
        &[
            "code",
            "association_id",
            "leader_member_id",
            "leader_staff_id",
        ],
        false,
    ),
    entity(
        "member",
        ID,
        parent("group_id", "savings_group"),
        &[
            "group_id",
            "customer_code",
            "full_name",
            "citizen_id",
            "birth_year",
        ],
        false,
    ),
    entity(
        "loan",
        ID,
        parent("member_id", "member"),
        &[
            "member_id",
            "account_no",
            "program_code",
            "amount",
            "disbursed_on",
            "term_months",
            "method",
        ],
        false,
    )
    .with_amounts(&[money("amount")]),
    entity(
        "installment",
        &["loan_id", "seq"],
        parent("loan_id", "loan"),
        &["due_on", "amount"],
        false,
    )
    .with_amounts(&[money("amount")]),
    entity(
        "session",
        ID,
        parent("point_id", "point"),
        &[
            "date",
            "opening_cash",
            "closed_at",
            "cash_count",
            "expected_cash",
            "cash_difference",
        ],
        false,
    )
    .with_amounts(&[
        money("opening_cash"),
        money_or_null("expected_cash"),
        money_or_null("cash_difference"),
    ]),
    entity("ledger_entry", ID, parent("member_id", "member"), &[], true)
        .with_amounts(&[money("amount")]),
    entity(
        "handover",
        ID,
        parent("group_id", "savings_group"),
        &["expected", "handed_over"],
        false,
    )
    .with_amounts(&[money("expected"), money("handed_over")]),
    entity(
        "meeting",
        ID,
        parent("group_id", "savings_group"),
        &[],
        false,
    ),
    entity(
        "meeting_attendance",
        &["meeting_id", "member_id"],
        parent("meeting_id", "meeting"),
        &[],
        false,
    ),
    entity(
        "meeting_decision",
        &["meeting_id", "seq"],
        parent("meeting_id", "meeting"),
        &[],
        false,
    ),
    entity(
        "status_event",
        ID,
        parent("member_id", "member"),
        &["kind", "learned_on"],
        false,
    ),
    entity(
        "trace_log",
        ID,
        parent("event_id", "status_event"),
        &[],
        false,
    ),
    entity("risk_decision", ID, parent("loan_id", "loan"), &[], true),
    entity(
        "leader_receipt",
        ID,
        parent("group_id", "savings_group"),
        &[],
        true,
    )
    .with_amounts(&[money("interest"), money("savings_deposit")]),
    entity(
        "leader_receipt_void",
        &["receipt_id"],
        parent("receipt_id", "leader_receipt"),
        &[],
        true,
    ),
    entity(
        "leader_receipt_settlement",
        &["receipt_id"],
        parent("receipt_id", "leader_receipt"),
        &[],
        true,
    ),
    entity(
        "rating_scheme",
        &["effective_from"],
        ScopeRule::Reference,
        &["scheme"],
        false,
    ),
    entity(
        "fee_rate",
        &["kind", "effective_from"],
        ScopeRule::Reference,
        &["monthly_rate"],
        false,
    ),
];

/// The synced table called `name`.
pub fn find(name: &str) -> Option<&'static Entity> {
    ENTITIES.iter().find(|e| e.name == name)
}

impl Entity {
    /// Whether an edit of `field` made on a stale value needs review.
    pub fn is_hard(&self, field: &str) -> bool {
        self.hard_fields.contains(&field)
    }

    /// The money field called `field`, if it is one.
    pub fn amount(&self, field: &str) -> Option<&'static Amount> {
        self.amounts.iter().find(|a| a.name == field)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_parent_is_a_synced_table_listed_before_its_children() {
        for (i, e) in ENTITIES.iter().enumerate() {
            if let ScopeRule::Parent { parent, .. } | ScopeRule::Group { parent, .. } = e.scope {
                let at = ENTITIES.iter().position(|p| p.name == parent);
                assert!(
                    at.is_some_and(|at| at < i),
                    "{}'s parent {parent} must come first, so a catalogue walk meets parents first",
                    e.name
                );
            }
        }
    }
}
