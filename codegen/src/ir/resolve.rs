//! Resolution: specs that passed `check` into the [`Model`]. Every Rust name is chosen here,
//! once, through [`crate::names`], and claimed in the namespace it lives in; a collision,
//! a type with no finite value or a name the generated crate reserves is a diagnostic at
//! the spec position that causes it.

use std::collections::{HashMap, HashSet};

use super::*;
use crate::allowlist::{Kept, Selection};
use crate::diag::{Diagnostic, Diagnostics, Pos};
use crate::names;
use crate::spec::{self, Prim, SpecSet, TypeExpr};

const IDEMPOTENT_PREFIXES: &[&str] = &[
    "Describe", "Get", "Query", "Check", "List", "Inquire", "Search",
];

/// The deepest chain of required data type fields that examples and docs follow; a deeper
/// chain (possible only through lists, which are never empty in examples) is cut there.
pub const MAX_STRUCT_DEPTH: usize = 16;

/// Builds the model of the selected parts of `set` (which passed `check`): all problems at
/// once, or the model.
pub fn build(set: &SpecSet, selection: &Selection) -> Result<Model, Diagnostics> {
    let mut counts: HashMap<&str, usize> = HashMap::new();
    for s in &set.services {
        *counts.entry(&s.service.value).or_default() += 1;
    }
    // Services resolve independently, on all cores.
    let indexed: Vec<(usize, &spec::ServiceSpec)> = set.services.iter().enumerate().collect();
    let resolved = crate::parallel::map(
        &indexed,
        |(_, s)| s.actions.len() + s.types.len(),
        |(i, s)| {
            let module = names::service_module(
                &s.service.value,
                &s.version.value,
                counts[s.service.value.as_str()] > 1,
            );
            let several = counts[s.service.value.as_str()] > 1;
            let mut r = Resolver::default();
            let mut service = r.service(s, module, selection.of(*i));
            service.path = service_path(&service, several);
            (service, r.diags)
        },
    );
    let mut diags = Diagnostics::default();
    let mut services = Vec::with_capacity(resolved.len());
    // Service modules name their files and docs directories: no two may share one.
    let mut features: HashMap<String, (String, Pos)> = HashMap::new();
    for ((service, mut service_diags), spec) in resolved.into_iter().zip(&set.services) {
        diags.0.append(&mut service_diags.0);
        let feature = service.feature.clone();
        if names::RESERVED_SERVICES.contains(&service.name.as_str()) {
            diags.push(
                Diagnostic::new(
                    &spec.service.pos,
                    format!(
                        "service `{}` would be the crate `{}`, which is one of tcapi's own crates",
                        spec.service.value,
                        names::crate_name(&service.name)
                    ),
                )
                .hint(format!(
                    "the services {} cannot be generated under those names",
                    names::RESERVED_SERVICES.join(", ")
                )),
            );
        } else if let Some((other, first)) = features.get(&feature) {
            diags.push(
                Diagnostic::new(
                    &spec.service.pos,
                    format!("service `{}` {} becomes the module `{}`, which {other} (at {first}) already takes", spec.service.value, spec.version.value, service.module),
                )
                .hint("rename one of the services"),
            );
        } else {
            features.insert(
                feature,
                (
                    format!("service `{}` {}", spec.service.value, spec.version.value),
                    spec.service.pos.clone(),
                ),
            );
        }
        services.push(service);
    }
    services.sort_by(|a, b| a.module.cmp(&b.module));
    let common_errors = set
        .common
        .as_ref()
        .map(|c| {
            let mut r = Resolver::default();
            let codes = r.error_codes(&c.errors, &[]);
            diags.0.append(&mut r.diags.0);
            codes
        })
        .unwrap_or_default();
    diags.into_result()?;
    Ok(Model {
        services,
        common_errors,
    })
}

