//! String enums with an `Unknown` fallback: new server values never fail a response.

use proc_macro2::TokenStream;
use quote::quote;

use crate::ir::Enum;
use crate::rust::doc;
use crate::rust::tokens::ident;

/// The enum, its conversions, wire and serde impls and validation.
pub fn emit(e: &Enum) -> TokenStream {
    let name = ident(&e.name);
    let mut d = format!("Values of `{}`.", e.owner);
    if e.open {
        d.push_str(
            "\n\nThe server may return values not listed here; they arrive as [`Self::Unknown`].",
        );
    } else {
        d.push_str("\n\nThe documented list is complete; an unlisted value from the server still arrives as [`Self::Unknown`].");
    }
    let docs = doc::attrs(&d);
    let variants: Vec<_> = e.values.iter().map(|(_, v, _)| ident(v)).collect();
    let wires: Vec<&str> = e.values.iter().map(|(w, _, _)| w.as_str()).collect();
    let vdocs: Vec<TokenStream> = e
        .values
        .iter()
        .map(|(w, _, desc)| {
            let mut s = doc::code(w);
            if let Some(d) = desc {
                s.push_str(": ");
                s.push_str(&doc::escape(d));
            }
            doc::attrs(&s)
        })
        .collect();
    quote! {
        #docs
        #[derive(Debug, Clone, PartialEq, Eq, Hash)]
        pub enum #name {
            #( #vdocs #variants, )*
            /// A value this spec does not list, kept as sent.
            Unknown(String),
        }

        impl #name {
            /// The documented values, as on the wire.
            pub const VALUES: &'static [&'static str] = &[#(#wires),*];

            /// The wire value.
            #[inline]
            pub fn as_str(&self) -> &str {
                match self {
                    #( Self::#variants => #wires, )*
                    Self::Unknown(s) => s,
                }
            }

            /// Parses a wire value; unlisted values become [`Self::Unknown`].
            #[inline]
            pub fn from_wire(s: &str) -> Self {
                match s {
                    #( #wires => Self::#variants, )*
                    other => Self::Unknown(other.to_owned()),
                }
            }
        }

        impl ::std::default::Default for #name {
            #[inline]
            fn default() -> Self {
                Self::Unknown(String::new())
            }
        }

        impl ::std::fmt::Display for #name {
            #[inline]
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                f.write_str(self.as_str())
            }
        }

        impl ::std::convert::From<&str> for #name {
            #[inline]
            fn from(s: &str) -> Self {
                Self::from_wire(s)
            }
        }

        impl json::FromJson for #name {
            #[inline]
            fn from_json(v: &json::Value) -> Result<Self, json::JsonError> {
                json::enum_from_json(v, Self::from_wire)
            }
        }

        impl json::ToJson for #name {
            #[inline]
            fn write_json(&self, w: &mut json::Writer) {
                w.string(self.as_str());
            }
        }

        ::tcapi::impl_serde!(Serialize, Deserialize for #name);

        impl ::tcapi::Validate for #name {
            #[inline]
            fn validate_into(&self, v: &mut ::tcapi::Validator) {
                if let Self::Unknown(s) = self {
                    v.one_of(s, Self::VALUES);
                }
            }
        }
    }
}
