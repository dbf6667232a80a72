//! Action allowlists: generate only some actions of a service, and only the data types they
//! reach. [`select`] reads the checked specs (it changes nothing) and returns a
//! [`Selection`], which the IR applies while it resolves, so everything downstream (type
//! usage, boxing, emitted items) sees exactly the kept subset.

use std::collections::HashSet;
use std::path::Path;
use std::sync::Arc;

use crate::diag::{Diagnostic, Diagnostics, Pos, did_you_mean};
use crate::spec::load::ServiceSpec;
use crate::spec::{SpecSet, TypeExpr};

/// The actions to keep for one service.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Allow {
    /// The service's short name (`gse`) or module name (`gse_2019_11_12`).
    pub service: String,
    /// Wire names of the actions to keep.
    pub actions: Vec<String>,
}

/// A name in an allowlist that the specs do not define.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Unknown {
    /// The service as written in the allowlist.
    pub service: String,
    /// The action, or `None` when the service itself is unknown.
    pub action: Option<String>,
}

/// Why an allowlist could not be applied: every unknown name, with diagnostics whose
/// `Display` matches the CLI's.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AllowlistError {
    /// The unknown names, in allowlist order.
    pub unknown: Vec<Unknown>,
    /// One diagnostic per unknown name.
    pub diagnostics: Diagnostics,
}

/// What to keep of one service version.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Kept {
    /// Wire names of the actions kept.
    pub actions: HashSet<String>,
    /// Wire names of the data types kept (those the kept actions reach).
    pub types: HashSet<String>,
    /// Names of the flows kept (those whose steps name kept actions only).
    pub flows: HashSet<String>,
}

/// What to keep of each service version of a [`SpecSet`], by index; `None` (or a missing
/// entry) keeps everything.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Selection(pub Vec<Option<Kept>>);

impl Selection {
    /// Keeps everything.
    pub fn all() -> Self {
        Selection(Vec::new())
    }

    /// What to keep of the service at `index`; `None`: everything.
    pub fn of(&self, index: usize) -> Option<&Kept> {
        self.0.get(index).and_then(Option::as_ref)
    }
}

/// Keeps only the listed actions of each listed service (services not listed keep
/// everything), the data types those actions reach, and the flows whose steps all name kept
/// actions. An unknown service or action is an error naming it.
pub fn select(set: &SpecSet, allow: &[Allow]) -> Result<Selection, AllowlistError> {
    let mut selection = Selection(vec![None; set.services.len()]);
    let mut err = AllowlistError {
        unknown: Vec::new(),
        diagnostics: Diagnostics::default(),
    };
    for a in allow {
        let matching: Vec<usize> = set
            .services
            .iter()
            .enumerate()
            .filter(|(_, s)| s.service.value == a.service || module_name(s) == a.service)
            .map(|(i, _)| i)
            .collect();
        if matching.is_empty() {
            let known: Vec<&str> = set
                .services
                .iter()
                .map(|s| s.service.value.as_str())
                .collect();
            let file: Arc<Path> = set.files.first().map_or_else(
                || Arc::from(Path::new("<specs>")),
                |f| Arc::from(f.as_path()),
            );
            let mut d = Diagnostic::new(
                &Pos::new(&file, 0, 0),
                format!(
                    "the action allowlist names service `{}`, which no spec loaded defines",
                    a.service
                ),
            );
            d = d.hint(match did_you_mean(&a.service, known.iter().copied()) {
                Some(s) => format!("did you mean `{s}`?"),
                None => format!("services loaded: {}", list(&known)),
            });
            err.diagnostics.push(d);
            err.unknown.push(Unknown {
                service: a.service.clone(),
                action: None,
            });
            continue;
        }
        for i in matching {
            let kept = keep(&set.services[i], a, &mut err);
            selection.0[i] = Some(match selection.0[i].take() {
                // Two entries for one service add up.
                Some(mut k) => {
                    k.actions.extend(kept.actions);
                    k.types.extend(kept.types);
                    k.flows.extend(kept.flows);
                    k
                }
                None => kept,
            });
        }
    }
    if err.unknown.is_empty() {
        Ok(selection)
    } else {
        Err(err)
    }
}