/// Where users find a service version's items (see [`Service::path`]): the crate root when
/// it is the service's only version and its module's glob re-export there shadows nothing,
/// else the version module (`tcapi_ams::ams_2020_06_08`). The re-export is shadowed when
/// the module is named like one of its own modules (a service `types`, or one named like
/// an action's module).
fn service_path(s: &Service, several_versions: bool) -> String {
    let krate = names::crate_ident(&s.name);
    let shadowed = s.module == "types" || s.actions.iter().any(|a| a.module == s.module);
    if several_versions || shadowed {
        format!("{krate}::{}", s.module)
    } else {
        krate
    }
}

/// Names taken in one namespace: who took each, and where.
#[derive(Default)]
struct Namespace<'p> {
    taken: HashMap<String, (String, &'p Pos)>,
}

impl<'p> Namespace<'p> {
    /// A namespace with names generated code takes for itself.
    fn with(reserved: impl IntoIterator<Item = String>, what: &str, pos: &'p Pos) -> Self {
        let mut n = Namespace::default();
        for r in reserved {
            n.taken.insert(r, (what.to_owned(), pos));
        }
        n
    }
}

#[derive(Default)]
struct Resolver {
    diags: Diagnostics,
}

/// The context of a field being resolved.
#[derive(Clone, Copy)]
struct Owner<'a> {
    /// The data type's wire name; `None` for request and response fields.
    type_name: Option<&'a str>,
    usage: Usage,
}

