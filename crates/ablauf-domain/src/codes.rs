//! Stored codes: the enums whose stable code a database column holds
//! (status, kind, role, …) are read back through here, so that a row
//! reaches the rest of the program with its enums decoded. A code that
//! names no known value is an error that says which, never a guess.

/// A stored code that names no value of its kind.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("unknown {what} code „{code}“")]
pub struct UnknownCode {
    /// What the code should name ("process status", "role", …).
    pub what: &'static str,
    pub code: String,
}

/// Reads an enum from its stored code (`TryFrom<String>`), and — with the
/// `sqlx` feature — decodes it straight from a text column of either
/// database and binds it as its code. The enum needs `fn parse(&str) ->
/// Option<Self>` and `fn code(self) -> &'static str`.
macro_rules! stored_code {
    ($($ty:ty => $what:literal),* $(,)?) => {$(
        impl TryFrom<String> for $ty {
            type Error = $crate::codes::UnknownCode;

            fn try_from(code: String) -> Result<Self, Self::Error> {
                <$ty>::parse(&code).ok_or($crate::codes::UnknownCode { what: $what, code })
            }
        }

        #[cfg(feature = "sqlx")]
        impl<DB: sqlx::Database> sqlx::Type<DB> for $ty
        where
            String: sqlx::Type<DB>,
        {
            fn type_info() -> DB::TypeInfo {
                <String as sqlx::Type<DB>>::type_info()
            }

            fn compatible(ty: &DB::TypeInfo) -> bool {
                <String as sqlx::Type<DB>>::compatible(ty)
            }
        }

        #[cfg(feature = "sqlx")]
        impl<'r, DB: sqlx::Database> sqlx::Decode<'r, DB> for $ty
        where
            String: sqlx::Decode<'r, DB>,
        {
            fn decode(value: DB::ValueRef<'r>) -> Result<Self, sqlx::error::BoxDynError> {
                let code = <String as sqlx::Decode<'r, DB>>::decode(value)?;
                Ok(<$ty>::try_from(code)?)
            }
        }

        #[cfg(feature = "sqlx")]
        impl<'q, DB: sqlx::Database> sqlx::Encode<'q, DB> for $ty
        where
            &'q str: sqlx::Encode<'q, DB>,
        {
            fn encode_by_ref(
                &self,
                buf: &mut DB::ArgumentBuffer<'q>,
            ) -> Result<sqlx::encode::IsNull, sqlx::error::BoxDynError> {
                let code: &'q str = self.code();
                <&'q str as sqlx::Encode<'q, DB>>::encode_by_ref(&code, buf)
            }
        }
    )*};
}

pub(crate) use stored_code;