/// The module name a service gets when several versions of it are loaded.
fn module_name(s: &ServiceSpec) -> String {
    let m = crate::names::service_module(&s.service.value, &s.version.value, true);
    crate::names::unraw(&m).to_owned()
}

fn list(names: &[&str]) -> String {
    names
        .iter()
        .map(|n| format!("`{n}`"))
        .collect::<Vec<_>>()
        .join(", ")
}

fn keep(s: &ServiceSpec, a: &Allow, err: &mut AllowlistError) -> Kept {
    let known: Vec<&str> = s.actions.iter().map(|x| x.name.value.as_str()).collect();
    for name in &a.actions {
        if known.contains(&name.as_str()) {
            continue;
        }
        let mut d = Diagnostic::new(
            &s.service.pos,
            format!(
                "the action allowlist names `{name}`, which {} {} does not define",
                s.service.value, s.version.value
            ),
        );
        d = d.hint(match did_you_mean(name, known.iter().copied()) {
            Some(k) => format!("did you mean `{k}`?"),
            None => format!("actions defined: {}", list(&known)),
        });
        err.diagnostics.push(d);
        err.unknown.push(Unknown {
            service: a.service.clone(),
            action: Some(name.clone()),
        });
    }
    let wanted: HashSet<&str> = a.actions.iter().map(String::as_str).collect();
    let actions: Vec<_> = s
        .actions
        .iter()
        .filter(|x| wanted.contains(x.name.value.as_str()))
        .collect();

    // Data types reachable from the kept actions, through fields of other types.
    let mut reached: HashSet<String> = HashSet::new();
    let mut todo: Vec<String> = actions
        .iter()
        .flat_map(|x| x.input.iter().chain(&x.output))
        .filter_map(|p| type_ref(&p.ty.value))
        .collect();
    while let Some(t) = todo.pop() {
        if !reached.insert(t.clone()) {
            continue;
        }
        if let Some(def) = s.types.iter().find(|d| d.name.value == t) {
            todo.extend(def.fields.iter().filter_map(|f| type_ref(&f.ty.value)));
        }
    }
    let kept: HashSet<String> = actions.iter().map(|x| x.name.value.clone()).collect();
    let flows = s
        .flows
        .iter()
        .filter(|f| {
            f.steps
                .iter()
                .all(|st| st.action.as_ref().is_none_or(|x| kept.contains(&x.value)))
        })
        .map(|f| f.name.value.clone())
        .collect();
    Kept {
        actions: kept,
        types: reached,
        flows,
    }
}