impl Resolver {
    /// Records that `what` takes the Rust name `name` in `ns`; reports a collision.
    fn claim<'p>(
        &mut self,
        ns: &mut Namespace<'p>,
        name: &str,
        what: String,
        pos: &'p Pos,
    ) -> bool {
        if let Some((other, first)) = ns.taken.get(name) {
            self.diags.push(
                Diagnostic::new(
                    pos,
                    format!("{what} becomes the Rust name `{name}`, which {other} (at {first}) already takes"),
                )
                .hint("rename one of them in the spec (for an enum, set `enum.name`; for an enum value, set `enum.variants`; for a field, set `rust_name`)"),
            );
            false
        } else {
            ns.taken.insert(name.to_owned(), (what, pos));
            true
        }
    }

    fn service(&mut self, s: &spec::ServiceSpec, module: String, kept: Option<&Kept>) -> Service {
        let name = s.service.value.clone();
        let ep = s
            .endpoints
            .as_ref()
            .map(|e| e.value.clone())
            .unwrap_or_default();
        let mainland = ep
            .mainland
            .map(|h| h.value)
            .unwrap_or_else(|| format!("{name}.tencentcloudapi.com"));
        let international = ep
            .international
            .map(|h| h.value)
            .unwrap_or_else(|| format!("{name}.intl.tencentcloudapi.com"));
        let regional = ep
            .regional
            .map(|h| h.value)
            .unwrap_or_else(|| format!("{name}.{{region}}.tencentcloudapi.com"));
        let documented_host = match ep.documented.map(|d| d.value) {
            Some(spec::Documented::International) => international.clone(),
            _ => mainland.clone(),
        };
        let region = s
            .region
            .as_ref()
            .map_or(RegionRule::Optional, |r| region(r.value));
        let spec_actions: Vec<&spec::Action> = s
            .actions
            .iter()
            .filter(|a| kept.is_none_or(|k| k.actions.contains(&a.name.value)))
            .collect();
        let spec_types: Vec<&spec::TypeDef> = s
            .types
            .iter()
            .filter(|t| kept.is_none_or(|k| k.types.contains(&t.name.value)))
            .collect();
        let type_map: HashMap<&str, &spec::TypeDef> = spec_types
            .iter()
            .map(|t| (t.name.value.as_str(), *t))
            .collect();

        // Usage of data types: reachable from inputs and/or outputs.
        let mut input_types = HashSet::new();
        let mut output_types = HashSet::new();
        for a in &spec_actions {
            for p in &a.input {
                reach(&p.ty.value, &type_map, &mut input_types);
            }
            for p in &a.output {
                reach(&p.ty.value, &type_map, &mut output_types);
            }
        }
        // A type no action reaches is emitted as an output type; so are the types it holds
        // (its derived `Default` needs theirs).
        let unreached: Vec<&spec::TypeDef> = spec_types
            .iter()
            .filter(|t| {
                !input_types.contains(t.name.value.as_str())
                    && !output_types.contains(t.name.value.as_str())
            })
            .copied()
            .collect();
        for t in unreached {
            for f in &t.fields {
                reach(&f.ty.value, &type_map, &mut output_types);
            }
        }
        // Types that can reach themselves need boxing on non-list edges.
        let cyclic: HashSet<&str> = spec_types
            .iter()
            .filter(|t| {
                let mut seen = HashSet::new();
                for f in &t.fields {
                    reach_direct(&f.ty.value, &type_map, &mut seen);
                }
                seen.contains(t.name.value.as_str())
            })
            .map(|t| t.name.value.as_str())
            .collect();

        // The service module's type namespace: every action's re-exported types, the data
        // types (their module is flattened in the docs), the shared error enum.
        let mut service_types = Namespace::default();
        let mut modules = Namespace::with(
            ["types".to_owned()],
            "the data types module",
            &s.service.pos,
        );
        for a in &spec_actions {
            for t in names::action_types(&a.name.value) {
                self.claim(
                    &mut service_types,
                    &t,
                    format!("action `{}`", a.name.value),
                    &a.name.pos,
                );
            }
            self.claim(
                &mut modules,
                &names::action_module(&a.name.value),
                format!("action `{}`", a.name.value),
                &a.name.pos,
            );
        }
        for t in &spec_types {
            let rust = names::type_name(&t.name.value);
            if names::RESERVED_TYPE_NAMES.contains(&rust.as_str()) {
                self.diags.push(
                    Diagnostic::new(
                        &t.name.pos,
                        format!("type name `{}` is reserved in generated code", t.name.value),
                    )
                    .hint("rename the type"),
                );
                continue;
            }
            self.claim(
                &mut service_types,
                &rust,
                format!("type `{}`", t.name.value),
                &t.name.pos,
            );
        }
        let error_name = names::service_error(
            &s.service.value,
            s.error_enum.as_ref().map(|e| e.value.as_str()),
        );
        self.claim(
            &mut service_types,
            &error_name,
            "the service's error enum".to_owned(),
            &s.service.pos,
        );

        // Enums of data type fields live in the types module, next to the data types.
        let mut types_module = Namespace {
            taken: service_types.taken.clone(),
        };
        for r in names::RESERVED_TYPE_NAMES {
            types_module
                .taken
                .entry((*r).to_owned())
                .or_insert_with(|| ("a name generated code relies on".to_owned(), &s.service.pos));
        }
        let mut type_enums = Vec::new();
        let mut types = Vec::with_capacity(spec_types.len());
        for t in &spec_types {
            let usage = Usage {
                input: input_types.contains(t.name.value.as_str()),
                output: output_types.contains(t.name.value.as_str())
                    || !input_types.contains(t.name.value.as_str()),
            };
            let owner = Owner {
                type_name: Some(&t.name.value),
                usage,
            };
            let mut fields = self.fields(&t.fields, owner, &mut types_module, &mut type_enums);
            for fl in fields.iter_mut() {
                if let Ty::Struct(_, wire) = &fl.ty {
                    if cyclic.contains(t.name.value.as_str())
                        && can_reach(wire, &t.name.value, &type_map)
                    {
                        fl.boxed = true;
                    }
                }
            }
            types.push(Struct {
                name: names::type_name(&t.name.value),
                wire: t.name.value.clone(),
                description: t.description.clone(),
                fields,
                usage,
            });
        }

        self.infinite_types(&types, &spec_types);

        let mut actions: Vec<Action> = spec_actions
            .iter()
            .map(|a| self.action(a, region))
            .collect();
        mark_defaultable(&mut types, &mut actions);
        let errors = s
            .errors
            .as_ref()
            .map(|e| self.error_codes(&e.value, names::ERROR_BUILTINS))
            .unwrap_or_default();
        let feature = names::unraw(&module).to_owned();
        let waiters = s
            .waiters
            .iter()
            .filter_map(|w| waiter(w, &actions, &types))
            .collect();
        Service {
            name,
            version: s.version.value.clone(),
            module,
            feature,
            path: String::new(),
            title: s
                .title
                .as_ref()
                .map(|t| t.value.clone())
                .unwrap_or_default(),
            description: s.description.as_ref().map(|d| d.value.clone()),
            mainland,
            international,
            regional,
            documented_host,
            region,
            errors,
            error_name,
            actions,
            types,
            type_enums,
            flows: s
                .flows
                .iter()
                .filter(|f| kept.is_none_or(|k| k.flows.contains(&f.name.value)))
                .map(flow)
                .collect(),
            waiters,
            files: s.files.clone(),
        }
    }

    /// Reports every data type that must hold itself: a cycle of fields that are neither
    /// optional nor lists has no finite value (a request cannot be built, a response's
    /// default never ends).
    fn infinite_types(&mut self, types: &[Struct], spec_types: &[&spec::TypeDef]) {
        let index: HashMap<&str, usize> = types
            .iter()
            .enumerate()
            .map(|(i, t)| (t.wire.as_str(), i))
            .collect();
        // The data types each type must hold (non-optional, non-list fields).
        let must_hold = |i: usize| {
            types[i].fields.iter().filter_map(|f| match &f.ty {
                Ty::Struct(_, wire) if !f.optional => index.get(wire.as_str()).copied(),
                _ => None,
            })
        };
        for (i, t) in types.iter().enumerate() {
            let mut seen = vec![false; types.len()];
            let mut todo: Vec<usize> = must_hold(i).collect();
            let mut cyclic = false;
            while let Some(j) = todo.pop() {
                if j == i {
                    cyclic = true;
                    break;
                }
                if !std::mem::replace(&mut seen[j], true) {
                    todo.extend(must_hold(j));
                }
            }
            if !cyclic {
                continue;
            }
            let field = t
                .fields
                .iter()
                .zip(&spec_types[i].fields)
                .find(|(f, _)| matches!(&f.ty, Ty::Struct(..) if !f.optional));
            let Some((f, p)) = field else { continue };
            let Ty::Struct(_, wire) = &f.ty else { continue };
            self.diags.push(
                Diagnostic::new(
                    &p.name.pos,
                    format!(
                        "type `{}` has no finite value: its field `{}` must hold a `{wire}`, which must hold a `{}` again",
                        t.wire, f.wire, t.wire
                    ),
                )
                .hint(if t.usage.input {
                    "make a field on the cycle optional (leave out `required: true`) or a list"
                } else {
                    "mark a field on the cycle `nullable: true` or make it a list"
                }),
            );
        }
    }

    fn action(&mut self, a: &spec::Action, service_region: RegionRule) -> Action {
        let [request, response, error_name] = names::action_types(&a.name.value);
        // The action module's type namespace.
        let mut module = Namespace::with(
            names::action_types(&a.name.value),
            "a generated type of the action",
            &a.name.pos,
        );
        for r in names::RESERVED_TYPE_NAMES {
            module.taken.insert(
                (*r).to_owned(),
                ("a name generated code relies on".to_owned(), &a.name.pos),
            );
        }
        let mut enums = Vec::new();
        let input = Owner {
            type_name: None,
            usage: Usage {
                input: true,
                output: false,
            },
        };
        let output = Owner {
            type_name: None,
            usage: Usage {
                input: false,
                output: true,
            },
        };
        let input = self.fields(&a.input, input, &mut module, &mut enums);
        let output = self.fields(&a.output, output, &mut module, &mut enums);
        let errors_from_service = a
            .errors_source
            .as_ref()
            .is_some_and(|e| e.value == spec::ErrorsSource::Service);
        Action {
            name: a.name.value.clone(),
            module: names::action_module(&a.name.value),
            description: a
                .description
                .as_ref()
                .map(|d| d.value.clone())
                .unwrap_or_default(),
            rate_limit: a.rate_limit.as_ref().map(|r| r.value as u32),
            timeout: a.timeout.as_ref().map(|t| t.value as u32),
            region: a
                .region
                .as_ref()
                .map_or(service_region, |r| region(r.value)),
            idempotent: a.idempotent.as_ref().map_or_else(
                || {
                    IDEMPOTENT_PREFIXES
                        .iter()
                        .any(|p| a.name.value.starts_with(p))
                },
                |i| i.value,
            ),
            streaming: a.streaming,
            payload: payload(a),
            pagination: pagination(a),
            deprecated: a
                .status
                .as_ref()
                .is_some_and(|s| s.value == spec::Status::Deprecated),
            request: Struct {
                name: request,
                wire: a.name.value.clone(),
                description: None,
                fields: input,
                usage: Usage {
                    input: true,
                    output: false,
                },
            },
            response: Struct {
                name: response,
                wire: a.name.value.clone(),
                description: None,
                fields: output,
                usage: Usage {
                    input: false,
                    output: true,
                },
            },
            error_name,
            errors: self.error_codes(&a.errors, names::ERROR_BUILTINS),
            errors_from_service,
            enums,
            examples: a
                .examples
                .iter()
                .map(|e| Example {
                    title: e.title.clone(),
                    description: e.description.clone(),
                    request: e.request.value.clone(),
                    response: e.response.value.clone(),
                })
                .collect(),
        }
    }

    /// The fields of one struct: each name claimed among its fields (and, for input
    /// structs, each setter among its methods); enums claimed in `enum_ns`.
    fn fields<'p>(
        &mut self,
        params: &'p [spec::Param],
        owner: Owner<'_>,
        enum_ns: &mut Namespace<'p>,
        enums: &mut Vec<Enum>,
    ) -> Vec<Field> {
        let mut fields_ns = Namespace::default();
        let implicit = Pos::new(&std::sync::Arc::from(std::path::Path::new("")), 0, 0);
        let response = owner.type_name.is_none() && !owner.usage.input;
        let mut methods: Namespace<'_> = Namespace::default();
        for m in names::STRUCT_METHODS {
            methods
                .taken
                .insert((*m).to_owned(), ("the constructor".to_owned(), &implicit));
        }
        let mut out = Vec::with_capacity(params.len());
        for p in params {
            let f = self.field(p, owner, enum_ns, enums);
            let unique = if response && f.rust == names::REQUEST_ID_FIELD {
                self.diags.push(
                    Diagnostic::new(
                        &p.name.pos,
                        format!("parameter `{}` becomes the Rust name `request_id`, which the implicit `RequestId` takes", p.name.value),
                    )
                    .hint("set `rust_name` to another name"),
                );
                false
            } else {
                let pos = p.rust_name.as_ref().map_or(&p.name.pos, |r| &r.pos);
                self.claim(
                    &mut fields_ns,
                    &f.rust,
                    format!("parameter `{}`", p.name.value),
                    pos,
                )
            };
            // Distinct fields may still get one setter (`new` and `set_new`).
            if unique && owner.usage.input && f.optional {
                let what = format!("the setter of `{}`", p.name.value);
                if let Some((other, _)) = methods.taken.get(&f.setter) {
                    let other = other.clone();
                    self.diags.push(
                        Diagnostic::new(
                            &p.name.pos,
                            format!(
                                "{what} becomes the method `{}`, which {other} already takes",
                                f.setter
                            ),
                        )
                        .hint("set `rust_name` on one of the parameters"),
                    );
                } else {
                    methods.taken.insert(f.setter.clone(), (what, &implicit));
                }
            }
            out.push(f);
        }
        out
    }

    fn field<'p>(
        &mut self,
        p: &'p spec::Param,
        owner: Owner<'_>,
        enum_ns: &mut Namespace<'p>,
        enums: &mut Vec<Enum>,
    ) -> Field {
        let enum_rust = p.enumeration.as_ref().map(|e| {
            let name = names::enum_type(
                e.value.name.as_ref().map(|n| n.value.as_str()),
                owner.type_name,
                &p.name.value,
            );
            let what = match owner.type_name {
                Some(t) => format!("the enum of `{t}.{}`", p.name.value),
                None => format!("the enum of `{}`", p.name.value),
            };
            self.claim(enum_ns, &name, what, &e.pos);
            enums.push(Enum {
                name: name.clone(),
                owner: match owner.type_name {
                    Some(t) => format!("{t}.{}", p.name.value),
                    None => p.name.value.clone(),
                },
                values: self.enum_values(&e.value, &e.pos),
                open: e.value.open,
            });
            name
        });
        let ty = resolve(&p.ty.value, enum_rust.as_deref());
        let optional = match (owner.usage.input, owner.usage.output) {
            (true, false) => !p.required,
            (false, _) => p.nullable,
            (true, true) => !p.required || p.nullable,
        };
        let rust = names::field(
            &p.name.value,
            p.rust_name.as_ref().map(|r| r.value.as_str()),
        );
        Field {
            wire: p.name.value.clone(),
            setter: names::setter(&rust),
            rust,
            ty,
            optional,
            boxed: false,
            // Settled once every struct of the service is known (`mark_defaultable`).
            defaultable: true,
            required: p.required,
            nullable: p.nullable,
            deprecated: p.deprecated,
            sensitive: p.sensitive,
            description: p.description.clone(),
            example: p.example.clone(),
            unit: p.unit.clone(),
            default: p.default.clone(),
            constraints: Constraints {
                length: p.length.as_ref().map(|b| (b.value.min, b.value.max)),
                ascii: p.ascii.as_ref().is_some_and(|a| a.value),
                pattern: p.pattern.as_ref().map(|x| x.value.clone()),
                items: p.items.as_ref().map(|b| (b.value.min, b.value.max)),
                range: p
                    .range
                    .as_ref()
                    .map(|b| (b.value.min.map(num), b.value.max.map(num))),
            },
            spec_type: p.ty.value.display(),
        }
    }

    fn enum_values(
        &mut self,
        e: &spec::EnumSpec,
        pos: &Pos,
    ) -> Vec<(String, String, Option<String>)> {
        let mut variants = Namespace::with(
            [names::ENUM_FALLBACK.to_owned()],
            "the built-in `Unknown` variant",
            pos,
        );
        let mut out = Vec::with_capacity(e.values.len());
        for (v, d) in &e.values {
            let explicit = e.variants.iter().find(|(value, _)| value.value == v.value);
            let variant = names::enum_variant(&v.value, explicit.map(|(_, n)| n.value.as_str()));
            let at = explicit.map_or(&v.pos, |(_, n)| &n.pos);
            self.claim(
                &mut variants,
                &variant,
                format!("enum value `{}`", v.value),
                at,
            );
            out.push((v.value.clone(), variant, d.clone()));
        }
        out
    }

    fn error_codes(&mut self, codes: &[spec::ErrorCode], reserved: &[&str]) -> Vec<ErrorCode> {
        let mut variants = Namespace::default();
        let mut out = Vec::with_capacity(codes.len());
        for c in codes {
            let code = &c.code.value;
            let v = names::error_variant(code);
            if reserved.contains(&v.as_str()) {
                self.diags.push(
                    Diagnostic::new(
                        &c.code.pos,
                        format!("error code `{code}` becomes the variant `{v}`, which is reserved"),
                    )
                    .hint("this code cannot be listed per action; it is handled by the built-in variant"),
                );
                continue;
            }
            self.claim(
                &mut variants,
                &v,
                format!("error code `{code}`"),
                &c.code.pos,
            );
            out.push(ErrorCode {
                code: code.clone(),
                variant: v,
                description: c.description.clone(),
                retryable: c.retryable,
            });
        }
        out
    }
}

