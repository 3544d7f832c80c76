//! Reading people: their contact facts, the roster's personal facts and
//! their membership.

use super::Reader;
use crate::model::members;
use crate::model::*;
use serde_json::{Map, Value};

impl Reader {
    pub(super) fn person(&mut self, v: &Value, path: &str) -> Person {
        const KEYS: [&str; 11] = [
            "id",
            "name",
            "party_member",
            "phone",
            "unit_name",
            "gender",
            "ethnicity",
            "birth_date",
            "id_number",
            "education",
            "membership",
        ];
        let empty = Map::new();
        let o = self.object(v, path, &KEYS).unwrap_or(&empty);
        Person {
            id: self.string(o, path, "id"),
            name: self.string(o, path, "name"),
            party_member: self.boolean(o, path, "party_member"),
            phone: self.opt_string(o, path, "phone"),
            unit_name: self.opt_string(o, path, "unit_name"),
            gender: self.opt_code(o, path, "gender", "male, female"),
            ethnicity: self.opt_string(o, path, "ethnicity"),
            birth_date: self.opt_string(o, path, "birth_date").and_then(|text| {
                BirthDate::parse(&text)
                    .map_err(|msg| self.problem(path, "birth_date", msg))
                    .ok()
            }),
            id_number: self
                .opt_string(o, path, "id_number")
                .map(|id| members::normalise_id_number(&id)),
            education: self.opt_string(o, path, "education"),
            membership: match o.get("membership") {
                None | Some(Value::Null) => None,
                Some(m) => Some(self.membership(m, &format!("{path}.membership"))),
            },
        }
    }

    fn membership(&mut self, v: &Value, path: &str) -> Membership {
        const KEYS: [&str; 12] = [
            "org",
            "unit",
            "joined_on",
            "full_on",
            "probation_extended_to",
            "relationship",
            "arrived_on",
            "lost_contact_on",
            "stopped_on",
            "left_on",
            "left_reason",
            "approximate",
        ];
        let empty = Map::new();
        let o = self.object(v, path, &KEYS).unwrap_or(&empty);
        let mut approximate = Vec::new();
        for (i, field) in self.array(o, path, "approximate").iter().enumerate() {
            match field.as_str() {
                Some(f) if members::APPROXIMATE_FIELDS.contains(&f) => {
                    approximate.push(f.to_string());
                }
                _ => self.problem(
                    path,
                    &format!("approximate[{i}]"),
                    format!(
                        "应为 {} 之一，实为 {field}",
                        members::APPROXIMATE_FIELDS.join("、")
                    ),
                ),
            }
        }
        Membership {
            org: self.opt_string(o, path, "org"),
            unit: self.opt_string(o, path, "unit"),
            joined_on: self.date(o, path, "joined_on"),
            full_on: self.opt_date(o, path, "full_on"),
            probation_extended_to: self.opt_date(o, path, "probation_extended_to"),
            relationship: self
                .opt_code(o, path, "relationship", "here, elsewhere")
                .unwrap_or_default(),
            arrived_on: self.opt_date(o, path, "arrived_on"),
            lost_contact_on: self.opt_date(o, path, "lost_contact_on"),
            stopped_on: self.opt_date(o, path, "stopped_on"),
            left_on: self.opt_date(o, path, "left_on"),
            left_reason: self.opt_code(
                o,
                path,
                "left_reason",
                "transferred_out, withdrew, removed, expelled, died",
            ),
            approximate,
        }
    }
}