fn type_ref(t: &TypeExpr) -> Option<String> {
    match t.leaf() {
        TypeExpr::Ref(n) => Some(n.clone()),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn load(rel: &str) -> SpecSet {
        let root = Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("../specs")
            .join(rel);
        let (set, diags) = crate::spec::load_paths(&[root]);
        assert!(diags.is_empty(), "{diags}");
        set
    }

    fn gse() -> SpecSet {
        load("gse/2019-11-12.yaml")
    }

    fn allow(service: &str, actions: &[&str]) -> Allow {
        Allow {
            service: service.into(),
            actions: actions.iter().map(|s| (*s).to_owned()).collect(),
        }
    }

    /// Keeps what `select` chose, in spec order.
    fn apply(set: &mut SpecSet, allow: &[Allow]) -> Result<(), AllowlistError> {
        let sel = select(set, allow)?;
        for (i, s) in set.services.iter_mut().enumerate() {
            if let Some(k) = sel.of(i) {
                s.actions.retain(|a| k.actions.contains(&a.name.value));
                s.types.retain(|t| k.types.contains(&t.name.value));
                s.flows.retain(|f| k.flows.contains(&f.name.value));
            }
        }
        Ok(())
    }

    fn names(s: &ServiceSpec) -> (Vec<&str>, Vec<&str>) {
        (
            s.actions.iter().map(|a| a.name.value.as_str()).collect(),
            s.types.iter().map(|t| t.name.value.as_str()).collect(),
        )
    }

    #[test]
    fn keeps_listed_actions_and_the_types_they_reach() {
        let mut set = load("car/2022-01-10.yaml");
        assert!(set.services[0].actions.len() > 2);
        apply(&mut set, &[allow("car", &["CreateApplicationVersion"])]).unwrap();
        let (actions, types) = names(&set.services[0]);
        assert_eq!(actions, ["CreateApplicationVersion"]);
        assert_eq!(types, ["UserApplicationVersion"]);
    }

    #[test]
    fn types_only_other_actions_reach_are_dropped_with_flows_naming_them() {
        let mut set = load("car/2022-01-10.yaml");
        assert!(!set.services[0].flows.is_empty());
        apply(&mut set, &[allow("car", &["ApplyConcurrent"])]).unwrap();
        let (actions, types) = names(&set.services[0]);
        assert_eq!(actions, ["ApplyConcurrent"]);
        assert!(types.is_empty(), "{types:?}");
        assert!(set.services[0].flows.is_empty());
    }

    #[test]
    fn types_reached_through_other_types_are_kept() {
        let mut set = gse();
        apply(&mut set, &[allow("gse", &["JoinGameServerSessionBatch"])]).unwrap();
        let (_, types) = names(&set.services[0]);
        assert!(types.contains(&"PlayerDataMap"), "{types:?}");
        assert!(types.contains(&"PlayerSession"), "{types:?}");
    }

    #[test]
    fn an_empty_allowlist_keeps_no_action_and_no_type() {
        let mut set = gse();
        apply(&mut set, &[allow("gse", &[])]).unwrap();
        assert!(set.services[0].actions.is_empty());
        assert!(set.services[0].types.is_empty());
    }

    #[test]
    fn unknown_action_is_named_with_a_suggestion() {
        let mut set = gse();
        let e = apply(&mut set, &[allow("gse", &["JoinGameServerSessionBach"])]).unwrap_err();
        assert_eq!(
            e.unknown,
            [Unknown {
                service: "gse".into(),
                action: Some("JoinGameServerSessionBach".into())
            }]
        );
        let text = e.diagnostics.to_string();
        assert!(text.contains("2019-11-12.yaml:1:"), "{text}");
        assert!(
            text.contains(
                "names `JoinGameServerSessionBach`, which gse 2019-11-12 does not define"
            ),
            "{text}"
        );
        assert!(
            text.contains("did you mean `JoinGameServerSessionBatch`?"),
            "{text}"
        );
    }

    #[test]
    fn unknown_service_is_named() {
        let mut set = gse();
        let e = apply(&mut set, &[allow("gsee", &["X"])]).unwrap_err();
        assert_eq!(e.unknown[0].action, None);
        let text = e.diagnostics.to_string();
        assert!(text.contains("service `gsee`"), "{text}");
        assert!(text.contains("did you mean `gse`?"), "{text}");
    }

    #[test]
    fn services_not_listed_keep_everything() {
        let (mut set, _) = crate::spec::load_paths(&[crate::test_specs::dir()]);
        let before: Vec<usize> = set.services.iter().map(|s| s.actions.len()).collect();
        apply(&mut set, &[allow("gse", &["JoinGameServerSessionBatch"])]).unwrap();
        for (s, n) in set.services.iter().zip(before) {
            if s.service.value == "gse" {
                assert_eq!(s.actions.len(), 1);
            } else {
                assert_eq!(s.actions.len(), n);
            }
        }
    }
}