fn region(r: spec::RegionRule) -> RegionRule {
    match r {
        spec::RegionRule::Required => RegionRule::Required,
        spec::RegionRule::Optional => RegionRule::Optional,
        spec::RegionRule::Unused => RegionRule::Unused,
    }
}

fn num(n: spec::Num) -> Num {
    match n {
        spec::Num::Int(i) => Num::Int(i),
        spec::Num::UInt(u) => Num::UInt(u),
        spec::Num::Float(f) => Num::Float(f),
    }
}

fn flow(f: &spec::Flow) -> Flow {
    Flow {
        name: f.name.value.clone(),
        title: f.title.clone(),
        description: f.description.clone(),
        participants: f.participants.iter().map(|p| p.value.clone()).collect(),
        steps: f
            .steps
            .iter()
            .map(|s| FlowStep {
                from: s.from.value.clone(),
                to: s.to.value.clone(),
                action: s.action.as_ref().map(|a| a.value.clone()),
                message: s.message.clone(),
                note: s.note.clone(),
            })
            .collect(),
    }
}

fn reach<'a>(
    t: &'a TypeExpr,
    types: &HashMap<&str, &'a spec::TypeDef>,
    seen: &mut HashSet<&'a str>,
) {
    // An explicit stack: type graphs may be deep.
    let mut todo = vec![t];
    while let Some(t) = todo.pop() {
        if let TypeExpr::Ref(n) = t.leaf() {
            if let Some(def) = types.get(n.as_str()) {
                if seen.insert(def.name.value.as_str()) {
                    todo.extend(def.fields.iter().map(|f| &f.ty.value));
                }
            }
        }
    }
}

