//! Role profiles: a posting written as data (`roles.toml`), for checking a résumé without a posting.

use serde::Deserialize;

use crate::error::{Error, Result, describe_toml_error};
use crate::requirements::{
    DegreeLevel, EducationRequirement, Importance, JobProfile, Requirement, YearsRequirement,
};
use crate::taxonomy::Taxonomy;

/// The built-in role profiles.
pub const DEFAULT_ROLES: &str = include_str!("../roles.toml");
const DEFAULT_ROLES_NAME: &str = "built-in roles.toml";

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawRoles {
    role: Vec<Role>,
}

/// A skill id, or a list of ids of which any one suffices.
#[derive(Debug, Clone, Deserialize)]
#[serde(untagged)]
pub enum Need {
    One(String),
    AnyOf(Vec<String>),
}

impl Need {
    fn ids(&self) -> Vec<&str> {
        match self {
            Need::One(s) => vec![s.as_str()],
            Need::AnyOf(v) => v.iter().map(String::as_str).collect(),
        }
    }
}

/// Education asked by a role.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RoleEducation {
    pub level: String,
    #[serde(default)]
    pub fields: Vec<String>,
    #[serde(default)]
    pub related_field_ok: bool,
    #[serde(default)]
    pub equivalent_experience_ok: bool,
}

/// One role profile.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Role {
    pub id: String,
    pub name: String,
    pub description: String,
    #[serde(default)]
    pub required: Vec<Need>,
    #[serde(default)]
    pub preferred: Vec<Need>,
    pub min_years: Option<f64>,
    pub education: Option<RoleEducation>,
}

/// Loads role profiles from TOML text.
pub fn load(name: &str, text: &str) -> Result<Vec<Role>> {
    let raw: RawRoles =
        toml::from_str(text).map_err(|e| Error::config(name, describe_toml_error(text, &e)))?;
    Ok(raw.role)
}

/// The built-in role profiles.
pub fn builtin() -> Result<Vec<Role>> {
    load(DEFAULT_ROLES_NAME, DEFAULT_ROLES)
}

impl Role {
    /// The role as the requirements of a posting; fails on ids the taxonomy does not know.
    pub fn profile(&self, tax: &Taxonomy) -> Result<JobProfile> {
        let mut requirements = Vec::new();
        for (list, importance) in [
            (&self.required, Importance::Required),
            (&self.preferred, Importance::Preferred),
        ] {
            for need in list {
                let mut any_of = Vec::new();
                for id in need.ids() {
                    let s = tax.by_id(id).ok_or_else(|| {
                        Error::config(
                            format!("role '{}'", self.id),
                            format!("unknown skill id '{id}' (not in the taxonomy)"),
                        )
                    })?;
                    any_of.push(s);
                }
                if any_of.is_empty() {
                    continue;
                }
                let text = need
                    .ids()
                    .iter()
                    .filter_map(|id| tax.by_id(id))
                    .map(|s| tax.skill(s).name.clone())
                    .collect::<Vec<_>>()
                    .join(" or ");
                requirements.push(Requirement {
                    group: (any_of.len() > 1)
                        .then(|| "alternatives in the role profile".to_string()),
                    any_of,
                    importance,
                    line: 0,
                    text,
                });
            }
        }
        let years = self
            .min_years
            .map(|y| YearsRequirement {
                skill: None,
                min_years: y,
                max_years: None,
                importance: Importance::Required,
                line: 0,
                text: format!("{y}+ years of experience"),
            })
            .into_iter()
            .collect();
        let education = match &self.education {
            Some(e) => {
                let level = DegreeLevel::parse(&e.level).ok_or_else(|| {
                    Error::config(
                        format!("role '{}'", self.id),
                        format!(
                            "unknown degree level '{}' (associate, bachelor, master, phd)",
                            e.level
                        ),
                    )
                })?;
                vec![EducationRequirement {
                    min_level: level,
                    fields: e.fields.clone(),
                    related_field_ok: e.related_field_ok,
                    equivalent_experience_ok: e.equivalent_experience_ok,
                    importance: Importance::Required,
                    line: 0,
                    text: format!("{} degree", level.label()),
                }]
            }
            None => Vec::new(),
        };
        Ok(JobProfile {
            requirements,
            years,
            education,
        })
    }
}
