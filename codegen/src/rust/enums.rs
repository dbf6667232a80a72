//! String enums with an `Unknown` fallback: new server values never fail a response.

use proc_macro2::TokenStream;
use quote::quote;

use crate::ir::Enum;
use crate::rust::doc;
use crate::rust::tokens::ident;

/// The enum, its conversions, serde impls and validation.
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
            Unknown(::std::string::String),
        }

        impl #name {
            /// The documented values, as on the wire.
            pub const VALUES: &'static [&'static str] = &[#(#wires),*];

            /// The wire value.
            pub fn as_str(&self) -> &str {
                match self {
                    #( Self::#variants => #wires, )*
                    Self::Unknown(s) => s,
                }
            }

            /// Parses a wire value; unlisted values become [`Self::Unknown`].
            pub fn from_wire(s: &str) -> Self {
                match s {
                    #( #wires => Self::#variants, )*
                    other => Self::Unknown(other.to_owned()),
                }
            }
        }

        impl ::std::default::Default for #name {
            fn default() -> Self {
                Self::Unknown(::std::string::String::new())
            }
        }

        impl ::std::fmt::Display for #name {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                f.write_str(self.as_str())
            }
        }

        impl ::std::convert::From<&str> for #name {
            fn from(s: &str) -> Self {
                Self::from_wire(s)
            }
        }

        impl ::tcapi::__private::serde::Serialize for #name {
            fn serialize<S: ::tcapi::__private::serde::Serializer>(&self, s: S) -> ::std::result::Result<S::Ok, S::Error> {
                s.serialize_str(self.as_str())
            }
        }

        impl<'de> ::tcapi::__private::serde::Deserialize<'de> for #name {
            fn deserialize<D: ::tcapi::__private::serde::Deserializer<'de>>(d: D) -> ::std::result::Result<Self, D::Error> {
                let s: ::std::string::String = ::tcapi::lenient::de(d)?;
                ::std::result::Result::Ok(Self::from_wire(&s))
            }
        }

        impl ::tcapi::Validate for #name {
            fn validate_into(&self, v: &mut ::tcapi::Validator) {
                if let Self::Unknown(s) = self {
                    v.one_of(s, Self::VALUES);
                }
            }
        }
    }
}