/// Types reachable without passing through a list.
fn reach_direct<'a>(
    t: &'a TypeExpr,
    types: &HashMap<&str, &'a spec::TypeDef>,
    seen: &mut HashSet<&'a str>,
) {
    let mut todo = vec![t];
    while let Some(t) = todo.pop() {
        if let TypeExpr::Ref(n) = t {
            if let Some(def) = types.get(n.as_str()) {
                if seen.insert(def.name.value.as_str()) {
                    todo.extend(def.fields.iter().map(|f| &f.ty.value));
                }
            }
        }
    }
}

fn can_reach(from: &str, to: &str, types: &HashMap<&str, &spec::TypeDef>) -> bool {
    let start = TypeExpr::Ref(from.to_owned());
    let mut seen = HashSet::new();
    reach_direct(&start, types, &mut seen);
    seen.contains(to)
}

fn resolve(t: &TypeExpr, enum_rust: Option<&str>) -> Ty {
    match t {
        TypeExpr::List(inner) => Ty::List(Box::new(resolve(inner, enum_rust))),
        TypeExpr::Prim(_) if enum_rust.is_some() => {
            Ty::Enum(enum_rust.unwrap_or_default().to_owned())
        }
        TypeExpr::Prim(p) => match p {
            Prim::Int64 => Ty::I64,
            Prim::UInt64 => Ty::U64,
            Prim::Float => Ty::F64,
            Prim::Boolean => Ty::Bool,
            Prim::Binary => Ty::Binary,
            Prim::String => Ty::String(StringKind::Text),
            Prim::DateTime => Ty::String(StringKind::DateTime),
            Prim::DateTimeIso => Ty::String(StringKind::DateTimeIso),
            Prim::Date => Ty::String(StringKind::Date),
        },
        TypeExpr::Ref(n) => Ty::Struct(names::type_name(n), n.clone()),
    }
}

/// How the request of `a` is sent: the `octet_stream` key, else a form when a top-level
/// input member is `Binary` (`check` refuses `Binary` anywhere deeper in a request).
/// A named waiter, its state path resolved through the response and data types (`None`
/// when its action was not kept by the allowlist; `check` refuses a path that does not
/// resolve).
fn waiter(w: &spec::WaiterSpec, actions: &[Action], types: &[Struct]) -> Option<super::Waiter> {
    let action = actions.iter().find(|a| a.name == w.action.value)?;
    let mut fields: &[Field] = &action.response.fields;
    let mut steps = Vec::new();
    let segments: Vec<&str> = w.state.value.split('.').collect();
    for (i, seg) in segments.iter().enumerate() {
        let (wire, each) = match seg.strip_suffix("[]") {
            Some(w) => (w, true),
            None => (*seg, false),
        };
        let f = fields.iter().find(|f| f.wire == wire)?;
        let item = match (&f.ty, each) {
            (Ty::List(inner), true) => &**inner,
            (t, false) if !matches!(t, Ty::List(_)) => t,
            _ => return None,
        };
        let last = i + 1 == segments.len();
        steps.push(super::WaitStep {
            field: f.rust.clone(),
            optional: f.optional,
            each,
            enumeration: last && matches!(item, Ty::Enum(_)),
        });
        match item {
            Ty::Struct(name, _) if !last => {
                fields = &types.iter().find(|t| &t.name == name)?.fields;
            }
            Ty::String(_) | Ty::Enum(_) | Ty::I64 | Ty::U64 if last => {}
            _ => return None,
        }
    }
    let secs = |v: &Option<spec::Spanned<i64>>| v.as_ref().map(|v| v.value.max(1) as u64);
    Some(super::Waiter {
        name: w.name.value.clone(),
        function: names::snake(&w.name.value),
        description: w.description.clone(),
        action: action.name.clone(),
        request: action.request.name.clone(),
        response: action.response.name.clone(),
        state: w.state.value.clone(),
        steps,
        success: w.success.iter().map(|v| v.value.clone()).collect(),
        failure: w.failure.iter().map(|v| v.value.clone()).collect(),
        none_is_success: w.none_is_success,
        interval: secs(&w.interval),
        deadline: secs(&w.deadline),
    })
}

/// How `a` pages (the `pagination` key, checked: its members exist and fit).
fn pagination(a: &spec::Action) -> Option<super::Pagination> {
    let p = a.pagination.as_ref()?;
    let kind = match p.kind {
        spec::PageKind::Offset => super::PageKind::Offset,
        spec::PageKind::Page => super::PageKind::Page {
            first: p.first_page.as_ref().map_or(1, |f| f.value.max(0) as u64),
        },
        spec::PageKind::Token => super::PageKind::Token,
    };
    let name = |s: &Option<spec::Spanned<String>>| s.as_ref().map(|s| s.value.clone());
    Some(super::Pagination {
        kind,
        cursor: p.cursor.value.clone(),
        limit: name(&p.limit),
        items: p.items.value.clone(),
        total: name(&p.total),
        next_token: name(&p.next_token),
        max_limit: p.max_limit.as_ref().map(|m| m.value.max(1) as u64),
    })
}

fn payload(a: &spec::Action) -> Payload {
    if let Some(o) = &a.octet_stream {
        return Payload::OctetStream {
            body: o.body.value.clone(),
            headers: o
                .headers
                .iter()
                .map(|(m, h)| (m.value.clone(), h.value.clone()))
                .collect(),
        };
    }
    if a.input
        .iter()
        .any(|p| p.ty.value == TypeExpr::Prim(Prim::Binary))
    {
        Payload::Multipart
    } else {
        Payload::Json
    }
}

/// Sets [`Field::defaultable`]: false for a field that holds a data type (not in an
/// `Option`, maybe in a `Box`) whose struct does not derive `Default`. A list or an `Option`
/// of anything has a default.
fn mark_defaultable(types: &mut [Struct], actions: &mut [Action]) {
    let without: HashSet<String> = types
        .iter()
        .filter(|t| !t.derives_default())
        .map(|t| t.name.clone())
        .collect();
    if without.is_empty() {
        return;
    }
    let mark = |s: &mut Struct| {
        for f in &mut s.fields {
            if let (Ty::Struct(name, _), false) = (&f.ty, f.optional) {
                f.defaultable = !without.contains(name);
            }
        }
    };
    types.iter_mut().for_each(mark);
    for a in actions {
        mark(&mut a.request);
        mark(&mut a.response);
    }
}
